//! A day typed in a form, as people write it: dd/mm/yyyy (also d/m/yyyy), and yyyy-mm-dd for
//! API clients and scripts. Every form struct with a date field holds a [`FormDay`]; the pages
//! show dates in inputs as dd/mm/yyyy ([`dmy`]) in text inputs (`inputmode="numeric"`,
//! placeholder "dd/mm/yyyy"), never `type="date"`, whose display follows the browser's locale.
//!
//! Deserialising never fails, so the form always reaches its handler: the handler asks
//! [`FormDay::get`] or [`FormDay::required`], which refuse an impossible date (31/02/2026) as
//! the field's `invalid_date` error, and the page comes back with [`FormDay::typed`] kept
//! (see [`crate::form_state`]).

use chrono::NaiveDate;
use ocop_domain::ErrorCode;
use ocop_service::ServiceError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date field of a submitted form: the text as typed and the day it names, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormDay {
    typed: String,
    day: Option<NaiveDate>,
}

/// dd/mm/yyyy: how a day is shown, in an input as everywhere else.
pub fn dmy(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// The day named by `text` ([`ocop_domain::import::parse_date`]); None when blank, malformed or
/// impossible (31/02/2026).
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    ocop_domain::import::parse_date(text).ok()
}

impl FormDay {
    /// A field as typed.
    pub fn parse(text: &str) -> Self {
        Self {
            typed: text.trim().to_owned(),
            day: parse_day(text),
        }
    }

    /// What was typed (trimmed), to show again on a refused form.
    pub fn typed(&self) -> &str {
        &self.typed
    }

    /// Nothing typed.
    pub fn is_blank(&self) -> bool {
        self.typed.is_empty()
    }

    /// The day, or none when the field was left blank; an unreadable or impossible date is the
    /// field's `invalid_date` error.
    pub fn get(&self, field: &str) -> Result<Option<NaiveDate>, ServiceError> {
        match (self.is_blank(), self.day) {
            (true, _) => Ok(None),
            (false, Some(day)) => Ok(Some(day)),
            (false, None) => Err(ServiceError::field(field, ErrorCode::InvalidDate)),
        }
    }

    /// The day; blank is the field's `required` error, an impossible date `invalid_date`.
    pub fn required(&self, field: &str) -> Result<NaiveDate, ServiceError> {
        self.get(field)?
            .ok_or_else(|| ServiceError::field(field, ErrorCode::Required))
    }

    /// The day when it reads as one (a filter of a list, where a bad date means no filter).
    pub fn day(&self) -> Option<NaiveDate> {
        self.day
    }

    /// The day as the input shows it: dd/mm/yyyy when it reads as one, else as typed.
    pub fn shown(&self) -> String {
        self.day.map_or_else(|| self.typed.clone(), dmy)
    }
}

/// Several date fields of one form at once: the days (none where left blank), or every field
/// that does not read as a day named in one refusal.
pub fn days<const N: usize>(fields: [(&FormDay, &str); N]) -> Result<[Option<NaiveDate>; N], ServiceError> {
    let mut errors = ocop_domain::ValidationErrors::new();
    let days = fields.map(|(day, field)| match day.get(field) {
        Ok(day) => day,
        Err(_) => {
            errors.add(field, ErrorCode::InvalidDate);
            None
        }
    });
    errors.into_result().map_err(ServiceError::Validation)?;
    Ok(days)
}

impl From<NaiveDate> for FormDay {
    fn from(day: NaiveDate) -> Self {
        Self {
            typed: dmy(day),
            day: Some(day),
        }
    }
}

impl<'de> Deserialize<'de> for FormDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Self::parse(&text))
    }
}

/// Serialised as typed, for the pages that keep a refused form by serialising it.
impl Serialize for FormDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.typed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn days_are_read_as_people_and_api_clients_write_them() {
        assert_eq!(parse_day("30/06/2027"), day(2027, 6, 30));
        assert_eq!(parse_day(" 1/3/2027 "), day(2027, 3, 1));
        assert_eq!(parse_day("01.03.2027"), day(2027, 3, 1));
        assert_eq!(parse_day("2027-03-01"), day(2027, 3, 1));
        assert_eq!(parse_day("29/02/2028"), day(2028, 2, 29));
    }

    #[test]
    fn impossible_or_ambiguous_days_are_refused() {
        for text in [
            "31/02/2026",
            "29/02/2027",
            "32/01/2026",
            "01/13/2026",
            "2026-02-31",
            "1/3/27",
            "01/03",
            "hôm nay",
            "1/3/2027/1",
            "+1/3/2027",
            "",
        ] {
            assert_eq!(parse_day(text), None, "{text}");
        }
    }

    #[test]
    fn a_bad_day_is_the_fields_error_and_keeps_what_was_typed() {
        let form: std::collections::HashMap<String, FormDay> =
            serde_urlencoded::from_str("sent_on=31%2F02%2F2026&meeting_on=&on=2%2F3%2F2026").unwrap();
        let sent = &form["sent_on"];
        assert_eq!(sent.typed(), "31/02/2026");
        let refused = sent.get("sent_on").unwrap_err();
        let fields = refused.field_errors().expect("a field error");
        assert_eq!(fields.fields[0].field, "sent_on");
        assert_eq!(fields.fields[0].code, ErrorCode::InvalidDate);
        assert_eq!(form["meeting_on"].get("meeting_on").unwrap(), None);
        assert_eq!(
            form["meeting_on"]
                .required("meeting_on")
                .unwrap_err()
                .field_errors()
                .unwrap()
                .fields[0]
                .code,
            ErrorCode::Required
        );
        assert_eq!(form["on"].required("on").unwrap(), day(2026, 3, 2).unwrap());
        assert_eq!(form["on"].shown(), "02/03/2026");
        assert_eq!(FormDay::from(day(2026, 3, 2).unwrap()).typed(), "02/03/2026");
        let both = days([(&form["sent_on"], "sent_on"), (&FormDay::parse("x"), "to")]).unwrap_err();
        let named: Vec<&str> = both
            .field_errors()
            .unwrap()
            .fields
            .iter()
            .map(|f| f.field.as_str())
            .collect();
        assert_eq!(named, ["sent_on", "to"]);
        assert_eq!(
            days([(&form["on"], "on"), (&form["meeting_on"], "meeting_on")]).unwrap(),
            [day(2026, 3, 2), None]
        );
    }
}
