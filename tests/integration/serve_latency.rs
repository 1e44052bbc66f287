//! Edit-to-visible latency of `unspun serve` on a generated site (ignored by
//! default; it takes a while). Run it with:
//!
//! ```text
//! cargo test --release --test integration serve_latency -- --ignored --nocapture
//! ```
//!
//! `UNSPUN_LATENCY_REPORTS` (default 1000) sets the number of reports and
//! `UNSPUN_LATENCY_SAVES` (default 21) the number of saves. Each save changes
//! one word of one copy's text; the time is from the write until the `reload`
//! event reaches an open event stream (the new page is already served then:
//! the test fetches it and checks the new word).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::serve_support::Server;

const FIRST: &[&str] = &[
    "Margarethe",
    "Ilan",
    "Thomas",
    "Aino",
    "Rafael",
    "Noor",
    "Kasimir",
    "Lucia",
    "Teodor",
    "Saskia",
];
const LAST: &[&str] = &[
    "Olvansky",
    "Baro",
    "Reiniger",
    "Lindqvist",
    "Moreau",
    "Haddad",
    "Brenner",
    "Ferreira",
    "Novak",
    "Janssen",
];
const TOPIC: &[&str] = &[
    "ferry service",
    "harbour wall",
    "school budget",
    "tram line",
    "water plant",
    "library",
    "bridge",
    "hospital wing",
];
const PLACE: &[&str] = &[
    "Lanmoor",
    "Kesby",
    "Arnhollow",
    "Dunmere",
    "Velsted",
    "Orrin Bay",
];
const SITE: &[&str] = &[
    "dailybuzz24.net",
    "newsrush.example",
    "viralwire.example",
    "topstory-now.example",
    "clickfeed.example",
];

fn source(i: usize) -> String {
    let who = format!("{} {}", FIRST[i % FIRST.len()], LAST[(i / 3) % LAST.len()]);
    let topic = TOPIC[i % TOPIC.len()];
    let place = PLACE[(i / 7) % PLACE.len()];
    let amount = 2 + (i * 7) % 90;
    format!(
        "---\ntitle: \"{place} approves {topic} plan ({i})\"\npublisher: \"{place} Gazette\"\ndate: 2025-{:02}-{:02}\n---\n\n\
The council of {place} approved a {amount}.5 million euro plan for the {topic} on Monday, ending a long dispute over who should pay for it.\n\n\
\"We will not raise the rate this year,\" said council leader {who}, adding that the plan \"stays on the table.\"\n\n\
The work will begin in the spring and is expected to take {} years, according to the council's spokesman, Ilan Baro.\n\n\
Opposition members said the cost had grown by a third since the plan was first presented.\n\n\
Residents will be able to comment on the details at a public meeting next month.\n\n\
A final vote on the contractor is planned for the autumn.\n",
        1 + i % 12,
        1 + i % 28,
        2 + i % 5
    )
}

fn rewrite(i: usize, word: &str) -> String {
    let who = format!("{} {}", FIRST[i % FIRST.len()], LAST[(i / 3) % LAST.len()]);
    let topic = TOPIC[i % TOPIC.len()];
    let place = PLACE[(i / 7) % PLACE.len()];
    let amount = 2 + (i * 7) % 90;
    format!(
        "---\ntitle: \"Huge {topic} plan gets the green light in {place} ({i})\"\nsite: \"{}\"\nsource: s{i:04}\ndate: 2025-{:02}-{:02}\n---\n\n\
{place} councillors {word} a {amount}.5 million euro plan for the {topic} on Monday. The decision ends a long row over who should pay.\n\n\
\"We will not increase rates this year,\" said council leader {who}.\n\n\
The work will begin in the spring and is expected to take {} years, it was said.\n\n\
Residents will be able to comment on the details at a public meeting next month.\n\n\
Share this story with your friends and follow us for more news.\n",
        SITE[i % SITE.len()],
        1 + i % 12,
        2 + i % 27,
        2 + i % 5
    )
}

/// Writes a site of `n` reports (one source and one copy each) into `root`.
pub fn generate(root: &Path, n: usize) {
    std::fs::create_dir_all(root.join("content/sources")).unwrap();
    std::fs::create_dir_all(root.join("content/rewrites")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Generated reports\"\nbase_url = \"/\"\n",
    )
    .unwrap();
    for i in 0..n {
        std::fs::write(root.join(format!("content/sources/s{i:04}.md")), source(i)).unwrap();
        std::fs::write(
            root.join(format!("content/rewrites/r{i:04}.md")),
            rewrite(i, "backed"),
        )
        .unwrap();
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[test]
#[ignore = "a benchmark: run with --release -- --ignored --nocapture"]
fn edit_to_visible_latency() {
    let n: usize = std::env::var("UNSPUN_LATENCY_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let saves: usize = std::env::var("UNSPUN_LATENCY_SAVES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(21);
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), n);

    let started = Instant::now();
    let server = Server::start(dir.path());
    eprintln!(
        "{n} reports: first build and serve in {:?}",
        started.elapsed()
    );
    let events = server.events();

    let target = n / 2;
    let path = dir.path().join(format!("content/rewrites/r{target:04}.md"));
    let page = format!("/reports/r{target:04}/");
    // Two kinds of save: a word in the text (only the report changes), and
    // the title (the index, feed, sitemap, source and site pages change too).
    for kind in ["text", "title"] {
        let mut times = Vec::new();
        let mut lines = Vec::new();
        for k in 0..saves {
            let word = format!("{kind}edit{k}");
            let text = match kind {
                "text" => rewrite(target, &word),
                _ => rewrite(target, "approved").replacen(
                    "title: \"Huge",
                    &format!("title: \"{word} Huge"),
                    1,
                ),
            };
            std::thread::sleep(Duration::from_millis(150));
            let t0 = Instant::now();
            std::fs::write(&path, text).unwrap();
            // The reload of this page (a later one may follow for the index).
            let mine = format!("\"reports/r{target:04}/index.html\"");
            while !events.wait("reload").data.contains(&mine) {}
            times.push(t0.elapsed());
            let body = server.get(&page).body;
            assert!(body.contains(&word), "the page shows save {k}");
            lines.push(server.wait_line("rebuilt in"));
        }
        let med = median(&mut times);
        eprintln!(
            "{kind} edits, save -> reload event, {saves} saves: median {:.1} ms, min {:.1} ms, max {:.1} ms",
            med.as_secs_f64() * 1000.0,
            times[0].as_secs_f64() * 1000.0,
            times[times.len() - 1].as_secs_f64() * 1000.0
        );
        let mut rebuild_ms: Vec<u64> = lines
            .iter()
            .filter_map(|l| {
                l.split("rebuilt in ")
                    .nth(1)?
                    .split(' ')
                    .next()?
                    .parse()
                    .ok()
            })
            .collect();
        rebuild_ms.sort_unstable();
        eprintln!(
            "{kind} edits, server's own rebuild time: median {} ms ({})",
            rebuild_ms[rebuild_ms.len() / 2],
            lines.last().unwrap()
        );
    }
}
