//! Offices (cơ quan, đơn vị) named in directives, recognised in folded text.

use serde::{Deserialize, Serialize};

use std::sync::OnceLock;

use super::tokens::{Token, normalise, phrase_at, same_word, tokenize};

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
    /// Sở/Phòng Nội vụ (from 2025 with Lao động – Thương binh và Xã hội).
    HomeAffairs,
    /// Sở/Phòng Xây dựng (from 2025 with Giao thông vận tải).
    Construction,
    /// Sở/Phòng Giáo dục và Đào tạo.
    Education,
    /// Công an, Quản lý thị trường.
    Police,
    /// Báo, Đài Phát thanh và Truyền hình, Trung tâm Văn hóa – Thông tin.
    Media,
    /// Hội Nông dân, Hội Liên hiệp Phụ nữ, Đoàn Thanh niên, Hội Cựu chiến
    /// binh, Liên minh Hợp tác xã.
    MassOrganisations,
    /// Ngân hàng Chính sách xã hội, Agribank, Ngân hàng Nhà nước.
    Banks,
    /// An office the reader does not know, named by its head noun (Sở, Phòng,
    /// Ban, Trung tâm, Hội, …); its name is in the proposal.
    Other,
}

impl OfficeKind {
    /// Every kind, in display order.
    pub const ALL: [OfficeKind; 27] = [
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
        Self::HomeAffairs,
        Self::Construction,
        Self::Education,
        Self::Police,
        Self::Media,
        Self::MassOrganisations,
        Self::Banks,
        Self::Other,
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
            Self::HomeAffairs => "home_affairs",
            Self::Construction => "construction",
            Self::Education => "education",
            Self::Police => "police",
            Self::Media => "media",
            Self::MassOrganisations => "mass_organisations",
            Self::Banks => "banks",
            Self::Other => "other",
        }
    }

    /// True for the kinds that are a Sở of the province or a Phòng of the
    /// district or commune, written after that head noun.
    pub fn is_department(self) -> bool {
        matches!(
            self,
            Self::Agriculture
                | Self::IndustryTrade
                | Self::Finance
                | Self::NaturalResources
                | Self::Culture
                | Self::Labour
                | Self::HomeAffairs
                | Self::Construction
                | Self::Science
                | Self::Education
                | Self::Health
        )
    }

    /// Parses a code written by [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Vietnamese name of the office kind.
    pub fn label_vi(self) -> &'static str {
        match self {
            // Today's name; a dated document uses `label_vi_on` (never the two names mixed).
            Self::Agriculture => "Nông nghiệp và Môi trường",
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
            Self::HomeAffairs => "Nội vụ",
            Self::Construction => "Xây dựng",
            Self::Education => "Giáo dục và Đào tạo",
            Self::Police => "Công an, Quản lý thị trường",
            Self::Media => "Báo, đài, truyền thông",
            Self::MassOrganisations => "Hội, đoàn thể",
            Self::Banks => "Ngân hàng",
            Self::Other => "Đơn vị khác",
        }
    }

    /// The Vietnamese name of the office kind as it was on `date`: agriculture is "Nông nghiệp
    /// và Phát triển nông thôn" before the 2025 merger and "Nông nghiệp và Môi trường" after, when
    /// the natural-resources offices went into it too (the dates from `legal_bases.toml`).
    pub fn label_vi_on(self, date: chrono::NaiveDate) -> &'static str {
        let department = crate::certificate::department_name_on(date);
        let name = department.strip_prefix("Sở ").unwrap_or(department);
        match self {
            Self::Agriculture => name,
            Self::NaturalResources if !name.contains("Phát triển nông thôn") => name,
            other => other.label_vi(),
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
            Self::HomeAffairs => "Home Affairs",
            Self::Construction => "Construction",
            Self::Education => "Education and Training",
            Self::Police => "Police and market surveillance",
            Self::Media => "Press, radio and television",
            Self::MassOrganisations => "Mass organisations",
            Self::Banks => "Banks",
            Self::Other => "Other office",
        }
    }
}

/// The offices a directive may name, as data (`offices.toml`).
const OFFICES_TOML: &str = include_str!("offices.toml");

#[derive(Deserialize)]
struct OfficesFile {
    office: Vec<OfficeEntry>,
}

#[derive(Deserialize)]
struct OfficeEntry {
    kind: String,
    name: String,
    patterns: Vec<String>,
}

/// One pattern of an office, folded and split into words.
struct Pattern {
    words: Vec<String>,
    kind: OfficeKind,
    name: &'static str,
    /// "~…": an everyday phrase too; an office only after a head noun or in a list.
    guarded: bool,
}

/// Every office pattern, longest first, read once from `offices.toml`.
fn patterns() -> &'static [Pattern] {
    static PATTERNS: OnceLock<Vec<Pattern>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let file: OfficesFile = toml::from_str(OFFICES_TOML).expect("offices.toml is valid (checked by a test)");
        let mut out = Vec::new();
        for entry in file.office {
            let kind = OfficeKind::from_code(&entry.kind).expect("offices.toml names known kinds (checked by a test)");
            let name: &'static str = Box::leak(entry.name.into_boxed_str());
            for pattern in entry.patterns {
                let (guarded, pattern) = match pattern.strip_prefix('~') {
                    Some(rest) => (true, rest.to_owned()),
                    None => (false, pattern),
                };
                let words = tokenize(&normalise(&pattern)).into_iter().map(|t| t.text).collect();
                out.push(Pattern {
                    words,
                    kind,
                    name,
                    guarded,
                });
            }
        }
        out.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        out
    })
}

/// An office found in a text: its kind, its name and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHit {
    /// The kind of office.
    pub kind: OfficeKind,
    /// Its name: the known office's name (after the head noun written before
    /// it, "Sở", "Phòng"), or the words of an unknown office as written.
    pub name: String,
    /// Index of its first token.
    pub start: usize,
    /// Index just past its last token.
    pub end: usize,
}

/// Head nouns that start the name of an office (folded). Two-word nouns first.
const HEAD_NOUNS: &[&str] = &[
    "van phong",
    "trung tam",
    "chi cuc",
    "ngan hang",
    "uy ban",
    "cong an",
    "lien minh",
    "kho bac",
    "chi nhanh",
    "hiep hoi",
    "so",
    "phong",
    "ban",
    "hoi",
    "dai",
    "bao",
    "doan",
    "cuc",
    "ubnd",
    "tram",
    "quy",
];

/// Head nouns shown before a known office's name.
fn head_label(word: &str) -> Option<&'static str> {
    match word {
        "so" => Some("Sở"),
        "phong" => Some("Phòng"),
        "nganh" => Some("Ngành"),
        _ => None,
    }
}

/// Phrases a head noun starts that are not offices ("Báo cáo", "Ban hành", "Hội nghị").
const NOT_OFFICES: &[&str] = &[
    "bao cao",
    "bao dam",
    "bao ve",
    "bao quan",
    "bao tri",
    "bao hiem",
    "ban hanh",
    "ban giao",
    "ban dau",
    "hoi nghi",
    "hoi thao",
    "hoi cho",
    "hoi dam",
    "phong chong",
    "phong ngua",
    "phong trao",
    "so ket",
    "so luong",
    "so sanh",
    "so bo",
    "cuc bo",
    "quy dinh",
    "quy trinh",
    "quy hoach",
    "quy mo",
    "quy che",
    "doan ket",
];

/// Words that end an unknown office's name: what it does next.
const DUTY_WORDS: &[&str] = &[
    "chu tri",
    "phoi hop",
    "co trach nhiem",
    "thuc hien",
    "tham muu",
    "huong dan",
    "to chuc",
    "chi dao",
    "kiem tra",
    "tuyen truyen",
    "trien khai",
    "theo doi",
    "de nghi",
    "dong chu tri",
    "tiep tuc",
    "chu dong",
    "can cu",
    "lam dau moi",
];

fn is_guard(token: &Token) -> bool {
    head_label(&token.text).is_some() || matches!(token.text.as_str(), ":" | "," | "va" | "&" | "-")
}

/// The known office whose name starts at token `at`, if any (longest pattern wins).
pub fn office_at(tokens: &[Token], at: usize) -> Option<OfficeHit> {
    office_at_with(tokens, at, false)
}

/// [`office_at`], inside a list of offices when `in_list` (guarded patterns allowed).
fn office_at_with(tokens: &[Token], at: usize, in_list: bool) -> Option<OfficeHit> {
    let pattern = patterns().iter().find(|p| {
        let words: Vec<&str> = p.words.iter().map(String::as_str).collect();
        phrase_at(tokens, at, &words) && (!p.guarded || in_list || (at > 0 && is_guard(&tokens[at - 1])))
    })?;
    let head = at
        .checked_sub(1)
        .and_then(|k| head_label(&tokens[k].text))
        .filter(|_| pattern.kind.is_department());
    Some(OfficeHit {
        kind: pattern.kind,
        name: match head {
            Some(h) => format!("{h} {}", pattern.name),
            None => pattern.name.to_owned(),
        },
        start: at,
        end: at + pattern.words.len(),
    })
}

/// Every known office named in the tokens, left to right, without overlaps.
pub fn offices_in(tokens: &[Token]) -> Vec<OfficeHit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(hit) = office_at(tokens, i) {
            i = hit.end;
            hits.push(hit);
        } else {
            i += 1;
        }
    }
    hits
}

/// An office the reader does not know, at token `at`: a head noun (Sở, Phòng,
/// Ban, Trung tâm, Hội, Đài, Báo, …) followed by its name, up to a colon,
/// comma or the verb of its duty. `original` is the text the tokens were read
/// from; the first word of the name must be capitalised there, as names are,
/// so "Ban hành", "Báo cáo" or "Hội nghị" in a sentence are not offices.
pub fn unknown_office_at(tokens: &[Token], at: usize, original: &Original) -> Option<OfficeHit> {
    let head = HEAD_NOUNS.iter().find_map(|h| {
        let words: Vec<&str> = h.split(' ').collect();
        tokens
            .get(at..at + words.len())
            .is_some_and(|ts| ts.iter().zip(&words).all(|(t, w)| t.text == *w))
            .then_some(words.len())
    })?;
    let first = at + head;
    let next = tokens.get(first)?;
    if !next.is_word() || next.is_number() || !original.capitalised(first) {
        return None;
    }
    // Exact words: "Ban Dân" is one OCR edit from "ban đầu".
    let exact = |p: &str| {
        p.split(' ')
            .enumerate()
            .all(|(k, w)| tokens.get(at + k).is_some_and(|t| t.text == w))
    };
    if NOT_OFFICES.iter().any(|p| exact(p)) {
        return None;
    }
    let mut end = first;
    while end < tokens.len() && end < first + 10 {
        let t = &tokens[end];
        let stop = matches!(t.text.as_str(), ":" | "," | ";" | "." | "(")
            || DUTY_WORDS
                .iter()
                .any(|d| phrase_at(tokens, end, &d.split(' ').collect::<Vec<_>>()));
        if stop {
            break;
        }
        end += 1;
    }
    // Pattern: some head nouns say the kind of office by themselves (a "Báo"
    // or "Đài" is a medium, a "Ngân hàng" a bank, a "Hội" an organisation),
    // whatever its name.
    let head_words: Vec<&str> = tokens[at..first].iter().map(|t| t.text.as_str()).collect();
    let kind = match head_words.as_slice() {
        ["bao"] | ["dai"] | ["tap", "chi"] => OfficeKind::Media,
        ["ngan", "hang"] => OfficeKind::Banks,
        ["hoi"] | ["hiep", "hoi"] | ["lien", "minh"] => OfficeKind::MassOrganisations,
        _ => OfficeKind::Other,
    };
    (end > first).then(|| OfficeHit {
        kind,
        name: original.slice(at, end),
        start: at,
        end,
    })
}

/// The office at `at`: a known one, or else an unknown one named by a head noun.
pub fn any_office_at(tokens: &[Token], at: usize, original: &Original) -> Option<OfficeHit> {
    // "Sở Tư pháp" is unknown, but "Sở Công Thương" is known one word on.
    office_at(tokens, at)
        .or_else(|| {
            tokens
                .get(at)
                .filter(|t| head_label(&t.text).is_some())
                .and_then(|_| office_at(tokens, at + 1))
        })
        .or_else(|| unknown_office_at(tokens, at, original))
}

/// The offices listed after a plural head ("Các Sở: Xây dựng, Nội vụ, Tư
/// pháp"; "các Phòng: Tài chính - Kế hoạch, Nội vụ"), known or not, in order.
/// `head` is "Sở" or "Phòng" for the names of unknown ones.
pub fn listed_offices(
    tokens: &[Token],
    range: std::ops::Range<usize>,
    original: &Original,
    head: &str,
) -> Vec<OfficeHit> {
    let mut hits = Vec::new();
    let tokens = &tokens[..range.end.min(tokens.len())];
    let mut i = range.start;
    while i < tokens.len() {
        let item_end = tokens[i..]
            .iter()
            .position(|t| matches!(t.text.as_str(), "," | ";" | "." | ":") || same_word(&t.text, "va"))
            .map_or(tokens.len(), |p| i + p);
        if let Some(hit) = office_at_with(tokens, i, true) {
            let end = hit.end;
            hits.push(hit);
            i = end.max(i + 1);
            continue;
        }
        if item_end > i && item_end - i <= 5 && original.capitalised(i) && tokens[i].is_word() && !tokens[i].is_number()
        {
            hits.push(OfficeHit {
                kind: OfficeKind::Other,
                name: format!("{head} {}", original.slice(i, item_end)),
                start: i,
                end: item_end,
            });
        } else if item_end > i {
            // A list of names ends at the first item that is not one.
            break;
        }
        i = item_end + 1;
    }
    hits
}

/// The text a run of tokens was read from, with each token's place in it,
/// so names can be shown as written and capitals seen.
pub struct Original<'a> {
    text: &'a str,
    tokens: Vec<Token>,
}

impl<'a> Original<'a> {
    /// Tokenises `text` the way [`normalise`] + [`tokenize`] do, keeping
    /// offsets into `text` itself (same tokens, same count).
    pub fn new(text: &'a str) -> Self {
        let tokens = tokenize(&super::normalise_keep_len(text));
        Self { text, tokens }
    }

    /// `at` moved back to the start of the character it falls in: a combining mark of OCR
    /// text can make a folded offset land inside a character of the original.
    fn floor(&self, mut at: usize) -> usize {
        at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// `at` moved on to the end of the character it falls in.
    fn ceil(&self, mut at: usize) -> usize {
        at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at += 1;
        }
        at
    }

    /// True when token `i` starts with a capital letter as written.
    pub fn capitalised(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| {
            self.text[self.floor(t.start)..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
    }

    /// The text of tokens `from..to` as written.
    pub fn slice(&self, from: usize, to: usize) -> String {
        self.span(from, to)
            .map(|(a, b)| self.text[a..b].to_owned())
            .unwrap_or_default()
    }

    /// Byte range in the text of tokens `from..to` (on character boundaries).
    pub fn span(&self, from: usize, to: usize) -> Option<(usize, usize)> {
        let a = self.tokens.get(from)?;
        let b = self.tokens.get(to.checked_sub(1)?)?;
        let (start, end) = (self.floor(a.start), self.ceil(b.end));
        (end >= start).then_some((start, end))
    }
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
    fn the_2025_mergers_media_organisations_and_banks_are_known() {
        assert_eq!(kinds("Sở Xây dựng"), [OfficeKind::Construction]);
        assert_eq!(kinds("Sở Giao thông vận tải"), [OfficeKind::Construction]);
        assert_eq!(kinds("Sở Kế hoạch và Đầu tư"), [OfficeKind::Finance]);
        assert_eq!(kinds("Sở Thông tin và Truyền thông"), [OfficeKind::Science]);
        assert_eq!(kinds("Sở Nội vụ"), [OfficeKind::HomeAffairs]);
        assert_eq!(kinds("Đài Phát thanh và Truyền hình tỉnh"), [OfficeKind::Media]);
        assert_eq!(kinds("Hội Liên hiệp Phụ nữ huyện"), [OfficeKind::MassOrganisations]);
        assert_eq!(kinds("Ngân hàng Chính sách xã hội"), [OfficeKind::Banks]);
        // A guarded pattern is an everyday phrase outside a list of offices.
        assert_eq!(kinds("phối hợp xây dựng kế hoạch"), []);
    }

    #[test]
    fn an_unknown_office_is_named_by_its_head_noun() {
        let read = |s: &str| {
            let tokens = tokenize(&normalise(s));
            any_office_at(&tokens, 0, &Original::new(s)).map(|h| (h.kind, h.name))
        };
        assert_eq!(
            read("Sở Tư pháp chủ trì"),
            Some((OfficeKind::Other, "Sở Tư pháp".to_owned()))
        );
        assert_eq!(
            read("Ban Dân tộc: hướng dẫn"),
            Some((OfficeKind::Other, "Ban Dân tộc".to_owned()))
        );
        assert_eq!(read("Sở Công Thương:").map(|h| h.0), Some(OfficeKind::IndustryTrade));
        assert_eq!(read("Báo cáo kết quả"), None);
        assert_eq!(read("Ban hành kế hoạch"), None);
        assert_eq!(read("Hội nghị tổng kết"), None);
    }

    #[test]
    fn a_list_of_offices_gives_each_one() {
        let s = "Xây dựng, Nội vụ, Tư pháp";
        let hits = listed_offices(&tokenize(&normalise(s)), 0..usize::MAX, &Original::new(s), "Sở");
        let read: Vec<(OfficeKind, String)> = hits.into_iter().map(|h| (h.kind, h.name)).collect();
        assert_eq!(read[0].0, OfficeKind::Construction);
        assert_eq!(read[1].0, OfficeKind::HomeAffairs);
        assert_eq!(read[2], (OfficeKind::Other, "Sở Tư pháp".to_owned()));
    }

    #[test]
    fn every_office_in_the_data_has_a_known_kind_and_patterns() {
        let file: OfficesFile = toml::from_str(OFFICES_TOML).unwrap();
        for entry in file.office {
            assert!(OfficeKind::from_code(&entry.kind).is_some(), "{}", entry.kind);
            assert!(!entry.patterns.is_empty(), "{}", entry.name);
        }
    }

    #[test]
    fn codes_round_trip() {
        for kind in OfficeKind::ALL {
            assert_eq!(OfficeKind::from_code(kind.code()), Some(kind));
        }
    }
}
