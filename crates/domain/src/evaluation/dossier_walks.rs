//! Random walks through the dossier workflow.

use proptest::prelude::*;

use super::*;

/// The invariants every reachable record satisfies.
fn consistent(d: &Dossier) -> Result<(), String> {
    use DossierState as S;
    let Some(id) = d.legal_basis.as_deref() else {
        return if d.state == S::Draft {
            Ok(())
        } else {
            Err("no basis after submission".into())
        };
    };
    let basis = bases().get(id).ok_or("unknown basis")?;
    if Some(basis) != d.submitted_on.and_then(|on| bases().in_force_on(on)) {
        return Err("the basis is not the one in force on the submission date".into());
    }
    let council_level = |level: Level| basis.council_levels().any(|l| l == level);
    let ok = match d.state {
        S::Draft => false,
        S::Submitted => true,
        S::Resubmitted | S::CommuneReview | S::ReturnedByCommune | S::CommuneReport => basis.has_commune_review(),
        S::Proposed { level }
        | S::Check { level }
        | S::Returned { level }
        | S::Eligible { level }
        | S::Scheduled { level }
        | S::Scoring { level }
        | S::NotRecognised { level } => council_level(level),
        S::Scored { level, score, star } => council_level(level) && star <= bases().band(score),
        S::Recognised { level, star } => {
            basis.recognition.get(&star) == Some(&level)
                && !matches!(d.kind, DossierKind::Upgrade { current } if star <= current)
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!("illegal state {:?} under {id}", d.state))
    }
}

/// The level a state refers to, if any.
fn level_of(state: DossierState) -> Option<Level> {
    use DossierState as S;
    match state {
        S::Proposed { level }
        | S::Check { level }
        | S::Returned { level }
        | S::Eligible { level }
        | S::Scheduled { level }
        | S::Scoring { level }
        | S::Scored { level, .. }
        | S::Recognised { level, .. }
        | S::NotRecognised { level } => Some(level),
        _ => None,
    }
}

/// The invariants of one step: a dossier never goes down a level, and it only rises to the
/// next level by a forward from a score that reaches that level's threshold — to the central
/// level only from the 5★ band (≥ 90 points), which the basis leaves to the central level.
fn legal_step(d: &Dossier, from: DossierState, to: DossierState) -> Result<(), String> {
    let basis = bases()
        .get(d.legal_basis.as_deref().unwrap_or_default())
        .ok_or("no basis")?;
    match (level_of(from), level_of(to)) {
        (Some(a), Some(b)) if b < a => return Err(format!("{from:?} went down to {to:?}")),
        (Some(a), Some(b)) if b > a => {
            let DossierState::Scored { level, score, star } = from else {
                return Err(format!("{to:?} reached from {from:?}, not by a forward"));
            };
            let forwarded = to == DossierState::Proposed { level: b }
                && basis.next_level(level) == Some(b)
                && score >= basis.forward_threshold[&level]
                && basis.recognition.get(&star).is_some_and(|by| *by > level);
            if !forwarded {
                return Err(format!("{from:?} forwarded to {to:?}"));
            }
            if b == Level::Central && (star != Stars::FIVE || score < Points(9000)) {
                return Err(format!("{from:?} forwarded to the central level"));
            }
        }
        _ => {}
    }
    Ok(())
}

fn any_event() -> impl Strategy<Value = Event> {
    let reasons = prop::collection::vec(prop_oneof![Just(String::new()), Just("Thiếu hồ sơ".to_owned())], 0..2);
    prop_oneof![
        (2019i32..2028, 1u32..13, 1u32..29).prop_map(|(y, m, d)| Event::Submit { on: day(y, m, d) }),
        Just(Event::Receive),
        reasons.clone().prop_map(|reasons| Event::ReturnByCommune { reasons }),
        Just(Event::Resubmit),
        (0usize..=4).prop_map(|n| Event::IssueCommuneReport {
            assessed: commune_codes()[..n].to_vec()
        }),
        Just(Event::Propose),
        Just(Event::StartCheck),
        reasons.prop_map(|reasons| Event::Return { reasons }),
        Just(Event::FindEligible),
        Just(Event::Schedule),
        Just(Event::OpenScoring),
        (
            0u32..=10_000,
            1u8..=5,
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.1)
        )
            .prop_map(|(score, star, rescoring_required, disqualified)| Event::CloseScoring {
                outcome: ScoringOutcome {
                    score: Points(score),
                    star: Stars::new(star).unwrap(),
                    rescoring_required,
                    disqualified
                }
            }),
        // A clean 5★ outcome now and then, so walks go on to the central level.
        (9000u32..=10_000).prop_map(|score| Event::CloseScoring {
            outcome: ScoringOutcome {
                score: Points(score),
                star: Stars::FIVE,
                rescoring_required: false,
                disqualified: false
            }
        }),
        Just(Event::Recognise),
        Just(Event::Forward),
        Just(Event::Close),
    ]
}

fn any_kind() -> impl Strategy<Value = DossierKind> {
    prop_oneof![
        Just(DossierKind::New),
        Just(DossierKind::Reevaluation),
        (3u8..=4).prop_map(|s| DossierKind::Upgrade {
            current: Stars::new(s).unwrap()
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn random_event_sequences_never_reach_an_illegal_state(
        kind in any_kind(),
        steps in prop::collection::vec((any_event(), prop::array::uniform4(prop::bool::weighted(0.9))), 0..250),
    ) {
        let mut d = Dossier::new(kind);
        for (event, [complete, report, batch, sent]) in steps {
            let facts = Facts { complete, report, batch, sent };
            match d.apply(&event, bases(), &facts) {
                Ok(next) => {
                    prop_assert!(!d.state.is_final(), "a final state moved on: {:?}", d.state);
                    prop_assert_eq!(next.kind, d.kind);
                    if d.legal_basis.is_some() {
                        prop_assert_eq!(&next.legal_basis, &d.legal_basis, "the basis changed");
                        prop_assert_eq!(next.submitted_on, d.submitted_on);
                    }
                    if let Err(why) = consistent(&next).and_then(|()| legal_step(&next, d.state, next.state)) {
                        return Err(TestCaseError::fail(format!("{why} after {event:?} from {:?}", d.state)));
                    }
                    d = next;
                }
                Err(_) => prop_assert!(consistent(&d).is_ok()),
            }
        }
    }
}

/// The random walks above are only worth something if they go deep: check that walks drawn
/// from the same strategy reach every kind of state, final ones included.
#[test]
fn random_walks_reach_every_state() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let walk = prop::collection::vec(any_event(), 300);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..300 {
        let mut d = Dossier::new(any_kind().new_tree(&mut runner).unwrap().current());
        for event in walk.new_tree(&mut runner).unwrap().current() {
            if let Ok(next) = d.apply(&event, bases(), &ALL_MET) {
                d = next;
                let name = serde_json::to_value(d.state).unwrap()["state"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                if level_of(d.state) == Some(Level::Central) {
                    seen.insert(format!("{name}@central"));
                }
                seen.insert(name);
            }
        }
    }
    let all = [
        "submitted",
        "resubmitted",
        "commune_review",
        "returned_by_commune",
        "commune_report",
        "proposed",
        "check",
        "returned",
        "eligible",
        "scheduled",
        "scoring",
        "scored",
        "recognised",
        "not_recognised",
        "proposed@central",
        "check@central",
        "returned@central",
        "eligible@central",
        "scheduled@central",
        "scoring@central",
        "scored@central",
        "recognised@central",
        "not_recognised@central",
    ];
    let missing: Vec<&str> = all.iter().copied().filter(|s| !seen.contains(*s)).collect();
    assert!(missing.is_empty(), "never reached: {missing:?}");
}
