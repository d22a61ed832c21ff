//! Oversight after the star (hậu kiểm): inspection plans, inspection records, findings with
//! deadlines to remedy, the consequences they propose to the issuing authority, and cases
//! opened from fake reports, unusual scans and agencies' complaints.
//!
//! Everything here is pure: the kinds as enums with their stored names and labels
//! ([`kinds`]), the workflows as enums whose transition methods return the next state or an
//! [`InvalidStep`] ([`workflow`]), and the rules on deadlines and consequences ([`rules`]).

pub mod input;
pub mod kinds;
pub mod rules;
pub mod workflow;

pub use kinds::{CaseOutcome, CaseSource, FindingKind, InspectionGround, LeadAgency, Severity};
pub use rules::{Consequence, add_working_days, consequence_on, remedy_deadline};
pub use workflow::{CaseStatus, FindingStatus, InspectionStatus, InvalidStep, PlanStatus};

/// Stored names and labels shared by every oversight enum.
pub trait Coded: Sized + Copy + 'static {
    /// Every value, in display order.
    const VALUES: &'static [Self];
    /// The stored snake_case name.
    fn as_str(self) -> &'static str;
    /// Vietnamese and English labels.
    fn label(self) -> (&'static str, &'static str);
    /// Parses a stored name.
    fn parse(code: &str) -> Result<Self, crate::ErrorCode> {
        Self::VALUES
            .iter()
            .copied()
            .find(|v| v.as_str() == code.trim())
            .ok_or(crate::ErrorCode::InvalidChoice)
    }
    /// The Vietnamese label.
    fn label_vi(self) -> &'static str {
        self.label().0
    }
}

/// Declares a coded enum: variants with their stored name and labels.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $vi:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $crate::oversight::Coded for $name {
            const VALUES: &'static [Self] = &[$($name::$variant,)+];
            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }
            fn label(self) -> (&'static str, &'static str) {
                match self { $($name::$variant => ($vi, $en),)+ }
            }
        }
    };
}
pub(crate) use coded_enum;

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Coded + PartialEq + std::fmt::Debug + serde::Serialize>() {
        for v in T::VALUES {
            assert_eq!(T::parse(v.as_str()).unwrap(), *v);
            assert_eq!(
                serde_json::to_value(v).unwrap(),
                serde_json::Value::String(v.as_str().into())
            );
        }
        assert!(T::parse("nonsense").is_err());
    }

    #[test]
    fn stored_names_match_serde_and_parse_back() {
        round_trip::<LeadAgency>();
        round_trip::<InspectionGround>();
        round_trip::<Severity>();
        round_trip::<FindingKind>();
        round_trip::<CaseSource>();
        round_trip::<CaseOutcome>();
        round_trip::<PlanStatus>();
        round_trip::<InspectionStatus>();
        round_trip::<FindingStatus>();
        round_trip::<CaseStatus>();
    }
}
