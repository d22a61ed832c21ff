//! Số đăng ký kinh doanh: registration number of a household business or cooperative group.

use crate::ErrorCode;

use super::string_identifier;

/// A business registration number (số giấy chứng nhận đăng ký hộ kinh doanh,
/// tổ hợp tác) issued by a district, whose format varies by district.
///
/// Accepted: 6–20 characters of ASCII letters, digits, `-` or `/`, with at
/// least four digits. Canonical form: trimmed and upper-case (`27A8012345`,
/// `01/HKD-2019`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegistrationNumber(String);

string_identifier!(RegistrationNumber);

impl RegistrationNumber {
    /// Parses a registration number; surrounding whitespace is ignored.
    pub fn parse(s: &str) -> Result<Self, ErrorCode> {
        let t = s.trim();
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '/';
        let len = t.chars().count();
        let digits = t.chars().filter(char::is_ascii_digit).count();
        if !(6..=20).contains(&len) || !t.chars().all(allowed) || digits < 4 {
            return Err(ErrorCode::InvalidRegistrationNumber);
        }
        Ok(RegistrationNumber(t.to_ascii_uppercase()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn district_formats_are_accepted_and_upper_cased() {
        assert_eq!(
            RegistrationNumber::parse(" 27a8012345 ").unwrap().as_str(),
            "27A8012345"
        );
        assert_eq!(
            RegistrationNumber::parse("01/hkd-2019").unwrap().as_str(),
            "01/HKD-2019"
        );
        assert_eq!(RegistrationNumber::parse("123456").unwrap().as_str(), "123456");
    }

    #[test]
    fn length_limits_hold() {
        assert!(RegistrationNumber::parse("12345").is_err());
        assert!(RegistrationNumber::parse("12345678901234567890").is_ok());
        assert_eq!(
            RegistrationNumber::parse("123456789012345678901"),
            Err(ErrorCode::InvalidRegistrationNumber)
        );
    }

    #[test]
    fn too_few_digits_or_foreign_characters_are_rejected() {
        for bad in [
            "ABC-123",
            "HKD/ABC/12",
            "1234 5678",
            "12345_678",
            "12345đ678",
            "",
            "12.3456",
        ] {
            assert_eq!(
                RegistrationNumber::parse(bad),
                Err(ErrorCode::InvalidRegistrationNumber),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn serde_uses_the_canonical_string() {
        let r: RegistrationNumber = serde_json::from_str("\"hkd-1234\"").unwrap();
        assert_eq!(serde_json::to_value(&r).unwrap(), serde_json::json!("HKD-1234"));
        assert!(serde_json::from_str::<RegistrationNumber>("\"x\"").is_err());
    }
}
