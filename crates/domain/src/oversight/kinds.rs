//! The kinds of oversight: who leads an inspection, on what grounds, what a finding is about,
//! how severe it is, where a case came from and how it ended.

use super::coded_enum;
use crate::certificate::RevocationGround;

coded_enum! {
    /// The agency that leads an inspection (cơ quan chủ trì).
    LeadAgency {
        /// Sở Nông nghiệp và Môi trường.
        Agriculture = "agriculture", "Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment";
        /// Sở Y tế (food safety).
        Health = "health", "Sở Y tế", "Department of Health";
        /// Sở Công Thương.
        IndustryTrade = "industry_trade", "Sở Công Thương", "Department of Industry and Trade";
        /// Sở Khoa học và Công nghệ (labels, standards).
        ScienceTechnology = "science_technology", "Sở Khoa học và Công nghệ", "Department of Science and Technology";
        /// Quản lý thị trường.
        MarketSurveillance = "market_surveillance", "Quản lý thị trường", "Market surveillance";
        /// UBND cấp xã.
        Commune = "commune", "UBND cấp xã", "Commune People's Committee";
    }
}

coded_enum! {
    /// Why a product or producer is in the plan (căn cứ kiểm tra).
    InspectionGround {
        /// Periodic (định kỳ).
        Periodic = "periodic", "Định kỳ", "Periodic";
        /// The certificate runs out within the expiring window.
        CertificateExpiring = "certificate_expiring", "Giấy chứng nhận sắp hết hạn", "Certificate expiring";
        /// A complaint from an agency or a customer.
        Complaint = "complaint", "Phản ánh, khiếu nại", "Complaint";
        /// A public report of a suspected fake.
        FakeReport = "fake_report", "Tố giác hàng giả", "Fake report";
        /// The verification code was scanned unusually or after the certificate ended.
        UnusualScans = "unusual_scans", "Lượt quét bất thường", "Unusual scans";
        /// A random sample (chọn mẫu ngẫu nhiên).
        RandomSample = "random_sample", "Chọn mẫu ngẫu nhiên", "Random sample";
        /// A field check before an idea, a 4★ registration or a dossier is accepted (kiểm tra thực tế tại cơ sở).
        FieldCheck = "field_check", "Kiểm tra thực tế trước khi tiếp nhận", "Field check before acceptance";
    }
}

coded_enum! {
    /// How severe a finding is.
    Severity {
        /// Minor: remedy within the deadline.
        Minor = "minor", "Nhẹ", "Minor";
        /// Major: remedy within the deadline or the certificate is suspended.
        Major = "major", "Nghiêm trọng", "Major";
        /// Severe: the certificate's revocation is proposed at once.
        Severe = "severe", "Đặc biệt nghiêm trọng", "Severe";
    }
}

coded_enum! {
    /// What a finding is about.
    FindingKind {
        /// The label (nhãn hàng hóa).
        Label = "label", "Nhãn hàng hóa", "Label";
        /// Food safety (an toàn thực phẩm): papers or test results.
        FoodSafety = "food_safety", "An toàn thực phẩm", "Food safety";
        /// Quality or packaging differ from what was certified.
        Quality = "quality", "Chất lượng, bao bì", "Quality or packaging";
        /// The product no longer meets criteria of its sheet.
        Criteria = "criteria", "Tiêu chí bộ sản phẩm", "Criteria of the sheet";
        /// Production stopped.
        ProductionStopped = "production_stopped", "Ngừng sản xuất", "Production stopped";
        /// Anything else.
        Other = "other", "Khác", "Other";
    }
}

impl FindingKind {
    /// The legal ground a consequence of this finding is proposed on (the revocation grounds
    /// of the certificate lifecycle).
    pub fn ground(self) -> RevocationGround {
        match self {
            FindingKind::Label | FindingKind::Quality => RevocationGround::QualityOrPackaging,
            FindingKind::FoodSafety => RevocationGround::FoodSafetyViolation,
            FindingKind::Criteria => RevocationGround::FailsMandatoryCriteria,
            FindingKind::ProductionStopped => RevocationGround::ProductionStopped,
            FindingKind::Other => RevocationGround::Other,
        }
    }
}

coded_enum! {
    /// Where a case came from.
    CaseSource {
        /// A member of the public reported a suspected fake on `/v/{code}`.
        FakeReport = "fake_report", "Tố giác hàng giả", "Fake report";
        /// The code's scans were flagged on the signals page.
        UnusualScans = "unusual_scans", "Lượt quét bất thường", "Unusual scans";
        /// An agency complained.
        AgencyComplaint = "agency_complaint", "Phản ánh của cơ quan", "Agency complaint";
    }
}

coded_enum! {
    /// How a case ended.
    CaseOutcome {
        /// Nothing wrong was found.
        Unfounded = "unfounded", "Không có vi phạm", "Unfounded";
        /// A fake or a violation was confirmed and handled.
        Confirmed = "confirmed", "Xác nhận vi phạm, đã xử lý", "Confirmed and handled";
        /// Handed to market surveillance or the police.
        Referred = "referred", "Chuyển cơ quan chức năng", "Referred to another agency";
        /// Merged into another case.
        Duplicate = "duplicate", "Trùng, đã gộp", "Duplicate, merged";
    }
}
