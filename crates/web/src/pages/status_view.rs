//! How a certificate's status, stars and dates look on every page that lists
//! certificates (catalogue, product pages), so they read the same everywhere.

use chrono::NaiveDate;
use ocop_domain::certificate::CertificateStatus;

/// The badge class of a status: green while it may carry the mark, amber when it
/// expires soon, red otherwise.
pub fn badge(status: CertificateStatus) -> &'static str {
    match status {
        CertificateStatus::Valid => "badge ok",
        CertificateStatus::Expiring => "badge warn",
        _ => "badge bad",
    }
}

/// Stars as ★ characters.
pub fn stars(stars: u8) -> String {
    "★".repeat(usize::from(stars))
}

/// dd/mm/yyyy, as printed on certificates, in both languages.
pub fn dmy(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_in_force_is_green_or_amber_and_every_other_red() {
        assert_eq!(badge(CertificateStatus::Valid), "badge ok");
        assert_eq!(badge(CertificateStatus::Expiring), "badge warn");
        for s in [
            CertificateStatus::Expired,
            CertificateStatus::Revoked,
            CertificateStatus::Suspended,
        ] {
            assert_eq!(badge(s), "badge bad");
        }
    }

    #[test]
    fn dates_are_day_month_year_with_leading_zeros() {
        assert_eq!(dmy(NaiveDate::from_ymd_opt(2029, 8, 5).unwrap()), "05/08/2029");
        assert_eq!(stars(4), "★★★★");
    }
}
