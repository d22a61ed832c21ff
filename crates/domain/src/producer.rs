//! Chủ thể OCOP: the producer that owns products — an enterprise, a
//! cooperative, a cooperative group or a household business.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::admin_unit::AdminUnitId;
use crate::identifiers::{Email, PhoneNumber, RegistrationNumber, TaxCode};
use crate::text::input::{Lines, clean_input};
use crate::{ErrorCode, ValidationErrors};

/// The legal form of a producer (loại hình chủ thể).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalForm {
    /// Doanh nghiệp.
    Enterprise,
    /// Hợp tác xã (HTX).
    Cooperative,
    /// Tổ hợp tác (THT).
    CooperativeGroup,
    /// Hộ kinh doanh / hộ sản xuất có đăng ký kinh doanh.
    HouseholdBusiness,
}

impl LegalForm {
    /// Every legal form, in display order.
    pub const ALL: [LegalForm; 4] = [
        LegalForm::Enterprise,
        LegalForm::Cooperative,
        LegalForm::CooperativeGroup,
        LegalForm::HouseholdBusiness,
    ];

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            LegalForm::Enterprise => "enterprise",
            LegalForm::Cooperative => "cooperative",
            LegalForm::CooperativeGroup => "cooperative_group",
            LegalForm::HouseholdBusiness => "household_business",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == text.trim())
            .ok_or(ErrorCode::InvalidChoice)
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            LegalForm::Enterprise => ("Doanh nghiệp", "Enterprise"),
            LegalForm::Cooperative => ("Hợp tác xã", "Cooperative"),
            LegalForm::CooperativeGroup => ("Tổ hợp tác", "Cooperative group"),
            LegalForm::HouseholdBusiness => ("Hộ kinh doanh", "Household business"),
        }
    }
}

/// The sub-type of an enterprise (loại hình doanh nghiệp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseKind {
    /// Công ty TNHH một thành viên.
    LlcSingleMember,
    /// Công ty TNHH hai thành viên trở lên.
    LlcMultiMember,
    /// Công ty cổ phần.
    JointStock,
    /// Công ty hợp danh.
    Partnership,
    /// Doanh nghiệp tư nhân.
    Private,
}

impl EnterpriseKind {
    /// Every kind, in display order.
    pub const ALL: [EnterpriseKind; 5] = [
        EnterpriseKind::LlcSingleMember,
        EnterpriseKind::LlcMultiMember,
        EnterpriseKind::JointStock,
        EnterpriseKind::Partnership,
        EnterpriseKind::Private,
    ];

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            EnterpriseKind::LlcSingleMember => "llc_single_member",
            EnterpriseKind::LlcMultiMember => "llc_multi_member",
            EnterpriseKind::JointStock => "joint_stock",
            EnterpriseKind::Partnership => "partnership",
            EnterpriseKind::Private => "private",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == text.trim())
            .ok_or(ErrorCode::InvalidChoice)
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            EnterpriseKind::LlcSingleMember => ("Công ty TNHH một thành viên", "Single-member LLC"),
            EnterpriseKind::LlcMultiMember => ("Công ty TNHH hai thành viên trở lên", "Multi-member LLC"),
            EnterpriseKind::JointStock => ("Công ty cổ phần", "Joint-stock company"),
            EnterpriseKind::Partnership => ("Công ty hợp danh", "Partnership"),
            EnterpriseKind::Private => ("Doanh nghiệp tư nhân", "Private enterprise"),
        }
    }
}

/// A quality or management certification a producer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificationKind {
    /// VietGAP (Vietnamese good agricultural practice).
    VietGap,
    /// GlobalGAP.
    GlobalGap,
    /// HACCP.
    Haccp,
    /// ISO 22000 food-safety management.
    Iso22000,
    /// ISO 9001 quality management.
    Iso9001,
    /// Organic (hữu cơ), TCVN 11041 or foreign.
    Organic,
    /// Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.
    FoodSafetyEligibility,
    /// Anything else, named in the label.
    Other,
}

impl CertificationKind {
    /// Every kind, in display order.
    pub const ALL: [CertificationKind; 8] = [
        CertificationKind::VietGap,
        CertificationKind::GlobalGap,
        CertificationKind::Haccp,
        CertificationKind::Iso22000,
        CertificationKind::Iso9001,
        CertificationKind::Organic,
        CertificationKind::FoodSafetyEligibility,
        CertificationKind::Other,
    ];

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            CertificationKind::VietGap => "vietgap",
            CertificationKind::GlobalGap => "globalgap",
            CertificationKind::Haccp => "haccp",
            CertificationKind::Iso22000 => "iso22000",
            CertificationKind::Iso9001 => "iso9001",
            CertificationKind::Organic => "organic",
            CertificationKind::FoodSafetyEligibility => "food_safety_eligibility",
            CertificationKind::Other => "other",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == text.trim())
            .ok_or(ErrorCode::InvalidChoice)
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            CertificationKind::VietGap => ("VietGAP", "VietGAP"),
            CertificationKind::GlobalGap => ("GlobalGAP", "GlobalGAP"),
            CertificationKind::Haccp => ("HACCP", "HACCP"),
            CertificationKind::Iso22000 => ("ISO 22000", "ISO 22000"),
            CertificationKind::Iso9001 => ("ISO 9001", "ISO 9001"),
            CertificationKind::Organic => ("Hữu cơ", "Organic"),
            CertificationKind::FoodSafetyEligibility => ("Cơ sở đủ điều kiện ATTP", "Food-safety eligible facility"),
            CertificationKind::Other => ("Khác", "Other"),
        }
    }
}

/// A producer's details as a person typed them, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProducerInput {
    /// Registered name, e.g. "Hợp tác xã Nước mắm Phú Sang".
    pub name: String,
    /// `enterprise`, `cooperative`, `cooperative_group` or `household_business`.
    pub legal_form: String,
    /// For enterprises: `llc_single_member`, `llc_multi_member`, `joint_stock`, `partnership`, `private`.
    pub enterprise_kind: Option<String>,
    /// Mã số thuế / mã số doanh nghiệp (required for enterprises and cooperatives).
    pub tax_code: Option<String>,
    /// Số đăng ký kinh doanh for household businesses and cooperative groups.
    pub registration_number: Option<String>,
    /// Người đại diện theo pháp luật.
    pub representative: String,
    /// The representative's title (Giám đốc, Chủ hộ, …).
    pub representative_title: Option<String>,
    /// The commune of the address, as an administrative unit identifier.
    pub commune_id: String,
    /// Street, village (thôn/xóm/ấp) and house number.
    pub address_line: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Website or page.
    pub website: Option<String>,
}

/// A producer's details once every field has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerDraft {
    /// Registered name, trimmed.
    pub name: String,
    /// Legal form.
    pub legal_form: LegalForm,
    /// Enterprise sub-type, present exactly for enterprises.
    pub enterprise_kind: Option<EnterpriseKind>,
    /// Tax code.
    pub tax_code: Option<TaxCode>,
    /// Registration number.
    pub registration_number: Option<RegistrationNumber>,
    /// Legal representative.
    pub representative: String,
    /// Representative's title.
    pub representative_title: Option<String>,
    /// Commune of the address (existence checked by the service against the database).
    pub commune_id: AdminUnitId,
    /// Address line.
    pub address_line: Option<String>,
    /// Phone.
    pub phone: Option<PhoneNumber>,
    /// E-mail.
    pub email: Option<Email>,
    /// Website.
    pub website: Option<String>,
}

/// Trims a text and treats blank as absent.
pub fn non_blank(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// Checks a required text of at most `max` characters: trimmed, in NFC, no
/// control characters but line breaks and tabs ([`Lines::Multi`]; a message or
/// a reason may span lines). Names use [`required_line`].
pub fn required_text(errors: &mut ValidationErrors, field: &str, text: &str, max: usize) -> String {
    checked_required(errors, field, text, max, Lines::Multi)
}

/// Checks a required single-line text (a name) of at most `max` characters:
/// like [`required_text`], but a line break or a tab is refused too.
pub fn required_line(errors: &mut ValidationErrors, field: &str, text: &str, max: usize) -> String {
    checked_required(errors, field, text, max, Lines::Single)
}

fn checked_required(errors: &mut ValidationErrors, field: &str, text: &str, max: usize, lines: Lines) -> String {
    let text = text.trim();
    if text.is_empty() {
        errors.add(field, ErrorCode::Required);
        return String::new();
    }
    let Some(text) = errors.check(field, clean_input(text, lines)) else {
        return String::new();
    };
    if text.chars().count() > max {
        errors.add(field, ErrorCode::TooLong);
    }
    text
}

/// Checks an optional text of at most `max` characters (trimmed, NFC, no
/// control characters but line breaks and tabs, as [`required_text`]).
pub fn optional_text(errors: &mut ValidationErrors, field: &str, text: &Option<String>, max: usize) -> Option<String> {
    let text = non_blank(text)?;
    let text = errors.check(field, clean_input(text, Lines::Multi))?;
    if text.chars().count() > max {
        errors.add(field, ErrorCode::TooLong);
    }
    Some(text)
}

impl ProducerInput {
    /// Checks every field and collects all failures.
    pub fn parse(&self) -> Result<ProducerDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = required_line(&mut errors, "name", &self.name, 200);
        let legal_form = errors.check("legal_form", LegalForm::parse(&self.legal_form));
        let enterprise_kind = match (legal_form, non_blank(&self.enterprise_kind)) {
            (Some(LegalForm::Enterprise), Some(kind)) => errors.check("enterprise_kind", EnterpriseKind::parse(kind)),
            (Some(LegalForm::Enterprise), None) => {
                errors.add("enterprise_kind", ErrorCode::Required);
                None
            }
            _ => None,
        };
        let tax_code = non_blank(&self.tax_code).and_then(|t| errors.check("tax_code", TaxCode::parse(t)));
        let registration_number = non_blank(&self.registration_number)
            .and_then(|r| errors.check("registration_number", RegistrationNumber::parse(r)));
        let needs_tax_code = matches!(legal_form, Some(LegalForm::Enterprise | LegalForm::Cooperative));
        if needs_tax_code && non_blank(&self.tax_code).is_none() {
            errors.add("tax_code", ErrorCode::Required);
        }
        if !needs_tax_code && non_blank(&self.tax_code).is_none() && non_blank(&self.registration_number).is_none() {
            errors.add("registration_number", ErrorCode::Required);
        }
        let representative = required_line(&mut errors, "representative", &self.representative, 120);
        let representative_title = optional_text(&mut errors, "representative_title", &self.representative_title, 80);
        let commune_id = errors.check("commune_id", AdminUnitId::parse(&self.commune_id));
        let address_line = optional_text(&mut errors, "address_line", &self.address_line, 300);
        let phone = non_blank(&self.phone).and_then(|p| errors.check("phone", PhoneNumber::parse(p)));
        let email = non_blank(&self.email).and_then(|e| errors.check("email", Email::parse(e)));
        let website = optional_text(&mut errors, "website", &self.website, 300);
        errors.into_result()?;
        Ok(ProducerDraft {
            name,
            legal_form: legal_form.expect("checked above"),
            enterprise_kind,
            tax_code,
            registration_number,
            representative,
            representative_title,
            commune_id: commune_id.expect("checked above"),
            address_line,
            phone,
            email,
            website,
        })
    }
}

/// A certification as typed, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CertificationInput {
    /// One of the [`CertificationKind`] names.
    pub kind: String,
    /// Free label, e.g. "VietGAP trồng trọt" (required for `other`).
    pub label: Option<String>,
    /// Certificate number.
    pub number: Option<String>,
    /// Issuing body.
    pub issuer: Option<String>,
    /// Issue date.
    pub issued_on: Option<NaiveDate>,
    /// Expiry date; absent when it does not expire.
    pub expires_on: Option<NaiveDate>,
}

/// A checked certification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificationDraft {
    /// Kind.
    pub kind: CertificationKind,
    /// Label.
    pub label: Option<String>,
    /// Number.
    pub number: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Issued on.
    pub issued_on: Option<NaiveDate>,
    /// Expires on.
    pub expires_on: Option<NaiveDate>,
}

impl CertificationInput {
    /// Checks the fields: a known kind, a label for `other`, expiry after issue.
    pub fn parse(&self) -> Result<CertificationDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.check("kind", CertificationKind::parse(&self.kind));
        let label = optional_text(&mut errors, "label", &self.label, 120);
        if kind == Some(CertificationKind::Other) && label.is_none() {
            errors.add("label", ErrorCode::Required);
        }
        let number = optional_text(&mut errors, "number", &self.number, 80);
        let issuer = optional_text(&mut errors, "issuer", &self.issuer, 200);
        if let (Some(issued), Some(expires)) = (self.issued_on, self.expires_on)
            && expires < issued
        {
            errors.add("expires_on", ErrorCode::DateOrder);
        }
        errors.into_result()?;
        Ok(CertificationDraft {
            kind: kind.expect("checked above"),
            label,
            number,
            issuer,
            issued_on: self.issued_on,
            expires_on: self.expires_on,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn household() -> ProducerInput {
        ProducerInput {
            name: "  Hộ kinh doanh Nguyễn Văn A ".into(),
            legal_form: "household_business".into(),
            registration_number: Some("28A8001234".into()),
            representative: "Nguyễn Văn A".into(),
            commune_id: "2025/commune/18673".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_household_parses_and_trims() {
        let draft = household().parse().expect("valid");
        assert_eq!(draft.name, "Hộ kinh doanh Nguyễn Văn A");
        assert_eq!(draft.legal_form, LegalForm::HouseholdBusiness);
        assert_eq!(draft.enterprise_kind, None);
    }

    #[test]
    fn every_failure_is_reported_at_once() {
        let input = ProducerInput {
            legal_form: "enterprise".into(),
            ..Default::default()
        };
        let errors = input.parse().unwrap_err();
        let fields: Vec<_> = errors.fields.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert!(fields.contains(&("name", ErrorCode::Required)));
        assert!(fields.contains(&("enterprise_kind", ErrorCode::Required)));
        assert!(fields.contains(&("tax_code", ErrorCode::Required)));
        assert!(fields.contains(&("representative", ErrorCode::Required)));
        assert!(fields.contains(&("commune_id", ErrorCode::UnknownAdminUnit)));
    }

    #[test]
    fn a_household_needs_some_registration() {
        let input = ProducerInput {
            registration_number: None,
            ..household()
        };
        let errors = input.parse().unwrap_err();
        assert_eq!(errors.fields[0].field, "registration_number");
        assert_eq!(errors.fields[0].code, ErrorCode::Required);
    }

    #[test]
    fn certification_expiry_must_follow_issue() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        let input = CertificationInput {
            kind: "vietgap".into(),
            issued_on: d(2025, 3, 1),
            expires_on: d(2024, 3, 1),
            ..Default::default()
        };
        assert_eq!(input.parse().unwrap_err().fields[0].code, ErrorCode::DateOrder);
        let other = CertificationInput {
            kind: "other".into(),
            ..Default::default()
        };
        assert_eq!(other.parse().unwrap_err().fields[0].field, "label");
    }
}
