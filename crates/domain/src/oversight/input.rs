//! What officers and producers type for oversight, checked into drafts that collect every
//! field error.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{CaseOutcome, CaseSource, Coded, Consequence, FindingKind, InspectionGround, LeadAgency, Severity};
use crate::producer::{optional_text, required_text};
use crate::{ErrorCode, ValidationErrors};

/// The most working days a remedy may be given (one year).
pub const MAX_REMEDY_DAYS: u32 = 250;

fn choice<T: Coded>(errors: &mut ValidationErrors, field: &str, value: &str) -> Option<T> {
    if value.trim().is_empty() {
        errors.add(field, ErrorCode::Required);
        return None;
    }
    errors.check(field, T::parse(value))
}

fn required_date(errors: &mut ValidationErrors, field: &str, value: Option<NaiveDate>) -> Option<NaiveDate> {
    if value.is_none() {
        errors.add(field, ErrorCode::Required);
    }
    value
}

/// A new inspection plan.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = InspectionPlanInput))]
#[serde(default)]
pub struct PlanInput {
    /// The unit (`2025/province/42`, `2025/commune/18673`, or a district before 07/2025).
    pub unit_id: String,
    /// The year.
    pub year: i32,
    /// Title, e.g. "Kế hoạch kiểm tra sản phẩm OCOP năm 2026".
    pub title: String,
    /// A note.
    pub note: Option<String>,
}

/// A checked plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanDraft {
    /// Unit id as typed (trimmed).
    pub unit_id: String,
    /// Year.
    pub year: i32,
    /// Title.
    pub title: String,
    /// Note.
    pub note: Option<String>,
}

impl PlanInput {
    /// Checks every field.
    pub fn parse(&self) -> Result<PlanDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.unit_id.trim().is_empty() {
            errors.add("unit_id", ErrorCode::Required);
        }
        if !(2018..=2100).contains(&self.year) {
            errors.add("year", ErrorCode::InvalidNumber);
        }
        let title = required_text(&mut errors, "title", &self.title, 300);
        let note = optional_text(&mut errors, "note", &self.note, 2000);
        errors.into_result()?;
        Ok(PlanDraft {
            unit_id: self.unit_id.trim().to_owned(),
            year: self.year,
            title,
            note,
        })
    }
}

/// An inspection to plan: in a plan, or a field check gating an idea or a dossier.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InspectionInput {
    /// The plan (none: a field check outside a plan).
    pub plan_id: Option<Uuid>,
    /// The certificate checked after recognition.
    pub certificate_id: Option<Uuid>,
    /// The product (taken from the certificate when one is given).
    pub product_id: Option<Uuid>,
    /// The producer (taken from the product when one is given).
    pub producer_id: Option<Uuid>,
    /// The idea a field check gates.
    pub idea_id: Option<Uuid>,
    /// The dossier a field check gates.
    pub dossier_id: Option<Uuid>,
    /// The case it comes from.
    pub case_id: Option<Uuid>,
    /// Ground: `periodic`, `certificate_expiring`, `complaint`, `fake_report`, `unusual_scans`,
    /// `random_sample`, `field_check`.
    pub ground: String,
    /// Lead agency: `agriculture`, `health`, `industry_trade`, `science_technology`,
    /// `market_surveillance`, `commune`.
    pub lead_agency: String,
    /// Planned day.
    pub planned_on: Option<NaiveDate>,
}

/// A checked inspection to plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionDraft {
    /// Ground.
    pub ground: InspectionGround,
    /// Lead agency.
    pub lead_agency: LeadAgency,
    /// Planned day.
    pub planned_on: NaiveDate,
}

impl InspectionInput {
    /// Checks every field; something must be inspected.
    pub fn parse(&self) -> Result<InspectionDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let ground = choice(&mut errors, "ground", &self.ground);
        let lead_agency = choice(&mut errors, "lead_agency", &self.lead_agency);
        let planned_on = required_date(&mut errors, "planned_on", self.planned_on);
        if self.certificate_id.is_none()
            && self.product_id.is_none()
            && self.producer_id.is_none()
            && self.idea_id.is_none()
            && self.dossier_id.is_none()
        {
            errors.add("product_id", ErrorCode::Required);
        }
        errors.into_result()?;
        Ok(InspectionDraft {
            ground: ground.expect("checked"),
            lead_agency: lead_agency.expect("checked"),
            planned_on: planned_on.expect("checked"),
        })
    }
}

/// The record of an inspection that took place (biên bản kiểm tra).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = InspectionRecordInput))]
#[serde(default)]
pub struct RecordInput {
    /// The day it took place.
    pub carried_out_on: Option<NaiveDate>,
    /// Where.
    pub place: String,
    /// The team, one member a line.
    pub team: String,
    /// The lead (trưởng đoàn).
    pub lead_name: String,
    /// What was checked: criteria of the sheet, label, food-safety papers, test results.
    pub checked: String,
    /// Evidence: documents of the producer's vault (test results, photos).
    pub evidence: Vec<Uuid>,
}

/// A checked record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordDraft {
    /// Day.
    pub carried_out_on: NaiveDate,
    /// Place.
    pub place: String,
    /// Team.
    pub team: String,
    /// Lead.
    pub lead_name: String,
    /// What was checked.
    pub checked: String,
    /// Evidence documents.
    pub evidence: Vec<Uuid>,
}

impl RecordInput {
    /// Checks every field; the day may not lie after `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<RecordDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let day = required_date(&mut errors, "carried_out_on", self.carried_out_on);
        if day.is_some_and(|d| d > today) {
            errors.add("carried_out_on", ErrorCode::InspectionInFuture);
        }
        let place = required_text(&mut errors, "place", &self.place, 500);
        let team = required_text(&mut errors, "team", &self.team, 2000);
        let lead_name = required_text(&mut errors, "lead_name", &self.lead_name, 200);
        let checked = required_text(&mut errors, "checked", &self.checked, 4000);
        if self.evidence.len() > 50 {
            errors.add("evidence", ErrorCode::TooLong);
        }
        errors.into_result()?;
        Ok(RecordDraft {
            carried_out_on: day.expect("checked"),
            place,
            team,
            lead_name,
            checked,
            evidence: self.evidence.clone(),
        })
    }
}

/// A finding of an inspection.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct FindingInput {
    /// `label`, `food_safety`, `quality`, `criteria`, `production_stopped`, `other`.
    pub kind: String,
    /// `minor`, `major`, `severe`.
    pub severity: String,
    /// What was found.
    pub description: String,
    /// The remedy required.
    pub remedy_required: String,
    /// Working days to remedy (where the law counts in working days).
    pub working_days: Option<u32>,
    /// Calendar days to remedy (otherwise).
    pub calendar_days: Option<u32>,
}

/// A checked finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingDraft {
    /// Kind.
    pub kind: FindingKind,
    /// Severity.
    pub severity: Severity,
    /// Description.
    pub description: String,
    /// Remedy.
    pub remedy_required: String,
    /// Working days.
    pub working_days: Option<u32>,
    /// Calendar days.
    pub calendar_days: Option<u32>,
}

impl FindingInput {
    /// Checks every field; a severe finding needs no deadline, the others one.
    pub fn parse(&self) -> Result<FindingDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = choice(&mut errors, "kind", &self.kind);
        let severity: Option<Severity> = choice(&mut errors, "severity", &self.severity);
        let description = required_text(&mut errors, "description", &self.description, 4000);
        let remedy_required = required_text(&mut errors, "remedy_required", &self.remedy_required, 2000);
        for (field, days) in [
            ("working_days", self.working_days),
            ("calendar_days", self.calendar_days),
        ] {
            if days.is_some_and(|d| d == 0 || d > MAX_REMEDY_DAYS * 2) {
                errors.add(field, ErrorCode::InvalidNumber);
            }
        }
        if severity.is_some_and(|s| s != Severity::Severe)
            && self.working_days.is_none()
            && self.calendar_days.is_none()
        {
            errors.add("working_days", ErrorCode::Required);
        }
        errors.into_result()?;
        Ok(FindingDraft {
            kind: kind.expect("checked"),
            severity: severity.expect("checked"),
            description,
            remedy_required,
            working_days: self.working_days,
            calendar_days: if self.working_days.is_some() {
                None
            } else {
                self.calendar_days
            },
        })
    }
}

/// Text with evidence: a producer's answer, an officer's closing of a remedied finding.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EvidenceInput {
    /// What was done.
    pub text: String,
    /// Documents of the producer's vault showing it.
    pub evidence: Vec<Uuid>,
}

impl EvidenceInput {
    /// Checks the text; `need_evidence` demands at least one document.
    pub fn parse(&self, need_evidence: bool) -> Result<(String, Vec<Uuid>), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let text = required_text(&mut errors, "text", &self.text, 4000);
        if need_evidence && self.evidence.is_empty() {
            errors.add("evidence", ErrorCode::Required);
        }
        if self.evidence.len() > 50 {
            errors.add("evidence", ErrorCode::TooLong);
        }
        errors.into_result()?;
        Ok((text, self.evidence.clone()))
    }
}

/// The issuing authority's decision on a proposed consequence.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DecideInput {
    /// Whether the proposal is accepted.
    pub accept: bool,
    /// The day the suspension or revocation takes effect (accepted only).
    pub decided_on: Option<NaiveDate>,
    /// Number of the revocation decision (revocation only).
    pub decision_number: String,
    /// Issuing body as printed (revocation only).
    pub issuer_name: String,
    /// The reason, shown on the record (and on `/v/{code}` for a suspension).
    pub note: String,
}

/// A case opened by an officer (an unusual-scan signal or an agency complaint).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CaseInput {
    /// `unusual_scans` or `agency_complaint` (fake reports open cases themselves).
    pub source: String,
    /// The verification code concerned, if any.
    pub verification_code: Option<String>,
    /// What happened.
    pub summary: String,
    /// The complaining agency's contact, if any.
    pub contact: Option<String>,
}

/// A checked case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDraft {
    /// Source.
    pub source: CaseSource,
    /// Code, letters and digits only.
    pub verification_code: Option<String>,
    /// Summary.
    pub summary: String,
    /// Contact.
    pub contact: Option<String>,
}

impl CaseInput {
    /// Checks every field.
    pub fn parse(&self) -> Result<CaseDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let source: Option<CaseSource> = choice(&mut errors, "source", &self.source);
        if source == Some(CaseSource::FakeReport) {
            errors.add("source", ErrorCode::InvalidChoice);
        }
        let code = self
            .verification_code
            .as_deref()
            .map(|c| {
                c.chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .take(40)
                    .collect::<String>()
            })
            .filter(|c| !c.is_empty());
        if source == Some(CaseSource::UnusualScans) && code.is_none() {
            errors.add("verification_code", ErrorCode::Required);
        }
        let summary = required_text(&mut errors, "summary", &self.summary, 4000);
        let contact = optional_text(&mut errors, "contact", &self.contact, 200);
        errors.into_result()?;
        Ok(CaseDraft {
            source: source.expect("checked"),
            verification_code: code,
            summary,
            contact,
        })
    }
}

/// Closing a case with its outcome.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CloseCaseInput {
    /// `unfounded`, `confirmed` or `referred`.
    pub outcome: String,
    /// What was done and found (told to the reporter when they left a contact).
    pub note: String,
}

impl CloseCaseInput {
    /// Checks every field (`duplicate` is reached by merging, not chosen).
    pub fn parse(&self) -> Result<(CaseOutcome, String), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let outcome: Option<CaseOutcome> = choice(&mut errors, "outcome", &self.outcome);
        if outcome == Some(CaseOutcome::Duplicate) {
            errors.add("outcome", ErrorCode::InvalidChoice);
        }
        let note = required_text(&mut errors, "note", &self.note, 4000);
        errors.into_result()?;
        Ok((outcome.expect("checked"), note))
    }
}

/// A proposal made by hand (the daily sweep proposes by the rule as well).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProposeInput {
    /// `suspension` or `revocation`; empty: what the rule proposes.
    pub consequence: String,
}

impl ProposeInput {
    /// The consequence asked for, if one was named.
    pub fn parse(&self) -> Result<Option<Consequence>, ValidationErrors> {
        if self.consequence.trim().is_empty() {
            return Ok(None);
        }
        let mut errors = ValidationErrors::new();
        let c = errors.check("consequence", Consequence::parse(&self.consequence));
        errors.into_result()?;
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_needs_a_deadline_unless_severe() {
        let mut input = FindingInput {
            kind: "label".into(),
            severity: "major".into(),
            description: "Nhãn thiếu hạn sử dụng".into(),
            remedy_required: "In lại nhãn".into(),
            ..Default::default()
        };
        let errors = input.parse().unwrap_err();
        assert_eq!(errors.fields[0].field, "working_days");
        input.working_days = Some(10);
        assert_eq!(input.parse().unwrap().working_days, Some(10));
        input.severity = "severe".into();
        input.working_days = None;
        assert!(input.parse().is_ok());
        input.kind = "x".into();
        assert_eq!(input.parse().unwrap_err().fields[0].code, ErrorCode::InvalidChoice);
    }

    #[test]
    fn every_missing_field_is_named() {
        let errors = InspectionInput::default().parse().unwrap_err();
        let fields: Vec<_> = errors.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["ground", "lead_agency", "planned_on", "product_id"]);
        let errors = CaseInput {
            source: "fake_report".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(errors.fields[0].field, "source");
    }
}
