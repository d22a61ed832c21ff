use super::*;

/// Side conditions as plain answers.
#[derive(Debug, Clone, Copy)]
struct Facts {
    complete: bool,
    report: bool,
    batch: bool,
    sent: bool,
}

const ALL_MET: Facts = Facts {
    complete: true,
    report: true,
    batch: true,
    sent: true,
};

impl Conditions for Facts {
    fn dossier_complete(&self) -> bool {
        self.complete
    }
    fn commune_meeting_held(&self) -> bool {
        self.report
    }
    fn in_batch(&self) -> bool {
        self.batch
    }
    fn sent_to_members_in_time(&self) -> bool {
        self.sent
    }
}

/// The four commune criteria of legal_bases.toml.
fn commune_codes() -> Vec<String> {
    bases().commune_criteria.iter().map(|c| c.code.clone()).collect()
}

/// A commune report assessing all four criteria.
fn report() -> Event {
    Event::IssueCommuneReport {
        assessed: commune_codes(),
    }
}

fn bases() -> &'static LegalBases {
    LegalBases::official()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn scored(score: u32, star: u8) -> Event {
    Event::CloseScoring {
        outcome: ScoringOutcome {
            score: Points(score),
            star: Stars::new(star).unwrap(),
            rescoring_required: false,
            disqualified: false,
        },
    }
}

/// Applies the events in order, all conditions met; panics on the first refusal.
fn run(dossier: Dossier, events: &[Event]) -> Dossier {
    events.iter().fold(dossier, |d, e| {
        d.apply(e, bases(), &ALL_MET)
            .unwrap_or_else(|err| panic!("{e:?} in {:?}: {err}", d.state))
    })
}

fn through_the_council() -> Vec<Event> {
    vec![
        Event::StartCheck,
        Event::FindEligible,
        Event::Schedule,
        Event::OpenScoring,
    ]
}

#[test]
fn qd1048_goes_from_the_district_to_the_province() {
    let mut events = vec![Event::Submit { on: day(2022, 5, 1) }, Event::Receive];
    events.extend([
        Event::FindEligible,
        Event::Schedule,
        Event::OpenScoring,
        scored(6000, 3),
    ]);
    let d = run(Dossier::new(DossierKind::New), &events);
    assert_eq!(d.legal_basis.as_deref(), Some("QD1048-2019"));
    assert_eq!(
        d.state,
        DossierState::Scored {
            level: Level::District,
            score: Points(6000),
            star: Stars::new(3).unwrap()
        }
    );
    assert_eq!(
        d.apply(&Event::Recognise, bases(), &ALL_MET),
        Err(InvalidTransition::WrongRoute(Route::Forward(Level::Province)))
    );
    let mut events = vec![Event::Forward];
    events.extend(through_the_council());
    events.extend([scored(8000, 4), Event::Recognise]);
    let d = run(d, &events);
    assert_eq!(
        d.state,
        DossierState::Recognised {
            level: Level::Province,
            star: Stars::new(4).unwrap()
        }
    );
    assert!(d.state.is_final());
}

#[test]
fn qd148_before_july_2025_the_district_recognises_3_stars_and_the_basis_stays() {
    let d = run(
        Dossier::new(DossierKind::New),
        &[Event::Submit { on: day(2025, 7, 1) }, Event::Receive],
    );
    assert_eq!(d.state, DossierState::CommuneReview);
    let no_reason = Event::ReturnByCommune {
        reasons: vec![" ".into()],
    };
    assert_eq!(
        d.apply(&no_reason, bases(), &ALL_MET),
        Err(InvalidTransition::ReasonRequired)
    );
    let mut events = vec![
        Event::ReturnByCommune {
            reasons: vec!["Thiếu giấy chứng nhận ATTP".into()],
        },
        Event::Resubmit,
        Event::Receive,
        report(),
        Event::Propose,
    ];
    events.extend(through_the_council());
    events.extend([scored(6550, 3), Event::Recognise]);
    let d = run(d, &events);
    // scored after QĐ 1489 took effect, still routed under QĐ 148 as submitted
    assert_eq!(d.legal_basis.as_deref(), Some("QD148-2023"));
    assert_eq!(
        d.state,
        DossierState::Recognised {
            level: Level::District,
            star: Stars::new(3).unwrap()
        }
    );
}

#[test]
fn qd148_forwards_from_70_to_the_province() {
    let mut events = vec![
        Event::Submit { on: day(2024, 3, 1) },
        Event::Receive,
        report(),
        Event::Propose,
    ];
    events.extend(through_the_council());
    events.extend([scored(7200, 4), Event::Forward]);
    let d = run(Dossier::new(DossierKind::New), &events);
    assert_eq!(d.state, DossierState::Proposed { level: Level::Province });
}

#[test]
fn since_qd1489_the_province_scores_and_forwards_90_to_the_centre() {
    let mut events = vec![
        Event::Submit { on: day(2025, 8, 1) },
        Event::Receive,
        report(),
        Event::Propose,
    ];
    assert_eq!(
        run(Dossier::new(DossierKind::New), &events).state,
        DossierState::Proposed { level: Level::Province }
    );
    events.extend([
        Event::StartCheck,
        Event::Return {
            reasons: vec!["Bổ sung phiếu kiểm nghiệm".into()],
        },
        Event::Resubmit,
    ]);
    events.extend(through_the_council());
    events.extend([scored(9200, 5)]);
    let d = run(Dossier::new(DossierKind::New), &events);
    assert_eq!(
        d.apply(&Event::Close, bases(), &ALL_MET),
        Err(InvalidTransition::WrongRoute(Route::Forward(Level::Central)))
    );
    let d = run(d, &[Event::Forward]);
    assert_eq!(d.state, DossierState::Proposed { level: Level::Central });
    assert_eq!(d.legal_basis.as_deref(), Some("QD148-1489-2025"));
}

/// A dossier forwarded to the central level with a 5★ band score (the province's 92.00).
fn at_the_centre(kind: DossierKind) -> Dossier {
    let mut events = vec![
        Event::Submit { on: day(2025, 8, 1) },
        Event::Receive,
        report(),
        Event::Propose,
    ];
    events.extend(through_the_council());
    events.extend([scored(9200, 5), Event::Forward]);
    run(Dossier::new(kind), &events)
}

#[test]
fn the_central_level_checks_schedules_scores_and_recognises_5_stars() {
    let d = at_the_centre(DossierKind::New);
    // the ministry's advisory team returns it for supplement once
    let d = run(
        d,
        &[
            Event::StartCheck,
            Event::Return {
                reasons: vec!["Bổ sung phiếu kiểm nghiệm của phòng thí nghiệm được công nhận".into()],
            },
        ],
    );
    assert_eq!(d.state, DossierState::Returned { level: Level::Central });
    let mut events = vec![Event::Resubmit];
    events.extend(through_the_council());
    let d = run(d, &events);
    assert_eq!(d.state, DossierState::Scoring { level: Level::Central });
    let d = run(d, &[scored(9350, 5)]);
    assert_eq!(
        d.apply(&Event::Forward, bases(), &ALL_MET),
        Err(InvalidTransition::WrongRoute(Route::Recognise(Level::Central))),
        "nothing above the central level"
    );
    assert_eq!(
        d.apply(&Event::Close, bases(), &ALL_MET),
        Err(InvalidTransition::WrongRoute(Route::Recognise(Level::Central)))
    );
    let d = run(d, &[Event::Recognise]);
    assert_eq!(
        d.state,
        DossierState::Recognised {
            level: Level::Central,
            star: Stars::FIVE
        }
    );
    assert!(d.state.is_final());
}

#[test]
fn below_90_at_the_central_level_the_dossier_is_not_recognised_there() {
    for outcome in [scored(8800, 4), scored(9400, 4)] {
        let mut events = through_the_council();
        events.push(outcome);
        let d = run(at_the_centre(DossierKind::Reevaluation), &events);
        assert_eq!(
            d.apply(&Event::Recognise, bases(), &ALL_MET),
            Err(InvalidTransition::WrongRoute(Route::NotRecognised)),
            "the ministry recognises 5★ only; 4★ is the province's"
        );
        let d = run(d, &[Event::Close]);
        assert_eq!(d.state, DossierState::NotRecognised { level: Level::Central });
        assert!(d.state.is_final());
    }
    // a disqualifier found by the central council closes it there as well
    let mut events = through_the_council();
    events.push(Event::CloseScoring {
        outcome: ScoringOutcome {
            score: Points(9600),
            star: Stars::FIVE,
            rescoring_required: false,
            disqualified: true,
        },
    });
    let d = run(at_the_centre(DossierKind::New), &events);
    assert_eq!(d.state, DossierState::NotRecognised { level: Level::Central });
}

#[test]
fn only_a_5_star_score_of_90_or_more_is_forwarded_to_the_centre() {
    let mut events = vec![
        Event::Submit { on: day(2026, 6, 1) },
        Event::Receive,
        report(),
        Event::Propose,
    ];
    events.extend(through_the_council());
    // 95 points capped to 4★ by a mandatory criterion: the province recognises it
    let capped = run(Dossier::new(DossierKind::New), &events)
        .apply(&scored(9500, 4), bases(), &ALL_MET)
        .unwrap();
    assert_eq!(
        capped.apply(&Event::Forward, bases(), &ALL_MET),
        Err(InvalidTransition::WrongRoute(Route::Recognise(Level::Province)))
    );
    // an upgrade from 4★ scoring 5★ is forwarded as well
    let upgrade = at_the_centre(DossierKind::Upgrade {
        current: Stars::new(4).unwrap(),
    });
    assert_eq!(upgrade.state, DossierState::Proposed { level: Level::Central });
}

#[test]
fn side_conditions_and_outcomes_are_checked() {
    let draft = Dossier::new(DossierKind::Reevaluation);
    let incomplete = Facts {
        complete: false,
        ..ALL_MET
    };
    let submit = Event::Submit { on: day(2026, 6, 1) };
    assert_eq!(
        draft.apply(&submit, bases(), &incomplete),
        Err(InvalidTransition::ConditionNotMet("dossier_complete"))
    );
    assert_eq!(
        draft.apply(&Event::Submit { on: day(2010, 1, 1) }, bases(), &ALL_MET),
        Err(InvalidTransition::NoLegalBasis(day(2010, 1, 1)))
    );
    let d = run(draft, &[submit, Event::Receive]);
    let no_report = Facts {
        report: false,
        ..ALL_MET
    };
    assert_eq!(
        d.apply(&report(), bases(), &no_report),
        Err(InvalidTransition::ConditionNotMet("commune_meeting_held"))
    );
    let three = Event::IssueCommuneReport {
        assessed: commune_codes()[..3].to_vec(),
    };
    assert_eq!(
        d.apply(&three, bases(), &ALL_MET),
        Err(InvalidTransition::CommuneCriteriaMissing(vec![
            "ban_sac_dia_phuong".into()
        ]))
    );
    let d = run(d, &[report(), Event::Propose, Event::StartCheck, Event::FindEligible]);
    assert!(
        d.apply(
            &Event::Schedule,
            bases(),
            &Facts {
                batch: false,
                ..ALL_MET
            }
        )
        .is_err()
    );
    let d = run(d, &[Event::Schedule]);
    assert!(
        d.apply(&Event::OpenScoring, bases(), &Facts { sent: false, ..ALL_MET })
            .is_err()
    );
    let d = run(d, &[Event::OpenScoring]);
    let outcome = ScoringOutcome {
        score: Points(6000),
        star: Stars::new(3).unwrap(),
        rescoring_required: true,
        disqualified: false,
    };
    assert_eq!(
        d.apply(&Event::CloseScoring { outcome }, bases(), &ALL_MET),
        Err(InvalidTransition::RescoringRequired)
    );
    assert_eq!(
        d.apply(&scored(6000, 4), bases(), &ALL_MET),
        Err(InvalidTransition::StarAboveBand)
    );
    let out = ScoringOutcome {
        rescoring_required: false,
        disqualified: true,
        ..outcome
    };
    let closed = run(d, &[Event::CloseScoring { outcome: out }]);
    assert_eq!(closed.state, DossierState::NotRecognised { level: Level::Province });
    assert!(matches!(
        closed.apply(&Event::Recognise, bases(), &ALL_MET),
        Err(InvalidTransition::NotAllowed { .. })
    ));
}

#[test]
fn an_upgrade_that_does_not_rise_is_closed() {
    let kind = DossierKind::Upgrade {
        current: Stars::new(4).unwrap(),
    };
    let mut events = vec![
        Event::Submit { on: day(2025, 9, 1) },
        Event::Receive,
        report(),
        Event::Propose,
    ];
    events.extend(through_the_council());
    events.push(scored(8500, 4));
    let d = run(Dossier::new(kind), &events);
    assert_eq!(
        d.apply(&Event::Recognise, bases(), &ALL_MET),
        Err(InvalidTransition::WrongRoute(Route::NotRecognised))
    );
    assert_eq!(
        run(d, &[Event::Close]).state,
        DossierState::NotRecognised { level: Level::Province }
    );
}

#[path = "dossier_walks.rs"]
mod walks;
