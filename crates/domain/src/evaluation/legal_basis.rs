//! Legal bases (căn cứ pháp lý) of the evaluation, loaded from
//! `reference/criteria/legal_bases.toml`: effective dates, part maxima, who recognises which
//! stars, forwarding thresholds, star bands, the commune criteria and the council rules.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::points::{Points, Stars};

const LEGAL_BASES_TOML: &str = include_str!("../../../../reference/criteria/legal_bases.toml");

/// A level of government that evaluates or recognises (cấp xã / huyện / tỉnh / trung ương).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Commune, ward or special zone (cấp xã).
    Commune,
    /// District (cấp huyện), abolished on 1 July 2025.
    District,
    /// Province (cấp tỉnh).
    Province,
    /// Central level: the ministry (cấp trung ương).
    Central,
}

/// Whether a basis is confirmed by several public sources or only reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BasisStatus {
    /// Confirmed by several public sources.
    Confirmed,
    /// Reported by secondary sources only.
    Reported,
}

/// One legal basis, e.g. `QD148-2023`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalBasis {
    /// Stable id, e.g. `QD148-1489-2025`.
    pub id: String,
    /// The decision as cited after "Căn cứ" in printed documents: number, date, signer and
    /// subject as far as they are known, and nothing else.
    pub title: String,
    /// The council's working group as this basis names it: "Tổ giúp việc Hội đồng" under
    /// QĐ 148 and later, "Tổ tư vấn" under QĐ 1048.
    pub working_group: String,
    /// An internal note on the basis (e.g. that the original text was not verified): shown to
    /// officers beside the basis, never printed in a document.
    pub note: Option<String>,
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Last day in force, if superseded.
    pub effective_to: Option<NaiveDate>,
    /// Confirmed or reported.
    pub status: BasisStatus,
    /// Maximum points per part (`A`, `B`, `C`).
    pub parts: BTreeMap<String, Points>,
    /// Levels involved, lowest first.
    pub levels: Vec<Level>,
    /// Which level recognises which star rating (3★ and above).
    pub recognition: BTreeMap<Stars, Level>,
    /// Minimum score for a level to forward a product to the next level up.
    pub forward_threshold: BTreeMap<Level, Points>,
}

impl LegalBasis {
    /// True when the basis is in force on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        date >= self.effective_from && self.effective_to.is_none_or(|to| date <= to)
    }

    /// True when the commune reviews dossiers and reports on the commune criteria.
    pub fn has_commune_review(&self) -> bool {
        self.levels.contains(&Level::Commune)
    }

    /// The council levels (every level but the commune), lowest first.
    pub fn council_levels(&self) -> impl Iterator<Item = Level> + '_ {
        self.levels.iter().copied().filter(|l| *l != Level::Commune)
    }

    /// The level a dossier goes to after `level`, if any.
    pub fn next_level(&self, level: Level) -> Option<Level> {
        let mut it = self.council_levels().skip_while(|l| *l != level);
        it.next();
        it.next()
    }
}

/// A star band: scores from `min` (inclusive) up to the next band's minimum (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StarBand {
    /// The rating of the band.
    pub stars: Stars,
    /// Lowest score of the band, inclusive.
    pub min: Points,
    /// Whether the rating is recognised with a certificate (3★ and above).
    pub certified: bool,
}

/// A criterion the commune People's Committee reports on (tiêu chí cấp xã).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneCriterion {
    /// Stable code, e.g. `lao_dong_dia_phuong`.
    pub code: String,
    /// Vietnamese name.
    pub name: String,
}

/// Council rules (quy chế hoạt động của hội đồng), in integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CouncilRules {
    /// Members' totals may not differ by more than this; else discuss and re-score.
    pub max_member_spread: Points,
    /// Quorum as a share in basis points (7500 = 75 %), the chair among those present.
    pub quorum_basis_points: u32,
    /// Whether the secretary (thư ký) scores.
    pub secretary_scores: bool,
}

/// The names of the agriculture ministry and of a province's agriculture department from a
/// date on (the 2025 merger renamed both): one entry per period, so that a document prints the
/// names as they were on its own date and never mixes two periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyNames {
    /// First day these names are in use.
    pub from: NaiveDate,
    /// "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Nông nghiệp và Môi trường".
    pub ministry: String,
    /// "Bộ NN&PTNT", "Bộ NN&MT".
    pub ministry_short: String,
    /// "Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường".
    pub department: String,
    /// "Sở NN&PTNT", "Sở NN&MT".
    pub department_short: String,
}

/// Every legal basis with the shared bands and rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalBases {
    /// The bases, oldest first.
    pub bases: Vec<LegalBasis>,
    /// Star bands, highest first.
    pub star_bands: Vec<StarBand>,
    /// The four commune criteria (since QĐ 148).
    pub commune_criteria: Vec<CommuneCriterion>,
    /// Months a certificate is valid.
    pub certificate_validity_months: u32,
    /// The council rules.
    pub council: CouncilRules,
    /// Agency names by period, oldest first.
    pub agency_names: Vec<AgencyNames>,
}

impl LegalBases {
    /// The shipped data (`reference/criteria/legal_bases.toml`), parsed once.
    pub fn official() -> &'static LegalBases {
        static BASES: OnceLock<LegalBases> = OnceLock::new();
        BASES.get_or_init(|| LegalBases::from_toml(LEGAL_BASES_TOML).expect("the shipped legal_bases.toml is valid"))
    }

    /// Parses a legal-bases file.
    pub fn from_toml(text: &str) -> Result<LegalBases, String> {
        let raw: raw::File = toml::from_str(text).map_err(|e| e.to_string())?;
        raw.convert()
    }

    /// The basis with this id.
    pub fn get(&self, id: &str) -> Option<&LegalBasis> {
        self.bases.iter().find(|b| b.id == id)
    }

    /// The basis in force on `date` (a dossier's submission date).
    pub fn in_force_on(&self, date: NaiveDate) -> Option<&LegalBasis> {
        self.bases.iter().find(|b| b.in_force_on(date))
    }

    /// The names of the ministry and the department in use on `date` (a document's date).
    pub fn agency_names_on(&self, date: NaiveDate) -> &AgencyNames {
        self.agency_names
            .iter()
            .rev()
            .find(|n| n.from <= date)
            .or_else(|| self.agency_names.first())
            .expect("the shipped legal_bases.toml names the agencies")
    }

    /// The working group's name under the basis in force on `date` (the term of the latest
    /// basis for a date before every basis).
    pub fn working_group_on(&self, date: NaiveDate) -> &str {
        self.in_force_on(date)
            .or_else(|| self.bases.last())
            .map_or("Tổ giúp việc Hội đồng", |b| b.working_group.as_str())
    }

    /// The star band of a score (lower bound inclusive).
    pub fn band(&self, score: Points) -> Stars {
        self.star_bands
            .iter()
            .find(|band| score >= band.min)
            .map_or(Stars::ONE, |band| band.stars)
    }
}

mod raw {
    //! The file's shape, converted into checked types.
    use super::*;

    #[derive(Deserialize)]
    pub struct File {
        legal_basis: Vec<Basis>,
        star_band: Vec<Band>,
        commune_criterion: Vec<CommuneCriterion>,
        certificate: Certificate,
        council: Council,
        agency_names: Vec<Agency>,
    }
    #[derive(Deserialize)]
    struct Agency {
        from: String,
        ministry: String,
        ministry_short: String,
        department: String,
        department_short: String,
    }
    #[derive(Deserialize)]
    struct Basis {
        id: String,
        title: String,
        working_group: String,
        note: Option<String>,
        effective_from: String,
        effective_to: Option<String>,
        status: BasisStatus,
        parts: BTreeMap<String, Points>,
        levels: Vec<Level>,
        recognition: BTreeMap<String, Level>,
        forward_threshold: BTreeMap<Level, Points>,
    }
    #[derive(Deserialize)]
    struct Band {
        stars: Stars,
        min: Points,
        certified: bool,
    }
    #[derive(Deserialize)]
    struct Certificate {
        validity_months: u32,
    }
    #[derive(Deserialize)]
    struct Council {
        max_member_spread: Points,
        quorum_share: f64,
        secretary_scores: bool,
    }

    fn date(text: &str) -> Result<NaiveDate, String> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| format!("{text}: {e}"))
    }

    impl File {
        pub fn convert(self) -> Result<LegalBases, String> {
            let mut bases = Vec::new();
            for b in self.legal_basis {
                let mut recognition = BTreeMap::new();
                for (stars, level) in b.recognition {
                    let stars = stars
                        .parse::<u8>()
                        .ok()
                        .and_then(Stars::new)
                        .ok_or_else(|| format!("{}: bad star {stars}", b.id))?;
                    recognition.insert(stars, level);
                }
                bases.push(LegalBasis {
                    effective_from: date(&b.effective_from)?,
                    effective_to: b.effective_to.as_deref().map(date).transpose()?,
                    id: b.id,
                    title: b.title,
                    working_group: b.working_group,
                    note: b.note,
                    status: b.status,
                    parts: b.parts,
                    levels: b.levels,
                    recognition,
                    forward_threshold: b.forward_threshold,
                });
            }
            let mut star_bands: Vec<StarBand> = self
                .star_band
                .into_iter()
                .map(|b| StarBand {
                    stars: b.stars,
                    min: b.min,
                    certified: b.certified,
                })
                .collect();
            star_bands.sort_by_key(|b| std::cmp::Reverse(b.min));
            let quorum = self.council.quorum_share;
            if !(0.0..=1.0).contains(&quorum) {
                return Err(format!("quorum_share {quorum} is not a share"));
            }
            let mut agency_names = Vec::new();
            for a in self.agency_names {
                agency_names.push(AgencyNames {
                    from: date(&a.from)?,
                    ministry: a.ministry,
                    ministry_short: a.ministry_short,
                    department: a.department,
                    department_short: a.department_short,
                });
            }
            if agency_names.is_empty() {
                return Err("agency_names: at least one period".into());
            }
            agency_names.sort_by_key(|a| a.from);
            Ok(LegalBases {
                agency_names,
                bases,
                star_bands,
                commune_criteria: self.commune_criterion,
                certificate_validity_months: self.certificate.validity_months,
                council: CouncilRules {
                    max_member_spread: self.council.max_member_spread,
                    quorum_basis_points: (quorum * 10_000.0).round() as u32,
                    secretary_scores: self.council.secretary_scores,
                },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_shipped_file_loads() {
        let all = LegalBases::official();
        assert_eq!(all.bases.len(), 4);
        assert_eq!(all.commune_criteria.len(), 4);
        assert_eq!(all.certificate_validity_months, 36);
        assert_eq!(all.council.max_member_spread, Points::whole(10));
        assert_eq!(all.council.quorum_basis_points, 7500);
        assert!(!all.council.secretary_scores);
        let qd148 = all.get("QD148-2023").unwrap();
        assert_eq!(qd148.parts["A"], Points::whole(40));
        assert_eq!(qd148.recognition[&Stars::new(3).unwrap()], Level::District);
        assert_eq!(qd148.forward_threshold[&Level::District], Points::whole(70));
        assert_eq!(qd148.next_level(Level::District), Some(Level::Province));
        assert_eq!(qd148.next_level(Level::Central), None);
    }

    #[test]
    fn the_basis_follows_the_date() {
        let all = LegalBases::official();
        let id = |d| all.in_force_on(d).map(|b| b.id.as_str());
        assert_eq!(id(day(2019, 8, 20)), None);
        assert_eq!(id(day(2023, 2, 23)), Some("QD1048-2019"));
        assert_eq!(id(day(2023, 2, 24)), Some("QD148-2023"));
        assert_eq!(id(day(2025, 7, 5)), Some("QD148-2023"));
        assert_eq!(id(day(2025, 7, 6)), Some("QD148-1489-2025"));
        assert_eq!(id(day(2026, 5, 22)), Some("QD26-2026"));
    }

    #[test]
    fn terms_follow_the_basis_and_names_the_date() {
        let all = LegalBases::official();
        assert_eq!(all.working_group_on(day(2022, 5, 1)), "Tổ tư vấn");
        assert_eq!(all.working_group_on(day(2023, 2, 24)), "Tổ giúp việc Hội đồng");
        assert_eq!(all.working_group_on(day(2026, 11, 17)), "Tổ giúp việc Hội đồng");
        let before = all.agency_names_on(day(2025, 2, 28));
        assert_eq!(before.ministry, "Bộ Nông nghiệp và Phát triển nông thôn");
        assert_eq!(before.department_short, "Sở NN&PTNT");
        let after = all.agency_names_on(day(2025, 3, 1));
        assert_eq!(after.ministry, "Bộ Nông nghiệp và Môi trường");
        assert_eq!(after.department, "Sở Nông nghiệp và Môi trường");
        assert_eq!(all.agency_names_on(day(2010, 1, 1)).ministry_short, "Bộ NN&PTNT");
    }

    #[test]
    fn printed_titles_hold_no_internal_note() {
        for basis in &LegalBases::official().bases {
            for word in ["chưa được đối chiếu", "chưa đối chiếu", "(", "reported"] {
                assert!(!basis.title.contains(word), "{}: {}", basis.id, basis.title);
            }
        }
        let qd26 = LegalBases::official().get("QD26-2026").unwrap();
        assert!(qd26.note.as_deref().is_some_and(|n| n.contains("chưa được đối chiếu")));
    }

    #[test]
    fn bands_have_inclusive_lower_bounds() {
        let all = LegalBases::official();
        let band = |h| all.band(Points(h)).get();
        assert_eq!(band(10_000), 5);
        assert_eq!(band(9_000), 5);
        assert_eq!(band(8_999), 4);
        assert_eq!(band(7_000), 4);
        assert_eq!(band(6_999), 3);
        assert_eq!(band(5_000), 3);
        assert_eq!(band(3_000), 2);
        assert_eq!(band(2_999), 1);
        assert_eq!(band(0), 1);
    }
}
