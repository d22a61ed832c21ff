//! Địa chỉ thư điện tử: e-mail addresses.

use crate::ErrorCode;

use super::string_identifier;

/// Longest address allowed (RFC 5321 path limit).
const MAX_LEN: usize = 254;
/// Longest local part (RFC 5321).
const MAX_LOCAL_LEN: usize = 64;

/// An e-mail address checked pragmatically: exactly one `@`, a non-empty local
/// part, a domain with at least one dot, no whitespace, at most 254 characters.
///
/// Canonical form: trimmed, with the domain lower-cased; the local part keeps
/// its case because servers may treat it as significant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

string_identifier!(Email);

impl Email {
    /// Parses an e-mail address.
    pub fn parse(s: &str) -> Result<Self, ErrorCode> {
        let t = s.trim();
        let (local, domain) = t.split_once('@').ok_or(ErrorCode::InvalidEmail)?;
        let forbidden = |c: char| c.is_whitespace() || c.is_control() || "@<>()[]\\,;:\"".contains(c);
        let dotted_ok = |p: &str| !p.is_empty() && !p.starts_with('.') && !p.ends_with('.') && !p.contains("..");
        let labels_ok = domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        if t.len() > MAX_LEN
            || local.len() > MAX_LOCAL_LEN
            || local.chars().any(forbidden)
            || domain.chars().any(forbidden)
            || !dotted_ok(local)
            || !dotted_ok(domain)
            || !domain.contains('.')
            || !labels_ok
        {
            return Err(ErrorCode::InvalidEmail);
        }
        Ok(Email(format!("{local}@{}", domain.to_lowercase())))
    }

    /// The part after the `@`, lower-cased.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_are_accepted_with_the_domain_lower_cased() {
        let e = Email::parse("  Nguyen.Van.An@SoNongNghiep.HaTinh.gov.VN ").unwrap();
        assert_eq!(e.as_str(), "Nguyen.Van.An@sonongnghiep.hatinh.gov.vn");
        assert_eq!(e.domain(), "sonongnghiep.hatinh.gov.vn");
        assert!(Email::parse("htx+ocop@gmail.com").is_ok());
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        for bad in [
            "",
            "an",
            "@gmail.com",
            "an@",
            "an@gmail",
            "an@@gmail.com",
            "a@b@gmail.com",
            "an van@gmail.com",
            "an@gmail .com",
            "an@.gmail.com",
            "an@gmail.com.",
            "an@gmail..com",
            ".an@gmail.com",
            "an.@gmail.com",
            "an..binh@gmail.com",
            "an@-gmail.com",
            "<an@gmail.com>",
            "an,binh@gmail.com",
        ] {
            assert_eq!(Email::parse(bad), Err(ErrorCode::InvalidEmail), "{bad:?}");
        }
    }

    #[test]
    fn length_limits_hold() {
        let local = "a".repeat(64);
        assert!(Email::parse(&format!("{local}@gmail.com")).is_ok());
        assert!(Email::parse(&format!("a{local}@gmail.com")).is_err());
        let domain = format!("{}.vn", vec!["b".repeat(60); 5].join("."));
        let long = format!("an@{domain}");
        assert!(long.len() > MAX_LEN);
        assert_eq!(Email::parse(&long), Err(ErrorCode::InvalidEmail));
    }

    #[test]
    fn serde_round_trips() {
        let e: Email = serde_json::from_str("\"An@Example.COM\"").unwrap();
        assert_eq!(serde_json::to_string(&e).unwrap(), "\"An@example.com\"");
        assert!(serde_json::from_str::<Email>("\"not an email\"").is_err());
    }
}
