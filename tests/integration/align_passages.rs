//! Reused passages through the binary: `unspun align a.md b.md --format json`
//! gives passages whose file slices are the reused text, no passage between
//! two texts that only share a topic, and splits and condensations where
//! part is reworded linked n:m.

use std::process::Command;

use serde_json::Value;

fn align(source: &str, rewrite: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    std::fs::write(&a, source).unwrap();
    std::fs::write(&b, rewrite).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(["align", a.to_str().unwrap(), b.to_str().unwrap()])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The characters `start..end` of `file`.
fn slice(file: &str, span: &Value) -> String {
    let (s, e) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    file.chars().skip(s).take(e - s).collect()
}

const SOURCE: &str = "\
# Ferry service to resume in Kellbrook

The harbour authority of Kellbrook said on Monday that the **island ferry** \
will resume its winter timetable from the first of December. \
Repairs to the [northern pier](https://example.org/pier) took eleven weeks \
and cost the town council about 3.4 million crowns. \
Harbour master Odile Ferrant said the crossing would take forty minutes.

Residents had complained for months about the detour through Sallow Point.
";

#[test]
fn a_passage_is_the_reused_text_and_nothing_around_it() {
    // The copy opens with its own material, runs its own words into the
    // first copied clause, and ends with its own sentence.
    let rewrite = "\
Ticket prices on the mainland buses went up again this week, commuters say.

In other news, the harbour authority of Kellbrook said on Monday that the island ferry \
will resume its winter timetable from the first of December. \
Repairs to the northern pier took eleven weeks and cost the town council \
about 3.4 million crowns.

Our reporter could not reach the bus company for comment.
";
    let rep = align(SOURCE, rewrite);
    let passages = rep["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 1, "{passages:#?}");
    let p = &passages[0];
    let copied = slice(rewrite, &p["rewrite"]);
    assert!(copied.starts_with("the harbour authority"), "{copied}");
    assert!(copied.ends_with("3.4 million crowns"), "{copied}");
    assert!(!copied.contains("In other news"), "{copied}");
    let original = slice(SOURCE, &p["source"]);
    assert!(original.starts_with("The harbour authority"), "{original}");
    // The original's markup inside the passage is part of its slice.
    assert!(original.contains("**island ferry**"), "{original}");
    assert!(original.ends_with("3.4 million crowns"), "{original}");
    assert!(!original.contains("Odile Ferrant"), "{original}");
    // The passage names the groups it joins.
    let groups = p["alignment"].as_array().unwrap();
    assert!(!groups.is_empty());
    for g in groups {
        let g = &rep["alignment"][g.as_u64().unwrap() as usize];
        assert!(!g["source"].as_array().unwrap().is_empty());
        assert!(!g["rewrite"].as_array().unwrap().is_empty());
    }
    // The figures come from the passages: part of each text, not all.
    let derived = rep["stats"]["rewrite_derived"].as_f64().unwrap();
    let kept = rep["stats"]["source_kept"].as_f64().unwrap();
    assert!(derived > 0.4 && derived < 0.85, "{derived}");
    assert!(kept > 0.3 && kept < 0.8, "{kept}");
}

#[test]
fn texts_on_one_topic_share_no_passage() {
    let rewrite = "\
# Life on the islands off Kellbrook

Fishing families have lived on the outer islands for four centuries. \
Most children now leave for the mainland at sixteen to finish school. \
A new clinic opened on the largest island last spring, run by two nurses. \
Visitors come for the birds in May and the storms in October.
";
    let rep = align(SOURCE, rewrite);
    assert_eq!(rep["passages"].as_array().unwrap().len(), 0, "{rep:#}");
    assert_eq!(rep["stats"]["rewrite_derived"].as_f64().unwrap(), 0.0);
}

#[test]
fn a_reworded_sentence_that_keeps_the_frame_ends_the_passage() {
    // The copy keeps three sentences and then swaps nearly every content
    // word of the next one, keeping its frame ("While the ... may be ... in
    // a ... of ..., a ... might ... twice as long to ..."): too little in
    // common to link on its own, but read in order beside the kept ones it
    // is reused, and the passage runs on into it.
    let source = "\
# Ferry service to resume in Kellbrook

The harbour authority of Kellbrook said on Monday that the island ferry will resume its \
winter timetable from the first of December. Repairs to the northern pier took eleven weeks \
and cost the town council about 3.4 million crowns. Harbour master Odile Ferrant said the \
crossing would take forty minutes in calm weather. While a new landing stage may be built in \
a couple of years, a second berth for cargo might take twice as long to finish.

Residents had complained for months about the detour through Sallow Point.
";
    let rewrite = "\
Ticket prices on the mainland buses went up again this week, commuters say.

The harbour authority of Kellbrook said on Monday that the island ferry will resume its \
winter timetable from the first of December. Repairs to the northern pier took eleven weeks \
and cost the town council about 3.4 million crowns. Harbour master Odile Ferrant said the \
crossing would take forty minutes in calm weather. While the fresh jetty may be put up in a \
pair of seasons, a further mooring for freight might need twice as long to be ready.

Our reporter could not reach the bus company for comment.
";
    let rep = align(source, rewrite);
    let passages = rep["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 1, "{passages:#?}");
    let copied = slice(rewrite, &passages[0]["rewrite"]);
    assert!(copied.starts_with("The harbour authority"), "{copied}");
    assert!(copied.contains("fresh jetty"), "{copied}");
    assert!(!copied.contains("bus company"), "{copied}");
    let original = slice(source, &passages[0]["source"]);
    assert!(original.contains("second berth for cargo"), "{original}");
    assert!(!original.contains("Sallow Point"), "{original}");
}

/// The alignment group holding rewrite sentence `r`.
fn group_of(rep: &Value, r: u64) -> &Value {
    rep["alignment"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["rewrite"].as_array().unwrap().iter().any(|x| x == r))
        .unwrap()
}

fn ids(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect()
}

#[test]
fn a_split_with_one_half_reworded_is_linked_one_to_two() {
    let source = "\
The regional parliament in Dorvane approved a new budget of 2.1 billion on Thursday, \
and speaker Halvard Mense said the vote \"closes a long and bitter chapter\" for the coalition. \
Opposition members left the chamber before the vote. \
The budget takes effect in January.
";
    // The first half keeps its words; the second is reworded and loses its
    // quotation.
    let rewrite = "\
The regional parliament in Dorvane approved a new budget of 2.1 billion on Thursday. \
Speaker Halvard Mense told the coalition the vote ended a lengthy, bitter period. \
Opposition members left the chamber before the vote. \
The budget takes effect in January.
";
    let rep = align(source, rewrite);
    let g = group_of(&rep, 0);
    assert_eq!(ids(&g["source"]), vec![0], "{g:#}");
    assert_eq!(ids(&g["rewrite"]), vec![0, 1], "{g:#}");
    for g in rep["alignment"].as_array().unwrap() {
        assert_ne!(g["relation"], "omitted", "{g:#}");
        assert_ne!(g["relation"], "added", "{g:#}");
    }
}

#[test]
fn three_sentences_condensed_into_one_are_linked_three_to_one() {
    let source = "\
Flooding closed the Varn valley railway on Sunday. \
Engineers from the operator Tessaly Rail inspected two bridges near Ostermoor. \
The line is expected to reopen by Wednesday evening. \
Buses replace the trains until then.
";
    let rewrite = "\
The Varn valley railway, shut by flooding on Sunday while Tessaly Rail engineers \
checked two bridges near Ostermoor, should reopen by Wednesday evening. \
Buses replace the trains until then.
";
    let rep = align(source, rewrite);
    let g = group_of(&rep, 0);
    assert_eq!(ids(&g["source"]), vec![0, 1, 2], "{g:#}");
    assert_eq!(ids(&g["rewrite"]), vec![0], "{g:#}");
}

#[test]
fn a_summary_spans_the_stretch_of_the_original_it_condenses() {
    // The copy's paragraph takes its first, third and fourth sentences
    // from the start of the original and its second, loosely reworded,
    // from the original's last paragraph: one passage, whose extent in
    // the original runs to that last paragraph.
    let source = "\
# Dam repairs leave Varnholt valley without power

Engineers at the Varnholt dam shut down all four turbines on Tuesday after divers found a \
crack in the spillway wall. The regional grid operator said about 48,000 homes in the valley \
would be without power until Friday at the earliest. Schools in Orsk and Lindmere closed for \
the rest of the week.

The crack was first reported by a maintenance crew during a routine inspection in August. \
Officials said then that it posed no danger to the structure. Local farmers say the water \
level in the reservoir has dropped by almost two metres since the spring.

The dam was built in 1962 and last renovated in the early nineties. A report commissioned by \
the province in 2019 warned that the concrete on the spillway was ageing faster than expected.

Emergency generators have been brought in for the hospital in Orsk and for two care homes.

Grid operator spokeswoman Hella Brandvik told reporters that crews were working through the \
night to reroute power from the coastal lines, and that some neighbourhoods of Lindmere could \
have electricity again by Thursday morning.
";
    let rewrite = "\
# Around the region this week

The county fair in Tollen drew a record crowd of more than 20,000 visitors on Saturday, \
organisers said.

Engineers at the Varnholt dam shut down all four turbines on Tuesday after divers found a \
crack in its spillway wall. Power should be back in parts of Lindmere by Thursday morning as \
crews reroute the coastal lines through the night, spokeswoman Hella Brandvik said. The \
regional grid operator said about 48,000 homes in the valley would be without power until \
Friday at the earliest. Schools in Orsk and Lindmere closed for the rest of the week.

In sport, the Tollen rowing club won both of its races at the spring regatta.
";
    let rep = align(source, rewrite);
    let passages = rep["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 1, "{passages:#?}");
    let copied = slice(rewrite, &passages[0]["rewrite"]);
    assert!(
        copied.starts_with("Engineers at the Varnholt dam"),
        "{copied}"
    );
    assert!(copied.ends_with("for the rest of the week"), "{copied}");
    let original = slice(source, &passages[0]["source"]);
    assert!(
        original.starts_with("Engineers at the Varnholt dam"),
        "{original}"
    );
    assert!(original.contains("by Thursday morning"), "{original}");
}
