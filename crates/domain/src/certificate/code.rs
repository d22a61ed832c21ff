//! The certificate number printed on the paper and the public verification
//! code behind its QR code.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Stars;
use crate::ErrorCode;

/// Crockford's base32 alphabet (no I, L, O, U).
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Random bytes in a verification code: 104 bits.
pub const CODE_BYTES: usize = 13;
/// Characters in a verification code (104 bits, 5 bits a character, zero-padded).
pub const CODE_LEN: usize = 21;

/// Mã xác thực: the public code in `/v/{code}`.
///
/// 104 bits from the operating system's random generator (the service draws
/// them; this type only encodes), written in Crockford base32. There is no
/// check character and no sequence in it, so one code says nothing about any
/// other: codes cannot be guessed or enumerated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VerificationCode(String);

impl VerificationCode {
    /// Encodes random bytes.
    pub fn from_random(bytes: [u8; CODE_BYTES]) -> Self {
        let mut out = String::with_capacity(CODE_LEN);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for byte in bytes {
            buffer = (buffer << 8) | u32::from(byte);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.push(CROCKFORD[((buffer >> bits) & 31) as usize] as char);
            }
        }
        if bits > 0 {
            out.push(CROCKFORD[((buffer << (5 - bits)) & 31) as usize] as char);
        }
        Self(out)
    }

    /// Parses a typed or scanned code: case-insensitive, `O`→0, `I`/`L`→1, hyphens and spaces ignored.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        let mut out = String::with_capacity(CODE_LEN);
        for c in text.chars() {
            let c = match c.to_ascii_uppercase() {
                '-' | ' ' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
                _ => return Err(ErrorCode::NotFound),
            };
            out.push(c);
        }
        if out.len() != CODE_LEN {
            return Err(ErrorCode::NotFound);
        }
        Ok(Self(out))
    }

    /// The canonical text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Số giấy chứng nhận: `{province code}-{year}-{stars}S-{sequence:05}`,
/// e.g. `42-2026-4S-00017` — the 17th 4★ certificate numbered in province 42
/// (today's code) in 2026. The sequence runs per province, year and star class.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CertificateNumber(String);

impl CertificateNumber {
    /// Builds a number.
    pub fn new(province_code: &str, year: i32, stars: Stars, sequence: u32) -> Self {
        Self(format!("{}-{year:04}-{}S-{sequence:05}", province_code, stars.get()))
    }

    /// The prefix shared by every number of a province, year and star class (`42-2026-4S-`).
    pub fn prefix(province_code: &str, year: i32, stars: Stars) -> String {
        format!("{province_code}-{year:04}-{}S-", stars.get())
    }

    /// Parses an existing number (imports keep the number printed on the paper if it has one).
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        let text = text.trim();
        if text.is_empty() || text.len() > 60 || text.chars().any(|c| c.is_control()) {
            return Err(ErrorCode::InvalidChoice);
        }
        Ok(Self(text.to_owned()))
    }

    /// The sequence of a number in our format, if it is one.
    pub fn sequence(&self) -> Option<u32> {
        let (_, seq) = self.0.rsplit_once('-')?;
        (seq.len() == 5).then(|| seq.parse().ok()).flatten()
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_have_21_crockford_characters() {
        let code = VerificationCode::from_random([0xff; CODE_BYTES]);
        assert_eq!(code.as_str().len(), CODE_LEN);
        assert_eq!(code.as_str(), "ZZZZZZZZZZZZZZZZZZZZY");
        let zero = VerificationCode::from_random([0; CODE_BYTES]);
        assert_eq!(zero.as_str(), "000000000000000000000");
    }

    #[test]
    fn typing_mistakes_are_forgiven_and_garbage_refused() {
        let code = VerificationCode::from_random([0x5a; CODE_BYTES]);
        let typed = code.as_str().to_lowercase();
        assert_eq!(VerificationCode::parse(&typed).unwrap(), code);
        assert_eq!(
            VerificationCode::parse("0O1IL-0000 000000000000").unwrap().as_str(),
            "001110000000000000000"
        );
        assert!(VerificationCode::parse("ABC").is_err());
        assert!(VerificationCode::parse("UUUUUUUUUUUUUUUUUUUUU").is_err());
        assert!(VerificationCode::parse("ẢBCDEFGHJKMNPQRSTVWXY").is_err());
    }

    #[test]
    fn certificate_numbers_follow_the_documented_format() {
        let n = CertificateNumber::new("42", 2026, Stars::new(4).unwrap(), 17);
        assert_eq!(n.as_str(), "42-2026-4S-00017");
        assert_eq!(n.sequence(), Some(17));
        assert!(
            n.as_str()
                .starts_with(&CertificateNumber::prefix("42", 2026, Stars::new(4).unwrap()))
        );
    }

    proptest! {
        #[test]
        fn distinct_bytes_give_distinct_codes_that_round_trip(a in any::<[u8; CODE_BYTES]>(), b in any::<[u8; CODE_BYTES]>()) {
            let (ca, cb) = (VerificationCode::from_random(a), VerificationCode::from_random(b));
            prop_assert_eq!(a == b, ca == cb);
            prop_assert_eq!(VerificationCode::parse(ca.as_str()).unwrap(), ca);
        }
    }
}
