//! What the registry forms share: field messages, the commune picker and the
//! response for a failed submission.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ocop_domain::role::Scope;
use ocop_domain::{Lang, ValidationErrors};
use ocop_service::Actor;
use ocop_service::ServiceError;
use ocop_service::admin_units::{self, AdminUnitDto, AdminUnitListParams};
use ocop_service::error::ServiceResult;

use crate::app::AppState;

/// One entry of a `<select>`.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The submitted value.
    pub value: String,
    /// What the user reads.
    pub label: String,
}

/// The Vietnamese (or English) message of each invalid field.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(HashMap<String, String>);

impl FieldErrors {
    /// Messages of a validation failure in the page's language (the first per field).
    pub fn from_validation(errors: &ValidationErrors, lang: Lang) -> Self {
        let mut map = HashMap::new();
        for f in &errors.fields {
            map.entry(f.field.clone())
                .or_insert_with(|| f.code.message(lang).to_owned());
        }
        Self(map)
    }

    /// The message of a field, if it failed.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// True when nothing failed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Why a form submission must be shown again rather than redirected.
pub enum Rejected {
    /// Invalid fields (422).
    Invalid(FieldErrors),
    /// Someone else saved first (409).
    Conflict,
    /// Anything else: an error page.
    Other(ServiceError),
}

impl Rejected {
    /// Sorts a service failure into what the form can show.
    pub fn of(error: ServiceError, lang: Lang) -> Self {
        match error {
            ServiceError::Validation(errors) => Rejected::Invalid(FieldErrors::from_validation(&errors, lang)),
            ServiceError::Conflict(ocop_domain::ErrorCode::Conflict) => Rejected::Conflict,
            other => Rejected::Other(other),
        }
    }
}

/// A re-rendered form with its status.
pub fn with_status(status: StatusCode, response: Response) -> Response {
    (status, response).into_response()
}

/// The province and commune menus of a form.
#[derive(Debug, Clone, Default)]
pub struct CommunePicker {
    /// Today's provinces.
    pub provinces: Vec<AdminUnitDto>,
    /// The chosen province code.
    pub province: String,
    /// Today's communes of the chosen province.
    pub communes: Vec<AdminUnitDto>,
    /// The chosen commune id.
    pub commune_id: String,
    /// A recorded pre-2025 commune, shown as the first option: (id, label).
    pub old_unit: Option<Choice>,
}

impl CommunePicker {
    /// The menus for a chosen commune, or else a province (typed or from the account's area).
    pub async fn build(
        state: &AppState,
        commune_id: &str,
        province: Option<String>,
        lang: Lang,
    ) -> ServiceResult<Self> {
        let provinces = super::products::current_provinces(state).await?;
        let mut picker = CommunePicker {
            provinces,
            commune_id: commune_id.trim().to_owned(),
            ..Default::default()
        };
        let mut province = province.filter(|p| !p.trim().is_empty());
        if !picker.commune_id.is_empty()
            && let Some((unit, old_place)) = admin_units::chosen_commune(&state.ctx.db, &picker.commune_id).await?
        {
            if let Some(place) = old_place {
                let district = place.district_name.map(|d| format!(", {d}")).unwrap_or_default();
                picker.old_unit = Some(Choice {
                    value: unit.id.clone(),
                    label: format!(
                        "{}{district}, {} ({})",
                        unit.full_name,
                        place.province_name,
                        lang.pick("trước 01/07/2025", "before 01/07/2025")
                    ),
                });
                province = province.or(place.today_province_codes.first().cloned());
            } else {
                province = province.or(unit.province_code.clone());
            }
        }
        if let Some(code) = province {
            picker.communes = communes_of(state, &code).await?;
            picker.province = code;
        }
        Ok(picker)
    }

    /// The preselection for an account: a commune officer's commune, a province officer's province.
    pub fn preselect(actor: &Actor) -> (String, Option<String>) {
        match &actor.scope {
            Scope::Commune {
                commune_code,
                province_code,
            } => (format!("2025/commune/{commune_code}"), Some(province_code.clone())),
            Scope::Province { province_code } => (String::new(), Some(province_code.clone())),
            _ => (String::new(), None),
        }
    }
}

/// Today's communes of a province, in Vietnamese order.
pub async fn communes_of(state: &AppState, province: &str) -> ServiceResult<Vec<AdminUnitDto>> {
    if province.len() != 2 || !province.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Vec::new());
    }
    let params = AdminUnitListParams {
        level: Some("commune".into()),
        parent: Some(format!("2025/province/{province}")),
        limit: Some(200),
        ..Default::default()
    };
    match admin_units::list(&state.ctx.db, &params).await {
        Ok(page) => Ok(page.items),
        Err(ServiceError::Validation(_)) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Trims a form value; `None` when blank.
pub fn non_blank(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}
