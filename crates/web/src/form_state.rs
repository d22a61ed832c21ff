//! What a refused form shows when it comes back: the values as typed, an error summary at the
//! top linking to each field (GOV.UK's pattern), the message beside the field, `aria-invalid`
//! and `aria-describedby`. A handler builds a [`FormState`] from the submitted pairs and the
//! service's refusal, names the fields' labels, and renders its page again with status 422
//! (or the refusal's own 4xx); the template includes `form_errors.html` at the top of the form
//! and calls [`FormState::value`], [`FormState::attrs`] and [`FormState::message`] per field.
//!
//! Field `x` is the element with id `f-x`; its message has id `f-x-error`.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ocop_domain::Lang;
use ocop_service::ServiceError;

use crate::error::status_of;

/// One message of the summary.
#[derive(Debug, Clone)]
pub struct FieldMessage {
    /// The field's name as submitted.
    pub field: String,
    /// The element's id (`f-<field>`).
    pub id: String,
    /// The field's label as the page shows it.
    pub label: String,
    /// What is wrong, in the page's language.
    pub message: String,
}

/// A submitted form: values kept, errors by field and for the form as a whole.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    values: HashMap<String, String>,
    errors: Vec<FieldMessage>,
    summary: Option<String>,
    status: Option<StatusCode>,
}

/// Escapes text for an HTML attribute or element.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The element id of field `name`.
pub fn field_id(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("f-{safe}")
}

impl FormState {
    /// A form as submitted, nothing wrong yet.
    pub fn with_values<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            values: pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
            ..Self::default()
        }
    }

    /// Adds the service's refusal: each field failure beside its field (labelled by `label`,
    /// or by the field name when the page has no label for it); any other refusal as the
    /// summary's sentence, with the numbers and row it names.
    pub fn refused(mut self, error: &ServiceError, lang: Lang, label: impl Fn(&str) -> Option<String>) -> Self {
        if let Some(fields) = error.field_errors() {
            for f in &fields.fields {
                if self.errors.iter().any(|e| e.field == f.field) {
                    continue;
                }
                self.errors.push(FieldMessage {
                    field: f.field.clone(),
                    id: field_id(&f.field),
                    label: label(&f.field).unwrap_or_else(|| f.field.clone()),
                    message: f.code.message(lang).to_owned(),
                });
            }
        }
        if self.errors.is_empty() {
            let code = error.code();
            let mut sentence = code.message(lang).to_owned();
            if let Some(more) = crate::error::counts_sentence(error, lang) {
                sentence = format!("{sentence} {more}");
            }
            self.summary = Some(sentence);
        }
        self.status = Some(status_of(error.code()));
        self
    }

    /// The form again with the refusal on it, when the person can fix it there (a field, a
    /// state or a count the page names); otherwise the error back, for the error page (not
    /// found, forbidden, a failure of the server). Every page handler of a refused form goes
    /// through here, so they agree on which refusals come back in place.
    pub fn refusal(
        self,
        error: ServiceError,
        lang: Lang,
        label: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ServiceError> {
        match error {
            e @ (ServiceError::Validation(_)
            | ServiceError::Rejected(..)
            | ServiceError::Coded(_)
            | ServiceError::Conflict(_)
            | ServiceError::Counted { .. }
            | ServiceError::OverSpread { .. }) => Ok(self.refused(&e, lang, label)),
            other => Err(other),
        }
    }

    /// Adds a failure the page found itself (a field the service never saw).
    pub fn add(&mut self, field: &str, label: &str, message: &str) {
        self.errors.push(FieldMessage {
            field: field.to_owned(),
            id: field_id(field),
            label: label.to_owned(),
            message: message.to_owned(),
        });
        self.status.get_or_insert(StatusCode::UNPROCESSABLE_ENTITY);
    }

    /// Whether anything is wrong.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.summary.is_some()
    }

    /// The field failures, in the order they came.
    pub fn errors(&self) -> &[FieldMessage] {
        &self.errors
    }

    /// The sentence for the form as a whole, if the refusal concerned no one field.
    pub fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }

    /// The value typed in `name`, or `default` when the form was not submitted.
    pub fn value_or(&self, name: &str, default: &str) -> String {
        self.values.get(name).cloned().unwrap_or_else(|| default.to_owned())
    }

    /// The value typed in `name` (empty when none).
    pub fn value(&self, name: &str) -> String {
        self.value_or(name, "")
    }

    /// Whether `value` was the one chosen for `name` (radios, selects).
    pub fn chose(&self, name: &str, value: &str) -> bool {
        self.values.get(name).is_some_and(|v| v == value)
    }

    /// The message of `name`, if it failed.
    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == name).map(|e| e.message.as_str())
    }

    /// `id="f-name"`, and for a failed field `aria-invalid="true" aria-describedby="f-name-error"`
    /// (mark it `|safe` in the template: the id is made of safe characters).
    pub fn attrs(&self, name: &str) -> String {
        let id = field_id(name);
        if self.error(name).is_some() {
            format!(r#"id="{id}" aria-invalid="true" aria-describedby="{id}-error""#)
        } else {
            format!(r#"id="{id}""#)
        }
    }

    /// The message beside a failed field (`|safe` in the template: escaped here), or nothing.
    pub fn message(&self, name: &str) -> String {
        match self.error(name) {
            Some(m) => format!(
                r#"<small class="field-error" id="{}-error" data-testid="field-error">{}</small>"#,
                field_id(name),
                escape(m)
            ),
            None => String::new(),
        }
    }

    /// The page rendered again with the refusal's status (422 for field failures).
    pub fn respond(&self, page: Response) -> Response {
        let status = self.status.unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
        (status, page).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocop_domain::ErrorCode;

    #[test]
    fn a_refused_field_keeps_its_value_and_is_described() {
        let form = FormState::with_values([("meeting_on", "31/02/2026"), ("finding_a", "Đạt")]).refused(
            &ServiceError::field("meeting_on", ErrorCode::InvalidDate),
            Lang::Vi,
            |f| (f == "meeting_on").then(|| "Ngày họp".to_owned()),
        );
        assert_eq!(form.value("meeting_on"), "31/02/2026");
        assert_eq!(form.value("finding_a"), "Đạt");
        assert_eq!(form.errors()[0].label, "Ngày họp");
        assert!(
            form.attrs("meeting_on")
                .contains(r#"aria-describedby="f-meeting_on-error""#)
        );
        assert!(!form.attrs("finding_a").contains("aria-invalid"));
        assert!(form.message("meeting_on").contains(r#"id="f-meeting_on-error""#));
        assert_eq!(form.message("finding_a"), "");
    }

    #[test]
    fn a_refusal_about_no_field_is_the_summary() {
        let form = FormState::default().refused(&ServiceError::Conflict(ErrorCode::BatchState), Lang::Vi, |_| None);
        assert!(form.has_errors());
        assert!(form.errors().is_empty());
        assert!(form.summary().is_some());
    }

    #[test]
    fn only_refusals_a_person_can_fix_come_back_on_the_form() {
        let kept = FormState::with_values([("sent_on", "31/02/2026")])
            .refusal(ServiceError::field("sent_on", ErrorCode::InvalidDate), Lang::Vi, |_| {
                None
            })
            .expect("a field refusal comes back on the form");
        assert_eq!(kept.value("sent_on"), "31/02/2026");
        assert!(kept.error("sent_on").is_some());
        assert!(
            FormState::default()
                .refusal(ServiceError::Forbidden, Lang::Vi, |_| None)
                .is_err()
        );
    }

    #[test]
    fn messages_are_escaped() {
        let mut form = FormState::default();
        form.add("x", "X", "<b>");
        assert!(form.message("x").contains("&lt;b&gt;"));
    }
}
