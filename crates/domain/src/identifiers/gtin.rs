//! GTIN: the GS1 trade item number printed under a product's barcode.

use crate::ErrorCode;

use super::string_identifier;

/// A Global Trade Item Number (mã số mã vạch GS1): GTIN-8, -12, -13 or -14 with
/// a correct GS1 mod-10 check digit. Vietnamese GS1 numbers begin with 893.
///
/// [`Gtin::as_str`] keeps the length as entered; [`Gtin::as_gtin14`] pads it
/// with leading zeros to the 14 digits used for comparison and storage keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gtin(String);

string_identifier!(Gtin);

impl Gtin {
    /// Parses a GTIN; surrounding whitespace and spaces between digit groups are ignored.
    pub fn parse(s: &str) -> Result<Self, ErrorCode> {
        let digits: String = s.chars().filter(|c| *c != ' ').collect::<String>().trim().to_owned();
        if !matches!(digits.len(), 8 | 12 | 13 | 14) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ErrorCode::InvalidGtin);
        }
        let (body, check) = digits.split_at(digits.len() - 1);
        if gs1_check_digit(body) != check.as_bytes()[0] - b'0' {
            return Err(ErrorCode::InvalidGtin);
        }
        Ok(Gtin(digits))
    }

    /// The GTIN-14 form: padded on the left with zeros to 14 digits.
    pub fn as_gtin14(&self) -> String {
        format!("{:0>14}", self.0)
    }
}

/// The GS1 mod-10 check digit of `body` (all digits but the check digit):
/// from the right, weights 3, 1, 3, 1, …; the check brings the sum to a multiple of 10.
fn gs1_check_digit(body: &str) -> u8 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    // `sum % 10` is below 10, so the result fits a u8.
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_gtins_are_accepted() {
        for code in [
            "4006381333931",
            "8935049500414",
            "8936036020342",
            "96385074",
            "036000291452",
            "10614141000415",
        ] {
            assert_eq!(Gtin::parse(code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn a_wrong_check_digit_is_rejected() {
        assert_eq!(Gtin::parse("4006381333932"), Err(ErrorCode::InvalidGtin));
        assert_eq!(Gtin::parse("8934588012345"), Err(ErrorCode::InvalidGtin));
        assert_eq!(Gtin::parse("96385075"), Err(ErrorCode::InvalidGtin));
    }

    #[test]
    fn wrong_lengths_and_letters_are_rejected() {
        for bad in [
            "",
            "1234567",
            "400638133393",
            "40063813339310",
            "400638133393A",
            "123456789012345",
        ] {
            assert_eq!(Gtin::parse(bad), Err(ErrorCode::InvalidGtin), "{bad:?}");
        }
    }

    #[test]
    fn gtin14_pads_with_zeros_and_identifies_the_same_item() {
        let g13 = Gtin::parse("8935049500414").unwrap();
        let g14 = Gtin::parse("08935049500414").unwrap();
        assert_eq!(g13.as_gtin14(), "08935049500414");
        assert_eq!(g13.as_gtin14(), g14.as_gtin14());
        assert_eq!(Gtin::parse("96385074").unwrap().as_gtin14(), "00000096385074");
    }

    #[test]
    fn spaces_between_groups_are_ignored() {
        assert_eq!(Gtin::parse(" 893 5049 500414 ").unwrap().as_str(), "8935049500414");
    }

    #[test]
    fn check_digit_matches_the_gs1_example() {
        // GS1's worked example: 629104150021 → check digit 3.
        assert_eq!(gs1_check_digit("629104150021"), 3);
    }

    #[test]
    fn serde_round_trips() {
        let g: Gtin = serde_json::from_str("\"4006381333931\"").unwrap();
        assert_eq!(serde_json::to_string(&g).unwrap(), "\"4006381333931\"");
        assert!(serde_json::from_str::<Gtin>("\"4006381333930\"").is_err());
    }

    proptest! {
        #[test]
        fn any_body_with_its_check_digit_parses_and_one_wrong_digit_fails(
            body in "[0-9]{12}", pos in 0usize..13, delta in 1u8..10,
        ) {
            let code = format!("{body}{}", gs1_check_digit(&body));
            let gtin = Gtin::parse(&code).unwrap();
            prop_assert_eq!(gtin.as_gtin14().len(), 14);
            prop_assert_eq!(Gtin::parse(gtin.as_str()), Ok(gtin.clone()));
            let mut bytes = code.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            prop_assert_eq!(Gtin::parse(&String::from_utf8(bytes).unwrap()), Err(ErrorCode::InvalidGtin));
        }
    }
}
