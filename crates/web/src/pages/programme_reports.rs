//! `/programme/reports`: choose a unit, a period (first half, second half,
//! year) and how units before the 2025 reform are shown, see the report's
//! main figures, and download it as .xlsx or PDF — and the national
//! database export (PTNT_OCOP) as .xlsx or CSV.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Datelike;
use ocop_domain::programme::period::{ReportPeriod, UnitView};
use ocop_domain::programme::report::total;
use ocop_service::ServiceError;
use ocop_service::programme::reports::{self, NATIONAL, ProgrammeReport, ReportParams};
use serde::Deserialize;

use super::chrome::Chrome;
use super::forms::with_status;
use super::render;
use super::unit_choice::{self, Offer, UnitChoices, own_unit};
use crate::app::AppState;
use crate::auth::RequireActor;
use crate::error::{PageError, status_of};

/// A choice in a select.
pub struct Choice {
    value: String,
    label: String,
}

#[derive(Template)]
#[template(path = "programme_reports.html")]
struct ReportsPage {
    chrome: Chrome,
    unit_choices: UnitChoices,
    period: String,
    units: String,
    periods: Vec<Choice>,
    report: Option<ProgrammeReport>,
    error: Option<String>,
    /// The query of the download links (url-encoded).
    query: String,
}

/// A whole number however many references the template passes it through.
pub trait Num {
    /// The number.
    fn value(&self) -> i64;
}

impl Num for i64 {
    fn value(&self) -> i64 {
        *self
    }
}

impl<T: Num + ?Sized> Num for &T {
    fn value(&self) -> i64 {
        (**self).value()
    }
}

impl ReportsPage {
    /// 1234 → "1.234".
    fn n(&self, v: impl Num) -> String {
        ocop_domain::programme::activity::group_thousands(v.value())
    }

    /// The total of a row by star.
    fn sum(&self, row: &[i64; 3]) -> String {
        self.n(total(row))
    }

    /// VND as million VND ("1.250,50").
    fn million(&self, vnd: impl Num) -> String {
        ocop_domain::programme::activity::million_text(vnd.value())
    }
}

/// The form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    unit_id: Option<String>,
    period: Option<String>,
    units: Option<String>,
}

/// The periods that have begun, latest first, back to 2019.
fn periods(today: chrono::NaiveDate) -> Vec<Choice> {
    (2019..=today.year())
        .rev()
        .flat_map(ReportPeriod::of_year)
        .filter(|p| p.from() <= today)
        .map(|p| Choice {
            value: p.code(),
            label: p.label_vi(),
        })
        .collect()
}

/// `GET /programme/reports`: the form, and the report's figures once a unit and period are chosen.
pub async fn reports_page(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    chrome: Chrome,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    ocop_service::programme::list_scope(&actor)?;
    let today = ocop_service::admin_units::today();
    let default_unit = match own_unit(&actor.scope) {
        own if own.is_empty() => NATIONAL.to_owned(),
        own => own,
    };
    let default_period = ReportPeriod {
        year: today.year(),
        half: Some(if today.month() <= 6 { 1 } else { 2 }),
    }
    .code();
    let chosen = query.unit_id.as_deref().is_some_and(|u| !u.trim().is_empty())
        && query.period.as_deref().is_some_and(|p| !p.trim().is_empty());
    let params = ReportParams {
        unit_id: query
            .unit_id
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or(default_unit),
        period: query
            .period
            .clone()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or(default_period),
        units: Some(
            query
                .units
                .clone()
                .unwrap_or_else(|| UnitView::Current.code().to_owned()),
        ),
    };
    let link = serde_urlencoded::to_string([
        ("unit_id", params.unit_id.as_str()),
        ("period", params.period.as_str()),
        ("units", params.units.as_deref().unwrap_or_default()),
    ])
    .unwrap_or_default();
    let (report, error, status) = if chosen {
        match reports::report(&state.ctx.db, &actor, &params).await {
            Ok(report) => (Some(report), None, None),
            Err(e @ ServiceError::Validation(_)) => {
                let code = e
                    .field_errors()
                    .and_then(|f| f.fields.first())
                    .map_or(e.code(), |f| f.code);
                (None, Some(code.message(lang).to_owned()), Some(status_of(code)))
            }
            Err(e) => return Err(PageError::new(e, lang)),
        }
    } else {
        (None, None, None)
    };
    let offer = Offer {
        national: true,
        before_2025: true,
    };
    let unit_choices = unit_choice::for_actor(&state, &actor, offer, &params.unit_id).await?;
    let page = ReportsPage {
        chrome,
        unit_choices,
        period: params.period,
        units: params.units.unwrap_or_default(),
        periods: periods(today),
        report,
        error,
        query: link,
    };
    let response = render(&page, lang);
    Ok(match status {
        Some(status) => with_status(status, response),
        None => response,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_offers_periods_that_have_begun() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let codes: Vec<String> = periods(today).into_iter().map(|c| c.value).collect();
        assert_eq!(&codes[..4], ["2026-H1", "2026", "2025-H1", "2025-H2"]);
        assert!(!codes.contains(&"2026-H2".to_owned()));
        assert_eq!(codes.last().map(String::as_str), Some("2019"));
    }
}
