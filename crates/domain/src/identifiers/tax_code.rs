//! Mã số thuế / mã số doanh nghiệp: the Vietnamese tax and enterprise code.

use crate::ErrorCode;

use super::string_identifier;

/// Weights of the first nine digits in the check-digit formula.
const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// A Vietnamese tax code (mã số thuế), also the enterprise code (mã số doanh nghiệp).
///
/// Ten digits (two for the province of first registration, seven sequential,
/// one check digit), or for a dependent unit (chi nhánh, đơn vị phụ thuộc) the
/// parent's ten digits, a hyphen and a three-digit branch number 001–999.
/// Canonical form: `0100109106` or `0100109106-001`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaxCode(String);

string_identifier!(TaxCode);

impl TaxCode {
    /// Parses a tax code as people type it: spaces and dots are ignored
    /// (`0101 234 567`, `0100.109.106`), the branch may be joined by a hyphen
    /// or written as 13 plain digits.
    pub fn parse(s: &str) -> Result<Self, ErrorCode> {
        let compact: String = s.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
        let (main, branch) = match compact.split_once('-') {
            Some((main, branch)) => (main, Some(branch)),
            None if compact.len() == 13 => compact
                .split_at_checked(10)
                .map_or((compact.as_str(), None), |(m, b)| (m, Some(b))),
            None => (compact.as_str(), None),
        };
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if main.len() != 10 || !all_digits(main) {
            return Err(ErrorCode::InvalidTaxCode);
        }
        if tax_code_check_digit(&main[..9]) != Some(main.as_bytes()[9] - b'0') {
            return Err(ErrorCode::InvalidTaxCode);
        }
        match branch {
            None => Ok(TaxCode(main.to_owned())),
            Some(b) if b.len() == 3 && all_digits(b) && b != "000" => Ok(TaxCode(format!("{main}-{b}"))),
            Some(_) => Err(ErrorCode::InvalidTaxCode),
        }
    }

    /// The ten-digit code of the enterprise itself (without the branch number).
    pub fn head_office(&self) -> &str {
        &self.0[..10]
    }

    /// The branch number (`001`–`999`) of a dependent unit, if any.
    pub fn branch(&self) -> Option<&str> {
        self.0.get(11..)
    }

    /// A valid ten-digit tax code derived deterministically from `seed`, for
    /// demonstration and test data. Different seeds usually give different codes.
    pub fn generate_valid(seed: u64) -> TaxCode {
        let mut state = seed;
        loop {
            let mut r = splitmix64(&mut state);
            // Province prefix 01–99, then seven digits.
            let mut body = format!("{:02}", 1 + r % 99);
            r /= 99;
            body.push_str(&format!("{:07}", r % 10_000_000));
            if let Some(check) = tax_code_check_digit(&body) {
                body.push(char::from(b'0' + check));
                return TaxCode(body);
            }
            // About one body in eleven has no check digit; draw again.
        }
    }
}

/// The check digit (N10) of a tax code from its first nine digits, or `None`
/// when the nine digits are not a usable body or the formula yields 10.
///
/// Formula of the General Department of Taxation: N10 = 10 − (Σ Nᵢ·Wᵢ mod 11)
/// with W = 31, 29, 23, 19, 17, 13, 7, 5, 3. It agrees with published codes
/// such as Viettel 0100109106, Vinamilk 0300588569, FPT 0101248141,
/// Vietcombank 0100112437 and Petrolimex 0100107370. When the formula gives 10
/// the body is not issued, so such a code is rejected (some third-party
/// validators instead accept 0 there; change it here if real codes need it).
pub fn tax_code_check_digit(first_nine: &str) -> Option<u8> {
    if first_nine.len() != 9 || !first_nine.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first_nine
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = 10 - sum % 11;
    u8::try_from(check).ok().filter(|c| *c <= 9)
}

/// SplitMix64: a tiny deterministic generator, enough for demo data.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_published_codes_pass_the_check() {
        for code in ["0100109106", "0300588569", "0101248141", "0100112437", "0100107370"] {
            assert_eq!(
                TaxCode::parse(code).map(|t| t.to_string()),
                Ok(code.to_owned()),
                "{code}"
            );
        }
    }

    #[test]
    fn a_wrong_check_digit_is_rejected() {
        assert_eq!(TaxCode::parse("0100109107"), Err(ErrorCode::InvalidTaxCode));
        assert_eq!(TaxCode::parse("0300588560"), Err(ErrorCode::InvalidTaxCode));
    }

    #[test]
    fn formula_result_ten_is_invalid() {
        // 1·31 + 8·3 = 55 ≡ 0 (mod 11), so the formula gives 10: no digit fits.
        assert_eq!(tax_code_check_digit("100000008"), None);
        for last in 0..=9 {
            assert_eq!(
                TaxCode::parse(&format!("100000008{last}")),
                Err(ErrorCode::InvalidTaxCode)
            );
        }
        assert_eq!(tax_code_check_digit("010010910"), Some(6));
        assert_eq!(tax_code_check_digit("01001091"), None);
    }

    #[test]
    fn typed_separators_are_tolerated() {
        let t = TaxCode::parse(" 0100 109 106 ").unwrap();
        assert_eq!(t.as_str(), "0100109106");
        assert_eq!(TaxCode::parse("0100.109.106").unwrap(), t);
        assert_eq!(t.branch(), None);
    }

    #[test]
    fn branches_are_canonicalised() {
        for input in ["0100109106-001", "0100109106 - 001", "0100109106001"] {
            let t = TaxCode::parse(input).unwrap();
            assert_eq!(t.as_str(), "0100109106-001", "{input}");
            assert_eq!(t.head_office(), "0100109106");
            assert_eq!(t.branch(), Some("001"));
        }
    }

    #[test]
    fn malformed_codes_are_rejected() {
        for bad in [
            "",
            "010010910",
            "01001091066",
            "0100109106-01",
            "0100109106-000",
            "0100109106-0a1",
            "01001O9106",
            "0100109106-001-002",
            "-001",
        ] {
            assert_eq!(TaxCode::parse(bad), Err(ErrorCode::InvalidTaxCode), "{bad:?}");
        }
    }

    #[test]
    fn a_bad_head_office_makes_the_branch_bad() {
        assert_eq!(TaxCode::parse("0100109107-001"), Err(ErrorCode::InvalidTaxCode));
    }

    #[test]
    fn serde_round_trips_through_parse() {
        let t: TaxCode = serde_json::from_str("\"0100 109 106-002\"").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"0100109106-002\"");
        assert!(serde_json::from_str::<TaxCode>("\"0100109107\"").is_err());
    }

    #[test]
    fn generate_valid_is_deterministic_and_varied() {
        assert_eq!(TaxCode::generate_valid(7), TaxCode::generate_valid(7));
        let distinct: std::collections::HashSet<_> = (0..100).map(TaxCode::generate_valid).collect();
        assert!(distinct.len() > 95);
    }

    proptest! {
        #[test]
        fn generated_codes_parse(seed in any::<u64>()) {
            let t = TaxCode::generate_valid(seed);
            prop_assert_eq!(TaxCode::parse(t.as_str()), Ok(t.clone()));
            prop_assert_ne!(&t.as_str()[..2], "00");
        }

        #[test]
        fn changing_one_digit_breaks_the_check(seed in any::<u64>(), pos in 0usize..10, delta in 1u8..10) {
            let t = TaxCode::generate_valid(seed);
            let mut bytes = t.as_str().as_bytes().to_vec();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let altered = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(TaxCode::parse(&altered), Err(ErrorCode::InvalidTaxCode));
        }
    }
}
