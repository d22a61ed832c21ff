//! The cycle before the dossier (chu trình OCOP, steps 2 and 3) as explicit state machines:
//! a product idea (phiếu đăng ký ý tưởng sản phẩm) and a business plan (phương án sản xuất
//! kinh doanh), each answered by the commune.
//!
//! Idea: submitted → accepted | returned (→ submitted again when supplemented).
//! Business plan: draft → submitted → approved | returned (→ edited and submitted again).
//!
//! Each step is a method returning the next state or [`InvalidTransition`]; the stored names,
//! the step names recorded in `cycle_step` and the labels live in the declarations below.

use crate::ErrorCode;
use crate::named_enum;

named_enum! {
    /// Where a product idea stands.
    pub enum IdeaState {
        /// Submitted; the commune answers within its deadline.
        Submitted = "submitted" => ("Chờ xã trả lời", "Waiting for the commune"),
        /// Accepted by the commune: a business plan may follow.
        Accepted = "accepted" => ("Được chấp nhận", "Accepted"),
        /// Returned by the commune with a reason, to be supplemented.
        Returned = "returned" => ("Bị trả lại", "Returned"),
    }
}

named_enum! {
    /// A step on a product idea (the `action` recorded in `cycle_step`, and what a page offers).
    pub enum IdeaStep {
        /// The producer registers the idea.
        Submit = "submit" => ("Nộp", "Submitted"),
        /// The commune accepts it.
        Accept = "accept" => ("Chấp nhận", "Accepted"),
        /// The commune returns it with a reason.
        Return = "return" => ("Trả lại", "Returned"),
        /// The producer supplements a returned idea and submits it again.
        Resubmit = "resubmit" => ("Bổ sung và nộp lại", "Supplemented and resubmitted"),
        /// The producer drafts the business plan of an accepted idea.
        Plan = "plan" => ("Lập phương án kinh doanh", "Draft the business plan"),
    }
}

named_enum! {
    /// Where a business plan stands.
    pub enum PlanState {
        /// Being prepared by the producer.
        Draft = "draft" => ("Nháp", "Draft"),
        /// Submitted; the commune answers within its deadline.
        Submitted = "submitted" => ("Chờ xã trả lời", "Waiting for the commune"),
        /// Approved by the commune.
        Approved = "approved" => ("Được phê duyệt", "Approved"),
        /// Returned by the commune with a reason, to be edited and submitted again.
        Returned = "returned" => ("Bị trả lại", "Returned"),
    }
}

named_enum! {
    /// A step on a business plan (the `action` recorded in `cycle_step`, and what a page offers).
    pub enum PlanStep {
        /// The producer drafts it.
        Create = "create" => ("Lập nháp", "Drafted"),
        /// The producer edits a draft or a returned plan.
        Edit = "edit" => ("Sửa nội dung", "Edited"),
        /// The producer submits it (again after a return).
        Submit = "submit" => ("Nộp", "Submitted"),
        /// The commune approves it.
        Approve = "approve" => ("Phê duyệt", "Approved"),
        /// The commune returns it with a reason.
        Return = "return" => ("Trả lại", "Returned"),
    }
}

/// Why a step does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTransition {
    /// The step makes no sense for an idea in this state.
    #[error("{step:?} is not possible for an idea in state {from:?}")]
    Idea { from: IdeaState, step: IdeaStep },
    /// The step makes no sense for a plan in this state.
    #[error("{step:?} is not possible for a business plan in state {from:?}")]
    Plan { from: PlanState, step: PlanStep },
}

impl From<InvalidTransition> for ErrorCode {
    fn from(_: InvalidTransition) -> Self {
        ErrorCode::InvalidTransition
    }
}

impl IdeaState {
    fn only(self, step: IdeaStep, from: IdeaState, to: IdeaState) -> Result<IdeaState, InvalidTransition> {
        if self == from {
            Ok(to)
        } else {
            Err(InvalidTransition::Idea { from: self, step })
        }
    }

    /// A registered idea.
    pub fn submit() -> Self {
        IdeaState::Submitted
    }

    /// The commune accepts: submitted → accepted.
    pub fn accept(self) -> Result<IdeaState, InvalidTransition> {
        self.only(IdeaStep::Accept, IdeaState::Submitted, IdeaState::Accepted)
    }

    /// The commune returns it (with a reason, the service's to require): submitted → returned.
    pub fn send_back(self) -> Result<IdeaState, InvalidTransition> {
        self.only(IdeaStep::Return, IdeaState::Submitted, IdeaState::Returned)
    }

    /// The producer supplements it: returned → submitted.
    pub fn resubmit(self) -> Result<IdeaState, InvalidTransition> {
        self.only(IdeaStep::Resubmit, IdeaState::Returned, IdeaState::Submitted)
    }

    /// A business plan may be drafted from an accepted idea only.
    pub fn plan(self) -> Result<IdeaState, InvalidTransition> {
        self.only(IdeaStep::Plan, IdeaState::Accepted, self)
    }

    /// The steps possible from here, in the order pages offer them.
    pub fn steps(self) -> Vec<IdeaStep> {
        IdeaStep::ALL
            .iter()
            .copied()
            .filter(|&step| match step {
                IdeaStep::Submit => false,
                IdeaStep::Accept => self.accept().is_ok(),
                IdeaStep::Return => self.send_back().is_ok(),
                IdeaStep::Resubmit => self.resubmit().is_ok(),
                IdeaStep::Plan => self.plan().is_ok(),
            })
            .collect()
    }

    /// Waiting for the commune's answer (its deadline runs).
    pub fn awaits_answer(self) -> bool {
        self == IdeaState::Submitted
    }
}

impl PlanState {
    fn only(self, step: PlanStep, from: &[PlanState], to: PlanState) -> Result<PlanState, InvalidTransition> {
        if from.contains(&self) {
            Ok(to)
        } else {
            Err(InvalidTransition::Plan { from: self, step })
        }
    }

    /// A new plan.
    pub fn create() -> Self {
        PlanState::Draft
    }

    /// The producer edits it: a draft or a returned plan, state unchanged.
    pub fn edit(self) -> Result<PlanState, InvalidTransition> {
        self.only(PlanStep::Edit, &[PlanState::Draft, PlanState::Returned], self)
    }

    /// The producer submits: draft or returned → submitted.
    pub fn submit(self) -> Result<PlanState, InvalidTransition> {
        self.only(
            PlanStep::Submit,
            &[PlanState::Draft, PlanState::Returned],
            PlanState::Submitted,
        )
    }

    /// The commune approves: submitted → approved.
    pub fn approve(self) -> Result<PlanState, InvalidTransition> {
        self.only(PlanStep::Approve, &[PlanState::Submitted], PlanState::Approved)
    }

    /// The commune returns it (with a reason, the service's to require): submitted → returned.
    pub fn send_back(self) -> Result<PlanState, InvalidTransition> {
        self.only(PlanStep::Return, &[PlanState::Submitted], PlanState::Returned)
    }

    /// Applies a step by name.
    pub fn apply(self, step: PlanStep) -> Result<PlanState, InvalidTransition> {
        match step {
            PlanStep::Create => Err(InvalidTransition::Plan { from: self, step }),
            PlanStep::Edit => self.edit(),
            PlanStep::Submit => self.submit(),
            PlanStep::Approve => self.approve(),
            PlanStep::Return => self.send_back(),
        }
    }

    /// The steps possible from here, in the order pages offer them.
    pub fn steps(self) -> Vec<PlanStep> {
        PlanStep::ALL
            .iter()
            .copied()
            .filter(|&step| self.apply(step).is_ok())
            .collect()
    }

    /// Waiting for the commune's answer (its deadline runs).
    pub fn awaits_answer(self) -> bool {
        self == PlanState::Submitted
    }
}

/// The label of a step recorded in `cycle_step` (an idea's or a plan's), or none.
pub fn step_label(action: &str) -> Option<(&'static str, &'static str)> {
    IdeaStep::parse(action)
        .map(IdeaStep::label)
        .or_else(|_| PlanStep::parse(action).map(PlanStep::label))
        .ok()
}

/// The label of a state recorded in `cycle_step` (an idea's or a plan's), or none.
pub fn state_label(state: &str) -> Option<(&'static str, &'static str)> {
    IdeaState::parse(state)
        .map(IdeaState::label)
        .or_else(|_| PlanState::parse(state).map(PlanState::label))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idea_allows_exactly_its_steps() {
        use IdeaState as I;
        use IdeaStep as S;
        assert_eq!(I::submit(), I::Submitted);
        assert_eq!(I::Submitted.steps(), vec![S::Accept, S::Return]);
        assert_eq!(I::Accepted.steps(), vec![S::Plan]);
        assert_eq!(I::Returned.steps(), vec![S::Resubmit]);
        assert_eq!(I::Submitted.accept(), Ok(I::Accepted));
        assert_eq!(I::Submitted.send_back(), Ok(I::Returned));
        assert_eq!(I::Returned.resubmit(), Ok(I::Submitted));
        assert_eq!(I::Accepted.plan(), Ok(I::Accepted));
        for (state, step, result) in [
            (I::Accepted, S::Accept, I::Accepted.accept()),
            (I::Returned, S::Accept, I::Returned.accept()),
            (I::Accepted, S::Return, I::Accepted.send_back()),
            (I::Returned, S::Return, I::Returned.send_back()),
            (I::Submitted, S::Resubmit, I::Submitted.resubmit()),
            (I::Accepted, S::Resubmit, I::Accepted.resubmit()),
            (I::Submitted, S::Plan, I::Submitted.plan()),
            (I::Returned, S::Plan, I::Returned.plan()),
        ] {
            assert_eq!(result, Err(InvalidTransition::Idea { from: state, step }));
        }
        assert!(I::Submitted.awaits_answer() && !I::Returned.awaits_answer());
    }

    #[test]
    fn a_plan_allows_exactly_its_steps() {
        use PlanState as P;
        use PlanStep as S;
        assert_eq!(P::create(), P::Draft);
        assert_eq!(P::Draft.steps(), vec![S::Edit, S::Submit]);
        assert_eq!(P::Returned.steps(), vec![S::Edit, S::Submit]);
        assert_eq!(P::Submitted.steps(), vec![S::Approve, S::Return]);
        assert_eq!(P::Approved.steps(), vec![]);
        assert_eq!(P::Draft.submit(), Ok(P::Submitted));
        assert_eq!(P::Returned.submit(), Ok(P::Submitted));
        assert_eq!(P::Returned.edit(), Ok(P::Returned));
        assert_eq!(P::Submitted.approve(), Ok(P::Approved));
        assert_eq!(P::Submitted.send_back(), Ok(P::Returned));
        for state in P::ALL.iter().copied() {
            assert_eq!(
                state.apply(S::Create),
                Err(InvalidTransition::Plan {
                    from: state,
                    step: S::Create
                })
            );
        }
        assert_eq!(
            P::Approved.submit(),
            Err(InvalidTransition::Plan {
                from: P::Approved,
                step: S::Submit
            })
        );
        assert_eq!(
            P::Submitted.edit(),
            Err(InvalidTransition::Plan {
                from: P::Submitted,
                step: S::Edit
            })
        );
        assert_eq!(
            P::Draft.approve(),
            Err(InvalidTransition::Plan {
                from: P::Draft,
                step: S::Approve
            })
        );
        assert_eq!(
            P::Returned.send_back(),
            Err(InvalidTransition::Plan {
                from: P::Returned,
                step: S::Return
            })
        );
        assert_eq!(
            ErrorCode::from(P::Approved.submit().unwrap_err()),
            ErrorCode::InvalidTransition
        );
    }

    #[test]
    fn stored_names_stay_and_every_recorded_step_has_a_label() {
        let names: Vec<&str> = IdeaState::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ["submitted", "accepted", "returned"]);
        let names: Vec<&str> = PlanState::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ["draft", "submitted", "approved", "returned"]);
        for action in ["create", "edit", "submit", "resubmit", "accept", "approve", "return"] {
            assert!(step_label(action).is_some(), "{action}");
        }
        for state in ["draft", "submitted", "accepted", "approved", "returned"] {
            assert!(state_label(state).is_some(), "{state}");
        }
        assert_eq!(step_label("rescoring"), None);
        for s in PlanState::ALL {
            assert_eq!(PlanState::parse(s.as_str()), Ok(*s));
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(s.as_str()));
        }
        for s in IdeaState::ALL {
            assert_eq!(IdeaState::parse(s.as_str()), Ok(*s));
        }
    }
}
