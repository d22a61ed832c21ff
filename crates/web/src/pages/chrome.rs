//! What every page shows around its content: language, CSRF token, the
//! logged-in user and the navigation.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use chrono::NaiveDate;
use ocop_domain::Lang;
use ocop_domain::admin_unit::SuccessionKind;
use ocop_domain::producer::{CertificationKind, EnterpriseKind, LegalForm};
use ocop_service::Actor;

use crate::app::AppState;
use crate::auth::MaybeActor;
use crate::csrf::CsrfToken;
use crate::i18n::lang_of;

/// The frame of a page.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Interface language.
    pub lang: Lang,
    /// CSRF token for forms and htmx.
    pub csrf: String,
    /// The logged-in account.
    pub actor: Option<Actor>,
    /// The current path (for the language switch).
    pub path: String,
    /// The current query without `lang`.
    pub query: String,
}

impl Chrome {
    /// Picks the text in the page's language.
    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(vi, en)
    }

    /// A domain label (`BatchState::label()`, …) in the page's language.
    pub fn label(&self, (vi, en): (&'static str, &'static str)) -> &'static str {
        self.lang.pick(vi, en)
    }

    /// The language tag.
    pub fn tag(&self) -> &'static str {
        self.lang.tag()
    }

    /// True for English.
    pub fn is_en(&self) -> bool {
        self.lang == Lang::En
    }

    /// The link that switches to the other language on the same page.
    pub fn switch_href(&self) -> String {
        let other = if self.is_en() { "vi" } else { "en" };
        if self.query.is_empty() {
            format!("{}?lang={other}", self.path)
        } else {
            format!("{}?{}&lang={other}", self.path, self.query)
        }
    }

    /// The login name, if logged in.
    pub fn username(&self) -> &str {
        self.actor.as_ref().map(|a| a.username.as_str()).unwrap_or_default()
    }

    /// True when logged in.
    pub fn logged_in(&self) -> bool {
        self.actor.is_some()
    }

    /// The role label of the logged-in account.
    pub fn role_label(&self) -> &'static str {
        self.actor
            .as_ref()
            .map(|a| {
                let (vi, en) = a.role.label();
                self.lang.pick(vi, en)
            })
            .unwrap_or_default()
    }

    /// True when the account may register producers somewhere.
    pub fn can_register(&self) -> bool {
        self.actor
            .as_ref()
            .is_some_and(ocop_service::producers::registers_somewhere)
    }

    /// True when the account works with councils and batches.
    pub fn can_see_councils(&self) -> bool {
        self.actor
            .as_ref()
            .is_some_and(ocop_service::councils::batches::may_see_batches)
    }

    /// True when the account works the central level's inbox (central officers, administrators).
    pub fn can_see_central(&self) -> bool {
        self.actor
            .as_ref()
            .is_some_and(ocop_service::dossiers::central::may_see_inbox)
    }

    /// True when the account may read the audit trail.
    pub fn can_read_audit(&self) -> bool {
        self.actor.as_ref().is_some_and(ocop_service::audit::may_read)
    }

    /// True when the account may use the programme pages (officers and administrators).
    pub fn can_use_programme(&self) -> bool {
        self.actor.as_ref().is_some_and(ocop_domain::programme::may_use)
    }

    /// True for a producer's account (whose lists hold only its own records).
    pub fn is_producer(&self) -> bool {
        self.actor
            .as_ref()
            .is_some_and(|a| ocop_service::home::own_products(a).is_some())
    }

    /// True when the account may register products (producers register their own).
    pub fn can_register_products(&self) -> bool {
        self.actor
            .as_ref()
            .is_some_and(ocop_service::products::registers_somewhere)
    }

    /// The label of a legal-form code (`enterprise`, `cooperative`, …).
    pub fn legal_form(&self, code: &str) -> String {
        match LegalForm::parse(code) {
            Ok(form) => self.pick(form.label()),
            Err(_) => code.to_owned(),
        }
    }

    /// The label of an enterprise-kind code.
    pub fn enterprise_kind(&self, code: &str) -> String {
        match EnterpriseKind::parse(code) {
            Ok(kind) => self.pick(kind.label()),
            Err(_) => code.to_owned(),
        }
    }

    /// The label of a certification-kind code.
    pub fn certification_kind(&self, code: &str) -> String {
        match CertificationKind::parse(code) {
            Ok(kind) => self.pick(kind.label()),
            Err(_) => code.to_owned(),
        }
    }

    /// The label of a succession kind (`full`, `partial`, `renamed`).
    pub fn succession_kind(&self, code: &str) -> String {
        match SuccessionKind::parse(code) {
            Ok(SuccessionKind::Full) => self.t("Nhập toàn bộ", "Merged whole").to_owned(),
            Ok(SuccessionKind::Partial) => self.t("Nhập một phần", "Merged in part").to_owned(),
            Ok(SuccessionKind::Renamed) => self.t("Đổi tên, đổi loại", "Renamed or retyped").to_owned(),
            Err(_) => code.to_owned(),
        }
    }

    /// A legal basis by its name, whichever code names it: a dossier's evaluation basis
    /// (`QD148-1489-2025`, from legal_bases.toml) or a certificate's (`qd148`).
    pub fn legal_basis(&self, code: &str) -> String {
        if let Some(basis) = ocop_domain::evaluation::LegalBases::official().get(code) {
            return basis.title.clone();
        }
        match ocop_domain::certificate::LegalBasis::parse(code) {
            Ok(basis) => basis.label().to_owned(),
            Err(_) => code.to_owned(),
        }
    }

    /// A date as dd/mm/yyyy (Vietnamese) or yyyy-mm-dd (English).
    pub fn date(&self, date: &NaiveDate) -> String {
        if self.is_en() {
            date.format("%Y-%m-%d").to_string()
        } else {
            date.format("%d/%m/%Y").to_string()
        }
    }

    fn pick(&self, (vi, en): (&str, &str)) -> String {
        self.lang.pick(vi, en).to_owned()
    }

    /// The menu: the pages this account may open (by the route table's role gates).
    pub fn menu(&self) -> Vec<crate::menu::MenuItem> {
        crate::menu::menu(self.actor.as_ref().map(|a| a.role), self.lang, &self.path)
    }

    /// The `hx-headers` attribute value carrying the CSRF token.
    pub fn hx_headers(&self) -> String {
        format!("{{\"X-CSRF-Token\": \"{}\"}}", self.csrf)
    }
}

impl FromRequestParts<AppState> for Chrome {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let MaybeActor(actor) = MaybeActor::from_request_parts(parts, state).await?;
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let query = parts
            .uri
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.starts_with("lang="))
            .collect::<Vec<_>>()
            .join("&");
        Ok(Chrome {
            lang: lang_of(parts),
            csrf,
            actor,
            path: parts.uri.path().to_owned(),
            query,
        })
    }
}
