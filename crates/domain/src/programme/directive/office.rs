//! Offices (cơ quan, đơn vị) named in directives, recognised in folded text.

use serde::{Deserialize, Serialize};

use super::tokens::{Token, phrase_at};

/// The kind of office a task is given to. The same kind exists at several
/// levels (Sở at the province, Phòng at the district or commune).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfficeKind {
    /// Sở/Phòng Nông nghiệp và Môi trường (before 2025: Nông nghiệp và PTNT).
    Agriculture,
    /// Sở Công Thương, Phòng Kinh tế (và Hạ tầng).
    IndustryTrade,
    /// Sở Y tế, Trung tâm Y tế.
    Health,
    /// Văn phòng Điều phối nông thôn mới.
    CoordinationOffice,
    /// Sở/Phòng Tài chính (– Kế hoạch).
    Finance,
    /// Sở/Phòng Tài nguyên và Môi trường (before 2025).
    NaturalResources,
    /// Sở/Phòng Văn hóa (và Thông tin, Thể thao và Du lịch).
    Culture,
    /// Sở/Phòng Lao động – Thương binh và Xã hội.
    Labour,
    /// Sở Khoa học và Công nghệ.
    Science,
    /// Văn phòng HĐND – UBND.
    CommitteeOffice,
    /// UBND tỉnh.
    ProvinceCommittee,
    /// UBND huyện (before July 2025).
    DistrictCommittee,
    /// UBND xã, phường, thị trấn.
    CommuneCommittee,
    /// Ban chỉ đạo, Ban điều hành.
    SteeringCommittee,
    /// Hội đồng đánh giá, phân hạng; tổ giúp việc.
    Council,
    /// The offices of a unit as a group ("các Sở, ban, ngành", "các phòng ngành").
    Departments,
    /// Mặt trận Tổ quốc and mass organisations.
    FatherlandFront,
    /// Đơn vị tư vấn.
    Consultants,
    /// Producers taking part (cơ sở, chủ thể OCOP).
    Producers,
}

impl OfficeKind {
    /// Every kind, in display order.
    pub const ALL: [OfficeKind; 19] = [
        Self::Agriculture,
        Self::IndustryTrade,
        Self::Health,
        Self::CoordinationOffice,
        Self::Finance,
        Self::NaturalResources,
        Self::Culture,
        Self::Labour,
        Self::Science,
        Self::CommitteeOffice,
        Self::ProvinceCommittee,
        Self::DistrictCommittee,
        Self::CommuneCommittee,
        Self::SteeringCommittee,
        Self::Council,
        Self::Departments,
        Self::FatherlandFront,
        Self::Consultants,
        Self::Producers,
    ];

    /// The stable code (as stored and in the API).
    pub fn code(self) -> &'static str {
        match self {
            Self::Agriculture => "agriculture",
            Self::IndustryTrade => "industry_trade",
            Self::Health => "health",
            Self::CoordinationOffice => "coordination_office",
            Self::Finance => "finance",
            Self::NaturalResources => "natural_resources",
            Self::Culture => "culture",
            Self::Labour => "labour",
            Self::Science => "science",
            Self::CommitteeOffice => "committee_office",
            Self::ProvinceCommittee => "province_committee",
            Self::DistrictCommittee => "district_committee",
            Self::CommuneCommittee => "commune_committee",
            Self::SteeringCommittee => "steering_committee",
            Self::Council => "council",
            Self::Departments => "departments",
            Self::FatherlandFront => "fatherland_front",
            Self::Consultants => "consultants",
            Self::Producers => "producers",
        }
    }

    /// Parses a code written by [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Vietnamese name of the office kind.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Agriculture => "Nông nghiệp và Môi trường (NN&PTNT)",
            Self::IndustryTrade => "Công Thương / Kinh tế",
            Self::Health => "Y tế",
            Self::CoordinationOffice => "Văn phòng Điều phối nông thôn mới",
            Self::Finance => "Tài chính",
            Self::NaturalResources => "Tài nguyên và Môi trường",
            Self::Culture => "Văn hóa, Thông tin",
            Self::Labour => "Lao động – Thương binh và Xã hội",
            Self::Science => "Khoa học và Công nghệ",
            Self::CommitteeOffice => "Văn phòng HĐND – UBND",
            Self::ProvinceCommittee => "UBND tỉnh",
            Self::DistrictCommittee => "UBND huyện",
            Self::CommuneCommittee => "UBND xã, phường, thị trấn",
            Self::SteeringCommittee => "Ban chỉ đạo",
            Self::Council => "Hội đồng đánh giá, phân hạng",
            Self::Departments => "Các sở, ban, ngành",
            Self::FatherlandFront => "Mặt trận Tổ quốc, đoàn thể",
            Self::Consultants => "Đơn vị tư vấn",
            Self::Producers => "Chủ thể OCOP",
        }
    }

    /// The English name of the office kind.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Agriculture => "Agriculture and Environment",
            Self::IndustryTrade => "Industry and Trade / Economy",
            Self::Health => "Health",
            Self::CoordinationOffice => "New Rural Development Coordination Office",
            Self::Finance => "Finance",
            Self::NaturalResources => "Natural Resources and Environment",
            Self::Culture => "Culture and Information",
            Self::Labour => "Labour, Invalids and Social Affairs",
            Self::Science => "Science and Technology",
            Self::CommitteeOffice => "Office of the People's Council and Committee",
            Self::ProvinceCommittee => "Province People's Committee",
            Self::DistrictCommittee => "District People's Committee",
            Self::CommuneCommittee => "Commune People's Committees",
            Self::SteeringCommittee => "Steering committee",
            Self::Council => "Evaluation council",
            Self::Departments => "Departments",
            Self::FatherlandFront => "Fatherland Front and mass organisations",
            Self::Consultants => "Consultants",
            Self::Producers => "Producers",
        }
    }
}

/// Patterns in folded words, tried at every position; at one position the
/// longest matching pattern wins, so "van phong hdnd ubnd" is not read as "ubnd".
const PATTERNS: &[(&str, OfficeKind)] = &[
    ("nong nghiep va phat trien nong thon", OfficeKind::Agriculture),
    ("nong nghiep va moi truong", OfficeKind::Agriculture),
    ("nong nghiep va ptnt", OfficeKind::Agriculture),
    ("nong nghiep & ptnt", OfficeKind::Agriculture),
    ("nong nghiep - ptnt", OfficeKind::Agriculture),
    ("nn&ptnt", OfficeKind::Agriculture),
    ("nn & ptnt", OfficeKind::Agriculture),
    ("nn va ptnt", OfficeKind::Agriculture),
    ("nn va mt", OfficeKind::Agriculture),
    ("nnptnt", OfficeKind::Agriculture),
    ("cong thuong", OfficeKind::IndustryTrade),
    ("kinh te va ha tang", OfficeKind::IndustryTrade),
    ("kinh te - ha tang", OfficeKind::IndustryTrade),
    ("kinh te ha tang", OfficeKind::IndustryTrade),
    ("phong kinh te", OfficeKind::IndustryTrade),
    ("kinh te ht", OfficeKind::IndustryTrade),
    ("so y te", OfficeKind::Health),
    ("nganh y te", OfficeKind::Health),
    ("trung tam y te", OfficeKind::Health),
    ("phong y te", OfficeKind::Health),
    ("y te", OfficeKind::Health),
    ("van phong dieu phoi", OfficeKind::CoordinationOffice),
    ("vpdp", OfficeKind::CoordinationOffice),
    ("tai chinh", OfficeKind::Finance),
    ("ke hoach va dau tu", OfficeKind::Finance),
    ("tai nguyen va moi truong", OfficeKind::NaturalResources),
    ("van hoa", OfficeKind::Culture),
    ("lao dong thuong binh", OfficeKind::Labour),
    ("lao dong , thuong binh", OfficeKind::Labour),
    ("lao dong - thuong binh", OfficeKind::Labour),
    ("khoa hoc va cong nghe", OfficeKind::Science),
    ("van phong hdnd", OfficeKind::CommitteeOffice),
    ("van phong hdnd - ubnd", OfficeKind::CommitteeOffice),
    ("van phong hdnd va ubnd", OfficeKind::CommitteeOffice),
    ("van phong ubnd", OfficeKind::CommitteeOffice),
    ("ubnd tinh", OfficeKind::ProvinceCommittee),
    ("uy ban nhan dan tinh", OfficeKind::ProvinceCommittee),
    ("ubnd cap tinh", OfficeKind::ProvinceCommittee),
    ("ubnd huyen", OfficeKind::DistrictCommittee),
    ("ubnd cac huyen", OfficeKind::DistrictCommittee),
    ("ubnd cap huyen", OfficeKind::DistrictCommittee),
    ("uy ban nhan dan huyen", OfficeKind::DistrictCommittee),
    ("uy ban nhan dan cac huyen", OfficeKind::DistrictCommittee),
    ("ubnd cac xa", OfficeKind::CommuneCommittee),
    ("ubnd cap xa", OfficeKind::CommuneCommittee),
    ("ubnd xa", OfficeKind::CommuneCommittee),
    ("ubnd cac phuong", OfficeKind::CommuneCommittee),
    ("uy ban nhan dan cac xa", OfficeKind::CommuneCommittee),
    ("uy ban nhan dan xa", OfficeKind::CommuneCommittee),
    ("uy ban nhan dan cap xa", OfficeKind::CommuneCommittee),
    ("ban chi dao", OfficeKind::SteeringCommittee),
    ("ban dieu hanh", OfficeKind::SteeringCommittee),
    ("hoi dong danh gia", OfficeKind::Council),
    ("hoi dong cap", OfficeKind::Council),
    ("to giup viec", OfficeKind::Council),
    ("cac so , ban , nganh", OfficeKind::Departments),
    ("cac so , ban nganh", OfficeKind::Departments),
    ("cac so ban nganh", OfficeKind::Departments),
    ("cac so , nganh", OfficeKind::Departments),
    ("cac phong nganh", OfficeKind::Departments),
    ("cac phong , ban", OfficeKind::Departments),
    ("cac phong ban", OfficeKind::Departments),
    ("cac phong , nganh", OfficeKind::Departments),
    ("mat tran", OfficeKind::FatherlandFront),
    ("tran to quoc", OfficeKind::FatherlandFront),
    ("doan the", OfficeKind::FatherlandFront),
    ("don vi tu van", OfficeKind::Consultants),
    ("cac co so", OfficeKind::Producers),
    ("cac hop tac xa", OfficeKind::Producers),
    ("cac htx", OfficeKind::Producers),
    ("cac doanh nghiep", OfficeKind::Producers),
    ("cac chu the", OfficeKind::Producers),
    ("chu the ocop", OfficeKind::Producers),
    ("co so san xuat", OfficeKind::Producers),
];

/// An office found in a text: its kind and where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeHit {
    /// The kind of office.
    pub kind: OfficeKind,
    /// Index of its first token.
    pub start: usize,
    /// Index just past its last token.
    pub end: usize,
}

/// The office whose name starts at token `at`, if any (longest pattern wins).
pub fn office_at(tokens: &[Token], at: usize) -> Option<OfficeHit> {
    let mut best: Option<OfficeHit> = None;
    for (pattern, kind) in PATTERNS {
        let words: Vec<&str> = pattern.split(' ').collect();
        if phrase_at(tokens, at, &words) && best.is_none_or(|b| b.end < at + words.len()) {
            best = Some(OfficeHit {
                kind: *kind,
                start: at,
                end: at + words.len(),
            });
        }
    }
    best
}

/// Every office named in the tokens, left to right, without overlaps.
pub fn offices_in(tokens: &[Token]) -> Vec<OfficeHit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(hit) = office_at(tokens, i) {
            hits.push(hit);
            i = hit.end;
        } else {
            i += 1;
        }
    }
    hits
}

/// Distinct kinds in order of first appearance, leaving out `except`.
pub fn distinct_kinds(hits: &[OfficeHit], except: Option<OfficeKind>) -> Vec<OfficeKind> {
    let mut kinds = Vec::new();
    for hit in hits {
        if Some(hit.kind) != except && !kinds.contains(&hit.kind) {
            kinds.push(hit.kind);
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{normalise, tokenize};
    use super::*;

    fn kinds(s: &str) -> Vec<OfficeKind> {
        offices_in(&tokenize(&normalise(s))).iter().map(|h| h.kind).collect()
    }

    #[test]
    fn clean_and_ocr_names_give_the_same_office() {
        assert_eq!(kinds("Phòng Nông nghiệp và PTNT"), [OfficeKind::Agriculture]);
        assert_eq!(kinds("Phong Nong nghi¢p va PTNT"), [OfficeKind::Agriculture]);
        assert_eq!(kinds("Sở Nông nghiệp và Môi trường"), [OfficeKind::Agriculture]);
        assert_eq!(kinds("UBND cdp xd"), [OfficeKind::CommuneCommittee]);
        assert_eq!(kinds("Vin phong HPND-UBND huyén"), [OfficeKind::CommitteeOffice]);
        assert_eq!(
            kinds("Phòng Kinh tế - Hạ tầng chủ trì, phối hợp với Trung tâm Y tế"),
            [OfficeKind::IndustryTrade, OfficeKind::Health]
        );
    }

    #[test]
    fn codes_round_trip() {
        for kind in OfficeKind::ALL {
            assert_eq!(OfficeKind::from_code(kind.code()), Some(kind));
        }
    }
}
