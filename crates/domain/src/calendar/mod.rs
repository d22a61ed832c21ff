//! Working days of public bodies (ngày làm việc of cán bộ, công chức, viên chức): Monday to
//! Friday, less the public holidays and the days off the government announces each year, plus
//! the Saturdays worked in exchange (làm bù).
//!
//! The days are data ([`days_off.toml`](days_off.toml), one `[[year]]` per year with its source),
//! compiled into the binary: the Labour Code 2019 art. 112 fixes 1/1, 30/4, 1/5 and 2/9 plus an
//! adjacent day, but Tết (5 days around the lunar new year), Giỗ Tổ Hùng Vương (10/3 lunar), the
//! day next to 2/9 and every swap are chosen year by year. A year missing from the file counts
//! Monday–Friday less the fixed solar holidays (1/1, 30/4, 1/5, 2/9): the lunar ones are not
//! guessed. Adding a year is adding a `[[year]]` (see the file's header).
//!
//! Used by the council rule "members receive the electronic dossier at least one working day
//! before the meeting" (`service::councils::sent_in_time`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

const VIETNAM: &str = include_str!("days_off.toml");

/// A dated entry of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NamedDay {
    /// The day.
    pub date: NaiveDate,
    /// What it is ("Tết Âm lịch", "Nghỉ bù Giỗ Tổ Hùng Vương (Chủ nhật 26/4)", "Làm bù …").
    pub name: String,
}

/// One year's arrangement.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct YearDaysOff {
    /// The year.
    pub year: i32,
    /// Where the days come from (law, government dispatch).
    pub source: String,
    /// Laid out from the law alone, before the government announced the year's days off.
    pub provisional: bool,
    /// Mondays–Fridays on which public bodies are closed.
    pub days_off: Vec<NamedDay>,
    /// Saturdays or Sundays on which they work.
    pub working_weekend_days: Vec<NamedDay>,
}

#[derive(Deserialize)]
struct File {
    year: Vec<YearDaysOff>,
}

/// Why a calendar file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("days-off calendar: {0}")]
pub struct CalendarError(pub String);

/// The working calendar: the years on file and the days they change.
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    years: Vec<YearDaysOff>,
    off: BTreeMap<NaiveDate, String>,
    working: BTreeSet<NaiveDate>,
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

static VIETNAM_CALENDAR: LazyLock<WorkingCalendar> =
    LazyLock::new(|| WorkingCalendar::from_toml(VIETNAM).expect("the shipped days-off calendar is valid"));

impl WorkingCalendar {
    /// Vietnam's calendar shipped with the binary.
    pub fn vietnam() -> &'static WorkingCalendar {
        &VIETNAM_CALENDAR
    }

    /// Reads and checks a calendar: years unique, each day off a Monday–Friday of its year (or
    /// the December before it), each working day a Saturday or Sunday, no day listed twice.
    pub fn from_toml(text: &str) -> Result<Self, CalendarError> {
        let file: File = toml::from_str(text).map_err(|e| CalendarError(e.to_string()))?;
        let mut off = BTreeMap::new();
        let mut working = BTreeSet::new();
        let mut seen_years = BTreeSet::new();
        for y in &file.year {
            if !seen_years.insert(y.year) {
                return Err(CalendarError(format!("year {} listed twice", y.year)));
            }
            if y.source.trim().is_empty() {
                return Err(CalendarError(format!("year {} has no source", y.year)));
            }
            let belongs = |d: NaiveDate| d.year() == y.year || (d.year() == y.year - 1 && d.month() == 12);
            for d in &y.days_off {
                if is_weekend(d.date) || !belongs(d.date) {
                    return Err(CalendarError(format!(
                        "{}: a day off of {} must be a weekday of that year",
                        d.date, y.year
                    )));
                }
                if off.insert(d.date, d.name.clone()).is_some() {
                    return Err(CalendarError(format!("{} listed twice", d.date)));
                }
            }
            for d in &y.working_weekend_days {
                if !is_weekend(d.date) || !belongs(d.date) {
                    return Err(CalendarError(format!(
                        "{}: a working weekend day of {} must be a Saturday or Sunday of that year",
                        d.date, y.year
                    )));
                }
                if !working.insert(d.date) {
                    return Err(CalendarError(format!("{} listed twice", d.date)));
                }
            }
        }
        Ok(Self {
            years: file.year,
            off,
            working,
        })
    }

    /// The years on file, in file order.
    pub fn years(&self) -> &[YearDaysOff] {
        &self.years
    }

    /// Whether the year's days off are on file (otherwise only the fixed solar holidays count).
    pub fn covers(&self, year: i32) -> bool {
        self.years.iter().any(|y| y.year == year)
    }

    /// Why public bodies are closed on a weekday, if they are.
    pub fn day_off(&self, day: NaiveDate) -> Option<&str> {
        if let Some(name) = self.off.get(&day) {
            return Some(name);
        }
        if is_weekend(day) || self.covers(day.year()) {
            return None;
        }
        match (day.month(), day.day()) {
            (1, 1) => Some("Tết Dương lịch"),
            (4, 30) => Some("Ngày Chiến thắng"),
            (5, 1) => Some("Ngày Quốc tế Lao động"),
            (9, 2) => Some("Quốc khánh"),
            _ => None,
        }
    }

    /// Whether public bodies work that day.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if is_weekend(day) {
            self.working.contains(&day)
        } else {
            self.day_off(day).is_none()
        }
    }

    /// Working days from `from` inclusive to `to` exclusive (0 when `to` is not after `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .take_while(|d| *d < to)
            .filter(|d| self.is_working_day(*d))
            .count() as u32
    }
}

/// Whether public bodies in Vietnam work that day.
pub fn is_working_day(day: NaiveDate) -> bool {
    WorkingCalendar::vietnam().is_working_day(day)
}

/// Working days of public bodies in Vietnam from `from` inclusive to `to` exclusive: a dossier
/// sent on a Friday reaches the members one working day before a Monday meeting.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    WorkingCalendar::vietnam().working_days_between(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn calendar_file_covers_2019_to_2027_and_checks_itself() {
        let cal = WorkingCalendar::vietnam();
        for year in 2019..=2027 {
            assert!(cal.covers(year), "{year} missing");
        }
        // Only the years not yet announced are provisional.
        let provisional: Vec<i32> = cal.years().iter().filter(|y| y.provisional).map(|y| y.year).collect();
        assert_eq!(provisional, vec![2027]);
        for y in cal.years() {
            // The fixed solar holidays are off whenever they fall on a weekday.
            for (m, day) in [(1, 1), (4, 30), (5, 1), (9, 2)] {
                let date = NaiveDate::from_ymd_opt(y.year, m, day).unwrap();
                if !is_weekend(date) {
                    assert!(cal.day_off(date).is_some(), "{date} should be off");
                }
            }
            // Giỗ Tổ (one day) and Tết (five days, on weekdays or taken in lieu) are there.
            assert_eq!(
                y.days_off.iter().filter(|d| d.name.starts_with("Tết Âm lịch")).count(),
                5,
                "{}: Tết weekdays",
                y.year
            );
            assert_eq!(
                y.days_off.iter().filter(|d| d.name.contains("Giỗ Tổ")).count(),
                1,
                "{}: Giỗ Tổ",
                y.year
            );
            // 2/9 and, from 2021 (Labour Code 2019), a second day for Quốc khánh.
            let national = y.days_off.iter().filter(|d| d.name.contains("Quốc khánh")).count();
            assert_eq!(national, if y.year >= 2021 { 2 } else { 1 }, "{}: Quốc khánh", y.year);
            // Every Saturday worked pays for a swapped weekday of the same arrangement.
            let swapped = y
                .days_off
                .iter()
                .filter(|d| d.name.starts_with("Nghỉ hoán đổi"))
                .count();
            assert_eq!(swapped, y.working_weekend_days.len(), "{}: swaps", y.year);
        }
    }

    #[test]
    fn weekends_are_off_and_weekdays_work_outside_holidays() {
        // 20/11/2026 is a Friday, 23/11/2026 a Monday.
        assert_eq!(working_days_between(d("2026-11-20"), d("2026-11-23")), 1);
        assert_eq!(working_days_between(d("2026-11-21"), d("2026-11-23")), 0);
        assert_eq!(working_days_between(d("2026-11-23"), d("2026-11-23")), 0);
        assert_eq!(working_days_between(d("2026-11-23"), d("2026-11-20")), 0);
        assert_eq!(working_days_between(d("2026-11-16"), d("2026-11-23")), 5);
    }

    #[test]
    fn a_meeting_on_the_first_working_day_after_tet_needs_the_dossiers_before_the_break() {
        // Tết Bính Ngọ: off from Saturday 14/02 to Sunday 22/02/2026; Monday 23/02 is the first
        // working day after it.
        let meeting = d("2026-02-23");
        assert!(is_working_day(meeting));
        for day in ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"] {
            assert!(!is_working_day(d(day)), "{day} is a Tết day off");
        }
        // Sent during the break: no working day before the meeting.
        assert_eq!(working_days_between(d("2026-02-16"), meeting), 0);
        assert_eq!(working_days_between(d("2026-02-14"), meeting), 0);
        // Sent on Friday 13/02, the last working day before Tết: in time.
        assert_eq!(working_days_between(d("2026-02-13"), meeting), 1);
        // Monday–Friday alone would have counted five days.
        let weekdays = d("2026-02-16")
            .iter_days()
            .take_while(|x| *x < meeting)
            .filter(|x| !is_weekend(*x))
            .count();
        assert_eq!(weekdays, 5);
    }

    #[test]
    fn swapped_days_and_days_in_lieu_follow_the_announcements() {
        // New Year 2026: Friday 02/01 off, worked on Saturday 10/01.
        assert!(!is_working_day(d("2026-01-02")));
        assert!(is_working_day(d("2026-01-10")));
        assert_eq!(working_days_between(d("2026-01-10"), d("2026-01-12")), 1);
        // Giỗ Tổ on Sunday 26/04/2026: Monday 27/04 off in lieu; 30/04 and 01/05 off.
        assert!(!is_working_day(d("2026-04-27")));
        assert_eq!(working_days_between(d("2026-04-24"), d("2026-05-04")), 3); // 24, 28, 29
        // Quốc khánh 2026: Monday 31/08 swapped with Saturday 22/08; 01/09 and 02/09 off.
        assert!(is_working_day(d("2026-08-22")));
        assert_eq!(working_days_between(d("2026-08-28"), d("2026-09-03")), 1);
        // 2023: Giỗ Tổ on Saturday 29/04 and 30/04 on Sunday, taken on 02/05 and 03/05.
        assert_eq!(working_days_between(d("2023-04-28"), d("2023-05-04")), 1);
        assert_eq!(
            WorkingCalendar::vietnam().day_off(d("2023-05-02")),
            Some("Nghỉ bù Giỗ Tổ Hùng Vương (thứ Bảy 29/4)")
        );
    }

    #[test]
    fn a_year_not_on_file_still_skips_the_fixed_holidays() {
        // 2030: 30/04 is a Tuesday and 01/05 a Wednesday.
        assert!(!WorkingCalendar::vietnam().covers(2030));
        assert!(!is_working_day(d("2030-04-30")));
        assert!(!is_working_day(d("2030-05-01")));
        assert!(is_working_day(d("2030-05-02")));
    }

    #[test]
    fn a_bad_file_is_refused_with_the_day_named() {
        let weekend = r#"
            [[year]]
            year = 2026
            source = "x"
            provisional = false
            days_off = [{ date = "2026-02-14", name = "Tết" }]
            working_weekend_days = []
        "#;
        let err = WorkingCalendar::from_toml(weekend).unwrap_err();
        assert!(err.0.contains("2026-02-14"), "{err}");
        let twice = r#"
            [[year]]
            year = 2026
            source = "x"
            provisional = false
            days_off = [{ date = "2026-02-16", name = "a" }, { date = "2026-02-16", name = "b" }]
            working_weekend_days = [{ date = "2026-02-23", name = "Monday is not a weekend" }]
        "#;
        assert!(WorkingCalendar::from_toml(twice).is_err());
        let saturday_work = r#"
            [[year]]
            year = 2026
            source = "x"
            provisional = false
            days_off = []
            working_weekend_days = [{ date = "2026-02-23", name = "a Monday" }]
        "#;
        assert!(WorkingCalendar::from_toml(saturday_work).is_err());
    }
}
