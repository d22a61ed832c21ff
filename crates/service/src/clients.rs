//! Who a public client is, without keeping who they are: a salted digest of the
//! client's address. Scans and reports store digests derived from it (one per day
//! for scans, so days cannot be linked), never the address.

use std::net::IpAddr;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// A salted digest of a client address (IPv6 addresses by their /64 network, which
/// one household or phone holds).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ClientKey([u8; 32]);

impl std::fmt::Debug for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientKey(..)")
    }
}

/// The part of an address that identifies a client: the whole IPv4 address, the
/// first 64 bits of an IPv6 one (an IPv4-mapped IPv6 address counts as IPv4).
pub fn network_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

impl ClientKey {
    /// The key of an address under a server secret.
    pub fn new(salt: &[u8], ip: IpAddr) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"ocop-client\0");
        hasher.update(salt);
        hasher.update(b"\0");
        hasher.update(network_of(ip).to_string().as_bytes());
        Self(hasher.finalize().into())
    }

    fn derive(&self, purpose: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.0);
        hasher.update(purpose.as_bytes());
        hex::encode(&hasher.finalize()[..16])
    }

    /// The digest stored for a scan on `day`.
    pub fn for_day(&self, day: NaiveDate) -> String {
        self.derive(&format!("scan:{day}"))
    }

    /// The digest stored with a report (stable across days, for the deduplication window).
    pub fn for_reports(&self) -> String {
        self.derive("report")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_depend_on_salt_day_and_network_only() {
        let a: IpAddr = "203.0.113.7".parse().unwrap();
        let b: IpAddr = "203.0.113.8".parse().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let next = day.succ_opt().unwrap();
        let key = ClientKey::new(b"salt", a);
        assert_eq!(key.for_day(day), ClientKey::new(b"salt", a).for_day(day));
        assert_ne!(key.for_day(day), ClientKey::new(b"salt", b).for_day(day));
        assert_ne!(key.for_day(day), ClientKey::new(b"pepper", a).for_day(day));
        assert_ne!(key.for_day(day), key.for_day(next));
        assert_ne!(key.for_day(day), key.for_reports());
        assert!(!key.for_reports().contains("203"));
        let v6a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let v6b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(ClientKey::new(b"s", v6a), ClientKey::new(b"s", v6b));
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        assert_eq!(ClientKey::new(b"salt", mapped), key);
    }
}
