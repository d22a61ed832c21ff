//! The units an official picks in a form (plans, tasks, activities, reports, directives):
//! a list of named units of the caller's area instead of a typed id. A province officer
//! gets the province and its communes, and — for figures before the 2025 reform — the
//! old provinces and districts it came from; a commune officer its commune (and the old
//! communes that went into it); national accounts the country and every province.

use ocop_domain::role::{Actor, Scope};
use ocop_service::ServiceError;
use ocop_service::admin_units::{self, AdminUnitDto, AdminUnitListParams};
use ocop_service::programme::reports::NATIONAL;

use crate::app::AppState;

/// One unit in the select.
#[derive(Debug, Clone)]
pub struct UnitOption {
    /// Its id (`2025/province/42`, `pre2025/district/446`, `national`).
    pub id: String,
    /// Its name as shown, communes indented under their province.
    pub label: String,
}

/// The units of a form's select, today's first, and the one chosen.
#[derive(Debug, Clone, Default)]
pub struct UnitChoices {
    /// The id selected when the form opens.
    pub selected: String,
    /// Today's units (since 01/07/2025).
    pub today: Vec<UnitOption>,
    /// Units of the list before 01/07/2025 (empty unless asked for).
    pub before_2025: Vec<UnitOption>,
}

impl UnitChoices {
    /// True for the option to mark `selected`.
    pub fn is_selected(&self, id: &str) -> bool {
        self.selected == id
    }
}

/// What a form offers beyond the caller's own units of today.
#[derive(Debug, Clone, Copy, Default)]
pub struct Offer {
    /// The whole country, for national accounts.
    pub national: bool,
    /// The old units, for periods before the reform.
    pub before_2025: bool,
}

/// The caller's own unit (today's list), the default of every form; empty for national accounts.
pub fn own_unit(scope: &Scope) -> String {
    match scope {
        Scope::Commune { commune_code, .. } => format!("2025/commune/{commune_code}"),
        Scope::Province { province_code } => format!("2025/province/{province_code}"),
        _ => String::new(),
    }
}

fn option(unit: &AdminUnitDto, indent: bool) -> UnitOption {
    UnitOption {
        id: unit.id.clone(),
        label: if indent {
            format!("— {}", unit.full_name)
        } else {
            unit.full_name.clone()
        },
    }
}

/// Every unit of `level` under `parent` in force on `on` (all pages of the list).
async fn children(
    state: &AppState,
    level: &str,
    parent: &str,
    on: Option<&str>,
) -> Result<Vec<AdminUnitDto>, ServiceError> {
    let mut all = Vec::new();
    loop {
        let params = AdminUnitListParams {
            level: Some(level.to_owned()),
            parent: Some(parent.to_owned()),
            on: on.map(str::to_owned),
            offset: Some(all.len() as u64),
            limit: Some(200),
            ..Default::default()
        };
        let page = admin_units::list(&state.ctx.db, &params).await?;
        let done = page.items.is_empty() || all.len() + page.items.len() >= page.total as usize;
        all.extend(page.items);
        if done {
            return Ok(all);
        }
    }
}

/// The last day of the old list.
const BEFORE_REFORM: &str = "2025-06-30";

/// The choices of `actor`, with `selected` chosen (the caller's own unit when empty).
/// A selected id outside the list is kept as the first option, so a form shown again
/// never loses what was sent.
pub async fn for_actor(
    state: &AppState,
    actor: &Actor,
    offer: Offer,
    selected: &str,
) -> Result<UnitChoices, ServiceError> {
    let db = &state.ctx.db;
    let mut today = Vec::new();
    let mut before_2025 = Vec::new();
    match &actor.scope {
        Scope::National => {
            if offer.national {
                today.push(UnitOption {
                    id: NATIONAL.to_owned(),
                    label: "Toàn quốc".to_owned(),
                });
            }
            let provinces = admin_units::list(
                db,
                &AdminUnitListParams {
                    level: Some("province".into()),
                    limit: Some(200),
                    ..Default::default()
                },
            )
            .await?;
            today.extend(provinces.items.iter().map(|p| option(p, false)));
            if offer.before_2025 {
                let old = admin_units::list(
                    db,
                    &AdminUnitListParams {
                        level: Some("province".into()),
                        on: Some(BEFORE_REFORM.into()),
                        limit: Some(200),
                        ..Default::default()
                    },
                )
                .await?;
                before_2025.extend(old.items.iter().map(|p| option(p, false)));
            }
        }
        Scope::Province { province_code } => {
            let id = format!("2025/province/{province_code}");
            let province = admin_units::detail(db, &id).await?;
            today.push(option(&province.unit, false));
            for commune in children(state, "commune", &id, None).await? {
                today.push(option(&commune, true));
            }
            if offer.before_2025 {
                for old in province
                    .predecessors
                    .iter()
                    .map(|l| &l.unit)
                    .filter(|u| u.level == "province")
                {
                    before_2025.push(option(old, false));
                    for district in children(state, "district", &old.id, Some(BEFORE_REFORM)).await? {
                        before_2025.push(option(&district, true));
                    }
                }
            }
        }
        Scope::Commune { commune_code, .. } => {
            let commune = admin_units::detail(db, &format!("2025/commune/{commune_code}")).await?;
            today.push(option(&commune.unit, false));
            if offer.before_2025 {
                before_2025.extend(commune.predecessors.iter().map(|l| option(&l.unit, false)));
            }
        }
        Scope::Producer { .. } => {}
    }
    let selected = if selected.trim().is_empty() {
        own_unit(&actor.scope)
    } else {
        selected.trim().to_owned()
    };
    let known = today.iter().chain(&before_2025).any(|o| o.id == selected);
    if !known && !selected.is_empty() {
        today.insert(
            0,
            UnitOption {
                id: selected.clone(),
                label: selected.clone(),
            },
        );
    }
    Ok(UnitChoices {
        selected,
        today,
        before_2025,
    })
}
