//! The directive reader scored against hand-made expectations
//! (`reference/directives/expected/*.toml`) for the three seed directives,
//! and tried on a directive it has never seen.

use std::path::PathBuf;

use serde::Deserialize;

use super::tokens::normalise;
use super::*;

#[derive(Debug, Deserialize)]
struct Expected {
    directive: ExpectedMeta,
    #[serde(default)]
    task: Vec<ExpectedTask>,
    #[serde(default)]
    target: Vec<ExpectedTarget>,
}

#[derive(Debug, Deserialize)]
struct ExpectedMeta {
    number: Option<String>,
    issued_on: Option<NaiveDate>,
    year: Option<i32>,
    kind: Option<DirectiveKind>,
    #[serde(default)]
    issuer: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ExpectedTask {
    responsible: String,
    deadline: String,
    action: String,
}

impl ExpectedTask {
    fn expected_deadline(&self) -> &str {
        &self.deadline
    }
}

#[derive(Debug, Deserialize)]
struct ExpectedTarget {
    kind: TargetKind,
    count: u32,
    min_stars: Option<u8>,
    level: Option<TargetLevel>,
}

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../reference/directives")
}

/// True when the proposal's text starts with the expected first words: the
/// folded letters of the expected words against as many letters of the
/// proposal, at most 30 % of them different (OCR damage), two at least.
fn starts_with_words(text: &str, words: &str) -> bool {
    let letters = |s: &str| {
        normalise(s)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<Vec<char>>()
    };
    let want = letters(words);
    let have = letters(text);
    let have = &have[..have.len().min(want.len())];
    let allowed = (want.len() * 3 / 10).max(2);
    levenshtein(have, &want) <= allowed
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + usize::from(ca != cb));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn task_matches(proposed: &ProposedTask, expected: &ExpectedTask) -> bool {
    // An inferred deadline (a plan's year) is compared as what the text
    // writes: none.
    let deadline = if proposed.deadline_inferred {
        "none".to_owned()
    } else {
        proposed.deadline.code()
    };
    proposed.responsible.map(OfficeKind::code) == Some(expected.responsible.as_str())
        && deadline == expected.expected_deadline()
        && (starts_with_words(&proposed.title, &expected.action)
            || starts_with_words(&proposed.details, &expected.action))
}

fn target_matches(proposed: &ProposedTarget, expected: &ExpectedTarget) -> bool {
    proposed.kind == expected.kind
        && proposed.count == expected.count
        && proposed.min_stars == expected.min_stars
        && proposed.level == expected.level
}

/// Counts of one comparison: true positives, proposals, expectations.
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    hits: usize,
    proposed: usize,
    expected: usize,
}

impl Score {
    fn add(&mut self, other: Score) {
        self.hits += other.hits;
        self.proposed += other.proposed;
        self.expected += other.expected;
    }
    fn precision(self) -> f64 {
        if self.proposed == 0 {
            1.0
        } else {
            self.hits as f64 / self.proposed as f64
        }
    }
    fn recall(self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.hits as f64 / self.expected as f64
        }
    }
}

/// One-to-one matching, greedy in document order.
fn score<P, E>(proposed: &[P], expected: &[E], matches: impl Fn(&P, &E) -> bool) -> (Score, Vec<usize>) {
    let mut used = vec![false; proposed.len()];
    let mut missed = Vec::new();
    let mut hits = 0;
    for (k, e) in expected.iter().enumerate() {
        match (0..proposed.len()).find(|&i| !used[i] && matches(&proposed[i], e)) {
            Some(i) => {
                used[i] = true;
                hits += 1;
            }
            None => missed.push(k),
        }
    }
    (
        Score {
            hits,
            proposed: proposed.len(),
            expected: expected.len(),
        },
        missed,
    )
}

const SEEDS: [&str; 3] = ["001_b21dea0c9abd2305", "002_d4dbf44d2c323b29", "003_ad2c6483cf060b55"];

/// Directives written for issue 16 with their expectations before the
/// reader was run on them (`reference/directives/unseen/`): a district
/// conclusion notice and a provincial official letter.
const UNSEEN_TEXTS: [&str; 2] = ["101_district_notice_2024", "102_province_letter_2023"];

fn text_of(name: &str) -> String {
    let dir = if SEEDS.contains(&name) { "seeds" } else { "unseen" };
    std::fs::read_to_string(reference_dir().join(format!("{dir}/{name}.txt"))).expect("directive text")
}

fn expected_of(name: &str) -> Expected {
    toml::from_str(
        &std::fs::read_to_string(reference_dir().join(format!("expected/{name}.toml"))).expect("expectations"),
    )
    .expect("expectations parse")
}

/// True when two issuers name the same body: folded letters, "UBND" spelled
/// out, at most a fifth of the letters different (OCR).
fn same_issuer(read: &str, expected: &str) -> bool {
    let letters = |s: &str| {
        normalise(s)
            .replace("ubnd", "uy ban nhan dan")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<Vec<char>>()
    };
    let (a, b) = (letters(read), letters(expected));
    levenshtein(&a, &b) <= b.len() / 5
}

/// Scores the reader on every seed, each text passed through `damage`:
/// (tasks, targets, deadlines right of matched-by-office-and-text tasks).
fn score_seeds(damage: impl Fn(&str) -> String) -> (Score, Score, (usize, usize)) {
    score_texts(&SEEDS, damage)
}

/// Scores the reader on the named texts, each passed through `damage`.
fn score_texts(names: &[&str], damage: impl Fn(&str) -> String) -> (Score, Score, (usize, usize)) {
    let mut tasks_total = Score::default();
    let mut targets_total = Score::default();
    let mut deadlines = (0, 0);
    for seed in names {
        let text = text_of(seed);
        let expected = expected_of(seed);
        let proposal = parse_directive(&damage(&text));
        tasks_total.add(score(&proposal.tasks, &expected.task, task_matches).0);
        targets_total.add(score(&proposal.targets, &expected.target, target_matches).0);
        // Deadline accuracy: of the tasks found by office and text, how many have the right deadline.
        let loose = |p: &ProposedTask, e: &ExpectedTask| {
            p.responsible.map(OfficeKind::code) == Some(e.responsible.as_str())
                && (starts_with_words(&p.title, &e.action) || starts_with_words(&p.details, &e.action))
        };
        let (found, _) = score(&proposal.tasks, &expected.task, loose);
        deadlines.0 += score(&proposal.tasks, &expected.task, task_matches).0.hits;
        deadlines.1 += found.hits;
    }
    (tasks_total, targets_total, deadlines)
}

/// The reader on the seeds with OCR noise (5 seeds of the generator at the
/// rates measured from the OCR seeds) scores within 0.1 of the clean text.
#[test]
fn noisy_seeds_score_within_a_tenth_of_clean() {
    use super::noise::{NoiseRates, add_noise};
    let (ct, cg, cd) = score_seeds(str::to_owned);
    let mut report = format!(
        "clean: tasks P {:.2} R {:.2}, targets P {:.2} R {:.2}, deadlines {}/{}\n",
        ct.precision(),
        ct.recall(),
        cg.precision(),
        cg.recall(),
        cd.0,
        cd.1
    );
    let (mut nt, mut ng, mut nd) = (Score::default(), Score::default(), (0, 0));
    for seed in 1..=5u64 {
        let (t, g, d) = score_seeds(|text| add_noise(text, seed, &NoiseRates::MEASURED));
        report += &format!(
            "noise seed {seed}: tasks P {:.2} R {:.2}, targets P {:.2} R {:.2}, deadlines {}/{}\n",
            t.precision(),
            t.recall(),
            g.precision(),
            g.recall(),
            d.0,
            d.1
        );
        nt.add(t);
        ng.add(g);
        nd = (nd.0 + d.0, nd.1 + d.1);
    }
    report += &format!(
        "noisy (5 seeds): tasks P {:.2} R {:.2}, targets P {:.2} R {:.2}, deadlines {}/{}\n",
        nt.precision(),
        nt.recall(),
        ng.precision(),
        ng.recall(),
        nd.0,
        nd.1
    );
    eprintln!("{report}");
    for (clean, noisy) in [
        (ct.precision(), nt.precision()),
        (ct.recall(), nt.recall()),
        (cg.precision(), ng.precision()),
        (cg.recall(), ng.recall()),
    ] {
        assert!(clean - noisy <= 0.1, "{report}");
    }
}

#[test]
fn seeds_score_against_hand_made_expectations() {
    let mut tasks_total = Score::default();
    let mut targets_total = Score::default();
    let mut report = String::from("seed | tasks P | tasks R | targets P | targets R\n");
    for seed in SEEDS {
        let text = text_of(seed);
        let expected = expected_of(seed);
        let proposal = parse_directive(&text);
        if let Some(issuer) = &expected.directive.issuer {
            let read = proposal.meta.issuer.as_deref().unwrap_or("");
            assert!(same_issuer(read, issuer), "{seed}: issuer {read:?}");
        }

        assert_eq!(proposal.meta.number, expected.directive.number, "{seed}: number");
        assert_eq!(proposal.meta.year, expected.directive.year, "{seed}: year");
        assert_eq!(proposal.meta.kind, expected.directive.kind, "{seed}: kind");
        if expected.directive.issued_on.is_some() {
            assert_eq!(proposal.meta.issued_on, expected.directive.issued_on, "{seed}: date");
        }

        let (tasks, missed_tasks) = score(&proposal.tasks, &expected.task, task_matches);
        let (targets, missed_targets) = score(&proposal.targets, &expected.target, target_matches);
        for k in missed_tasks {
            eprintln!("{seed}: task not found: {:?}", expected.task[k]);
        }
        for k in missed_targets {
            eprintln!("{seed}: target not found: {:?}", expected.target[k]);
        }
        for t in &proposal.tasks {
            if !expected.task.iter().any(|e| task_matches(t, e)) {
                eprintln!("{seed}: extra task: {:?} {} {:?}", t.responsible, t.deadline, t.title);
            }
        }
        for t in &proposal.targets {
            if !expected.target.iter().any(|e| target_matches(t, e)) {
                eprintln!("{seed}: extra target: {t:?}");
            }
        }
        report += &format!(
            "{seed} | {:.2} | {:.2} | {:.2} | {:.2}\n",
            tasks.precision(),
            tasks.recall(),
            targets.precision(),
            targets.recall()
        );
        tasks_total.add(tasks);
        targets_total.add(targets);
    }
    report += &format!(
        "all | {:.2} ({}/{}) | {:.2} ({}/{}) | {:.2} ({}/{}) | {:.2} ({}/{})\n",
        tasks_total.precision(),
        tasks_total.hits,
        tasks_total.proposed,
        tasks_total.recall(),
        tasks_total.hits,
        tasks_total.expected,
        targets_total.precision(),
        targets_total.hits,
        targets_total.proposed,
        targets_total.recall(),
        targets_total.hits,
        targets_total.expected,
    );
    eprintln!("{report}");
    // The floors are the figures in docs/DIRECTIVES.md, rounded down: a change
    // that makes the reader worse on the seeds fails here.
    assert!(tasks_total.precision() >= 0.80, "{report}");
    assert!(tasks_total.recall() >= 0.80, "{report}");
    assert!(targets_total.precision() >= 0.80, "{report}");
    assert!(targets_total.recall() >= 0.80, "{report}");
}

/// The two directives written for issue 16 (never tuned to before their
/// first run): prints what was missed and the figures docs/DIRECTIVES.md
/// gives, clean and with OCR noise, and holds them to the goals.
#[test]
fn unseen_directives_score() {
    use super::noise::{NoiseRates, add_noise};
    let mut report = String::new();
    for name in UNSEEN_TEXTS {
        let expected = expected_of(name);
        let proposal = parse_directive(&text_of(name));
        let read = proposal.meta.issuer.clone().unwrap_or_default();
        let issuer_ok = expected
            .directive
            .issuer
            .as_deref()
            .is_none_or(|e| same_issuer(&read, e));
        report += &format!(
            "{name}: issuer {read:?} {}; number {:?}; kind {:?}\n",
            if issuer_ok { "right" } else { "WRONG" },
            proposal.meta.number,
            proposal.meta.kind
        );
        assert_eq!(proposal.meta.number, expected.directive.number, "{name}: number");
        assert_eq!(proposal.meta.kind, expected.directive.kind, "{name}: kind");
        assert_eq!(proposal.meta.issued_on, expected.directive.issued_on, "{name}: date");
        assert!(issuer_ok, "{name}: issuer {read:?}");
        let (_, missed) = score(&proposal.tasks, &expected.task, task_matches);
        for k in missed {
            report += &format!("{name}: task not found: {:?}\n", expected.task[k]);
        }
        for t in &proposal.tasks {
            if !expected.task.iter().any(|e| task_matches(t, e)) {
                report += &format!("{name}: extra task: {:?} {} {:?}\n", t.responsible, t.deadline, t.title);
            }
        }
        let (_, missed) = score(&proposal.targets, &expected.target, target_matches);
        for k in missed {
            report += &format!("{name}: target not found: {:?}\n", expected.target[k]);
        }
        for t in &proposal.targets {
            if !expected.target.iter().any(|e| target_matches(t, e)) {
                report += &format!("{name}: extra target: {:?} {} {:?}\n", t.kind, t.count, t.min_stars);
            }
        }
    }
    let line = |label: &str, (t, g, d): (Score, Score, (usize, usize))| {
        format!(
            "{label}: tasks P {:.2} R {:.2} ({}/{}/{}), targets P {:.2} R {:.2} ({}/{}/{}), deadlines {}/{}\n",
            t.precision(),
            t.recall(),
            t.hits,
            t.proposed,
            t.expected,
            g.precision(),
            g.recall(),
            g.hits,
            g.proposed,
            g.expected,
            d.0,
            d.1
        )
    };
    let clean = score_texts(&UNSEEN_TEXTS, str::to_owned);
    report += &line("unseen, clean", clean);
    let (mut nt, mut ng, mut nd) = (Score::default(), Score::default(), (0, 0));
    for seed in 1..=5u64 {
        let (t, g, d) = score_texts(&UNSEEN_TEXTS, |text| add_noise(text, seed, &NoiseRates::MEASURED));
        nt.add(t);
        ng.add(g);
        nd = (nd.0 + d.0, nd.1 + d.1);
    }
    report += &line("unseen, noisy (5 seeds)", (nt, ng, nd));
    eprintln!("{report}");
    // The goals (0.85 tasks, 0.8 targets and deadlines) as floors: the figures
    // reached are in docs/DIRECTIVES.md; a change that makes the reader worse on text it was
    // not written for fails here.
    let (t, g, d) = clean;
    assert!(t.precision() >= 0.85 && t.recall() >= 0.85, "{report}");
    assert!(d.0 * 10 >= d.1 * 8, "{report}");
    assert!(g.precision() >= 0.8 && g.recall() >= 0.8, "{report}");
    for (c, n) in [
        (t.precision(), nt.precision()),
        (t.recall(), nt.recall()),
        (g.precision(), ng.precision()),
        (g.recall(), ng.recall()),
    ] {
        assert!(c - n <= 0.1, "{report}");
    }
}

/// A directive written for this test in a different phrasing from the seeds:
/// a commune's letter with numbered offices, "chậm nhất", "trong tháng",
/// "Quý", a date without its year and targets in other words.
const UNSEEN: &str = "\
ỦY BAN NHÂN DÂN XÃ HÒA BÌNH
Số: 27/CV-UBND
Hòa Bình, ngày 03 tháng 3 năm 2026

CÔNG VĂN
Về việc triển khai Chương trình OCOP năm 2026

Năm 2026, xã phấn đấu có ít nhất 2 sản phẩm đạt 4 sao; công nhận lại 4 sản phẩm hết hạn;
thu hút tối thiểu 5 hợp tác xã tham gia Chương trình.

UBND xã đề nghị các đơn vị thực hiện các nội dung sau:

1. Phòng Kinh tế xã:
+ Rà soát danh sách sản phẩm hết hạn giấy chứng nhận, gửi UBND xã chậm nhất ngày 20/3.
+ Phối hợp với Trạm Y tế hướng dẫn chủ thể công bố sản phẩm trong tháng 4 năm 2026.
2. Văn phòng HĐND và UBND xã: tổng hợp báo cáo kết quả Quý II và Quý III năm 2026.
3. Các hợp tác xã, chủ thể OCOP
- Hoàn thiện hồ sơ đánh giá lại trước ngày 15/5/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.
";

#[test]
fn an_unseen_directive_is_read() {
    let p = parse_directive(UNSEEN);
    assert_eq!(p.meta.number.as_deref(), Some("27/CV-UBND"));
    assert_eq!(p.meta.issued_on, NaiveDate::from_ymd_opt(2026, 3, 3));
    let tasks: Vec<(Option<&str>, String)> = p
        .tasks
        .iter()
        .map(|t| (t.responsible.map(OfficeKind::code), t.deadline.code()))
        .collect();
    assert_eq!(
        tasks,
        [
            (Some("industry_trade"), "by:2026-03-20".to_owned()),
            (Some("industry_trade"), "month:2026-04".to_owned()),
            (Some("committee_office"), "quarters:2026:2,3".to_owned()),
            (Some("producers"), "by:2026-05-15".to_owned()),
        ]
    );
    assert_eq!(p.tasks[1].cooperating, [OfficeKind::Health]);
    let targets: Vec<_> = p.targets.iter().map(|t| (t.kind, t.count, t.min_stars)).collect();
    assert_eq!(
        targets,
        [
            (TargetKind::Certified, 2, Some(4)),
            (TargetKind::Recertified, 4, None),
            (TargetKind::Producers, 5, None)
        ]
    );
}

#[test]
fn clean_and_ocr_spellings_give_the_same_tasks() {
    let clean = "3. Văn phòng Điều phối nông thôn mới huyện:\n- Hướng dẫn các cơ sở hoàn thành phiếu đăng ký gửi UBND huyện trước ngày 20/6/2023.\n";
    let ocr = "3. Van phong Diéu phéi nong thon méi huyén:\n- Huéng dan cac co s¢ hoan thanh phiéu dang ky gtri UBND huyén truéc ngay 20/6/2023.\n";
    let a = parse_directive(clean);
    let b = parse_directive(ocr);
    assert_eq!(a.tasks.len(), 1);
    assert_eq!(a.tasks[0].responsible, b.tasks[0].responsible);
    assert_eq!(a.tasks[0].deadline, b.tasks[0].deadline);
    assert_eq!(a.tasks[0].deadline.code(), "by:2023-06-20");
}

/// OCR text carries stray combining marks, and pasted text may be decomposed (NFD): the
/// reader's offsets into the text as written must stay on character boundaries (a mark once
/// made it slice inside a character and panic).
#[test]
fn decomposed_text_and_stray_combining_marks_are_read_without_a_panic() {
    use unicode_normalization::UnicodeNormalization;
    for name in SEEDS.iter().chain(UNSEEN_TEXTS.iter()) {
        let text = text_of(name);
        let nfd: String = text.nfd().collect();
        let read = parse_directive(&nfd);
        assert!(!read.tasks.is_empty(), "{name}: tasks read from the decomposed text");
        let marked: String = text
            .chars()
            .enumerate()
            .flat_map(|(k, c)| if k % 7 == 3 { vec![c, '\u{309}'] } else { vec![c] })
            .collect();
        parse_directive(&marked);
    }
}

/// A bullet holding two duties with deadlines of their own gives two tasks, each pointing at
/// its own words in the pasted text (across the line break inside the bullet), not at the
/// whole bullet.
#[test]
fn the_two_duties_of_one_bullet_point_at_their_own_words() {
    let text = "1. Phòng Nông nghiệp và Môi trường:\n- Rà soát, tổng hợp các sản phẩm hết hạn trước ngày 20/3/2024; tổng hợp\n  báo cáo UBND huyện trong tháng 4/2024.\n";
    let p = parse_directive(text);
    assert_eq!(p.tasks.len(), 2, "{:?}", p.tasks);
    let spans: Vec<&str> = p.tasks.iter().map(|t| &text[t.span.start..t.span.end]).collect();
    assert!(
        spans[0].starts_with("Rà soát") && spans[0].ends_with("20/3/2024;"),
        "{spans:?}"
    );
    assert!(
        spans[1].starts_with("tổng hợp") && spans[1].ends_with("tháng 4/2024."),
        "{spans:?}"
    );
}
