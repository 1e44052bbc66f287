//! Evaluates the aligner against hand-made gold alignments.
//!
//! ```text
//! cargo run --release --example evaluate -- [tuning|held-out|DIR] [-v]
//! cargo run --release --example evaluate -- --markdown    # both parts, one table
//! cargo run --release --example evaluate -- --pair SOURCE.md REWRITE.md [--json]
//! cargo run --release --example evaluate -- --bench N [--runs K]
//! ```
//!
//! Each pair is a directory with `source.md`, `rewrite.md` and `gold.json`
//! (format: see `unspun::eval`). With no part named, both parts of
//! `tests/eval` are scored and reported separately: the tuning part is a
//! training figure (the rules were tuned on it), the held-out part is not.
//! Prints precision, recall and F1 for sentence links, for the sentences set
//! aside as captions or furniture, and for each finding kind.

use std::path::PathBuf;
use std::process::ExitCode;

use unspun::align::{align, format_text, AlignOptions, Text};
use unspun::eval::{bench, evaluate_dir, evaluate_parts, Totals, PARTS};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v" || a == "--verbose");
    if let Some(p) = args.iter().position(|a| a == "--pair") {
        let (Some(a), Some(b)) = (args.get(p + 1), args.get(p + 2)) else {
            eprintln!("usage: evaluate --pair SOURCE.md REWRITE.md [--json]");
            return ExitCode::from(1);
        };
        let (sa, sb) = match (std::fs::read_to_string(a), std::fs::read_to_string(b)) {
            (Ok(x), Ok(y)) => (x, y),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        };
        let ba = unspun::content::split_front_matter(&sa)
            .map(|x| x.1)
            .unwrap_or(0);
        let bb = unspun::content::split_front_matter(&sb)
            .map(|x| x.1)
            .unwrap_or(0);
        let report = align(
            &Text {
                title: a,
                file: &sa,
                body_start: ba,
            },
            &Text {
                title: b,
                file: &sb,
                body_start: bb,
            },
            &AlignOptions::default(),
        );
        if args.iter().any(|a| a == "--json") {
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        } else {
            print!("{}", format_text(&report));
        }
        return ExitCode::SUCCESS;
    }
    if let Some(p) = args.iter().position(|a| a == "--bench") {
        let n: usize = args.get(p + 1).and_then(|x| x.parse().ok()).unwrap_or(5000);
        let runs: usize = args
            .iter()
            .position(|a| a == "--runs")
            .and_then(|q| args.get(q + 1))
            .and_then(|x| x.parse().ok())
            .unwrap_or(5);
        let r = bench(n, runs);
        println!(
            "bench: {} source / {} rewrite sentences, {} runs: median {:.3} s wall (min {:.3} s, max {:.3} s), {} CPU per run; {} groups, {} findings",
            r.source_sentences,
            r.rewrite_sentences,
            runs,
            r.median,
            r.min,
            r.max,
            r.cpu_per_run.map_or("?".to_string(), |c| format!("{c:.3} s")),
            r.groups,
            r.findings
        );
        return ExitCode::SUCCESS;
    }
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval"));
    let named = args.iter().find(|a| !a.starts_with('-'));
    let parts = match named {
        None => evaluate_parts(&root, &AlignOptions::default(), verbose),
        Some(n) => {
            let (label, dir) = match PARTS.iter().find(|p| *p == n) {
                Some(p) => (*p, root.join(p)),
                None => ("pairs", PathBuf::from(n)),
            };
            evaluate_dir(&dir, &AlignOptions::default(), verbose).map(|(t, l)| vec![(label, t, l)])
        }
    };
    match parts {
        Ok(parts) if args.iter().any(|a| a == "--markdown") => {
            print!("{}", markdown(&parts));
            ExitCode::SUCCESS
        }
        Ok(parts) => {
            for (label, totals, log) in parts {
                let title = match label {
                    "tuning" => "tuning (training figure: the rules were tuned on these)",
                    "held-out" => "held-out (never tuned on)",
                    other => other,
                };
                println!("== {title}");
                print!("{log}");
                println!("{}", table(&totals));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn table(t: &Totals) -> String {
    let mut out = format!(
        "\n{} pairs\n{:<22} {:>5} {:>5} {:>5}  {:>6} {:>6} {:>6}\n",
        t.pairs, "", "tp", "fp", "fn", "P", "R", "F1"
    );
    out.push_str(&format!(
        "sentences split as gold: {} of {} sides\n",
        t.split_exact, t.split_sides
    ));
    for (name, c) in t.rows() {
        out.push_str(&format!(
            "{:<22} {:>5} {:>5} {:>5}  {:>6.3} {:>6.3} {:>6.3}\n",
            name,
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        ));
    }
    out
}

/// One Markdown table with a column group per part, for the evaluation
/// document.
fn markdown(parts: &[(&str, Totals, String)]) -> String {
    let mut out = String::new();
    for (label, t, _) in parts {
        let note = match *label {
            "tuning" => " (training figure: the rules were tuned on these)",
            "held-out" => " (never tuned on)",
            _ => "",
        };
        out.push_str(&format!(
            "- {label}: {} pairs{note}; sentences split as gold on {} of {} sides\n",
            t.pairs, t.split_exact, t.split_sides
        ));
    }
    out.push_str("\n| |");
    let mut rule = String::from("|---|");
    for (label, _, _) in parts {
        out.push_str(&format!(" {label} P | {label} R | {label} F1 |"));
        rule.push_str("---|---|---|");
    }
    out.push('\n');
    out.push_str(&rule);
    out.push('\n');
    let Some((_, first, _)) = parts.first() else {
        return out;
    };
    for (i, (name, _)) in first.rows().iter().enumerate() {
        out.push_str(&format!("| {name} |"));
        for (_, t, _) in parts {
            let c = t.rows()[i].1;
            // Precision with no prediction, or recall with no gold, is
            // undefined: a dash, not a vacuous 1.000.
            let p = if c.tp + c.fp == 0 {
                "–".to_string()
            } else {
                format!("{:.3}", c.precision())
            };
            let r = if c.tp + c.fn_ == 0 {
                "–".to_string()
            } else {
                format!("{:.3}", c.recall())
            };
            let f = if c.tp + c.fp == 0 || c.tp + c.fn_ == 0 {
                "–".to_string()
            } else {
                format!("{:.3}", c.f1())
            };
            out.push_str(&format!(" {p} | {r} | {f} |"));
        }
        out.push('\n');
    }
    out
}
