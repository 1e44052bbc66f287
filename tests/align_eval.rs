//! The evaluation set (tests/eval) scored against its gold: floors a little
//! below the figures the aligner achieves, so a regression fails the build.

use unspun::align::eval::evaluate_dir;
use unspun::align::AlignOptions;
use unspun::report::FindingKind;

#[test]
fn evaluation_figures_stay_above_floors() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval"));
    let (t, log) = evaluate_dir(dir, &AlignOptions::default(), false).expect("evaluation set");
    assert!(t.pairs >= 12, "{log}");
    assert!(!log.contains("gold error"), "{log}");
    assert!(t.links.f1() >= 0.97, "link F1 {:.3}\n{log}", t.links.f1());
    for k in FindingKind::ALL {
        if k == FindingKind::Note {
            continue;
        }
        let c = t.kinds.get(&k).copied().unwrap_or_default();
        // Kinds added in the second round get their gold with the new pairs.
        if matches!(
            k,
            FindingKind::AttributionChanged
                | FindingKind::RoleChanged
                | FindingKind::MeaningChanged
        ) && c.tp + c.fn_ == 0
        {
            continue;
        }
        assert!(c.tp > 0, "{}: no gold findings matched", k.as_str());
        assert!(
            c.precision() >= 0.85,
            "{} precision {:.3}\n{log}",
            k.as_str(),
            c.precision()
        );
        assert!(
            c.recall() >= 0.85,
            "{} recall {:.3}\n{log}",
            k.as_str(),
            c.recall()
        );
    }
}
