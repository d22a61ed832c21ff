use super::*;

/// Side conditions as plain answers.
#[derive(Debug, Clone, Copy)]
struct Facts {
    sent: bool,
    quorum: bool,
    dossiers: bool,
}

const ALL_MET: Facts = Facts {
    sent: true,
    quorum: true,
    dossiers: true,
};

impl OpenConditions for Facts {
    fn sent_in_time(&self) -> bool {
        self.sent
    }
    fn quorum_present(&self) -> bool {
        self.quorum
    }
    fn has_dossiers(&self) -> bool {
        self.dossiers
    }
}

/// Every batch step from `state`, `None` where it is refused.
fn batch_steps(state: BatchState) -> Vec<(BatchStep, Option<BatchState>)> {
    BatchStep::ALL
        .iter()
        .map(|&step| {
            let next = match step {
                BatchStep::Schedule => state.schedule(),
                BatchStep::Send => state.send(),
                BatchStep::RecordAttendance => state.record_attendance(),
                BatchStep::Open => state.open(&ALL_MET),
                BatchStep::Close => state.close(),
                BatchStep::Recognise => state.recognise(),
                BatchStep::Withdraw => state.withdraw(),
            };
            if let Err(e) = next {
                assert_eq!(e, InvalidTransition::Batch { from: state, step }, "{state:?} {step:?}");
            }
            (step, next.ok())
        })
        .collect()
}

#[test]
fn a_batch_allows_exactly_its_steps() {
    use BatchState as B;
    use BatchStep as S;
    let allowed = |state: BatchState| -> Vec<(BatchStep, BatchState)> {
        batch_steps(state)
            .into_iter()
            .filter_map(|(step, next)| next.map(|n| (step, n)))
            .collect()
    };
    assert_eq!(
        allowed(B::Planned),
        vec![
            (S::Schedule, B::Planned),
            (S::Send, B::Planned),
            (S::RecordAttendance, B::Planned),
            (S::Open, B::Scoring),
        ]
    );
    assert_eq!(
        allowed(B::Scoring),
        vec![(S::RecordAttendance, B::Scoring), (S::Close, B::Closed)]
    );
    assert_eq!(allowed(B::Closed), vec![(S::Recognise, B::Recognised)]);
    assert_eq!(allowed(B::Recognised), vec![(S::Withdraw, B::Withdrawn)]);
    assert_eq!(allowed(B::Withdrawn), vec![(S::Recognise, B::Recognised)]);
}

#[test]
fn a_round_runs_from_planned_to_a_reissued_decision() {
    let state = BatchState::new();
    assert_eq!(state, BatchState::Planned);
    let state = state.schedule().and_then(BatchState::send).unwrap();
    let state = state.record_attendance().unwrap().open(&ALL_MET).unwrap();
    assert_eq!(state, BatchState::Scoring);
    let state = state.close().unwrap();
    assert!(!state.has_decision());
    let state = state.recognise().unwrap();
    assert!(state.has_decision());
    let state = state.withdraw().unwrap();
    assert!(state.has_decision() && state.is_reissue());
    assert_eq!(state.recognise(), Ok(BatchState::Recognised));
}

#[test]
fn opening_asks_its_conditions_in_order() {
    let planned = BatchState::Planned;
    let none = Facts {
        sent: false,
        quorum: false,
        dossiers: false,
    };
    assert_eq!(planned.open(&none), Err(InvalidTransition::NotSentInTime));
    let sent = Facts { sent: true, ..none };
    assert_eq!(planned.open(&sent), Err(InvalidTransition::NoQuorumPresent));
    let quorate = Facts { quorum: true, ..sent };
    assert_eq!(planned.open(&quorate), Err(InvalidTransition::NoDossiers));
    // The state is checked first: a closed batch does not open, whatever the facts.
    assert_eq!(
        BatchState::Closed.open(&none),
        Err(InvalidTransition::Batch {
            from: BatchState::Closed,
            step: BatchStep::Open
        })
    );
}

#[test]
fn refusals_carry_stable_codes() {
    let refused = BatchState::Recognised.close().unwrap_err();
    assert_eq!(ErrorCode::from(refused), ErrorCode::BatchState);
    let refused = BatchDossierState::Closed.score().unwrap_err();
    assert_eq!(ErrorCode::from(refused), ErrorCode::BatchState);
    assert_eq!(
        ErrorCode::from(InvalidTransition::NotSentInTime),
        ErrorCode::NotSentInTime
    );
    assert_eq!(
        ErrorCode::from(InvalidTransition::NoQuorumPresent),
        ErrorCode::NoQuorumPresent
    );
}

#[test]
fn a_dossier_in_a_batch_allows_exactly_its_steps() {
    use BatchDossierState as D;
    use BatchDossierStep as S;
    let allowed = |state: D| -> Vec<(S, D)> {
        S::ALL
            .iter()
            .filter_map(|&step| {
                let next = match step {
                    S::OpenScoring => state.open_scoring(),
                    S::Score => state.score(),
                    S::RecordDisqualifiers => state.record_disqualifiers(),
                    S::NewRound => state.new_round(),
                    S::CloseScoring => state.close_scoring(),
                    S::Decide => state.decide(),
                };
                match next {
                    Ok(n) => Some((step, n)),
                    Err(e) => {
                        assert_eq!(e, InvalidTransition::Dossier { from: state, step });
                        None
                    }
                }
            })
            .collect()
    };
    assert_eq!(allowed(D::Scheduled), vec![(S::OpenScoring, D::Scoring)]);
    assert_eq!(
        allowed(D::Scoring),
        vec![
            (S::Score, D::Scoring),
            (S::RecordDisqualifiers, D::Scoring),
            (S::NewRound, D::Scoring),
            (S::CloseScoring, D::Closed),
        ]
    );
    assert_eq!(allowed(D::Closed), vec![(S::Decide, D::Decided)]);
    assert_eq!(allowed(D::Decided), vec![]);
    assert!(!D::Scheduled.has_result() && !D::Scoring.has_result());
    assert!(D::Closed.has_result() && D::Decided.has_result());
    assert_eq!(D::new(), D::Scheduled);
}

#[test]
fn stored_names_round_trip_and_every_value_has_a_vietnamese_label() {
    fn check<T: Copy + PartialEq + std::fmt::Debug + serde::Serialize>(
        all: &[T],
        as_str: fn(T) -> &'static str,
        parse: fn(&str) -> Result<T, crate::named::UnknownName>,
        label: fn(T) -> (&'static str, &'static str),
    ) {
        for &v in all {
            assert_eq!(parse(as_str(v)), Ok(v));
            assert_eq!(serde_json::to_value(v).unwrap(), serde_json::json!(as_str(v)));
            let (vi, en) = label(v);
            assert!(!vi.is_empty() && !en.is_empty() && vi != as_str(v), "{v:?}");
        }
    }
    check(
        BatchState::ALL,
        BatchState::as_str,
        BatchState::parse,
        BatchState::label,
    );
    check(BatchStep::ALL, BatchStep::as_str, BatchStep::parse, BatchStep::label);
    check(
        BatchDossierState::ALL,
        BatchDossierState::as_str,
        BatchDossierState::parse,
        BatchDossierState::label,
    );
    check(
        BatchDossierStep::ALL,
        BatchDossierStep::as_str,
        BatchDossierStep::parse,
        BatchDossierStep::label,
    );
    check(
        RoundReason::ALL,
        RoundReason::as_str,
        RoundReason::parse,
        RoundReason::label,
    );
    check(
        BatchRoute::ALL,
        BatchRoute::as_str,
        BatchRoute::parse,
        BatchRoute::label,
    );
    // The names stored before the enums existed.
    let stored: Vec<&str> = BatchState::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(stored, ["planned", "scoring", "closed", "recognised", "withdrawn"]);
    let stored: Vec<&str> = BatchDossierState::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(stored, ["scheduled", "scoring", "closed", "decided"]);
    assert!(BatchState::parse("rescoring").is_err());
    assert_eq!(RoundReason::parse(" rescoring "), Ok(RoundReason::Rescoring));
}

#[test]
fn a_route_reads_as_its_level_decides_it() {
    assert_eq!(BatchRoute::from(&Route::NotRecognised), BatchRoute::NotRecognised);
    assert_eq!(BatchRoute::from(&Route::Forward(Level::Central)), BatchRoute::Forward);
    assert_eq!(BatchRoute::Recognise.label_at(Level::Province).0, "Công nhận");
    assert_eq!(
        BatchRoute::Forward.label_at(Level::District).0,
        "Đề xuất cấp trên đánh giá"
    );
    assert!(BatchRoute::Forward.label_at(Level::Province).0.contains("đề nghị Bộ"));
    assert_eq!(BatchRoute::Recognise.label_at(Level::Central).0, "Bộ công nhận 5 sao");
    assert!(
        BatchRoute::NotRecognised
            .label_at(Level::Central)
            .0
            .contains("giữ 4 sao")
    );
}
