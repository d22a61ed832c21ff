//! `dossier`: an evaluation dossier (hồ sơ) of a product (see migration m0005_dossiers).
//!
//! The workflow state is stored as columns so lists can filter on it: `state` is the
//! snake_case name of [`DossierState`], `level`, `score_x100` and `stars` hold what the state
//! carries (`level = 'central'` for the central level; migration m0013_central_level moved the
//! older `proposed_to_central` / `central_result` rows there). [`Model::workflow`] and
//! [`StateColumns::of`] convert both ways.
use chrono::NaiveDate;
use ocop_domain::evaluation::dossier::{Dossier, DossierState};
use ocop_domain::evaluation::routing::DossierKind;
use ocop_domain::evaluation::{Level, Points, Stars};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "dossier")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub producer_id: Uuid,
    pub product_id: Uuid,
    pub kind: String,
    pub current_stars: Option<i32>,
    pub state: String,
    pub level: Option<String>,
    pub score_x100: Option<i32>,
    pub stars: Option<i32>,
    pub legal_basis: Option<String>,
    pub criteria_set_id: Uuid,
    pub submitted_on: Option<NaiveDate>,
    pub commune_id: String,
    pub self_assessment: String,
    pub commune_report: Option<String>,
    pub created_by: Option<Uuid>,
    pub row_version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// A stored row that does not describe a valid kind or state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dossier row: {0}")]
pub struct BadRow(pub String);

/// The `level` column value of a level.
pub fn level_str(level: Level) -> &'static str {
    match level {
        Level::Commune => "commune",
        Level::District => "district",
        Level::Province => "province",
        Level::Central => "central",
    }
}

/// Parses a `level` column value.
pub fn parse_level(text: &str) -> Option<Level> {
    [Level::Commune, Level::District, Level::Province, Level::Central]
        .into_iter()
        .find(|l| level_str(*l) == text)
}

/// The `kind` and `current_stars` columns of a kind.
pub fn kind_columns(kind: DossierKind) -> (&'static str, Option<i32>) {
    match kind {
        DossierKind::New => ("new", None),
        DossierKind::Upgrade { current } => ("upgrade", Some(i32::from(current.get()))),
        DossierKind::Reevaluation => ("reevaluation", None),
    }
}

/// The state columns of a [`DossierState`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateColumns {
    /// `state`.
    pub state: &'static str,
    /// `level`.
    pub level: Option<&'static str>,
    /// `score_x100`.
    pub score_x100: Option<i32>,
    /// `stars`.
    pub stars: Option<i32>,
}

impl StateColumns {
    /// Splits a state into its columns.
    pub fn of(state: DossierState) -> Self {
        use DossierState as S;
        let plain = |name| StateColumns {
            state: name,
            level: None,
            score_x100: None,
            stars: None,
        };
        let at = |name, level: Level| StateColumns {
            level: Some(level_str(level)),
            ..plain(name)
        };
        let score = |p: Points| Some(p.hundredths() as i32);
        let stars = |s: Stars| Some(i32::from(s.get()));
        match state {
            S::Draft => plain("draft"),
            S::Submitted => plain("submitted"),
            S::Resubmitted => plain("resubmitted"),
            S::CommuneReview => plain("commune_review"),
            S::ReturnedByCommune => plain("returned_by_commune"),
            S::CommuneReport => plain("commune_report"),
            S::Proposed { level } => at("proposed", level),
            S::Check { level } => at("check", level),
            S::Returned { level } => at("returned", level),
            S::Eligible { level } => at("eligible", level),
            S::Scheduled { level } => at("scheduled", level),
            S::Scoring { level } => at("scoring", level),
            S::Scored { level, score: s, star } => StateColumns {
                score_x100: score(s),
                stars: stars(star),
                ..at("scored", level)
            },
            S::Recognised { level, star } => StateColumns {
                stars: stars(star),
                ..at("recognised", level)
            },
            S::NotRecognised { level } => at("not_recognised", level),
        }
    }

    /// Writes the columns into a row.
    pub fn apply_to(&self, row: &mut Model) {
        row.state = self.state.to_owned();
        row.level = self.level.map(str::to_owned);
        row.score_x100 = self.score_x100;
        row.stars = self.stars;
    }
}

impl Model {
    /// The dossier's kind.
    pub fn dossier_kind(&self) -> Result<DossierKind, BadRow> {
        match self.kind.as_str() {
            "new" => Ok(DossierKind::New),
            "reevaluation" => Ok(DossierKind::Reevaluation),
            "upgrade" => {
                let current = self
                    .current_stars
                    .and_then(|s| u8::try_from(s).ok())
                    .and_then(Stars::new)
                    .ok_or_else(|| BadRow("upgrade without current stars".into()))?;
                Ok(DossierKind::Upgrade { current })
            }
            other => Err(BadRow(format!("kind {other}"))),
        }
    }

    /// The workflow state.
    pub fn dossier_state(&self) -> Result<DossierState, BadRow> {
        use DossierState as S;
        let level = || {
            self.level
                .as_deref()
                .and_then(parse_level)
                .ok_or_else(|| BadRow(format!("state {} without a level", self.state)))
        };
        let score = || {
            self.score_x100
                .and_then(|s| u32::try_from(s).ok())
                .map(Points)
                .ok_or_else(|| BadRow(format!("state {} without a score", self.state)))
        };
        let star = || {
            self.stars
                .and_then(|s| u8::try_from(s).ok())
                .and_then(Stars::new)
                .ok_or_else(|| BadRow(format!("state {} without stars", self.state)))
        };
        Ok(match self.state.as_str() {
            "draft" => S::Draft,
            "submitted" => S::Submitted,
            "resubmitted" => S::Resubmitted,
            "commune_review" => S::CommuneReview,
            "returned_by_commune" => S::ReturnedByCommune,
            "commune_report" => S::CommuneReport,
            "proposed" => S::Proposed { level: level()? },
            "check" => S::Check { level: level()? },
            "returned" => S::Returned { level: level()? },
            "eligible" => S::Eligible { level: level()? },
            "scheduled" => S::Scheduled { level: level()? },
            "scoring" => S::Scoring { level: level()? },
            "scored" => S::Scored {
                level: level()?,
                score: score()?,
                star: star()?,
            },
            "recognised" => S::Recognised {
                level: level()?,
                star: star()?,
            },
            "not_recognised" => S::NotRecognised { level: level()? },
            other => return Err(BadRow(format!("state {other}"))),
        })
    }

    /// The domain record the state machine works on.
    pub fn workflow(&self) -> Result<Dossier, BadRow> {
        Ok(Dossier {
            kind: self.dossier_kind()?,
            legal_basis: self.legal_basis.clone(),
            submitted_on: self.submitted_on,
            state: self.dossier_state()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Model {
        Model {
            id: Uuid::nil(),
            producer_id: Uuid::nil(),
            product_id: Uuid::nil(),
            kind: "new".into(),
            current_stars: None,
            state: "draft".into(),
            level: None,
            score_x100: None,
            stars: None,
            legal_basis: None,
            criteria_set_id: Uuid::nil(),
            submitted_on: None,
            commune_id: "x".into(),
            self_assessment: "{}".into(),
            commune_report: None,
            created_by: None,
            row_version: 1,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn every_state_round_trips_through_the_columns() {
        use DossierState as S;
        let star = Stars::new(4).unwrap();
        let states = [
            S::Draft,
            S::Submitted,
            S::Resubmitted,
            S::CommuneReview,
            S::ReturnedByCommune,
            S::CommuneReport,
            S::Proposed { level: Level::Province },
            S::Check { level: Level::District },
            S::Returned { level: Level::Province },
            S::Eligible { level: Level::Province },
            S::Scheduled { level: Level::Province },
            S::Scoring { level: Level::Central },
            S::Scored {
                level: Level::Province,
                score: Points(7533),
                star,
            },
            S::Recognised {
                level: Level::Province,
                star,
            },
            S::NotRecognised { level: Level::District },
            S::Proposed { level: Level::Central },
            S::Scored {
                level: Level::Central,
                score: Points(9100),
                star: Stars::FIVE,
            },
            S::Recognised {
                level: Level::Central,
                star: Stars::FIVE,
            },
            S::NotRecognised { level: Level::Central },
        ];
        for state in states {
            let mut r = row();
            StateColumns::of(state).apply_to(&mut r);
            assert_eq!(r.dossier_state().unwrap(), state);
        }
        let mut r = row();
        r.state = "scored".into();
        r.level = Some("province".into());
        assert!(r.dossier_state().is_err(), "a score is required");
        // the states before m0013_central_level are no longer written, nor read
        r.state = "proposed_to_central".into();
        r.score_x100 = Some(9100);
        assert!(r.dossier_state().is_err());
    }

    #[test]
    fn kinds_round_trip() {
        for kind in [
            DossierKind::New,
            DossierKind::Reevaluation,
            DossierKind::Upgrade {
                current: Stars::new(3).unwrap(),
            },
        ] {
            let (name, current) = kind_columns(kind);
            let r = Model {
                kind: name.into(),
                current_stars: current,
                ..row()
            };
            assert_eq!(r.dossier_kind().unwrap(), kind);
        }
    }
}
