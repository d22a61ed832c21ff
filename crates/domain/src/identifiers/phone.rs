//! Số điện thoại: Vietnamese phone numbers.

use crate::ErrorCode;

use super::string_identifier;

/// A Vietnamese phone number in national form.
///
/// Mobile numbers are `0` and nine digits starting 03, 05, 07, 08 or 09
/// (`0912345678`). Landlines since the 2017 renumbering are `02`, an area code
/// and the subscriber number, eleven digits in all (`02393855543`,
/// `02438253536`). Input may start with `+84`, `84` or `0084` instead of `0`
/// and may contain spaces, dots, hyphens and parentheses. Canonical form: the
/// national digits with the leading `0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

string_identifier!(PhoneNumber);

impl PhoneNumber {
    /// Parses a Vietnamese phone number.
    pub fn parse(s: &str) -> Result<Self, ErrorCode> {
        let t = s.trim();
        let (plus, rest) = match t.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' | '(' | ')' => {}
                _ => return Err(ErrorCode::InvalidPhone),
            }
        }
        let national = if plus {
            digits.strip_prefix("84").ok_or(ErrorCode::InvalidPhone)?
        } else if let Some(n) = digits.strip_prefix("0084") {
            n
        } else if let Some(n) = digits.strip_prefix('0') {
            n
        } else {
            // "84…" without the plus; "0" is handled above so no overlap.
            digits.strip_prefix("84").ok_or(ErrorCode::InvalidPhone)?
        };
        let valid = match national.as_bytes() {
            [b'3' | b'5' | b'7' | b'8' | b'9', ..] => national.len() == 9,
            [b'2', ..] => national.len() == 10,
            _ => false,
        };
        if !valid {
            return Err(ErrorCode::InvalidPhone);
        }
        Ok(PhoneNumber(format!("0{national}")))
    }

    /// The international E.164 form, `+84…`, for `tel:` links and SMS gateways.
    pub fn as_e164(&self) -> String {
        format!("+84{}", &self.0[1..])
    }

    /// True for a mobile number, false for a landline.
    pub fn is_mobile(&self) -> bool {
        !self.0.starts_with("02")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_written_form_of_a_mobile_number_agrees() {
        for input in [
            "0912345678",
            "091 234 5678",
            "0912.345.678",
            "0912-345-678",
            "+84912345678",
            "+84 912 345 678",
            "84912345678",
            "0084912345678",
            "(+84) 912 345 678",
        ] {
            let p = PhoneNumber::parse(input);
            // "(+84)" starts with a parenthesis, not a plus: it is not accepted.
            if input.starts_with('(') {
                assert_eq!(p, Err(ErrorCode::InvalidPhone));
            } else {
                assert_eq!(p.unwrap().as_str(), "0912345678", "{input}");
            }
        }
    }

    #[test]
    fn all_mobile_prefixes_are_accepted() {
        for prefix in ["03", "05", "07", "08", "09"] {
            let p = PhoneNumber::parse(&format!("{prefix}12345678")).unwrap();
            assert!(p.is_mobile());
        }
    }

    #[test]
    fn landlines_have_eleven_digits() {
        let p = PhoneNumber::parse("0239 3855 543").unwrap();
        assert_eq!(p.as_str(), "02393855543");
        assert!(!p.is_mobile());
        assert_eq!(PhoneNumber::parse("+84 24 3825 3536").unwrap().as_str(), "02438253536");
        assert_eq!(PhoneNumber::parse("0239385554"), Err(ErrorCode::InvalidPhone));
    }

    #[test]
    fn invalid_numbers_are_rejected() {
        for bad in [
            "",
            "091234567",
            "09123456789",
            "0112345678",
            "0612345678",
            "0412345678",
            "+85912345678",
            "0912abc678",
            "912345678",
            "+0912345678",
            "0912_345_678",
        ] {
            assert_eq!(PhoneNumber::parse(bad), Err(ErrorCode::InvalidPhone), "{bad:?}");
        }
    }

    #[test]
    fn e164_form() {
        assert_eq!(PhoneNumber::parse("0912345678").unwrap().as_e164(), "+84912345678");
    }

    #[test]
    fn serde_round_trips() {
        let p: PhoneNumber = serde_json::from_str("\"+84 912 345 678\"").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"0912345678\"");
        assert!(serde_json::from_str::<PhoneNumber>("\"12345\"").is_err());
    }

    proptest! {
        #[test]
        fn canonical_and_international_forms_agree(n in "0[35789][0-9]{8}|02[0-9]{9}") {
            let p = PhoneNumber::parse(&n).unwrap();
            prop_assert_eq!(p.as_str(), n.as_str());
            prop_assert_eq!(PhoneNumber::parse(&p.as_e164()), Ok(p.clone()));
        }
    }
}
