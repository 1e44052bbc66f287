//! Evaluation against hand-made gold alignments, and a synthetic benchmark.
//! Used by the `evaluate` example (`tests/eval/evaluate.rs`) and by the
//! integration tests; the aligner itself never calls it.
//!
//! A pair is a directory with `source.md`, `rewrite.md` and `gold.json`:
//!
//! ```json
//! {"description": "what this pair tests",
//!  "links": [{"source": ["unique substring of a source sentence"],
//!             "rewrite": ["unique substring of a rewrite sentence"]}],
//!  "findings": [{"kind": "name_changed", "source": "substring or null",
//!                "rewrite": "substring or null"}],
//!  "roles": {"caption": ["substring"], "furniture": ["..."], "heading": ["..."]}}
//! ```
//!
//! A link group expands to every (source sentence, rewrite sentence) pair in
//! it. A predicted finding matches a gold one when the kinds are equal and
//! its sentences are those the gold substrings pick out (a null gold side
//! matches anything). A role substring names the sentence that contains it on
//! each side where it occurs; sentences not named are story. Captions and
//! furniture are what the report sets aside, scored as one class.
//!
//! The set is split in two parts, `tuning/` (the rules were tuned on it: its
//! figures are training figures) and `held-out/` (never tuned on).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use serde::Deserialize;

use crate::report::{FindingKind, Relation, Report, Sentence};

use crate::align::{align, debug_pair, AlignOptions, Text};

#[derive(Debug, Deserialize)]
pub struct Gold {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub links: Vec<GoldLink>,
    #[serde(default)]
    pub findings: Vec<GoldFinding>,
    #[serde(default)]
    pub roles: GoldRoles,
    /// How many sentences each side has, where the gold says (pairs in
    /// scripts whose splitting is itself under test).
    #[serde(default)]
    pub sentences: Option<GoldSentences>,
}

#[derive(Debug, Deserialize)]
pub struct GoldSentences {
    pub source: usize,
    pub rewrite: usize,
}

/// Sentences that are not story, named by substrings found on either side.
#[derive(Debug, Default, Deserialize)]
pub struct GoldRoles {
    #[serde(default)]
    pub caption: Vec<String>,
    #[serde(default)]
    pub furniture: Vec<String>,
    #[serde(default)]
    pub heading: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct GoldLink {
    pub source: Vec<String>,
    pub rewrite: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct GoldFinding {
    pub kind: FindingKind,
    pub source: Option<String>,
    pub rewrite: Option<String>,
}

/// True positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// Figures over a set of pairs.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub pairs: usize,
    pub links: Counts,
    pub kinds: BTreeMap<FindingKind, Counts>,
    /// Sentences set aside (caption or furniture), both sides pooled.
    pub set_aside: Counts,
    /// Sides whose sentence count the gold gives, and how many of them the
    /// splitter cut into exactly that many sentences.
    pub split_sides: usize,
    pub split_exact: usize,
}

impl Totals {
    /// Rows for a table: links, set-aside roles, then each finding kind
    /// (not `note`).
    pub fn rows(&self) -> Vec<(String, Counts)> {
        let mut v = vec![
            ("links".to_string(), self.links),
            ("set aside (roles)".to_string(), self.set_aside),
        ];
        for k in FindingKind::ALL {
            if k == FindingKind::Note {
                continue;
            }
            v.push((
                k.as_str().to_string(),
                self.kinds.get(&k).copied().unwrap_or_default(),
            ));
        }
        v
    }
}

fn norm(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c {
            '“' | '”' | '„' | '«' | '»' => '"',
            '‘' | '’' => '\'',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
    out.trim().to_string()
}

/// The one sentence containing `sub` (exactly, else after quote and
/// whitespace normalisation).
fn resolve(sentences: &[Sentence], sub: &str) -> Result<usize, String> {
    let hits: Vec<usize> = sentences
        .iter()
        .filter(|s| s.text.contains(sub))
        .map(|s| s.id)
        .collect();
    let hits = if hits.is_empty() {
        let n = norm(sub);
        sentences
            .iter()
            .filter(|s| norm(&s.text).contains(&n))
            .map(|s| s.id)
            .collect()
    } else {
        hits
    };
    match hits.len() {
        1 => Ok(hits[0]),
        0 => Err(format!("no sentence contains {sub:?}")),
        _ => Err(format!(
            "{} sentences contain {sub:?}: {hits:?}",
            hits.len()
        )),
    }
}

/// The figures of one pair, and a log of the differences (for `-v`).
#[derive(Debug, Clone, Default)]
pub struct PairScore {
    pub links: Counts,
    pub kinds: BTreeMap<FindingKind, Counts>,
    pub set_aside: Counts,
    /// Sides with a gold sentence count, and sides split to that count.
    pub split_sides: usize,
    pub split_exact: usize,
    pub log: String,
}

/// The sentences (side 0 = source, 1 = rewrite) that contain `sub`: at most
/// one per side, and at least one in all.
fn resolve_either(report: &Report, sub: &str) -> Result<Vec<(usize, usize)>, String> {
    let mut out = Vec::new();
    for (side, sentences) in [&report.source.sentences, &report.rewrite.sentences]
        .into_iter()
        .enumerate()
    {
        match resolve(sentences, sub) {
            Ok(i) => out.push((side, i)),
            Err(e) if e.starts_with("no sentence") => {}
            Err(e) => return Err(e),
        }
    }
    if out.is_empty() {
        return Err(format!("no sentence on either side contains {sub:?}"));
    }
    Ok(out)
}

/// Set-aside roles (caption or furniture) against the gold's.
fn score_roles(report: &Report, gold: &Gold, log: &mut String) -> Result<Counts, String> {
    let mut gold_set = BTreeSet::new();
    for sub in gold.roles.caption.iter().chain(&gold.roles.furniture) {
        gold_set.extend(resolve_either(report, sub)?);
    }
    // Headings are story: resolving them only checks the gold.
    for sub in &gold.roles.heading {
        resolve_either(report, sub)?;
    }
    let mut pred_set = BTreeSet::new();
    for (side, sentences) in [&report.source.sentences, &report.rewrite.sentences]
        .into_iter()
        .enumerate()
    {
        for s in sentences {
            if !s.role.is_story() {
                pred_set.insert((side, s.id));
            }
        }
    }
    let text = |(side, i): (usize, usize)| {
        let s = if side == 0 {
            &report.source
        } else {
            &report.rewrite
        };
        format!(
            "{}{i} {:?}",
            if side == 0 { 'S' } else { 'R' },
            s.sentences[i].text
        )
    };
    for &x in pred_set.difference(&gold_set) {
        log.push_str(&format!("  set-aside FP: {}\n", text(x)));
    }
    for &x in gold_set.difference(&pred_set) {
        log.push_str(&format!("  set-aside FN: {}\n", text(x)));
    }
    Ok(Counts {
        tp: gold_set.intersection(&pred_set).count(),
        fp: pred_set.difference(&gold_set).count(),
        fn_: gold_set.difference(&pred_set).count(),
    })
}

/// Scores one report against its gold.
pub fn score(
    report: &Report,
    gold: &Gold,
    texts: Option<(&Text, &Text)>,
) -> Result<PairScore, String> {
    let src = &report.source.sentences;
    let rw = &report.rewrite.sentences;
    let mut log = String::new();
    let mut gold_pairs = BTreeSet::new();
    for l in &gold.links {
        let s: Vec<usize> = l
            .source
            .iter()
            .map(|x| resolve(src, x))
            .collect::<Result<_, _>>()?;
        let r: Vec<usize> = l
            .rewrite
            .iter()
            .map(|x| resolve(rw, x))
            .collect::<Result<_, _>>()?;
        for &a in &s {
            for &b in &r {
                gold_pairs.insert((a, b));
            }
        }
    }
    let mut pred_pairs = BTreeSet::new();
    for g in &report.alignment {
        if matches!(g.relation, Relation::Omitted | Relation::Added) {
            continue;
        }
        for &a in &g.source {
            for &b in &g.rewrite {
                pred_pairs.insert((a, b));
            }
        }
    }
    let links = Counts {
        tp: gold_pairs.intersection(&pred_pairs).count(),
        fp: pred_pairs.difference(&gold_pairs).count(),
        fn_: gold_pairs.difference(&pred_pairs).count(),
    };
    for (a, b) in pred_pairs.difference(&gold_pairs) {
        log.push_str(&format!(
            "  link FP: S{a} {:?}\n        -> R{b} {:?}\n",
            src[*a].text, rw[*b].text
        ));
        if let Some((x, y)) = texts {
            log.push_str(&format!("          {}\n", debug_pair(x, y, *a, *b)));
        }
    }
    for (a, b) in gold_pairs.difference(&pred_pairs) {
        log.push_str(&format!(
            "  link FN: S{a} {:?}\n        -> R{b} {:?}\n",
            src[*a].text, rw[*b].text
        ));
        if let Some((x, y)) = texts {
            log.push_str(&format!("          {}\n", debug_pair(x, y, *a, *b)));
        }
    }
    // Findings.
    let mut golds: Vec<(FindingKind, Option<usize>, Option<usize>)> = Vec::new();
    for f in &gold.findings {
        let s = f.source.as_deref().map(|x| resolve(src, x)).transpose()?;
        let r = f.rewrite.as_deref().map(|x| resolve(rw, x)).transpose()?;
        golds.push((f.kind, s, r));
    }
    // Each prediction with every place it names: its own and its further
    // places (a run of omitted sentences, a renamed person's later mentions).
    type Places = Vec<(Option<usize>, Option<usize>)>;
    let preds: Vec<(FindingKind, Places, usize)> = report
        .findings
        .iter()
        .enumerate()
        // Minor findings are folded notes the report does not count (a
        // name's grammatical form, a spelling convention): neither a hit
        // nor a false alarm.
        .filter(|(_, f)| f.kind != FindingKind::Note && !f.minor)
        .map(|(i, f)| {
            let places = std::iter::once((f.source_sentence, f.rewrite_sentence))
                .chain(
                    f.places
                        .iter()
                        .map(|p| (p.source_sentence, p.rewrite_sentence)),
                )
                .collect();
            (f.kind, places, i)
        })
        .collect();
    // A gold finding is hit by a prediction naming it at any of its places
    // (the gold names where a change first happens; the detector may put a
    // later mention first). Each prediction answers one gold finding at most:
    // the gold lists one finding per person renamed and per run of omitted
    // sentences, so a prediction that lumps two of them together is a miss
    // for the second, not two hits.
    let mut used = vec![false; preds.len()];
    let mut kinds: BTreeMap<FindingKind, Counts> = BTreeMap::new();
    // Gold findings with both sides named first, so a loose gold does not
    // take the prediction a precise one needs.
    let mut order: Vec<usize> = (0..golds.len()).collect();
    order.sort_by_key(|&i| (golds[i].1.is_none() as u8 + golds[i].2.is_none() as u8, i));
    for gi in order {
        let (k, s, r) = golds[gi];
        let fits = |p: &(Option<usize>, Option<usize>)| {
            (s.is_none() || p.0 == s) && (r.is_none() || p.1 == r)
        };
        // A prediction's own place before a further place of another, and
        // the prediction with fewer places, so greedy matching leaves the
        // wider ones for the gold only they can answer.
        let hit = (0..preds.len())
            .filter(|&pi| !used[pi] && preds[pi].0 == k)
            .filter_map(|pi| {
                let qi = preds[pi].1.iter().position(fits)?;
                Some((qi > 0, preds[pi].1.len(), pi))
            })
            .min()
            .map(|(_, _, pi)| pi);
        let c = kinds.entry(k).or_default();
        match hit {
            Some(pi) => {
                used[pi] = true;
                c.tp += 1;
            }
            None => {
                c.fn_ += 1;
                log.push_str(&format!(
                    "  {} FN: S{} R{} {:?}\n",
                    k.as_str(),
                    s.map_or("-".into(), |x| x.to_string()),
                    r.map_or("-".into(), |x| x.to_string()),
                    s.map(|x| &src[x].text).or(r.map(|x| &rw[x].text))
                ));
            }
        }
    }
    for (pi, p) in preds.iter().enumerate() {
        if !used[pi] {
            kinds.entry(p.0).or_default().fp += 1;
            let f = &report.findings[p.2];
            let (s, r) = p.1[0];
            log.push_str(&format!(
                "  {} FP: S{} R{} {:?} / {:?}\n",
                p.0.as_str(),
                s.map_or("-".into(), |x| x.to_string()),
                r.map_or("-".into(), |x| x.to_string()),
                f.source_text,
                f.rewrite_text
            ));
        }
    }
    let set_aside = score_roles(report, gold, &mut log)?;
    let (mut split_sides, mut split_exact) = (0, 0);
    if let Some(g) = &gold.sentences {
        for (side, want, got) in [
            ("source", g.source, src.len()),
            ("rewrite", g.rewrite, rw.len()),
        ] {
            split_sides += 1;
            if want == got {
                split_exact += 1;
            } else {
                log.push_str(&format!(
                    "  {side} split into {got} sentences, gold {want}\n"
                ));
            }
        }
    }
    Ok(PairScore {
        links,
        kinds,
        set_aside,
        split_sides,
        split_exact,
        log,
    })
}

fn body_start(text: &str) -> usize {
    crate::content::split_front_matter(text)
        .map(|x| x.1)
        .unwrap_or(0)
}

/// Aligns and scores every pair directory under `dir` (sorted by name).
pub fn evaluate_dir(
    dir: &Path,
    options: &AlignOptions,
    verbose: bool,
) -> Result<(Totals, String), String> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("gold.json").is_file())
        .collect();
    entries.sort();
    let mut totals = Totals::default();
    let mut log = String::new();
    for p in entries {
        let read = |f: &str| {
            std::fs::read_to_string(p.join(f)).map_err(|e| format!("{}: {e}", p.join(f).display()))
        };
        let (s, r, g) = (read("source.md")?, read("rewrite.md")?, read("gold.json")?);
        let gold: Gold = serde_json::from_str(&g)
            .map_err(|e| format!("{}: {e}", p.join("gold.json").display()))?;
        let st = Text {
            title: "source",
            file: &s,
            body_start: body_start(&s),
        };
        let rt = Text {
            title: "rewrite",
            file: &r,
            body_start: body_start(&r),
        };
        let report = align(&st, &rt, options);
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match score(
            &report,
            &gold,
            if verbose { Some((&st, &rt)) } else { None },
        ) {
            Ok(ps) => {
                totals.pairs += 1;
                totals.links.add(ps.links);
                totals.set_aside.add(ps.set_aside);
                totals.split_sides += ps.split_sides;
                totals.split_exact += ps.split_exact;
                let mut bad = 0;
                for (k, c) in ps.kinds {
                    bad += c.fp + c.fn_;
                    totals.kinds.entry(k).or_default().add(c);
                }
                log.push_str(&format!(
                    "{name}: links P {:.3} R {:.3}; finding errors {bad}; set-aside errors {}\n",
                    ps.links.precision(),
                    ps.links.recall(),
                    ps.set_aside.fp + ps.set_aside.fn_
                ));
                if verbose {
                    log.push_str(&ps.log);
                }
            }
            Err(e) => log.push_str(&format!("{name}: gold error: {e}\n")),
        }
    }
    Ok((totals, log))
}

/// The two parts of the evaluation set, in the order they are reported.
pub const PARTS: [&str; 2] = ["tuning", "held-out"];

/// Evaluates each part (`tuning/`, `held-out/`) under `root` separately, so
/// a training figure is never pooled with a held-out one.
pub fn evaluate_parts(
    root: &Path,
    options: &AlignOptions,
    verbose: bool,
) -> Result<Vec<(&'static str, Totals, String)>, String> {
    PARTS
        .iter()
        .filter(|p| root.join(p).is_dir())
        .map(|&p| evaluate_dir(&root.join(p), options, verbose).map(|(t, l)| (p, t, l)))
        .collect()
}

/// Result of a benchmark run.
#[derive(Debug, Clone)]
pub struct BenchResult {
    pub source_sentences: usize,
    pub rewrite_sentences: usize,
    pub median: f64,
    /// Processor time of the whole benchmark (user + system, all threads),
    /// per run, where the platform tells it (Linux).
    pub cpu_per_run: Option<f64>,
    pub min: f64,
    pub max: f64,
    pub groups: usize,
    pub findings: usize,
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Synthetic texts: a source of `n` sentences drawn from a Zipf-like
/// vocabulary, and a spun copy (synonym swaps, dropped, added, merged and
/// moved sentences, changed numbers).
pub fn synthetic(n: usize, seed: u64) -> (String, String) {
    let mut rng = Rng(seed.max(1));
    let syllables = [
        "ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "an", "gu", "shi", "mor", "te",
        "ba",
    ];
    let vocab: Vec<String> = (0..20_000)
        .map(|i| {
            let mut w = String::new();
            let mut x = i + 7;
            for _ in 0..2 + i % 3 {
                w.push_str(syllables[x % syllables.len()]);
                x /= syllables.len();
                x += i % 5;
            }
            w
        })
        .collect();
    let function = [
        "the", "of", "and", "to", "in", "a", "that", "was", "for", "on", "with", "said",
    ];
    let mut sentences = Vec::with_capacity(n);
    for _ in 0..n {
        let len = 8 + rng.below(20);
        let mut words = Vec::new();
        for k in 0..len {
            if rng.below(3) == 0 {
                words.push(function[rng.below(function.len())].to_string());
            } else {
                // Zipf-like: small indexes are much more frequent.
                let r = rng.below(1000) + 1;
                let idx = (vocab.len() as f64 * (r as f64 / 1000.0).powi(3)) as usize % vocab.len();
                let mut w = vocab[idx].clone();
                if k == 0 {
                    w = format!("{}{}", w[..1].to_uppercase(), &w[1..]);
                }
                words.push(w);
            }
            if rng.below(12) == 0 {
                words.push(format!("{}", rng.below(5000)));
            }
        }
        let mut s = words.join(" ");
        if let Some(f) = s.get(..1) {
            s = format!("{}{}", f.to_uppercase(), &s[1..]);
        }
        s.push('.');
        sentences.push(s);
    }
    let mut copy: Vec<String> = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let roll = rng.below(100);
        if roll < 5 {
            // dropped
        } else if roll < 10 {
            copy.push(format!(
                "Added words {} here about {}.",
                rng.below(1000),
                vocab[rng.below(vocab.len())]
            ));
            copy.push(sentences[i].clone());
        } else if roll < 15 && i + 1 < n {
            let a = sentences[i].trim_end_matches('.');
            copy.push(format!("{a}, and {}", sentences[i + 1].to_lowercase()));
            i += 1;
        } else if roll < 40 {
            // swap a few words
            let mut w: Vec<String> = sentences[i].split(' ').map(str::to_string).collect();
            for _ in 0..3 {
                let k = rng.below(w.len());
                w[k] = vocab[rng.below(vocab.len())].clone();
            }
            copy.push(w.join(" "));
        } else {
            copy.push(sentences[i].clone());
        }
        if rng.below(50) == 0 && copy.len() > 2 {
            let l = copy.len();
            copy.swap(l - 1, l - 2);
        }
        i += 1;
    }
    let para = |v: &[String]| {
        v.chunks(5)
            .map(|c| c.join(" "))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    (para(&sentences), para(&copy))
}

/// Aligns a synthetic `n`-sentence pair `runs` times.
pub fn bench(n: usize, runs: usize) -> BenchResult {
    let (s, r) = synthetic(n, 42);
    let mut times = Vec::new();
    let mut last = None;
    let cpu0 = cpu_seconds();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let rep = align(
            &Text::plain("s", &s),
            &Text::plain("r", &r),
            &AlignOptions::default(),
        );
        times.push(t.elapsed().as_secs_f64());
        last = Some(rep);
    }
    let cpu_per_run = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) => Some((b - a) / runs.max(1) as f64),
        _ => None,
    };
    times.sort_by(f64::total_cmp);
    let rep = last.expect("at least one run");
    BenchResult {
        source_sentences: rep.source.sentences.len(),
        rewrite_sentences: rep.rewrite.sentences.len(),
        median: times[times.len() / 2],
        cpu_per_run,
        min: times[0],
        max: times[times.len() - 1],
        groups: rep.alignment.len(),
        findings: rep.findings.len(),
    }
}

/// User + system processor time of this process so far (Linux only).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
