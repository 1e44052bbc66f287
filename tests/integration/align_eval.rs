//! The evaluation set (tests/eval) scored against its gold.
//!
//! The tuning part has floors a little below what the aligner achieves on
//! it, so a regression fails the build. The held-out part is reported and
//! held to a sanity floor only: it must never be tuned on, so its figures are
//! not targets.

use std::path::Path;

use unspun::align::AlignOptions;
use unspun::eval::{evaluate_dir, Counts, Totals};
use unspun::report::FindingKind;

fn part(name: &str) -> (Totals, String) {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval")).join(name);
    let (t, log) = evaluate_dir(&dir, &AlignOptions::default(), true).expect("evaluation set");
    assert!(!log.contains("gold error"), "{name}: {log}");
    (t, log)
}

fn kind(t: &Totals, k: FindingKind) -> Counts {
    t.kinds.get(&k).copied().unwrap_or_default()
}

/// Minimum precision and recall per finding kind on the tuning part, a
/// little under what main achieved when these floors were set (see the table
/// in tests/eval/README.md): a regression fails.
const TUNING_FLOORS: [(FindingKind, f64, f64); 10] = [
    (FindingKind::NameChanged, 0.95, 0.82),
    (FindingKind::QuoteChanged, 0.95, 0.9),
    (FindingKind::QuoteDropped, 0.8, 0.95),
    (FindingKind::NumberChanged, 0.92, 0.95),
    (FindingKind::AttributionDropped, 0.88, 0.88),
    (FindingKind::AttributionChanged, 0.9, 0.9),
    (FindingKind::RoleChanged, 0.9, 0.9),
    (FindingKind::MeaningChanged, 0.95, 0.9),
    (FindingKind::Omitted, 0.88, 0.95),
    (FindingKind::Added, 0.95, 0.95),
];

#[test]
fn tuning_figures_stay_above_floors() {
    let (t, log) = part("tuning");
    assert!(t.pairs >= 31, "{log}");
    assert!(t.links.f1() >= 0.98, "link F1 {:.3}\n{log}", t.links.f1());
    assert!(
        t.set_aside.precision() >= 0.95 && t.set_aside.recall() >= 0.95,
        "set-aside P {:.3} R {:.3}\n{log}",
        t.set_aside.precision(),
        t.set_aside.recall()
    );
    assert_eq!(
        t.split_exact, t.split_sides,
        "sentence counts differ from the gold\n{log}"
    );
    for (k, p, r) in TUNING_FLOORS {
        let c = kind(&t, k);
        assert!(c.tp > 0, "{}: no gold finding matched\n{log}", k.as_str());
        assert!(
            c.precision() >= p && c.recall() >= r,
            "{}: P {:.3} (floor {p}) R {:.3} (floor {r})\n{log}",
            k.as_str(),
            c.precision(),
            c.recall()
        );
    }
}

#[test]
fn held_out_figures_are_sane() {
    let (t, log) = part("held-out");
    assert!(t.pairs >= 12, "{log}");
    // A sanity floor only, far below the tuning figures: a broken aligner or
    // broken gold fails, but this is never a target to tune towards.
    assert!(
        t.links.f1() >= 0.8,
        "held-out link F1 {:.3}\n{log}",
        t.links.f1()
    );
    for (name, c) in t.rows() {
        eprintln!(
            "held-out {name}: P {:.3} R {:.3} F1 {:.3}",
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
}

/// The scorer itself: a gold role naming no sentence is a gold error, and a
/// caption the gold names counts once whether the aligner set it aside or not.
#[test]
fn gold_roles_are_resolved_and_scored() {
    use unspun::align::{align, Text};
    use unspun::eval::{score, Gold};
    let source = "The ferry to Orrin Isle will stop running in May.\n\n\
                  Photo: Agda Lunn / Islandpress\n\n\
                  The operator blamed rising fuel costs.\n";
    let rewrite = "The ferry to Orrin Isle will stop running in May.\n\n\
                   The operator pointed to rising fuel costs.\n";
    let text = |file| Text::plain("t", file);
    let report = align(&text(source), &text(rewrite), &AlignOptions::default());
    let gold: Gold = serde_json::from_str(
        r#"{"links": [{"source": ["ferry to Orrin Isle"], "rewrite": ["ferry to Orrin Isle"]},
                      {"source": ["operator blamed"], "rewrite": ["operator pointed"]}],
            "roles": {"caption": ["Photo: Agda Lunn"]}}"#,
    )
    .unwrap();
    let s = score(&report, &gold, None).expect("gold resolves");
    assert_eq!(s.links.tp, 2, "{}", s.log);
    assert_eq!(s.set_aside.tp + s.set_aside.fn_, 1, "{}", s.log);
    let wrong: Gold =
        serde_json::from_str(r#"{"roles": {"furniture": ["Share this article"]}}"#).unwrap();
    assert!(score(&report, &wrong, None).is_err());
}
