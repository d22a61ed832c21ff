//! Tasks of the programme (nhiệm vụ): input checks and the status rule.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::directive::{Deadline, OfficeKind};
use crate::{ErrorCode, ValidationErrors};

/// A task's status on a day. Never stored: computed from the last day the
/// deadline allows and the day the task was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Not done, deadline not passed (or no deadline).
    Open,
    /// Done.
    Done,
    /// Not done and the deadline has passed.
    Late,
}

impl TaskStatus {
    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Done => "done",
            Self::Late => "late",
        }
    }

    /// Parses a code.
    pub fn parse(s: &str) -> Result<Self, ErrorCode> {
        match s {
            "open" => Ok(Self::Open),
            "done" => Ok(Self::Done),
            "late" => Ok(Self::Late),
            _ => Err(ErrorCode::InvalidChoice),
        }
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::Open => ("Đang thực hiện", "Open"),
            Self::Done => ("Hoàn thành", "Done"),
            Self::Late => ("Quá hạn", "Late"),
        }
    }

    /// The status on `today`: done when a completion day is recorded on or
    /// before `today`; late when the last allowed day is before `today`.
    pub fn on(due_on: Option<NaiveDate>, done_on: Option<NaiveDate>, today: NaiveDate) -> Self {
        match (done_on, due_on) {
            (Some(done), _) if done <= today => Self::Done,
            (_, Some(due)) if due < today => Self::Late,
            _ => Self::Open,
        }
    }
}

/// How a task stands in a report on a day: done by its last day, done after
/// it, not done and overdue, or not done and still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    /// Done on or before its last day (or done, with no deadline).
    DoneOnTime,
    /// Done after its last day.
    DoneLate,
    /// Not done and the last day has passed.
    Late,
    /// Not done, the last day not passed (or no deadline).
    Open,
}

impl Completion {
    /// The completion on `day` (a completion recorded after `day` does not count yet).
    pub fn on(due_on: Option<NaiveDate>, done_on: Option<NaiveDate>, day: NaiveDate) -> Self {
        match (done_on.filter(|d| *d <= day), due_on) {
            (Some(done), Some(due)) if done > due => Self::DoneLate,
            (Some(_), _) => Self::DoneOnTime,
            (None, Some(due)) if due < day => Self::Late,
            (None, _) => Self::Open,
        }
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::DoneOnTime => ("Hoàn thành đúng hạn", "Done on time"),
            Self::DoneLate => ("Hoàn thành chậm", "Done late"),
            Self::Late => ("Quá hạn, chưa hoàn thành", "Late, not done"),
            Self::Open => ("Đang thực hiện", "Open"),
        }
    }
}

/// A task as submitted (from the import review form or the API).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskInput {
    /// Title.
    pub title: String,
    /// Full text (optional).
    #[serde(default)]
    pub details: String,
    /// Office kind code of the office responsible (`agriculture`, …).
    pub responsible: String,
    /// Office kind codes of the cooperating offices.
    #[serde(default)]
    pub cooperating: Vec<String>,
    /// Deadline as people write it ("30/06/2027", "trước ngày 30/6/2027",
    /// "quý III/2027", "tháng 6/2027", "thường xuyên", "hằng năm") or as a
    /// code (`by:2024-04-15`, `month:2023-07`, `quarters:2023:3,4`,
    /// `year:2023`, `ongoing`, `none`); see [`Deadline::parse_typed`].
    pub deadline: String,
    /// Optional producer link.
    #[serde(default)]
    pub producer_id: Option<uuid::Uuid>,
    /// Optional product link.
    #[serde(default)]
    pub product_id: Option<uuid::Uuid>,
}

/// A checked task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDraft {
    /// Title.
    pub title: String,
    /// Full text.
    pub details: String,
    /// Office responsible.
    pub responsible: OfficeKind,
    /// Offices cooperating, without duplicates or the responsible one.
    pub cooperating: Vec<OfficeKind>,
    /// Deadline.
    pub deadline: Deadline,
    /// Producer link.
    pub producer_id: Option<uuid::Uuid>,
    /// Product link.
    pub product_id: Option<uuid::Uuid>,
}

impl TaskDraft {
    /// The cooperating offices as stored (codes separated by commas).
    pub fn cooperating_codes(&self) -> String {
        join_offices(&self.cooperating)
    }
}

/// Office codes joined by commas, as stored.
pub fn join_offices(kinds: &[OfficeKind]) -> String {
    kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(",")
}

/// Office codes read back from storage (unknown codes are skipped).
pub fn split_offices(codes: &str) -> Vec<OfficeKind> {
    codes
        .split(',')
        .filter_map(|c| OfficeKind::from_code(c.trim()))
        .collect()
}

impl TaskInput {
    /// Checks every field; `prefix` names the field in errors (`tasks.3`).
    pub fn parse(&self, prefix: &str, errors: &mut ValidationErrors) -> Option<TaskDraft> {
        let field = |name: &str| {
            if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}.{name}")
            }
        };
        let title = self.title.trim();
        if title.is_empty() {
            errors.add(&field("title"), ErrorCode::Required);
        } else if title.chars().count() > 500 {
            errors.add(&field("title"), ErrorCode::TooLong);
        }
        if self.details.chars().count() > 20_000 {
            errors.add(&field("details"), ErrorCode::TooLong);
        }
        let responsible = errors.check(
            &field("responsible"),
            OfficeKind::from_code(self.responsible.trim()).ok_or(ErrorCode::UnknownOffice),
        );
        let mut cooperating = Vec::new();
        for code in &self.cooperating {
            match OfficeKind::from_code(code.trim()) {
                Some(kind) if Some(kind) != responsible && !cooperating.contains(&kind) => cooperating.push(kind),
                Some(_) => {}
                None => errors.add(&field("cooperating"), ErrorCode::UnknownOffice),
            }
        }
        let deadline = errors.check(
            &field("deadline"),
            Deadline::parse_typed(&self.deadline, None).ok_or(ErrorCode::InvalidDeadline),
        );
        Some(TaskDraft {
            title: title.to_owned(),
            details: self.details.trim().to_owned(),
            responsible: responsible?,
            cooperating,
            deadline: deadline?,
            producer_id: self.producer_id,
            product_id: self.product_id,
        })
        .filter(|_| !title.is_empty() && title.chars().count() <= 500 && self.details.chars().count() <= 20_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn late_is_computed_from_the_last_day_and_today() {
        let due = Some(d("2024-04-15"));
        assert_eq!(TaskStatus::on(due, None, d("2024-04-15")), TaskStatus::Open);
        assert_eq!(TaskStatus::on(due, None, d("2024-04-16")), TaskStatus::Late);
        assert_eq!(
            TaskStatus::on(due, Some(d("2024-04-20")), d("2024-04-30")),
            TaskStatus::Done
        );
        // Done later than the day asked about: still late on that day.
        assert_eq!(
            TaskStatus::on(due, Some(d("2024-04-20")), d("2024-04-18")),
            TaskStatus::Late
        );
        assert_eq!(TaskStatus::on(None, None, d("2030-01-01")), TaskStatus::Open);
    }

    #[test]
    fn completion_tells_on_time_from_late() {
        let due = Some(d("2024-04-15"));
        let day = d("2024-05-01");
        assert_eq!(Completion::on(due, Some(d("2024-04-15")), day), Completion::DoneOnTime);
        assert_eq!(Completion::on(due, Some(d("2024-04-16")), day), Completion::DoneLate);
        assert_eq!(Completion::on(due, None, day), Completion::Late);
        assert_eq!(Completion::on(due, Some(d("2024-05-02")), day), Completion::Late);
        assert_eq!(Completion::on(None, None, day), Completion::Open);
        assert_eq!(Completion::on(None, Some(d("2024-01-02")), day), Completion::DoneOnTime);
        assert_eq!(Completion::on(due, None, d("2024-04-15")), Completion::Open);
    }

    #[test]
    fn input_is_checked_field_by_field() {
        let mut errors = ValidationErrors::new();
        let input = TaskInput {
            title: " ".into(),
            responsible: "nobody".into(),
            deadline: "soon".into(),
            ..TaskInput::default()
        };
        assert!(input.parse("tasks.0", &mut errors).is_none());
        let fields: Vec<&str> = errors.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["tasks.0.title", "tasks.0.responsible", "tasks.0.deadline"]);

        let mut errors = ValidationErrors::new();
        let input = TaskInput {
            title: "Hoàn thiện hồ sơ".into(),
            responsible: "agriculture".into(),
            cooperating: vec!["health".into(), "agriculture".into(), "health".into()],
            deadline: "by:2024-04-20".into(),
            ..TaskInput::default()
        };
        let draft = input.parse("", &mut errors).unwrap();
        assert!(errors.is_empty());
        assert_eq!(draft.cooperating, [OfficeKind::Health]);
        assert_eq!(draft.deadline.due_on(), Some(d("2024-04-20")));
    }
}
