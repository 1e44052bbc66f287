//! Synthetic sites for benchmarking: N realistic source/copy pairs.
//!
//! ```text
//! cargo run --release --example gensite -- --pairs N --out DIR [--seed S]
//! ```
//!
//! Writes two sites with the same articles:
//!
//! - `DIR/unspun/`: `site.toml`, `content/sources/*.md` and
//!   `content/rewrites/*.md`: N rewrites, 2 to 5 per source, spread over
//!   about twenty publishing sites.
//! - `DIR/hugo/`: a minimal Hugo site with the same 2N articles (for each
//!   pair, its original and its copy) as plain Markdown pages, and a trivial
//!   layout that renders `.Content`, so Hugo does comparable work.
//!
//! Sources are about 800 words of news prose: paragraphs, a subheading,
//! names that recur, quotations, attributions, numbers, a photo caption and a
//! "related" block. Copies are "spun" the way content farms do it: synonym
//! swaps, reordered, split and merged sentences, altered names and numbers,
//! reworded quotations, dropped attributions, dropped and invented sentences,
//! paragraphs pasted together, boilerplate removed or added.
//!
//! Output is a pure function of `--pairs` and `--seed` (a SplitMix64 PRNG; no
//! clock, no hash-map iteration order).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// SplitMix64: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------- word banks

#[rustfmt::skip]
const FIRST: &[&str] = &[
    "Margarethe", "Thomas", "Priya", "Ilan", "Hanne", "Tomas", "Amira", "Jonas", "Lucia", "Dmitri",
    "Sofia", "Kwame", "Ingrid", "Mateo", "Yara", "Pieter", "Nadia", "Olek", "Beatrix", "Samir",
    "Greta", "Rafael", "Mei", "Anselm", "Leona", "Viktor", "Elif", "Bruno", "Ciara", "Henrik",
    "Zofia", "Tariq", "Marisol", "Emil", "Rosalind", "Kenji", "Aurelie", "Declan", "Ilse", "Marco",
    "Teodora", "Florian", "Noor", "Gideon", "Svetlana", "Oskar", "Paloma", "Reuben", "Katja",
    "Idris",
];

#[rustfmt::skip]
const LAST: &[&str] = &[
    "Olvansky", "Reiniger", "Castellane", "Baro", "Lidd", "Marchetti", "Okonkwo", "Lindqvist",
    "Varga", "Delacroix", "Hartmann", "Novak", "Kowalczyk", "Brennan", "Ferreira", "Sato",
    "Abernathy", "Petrov", "Lemaire", "Osei", "Van der Berg", "Haddad", "Moreau", "Sokolov",
    "Whitcombe", "Almeida", "Rasmussen", "Quintero", "Stavros", "Fitzgerald", "Nakamura",
    "Kristiansen", "Bellweather", "Dragomir", "Ashworth", "Calloway", "Eriksson", "Mbeki",
    "Thornbury", "Valdivia", "Gorecki", "Lindholm", "Pellegrini", "Achterberg", "Rourke", "Szabo",
    "Ivanova", "Montague", "Oyelaran", "Kavanagh", "Dubois", "Holloway", "Zielinski",
];

#[rustfmt::skip]
const PLACES: &[&str] = &[
    "Lanmoor", "Brevik", "Kestrel Bay", "Oster Vale", "Marrowby", "Tessaly", "Dunhaven",
    "Harrowgate", "Saint Aubel", "Corrin", "Valmora", "Eskerby", "Port Lisle", "Fennmouth",
    "Aldermere", "Quarry Hill", "Westlake", "Norrholm", "Carvella", "Bramblewick", "Ostrava Nova",
    "Greyhaven", "Tallis", "Rennick",
];

#[rustfmt::skip]
const PUBLISHERS: &[&str] = &[
    "The Lanmoor Gazette", "Northern Ledger", "The Coastal Herald", "Valley Courier",
    "The Daily Meridian", "Harbour Times", "The Provincial Observer", "Capital Review",
];

#[rustfmt::skip]
const SITES: &[&str] = &[
    "dailybuzz24.net", "newsrush-daily.example", "topstoriesnow.info", "viralwire.example",
    "headlinehub365.com", "breakingfeed.example", "trendpulse.news", "instanews-world.example",
    "clickreport24.net", "globalbuzzdaily.info", "quicknewsdigest.example", "newsflash-hub.com",
    "storystream247.example", "worldwirenow.net", "hotheadlines.example", "buzzmedia-news.info",
    "freshnewsfeed.example", "dailyscoopzone.com", "trendingtoday.example", "newsnowportal.net",
];

#[rustfmt::skip]
const WEEKDAYS: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
];
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];

/// A story's subject: what is being built, argued about and paid for.
struct Topic {
    facility: &'static str,
    project: &'static str,
    issue: &'static str,
    body: &'static str,
    org: &'static str,
    asset: &'static str,
    group: &'static str,
}

#[rustfmt::skip]
const TOPICS: &[Topic] = &[
    Topic { facility: "ferry service", project: "upgrade", issue: "who should pay for it", body: "harbour council", org: "port authority", asset: "harbour", group: "island families" },
    Topic { facility: "regional hospital", project: "expansion", issue: "staff shortages", body: "health board", org: "nurses' union", asset: "hospital site", group: "patients" },
    Topic { facility: "commuter rail line", project: "extension", issue: "delays and cancellations", body: "transport authority", org: "rail operator", asset: "track", group: "commuters" },
    Topic { facility: "secondary schools", project: "renovation programme", issue: "overcrowded classrooms", body: "education committee", org: "teachers' association", asset: "school buildings", group: "parents" },
    Topic { facility: "water treatment plant", project: "modernisation", issue: "contamination fears", body: "utility board", org: "water company", asset: "plant", group: "households" },
    Topic { facility: "social housing estate", project: "redevelopment", issue: "rising rents", body: "housing committee", org: "housing agency", asset: "land", group: "tenants" },
    Topic { facility: "offshore wind farm", project: "construction", issue: "electricity prices", body: "energy regulator", org: "grid operator", asset: "licence", group: "fishing crews" },
    Topic { facility: "city budget", project: "reform", issue: "tax increases", body: "finance ministry", org: "chamber of commerce", asset: "bonds", group: "small businesses" },
    Topic { facility: "police stations", project: "reorganisation", issue: "slow response times", body: "interior ministry", org: "police federation", asset: "buildings", group: "rural villages" },
    Topic { facility: "public library network", project: "merger", issue: "shorter opening hours", body: "culture committee", org: "library trust", asset: "collections", group: "students" },
    Topic { facility: "airport terminal", project: "expansion", issue: "night-time noise", body: "planning board", org: "airport operator", asset: "runway", group: "nearby residents" },
    Topic { facility: "bus network", project: "overhaul", issue: "cancelled routes", body: "regional assembly", org: "bus company", asset: "depots", group: "pensioners" },
];

#[rustfmt::skip]
const ROLES: &[&str] = &[
    "finance minister", "council leader", "mayor", "deputy mayor", "chief executive",
    "opposition councillor", "union representative", "professor of economics", "board chair",
    "regional governor", "health minister", "transport minister", "committee chair",
];

#[rustfmt::skip]
const GROUPS: &[&str] = &[
    "young families", "pensioners", "local businesses", "taxpayers", "commuters", "farmers",
    "students", "small shop owners", "the tourism industry", "low-income households",
];

#[rustfmt::skip]
const ALTERNATIVES: &[&str] = &[
    "schools", "road repairs", "care homes", "flood defences", "public transport", "housing",
    "youth centres", "broadband",
];

#[rustfmt::skip]
const HEADINGS: &[&str] = &[
    "What happens next", "A bitter dispute", "Reaction", "The cost", "Who pays", "Background",
    "Opposition", "The vote", "What residents say", "A decade of delays",
];

/// Words that mean the same in context; each word belongs to one group. The
/// templates draw on them with `{~key}` (key = the group's first word) and
/// the spinner swaps one member for another.
const SYNONYMS: &[&[&str]] = &[
    &["approved", "backed", "endorsed", "passed"],
    &["important", "significant", "consequential", "crucial"],
    &["raise", "increase", "lift", "hike"],
    &["easy", "simple", "painless", "quick"],
    &["better", "safer", "sturdier"],
    &["published", "released", "issued"],
    &["expected", "due", "scheduled"],
    &["completed", "finished", "delivered"],
    &["detailed", "full", "thorough"],
    &["report", "review", "study"],
    &["long", "repeatedly", "consistently"],
    &["benefit", "favour", "help"],
    &["warned", "cautioned", "predicted"],
    &["follows", "comes after", "caps"],
    &["talks", "negotiations", "discussions"],
    &["owns", "operates", "runs"],
    &["welcomed", "praised", "applauded"],
    &["said", "stated", "noted"],
    &["depend", "rely"],
    &["called", "pushed", "pressed"],
    &["struggled", "grappled", "battled"],
    &["surveyed", "polled", "questioned"],
    &["supported", "favoured", "liked"],
    &["huge", "large", "massive", "major"],
    &["decision", "ruling", "move"],
    &["residents", "locals", "inhabitants"],
    &["quickly", "rapidly", "swiftly"],
    &["plan", "proposal", "scheme"],
    &["announced", "unveiled", "revealed"],
    &["criticised", "attacked", "condemned"],
    &["began", "started"],
    &["told", "informed"],
    &["ending", "concluding", "closing"],
    &["dispute", "row", "quarrel", "standoff"],
    &["officials", "authorities"],
    &["money", "funds", "funding"],
    &["intensify", "escalate", "step up"],
    &["urgent", "pressing"],
    &["difficult", "hard", "tough"],
    &["cost", "price"],
    &["worried", "concerned", "anxious"],
    &["believe", "think", "feel"],
    &["recent", "latest"],
    &["claimed", "alleged", "insisted"],
    &["enough", "sufficient"],
    &["delay", "postponement", "holdup"],
    &["promised", "pledged", "vowed"],
    &["third", "quarter", "fifth"],
    &["rejected", "refused", "turned down"],
    &["risen", "climbed", "grown"],
];

const QUOTES: &[&str] = &[
    "This is the most {~important} {~decision} this {bodyshort} has taken in a decade",
    "We will not {~raise} the rate this year",
    "Nobody should pretend that this will be {~easy}",
    "The people of {place} deserve a {~better} {facility} than the one they have",
    "We have waited {n2} years for this and we cannot wait any longer",
    "Every euro we spend now will save us {n1} later",
    "The numbers simply do not add up, and everyone in this room knows it",
    "I {~believe} we have found a {~plan} that works for {group}",
    "We are {~worried} that the {~cost} will keep rising",
    "This {~plan} was never about {place}, it was about the mainland",
    "Our members have {~long} {~warned} that this day would come",
    "It is {~difficult} to explain to {group} why they should pay more",
    "We {~promised} a {~better} {facility} and we are delivering it",
    "There is no money for this, and there never was",
    "The {~delay} has already cost us {n1} million",
];

const QPHRASES: &[&str] = &[
    "stays on the table",
    "leaves {place} paying for other people's mistakes",
    "was never properly costed",
    "came far too late",
    "puts {group} first",
    "has amounted to nothing",
    "will be reviewed next spring",
    "cannot be allowed to fail",
];

const CLAIMS: &[&str] = &[
    "the timetable was unrealistic",
    "costs could rise by a further {pct} per cent",
    "smaller communities would be left behind",
    "the money would be better spent on {alt}",
    "the {~plan} had been rushed through without {~enough} consultation",
    "the {org} had not been told about the {~decision} in advance",
    "the figures {~published} in {month} were out of date",
];

/// A template's slots: `{key}` from the story, `{~key}` from a synonym group.
const TEMPLATES: &[&str] = &[
    "\"{quote},\" {~said} {role} {person} after the vote.",
    "{person}, the {role}, {~said} the {~plan} \"{qphrase}.\"",
    "\"{quote},\" {person} {~told} reporters on {weekday}, adding that the {project} \"{qphrase}.\"",
    "The {project} will cost {money} over {n2} years, according to figures {~published} by the {org}.",
    "Around {count} people use the {facility} every week, up from {count2} in {year}.",
    "The vote passed by {v1} votes to {v2}, with {v3} members abstaining.",
    "Some {pct} per cent of {~residents} {~surveyed} in {month} said they {~supported} the {~plan}, against {pct2} per cent who opposed it.",
    "The {facility} has {~struggled} with {issue} since {year}, when the last {project} was abandoned.",
    "Critics have {~long} argued that the {project} would {~benefit} {group} at the expense of {group2}.",
    "Work is {~expected} to begin in {month} and to be {~completed} by {year2}.",
    "The {org} {~said} it would publish a {~detailed} {~report} before the end of the year.",
    "Opponents had argued that the {~cost} would fall on {group}, and that {claim}.",
    "{person} {~warned} that {claim}.",
    "The {~decision} {~follows} months of {~talks} between the {body} and the {org}, which {~owns} the {asset}.",
    "In a statement, the {org} {~welcomed} the {~decision} but {~said} that {claim}.",
    "Local businesses, which {~depend} on the {facility} for about {pct} per cent of their trade, have {~called} for a faster timetable.",
    "The {body} first {~announced} the {~plan} in {month} {year}, but {~talks} stalled after {n1} meetings.",
    "Under the {~plan}, {group} will pay {money2} a year more, {~said} the {org}'s spokesman, {person}.",
    "{role} {person} {~criticised} the {~decision} as {~urgent} but badly prepared, and {~said} the {body} should {~intensify} its work with the {org}.",
    "The {~money} will come from a {money} loan and a {pct} per cent {~raise} in local charges.",
    "{officials} {~said} the {facility} had been used by {count} people last year, {n1} per cent more than {~expected}.",
    "The {project} {~began} as a {~huge} promise in {year} and has since been revised {n1} times.",
    "The {org} {~claimed} that the {~delay} had cost {money2} in the past {n2} years alone.",
    "A {~recent} {~report} by the {org} found that {pct} per cent of {group} were {~worried} about {issue}.",
    "{person} {~said} the {body} had {~promised} {group} a decision by {month}, and that it was now {n1} months late.",
    "The meeting in {place} lasted {n1} hours and was watched by {count3} people online.",
    "Neighbouring {place2}, which completed a similar {project} in {year}, spent {money2} less.",
    "According to the {org}, the {asset} will need {money2} of repairs before the {project} can {~quickly} go ahead.",
    "The {body} will meet again on {weekday} {day} {month} to set a final budget of {money}.",
    "{person}, who has led the {org} since {year}, {~said} that {claim}.",
    "Turnout at the public hearings in {month} was the highest since {year}, with {count3} people speaking for or against the {~plan}.",
    "The {org} has {~long} been {~worried} about {issue}, and last year it took the {body} to court over the {asset}.",
    "Engineers hired by the {body} estimated that the {asset} would last another {n2} years without major work.",
    "The {~money} set aside for the {project} is roughly a {~third} of the {body}'s annual spending.",
    "A petition against the {~plan} gathered {count} signatures in less than {n1} weeks.",
    "{person} said the {~decision} was a victory for {group} who had campaigned for it since {year}.",
    "The {body} {~rejected} an earlier version of the {~plan} in {year} after {~officials} could not agree on who would run the {facility}.",
    "Half of the contracts will go to firms based in {place}, the {body} said, creating about {count3} jobs.",
    "{role} {person} is {~expected} to present the final figures to the {body} on {weekday}.",
    "Residents of {place2} will also be able to use the {facility} once the {project} is {~completed}.",
    "The {body} meets in public once a month, and the {~decision} on the {project} was taken at its {n1}th meeting this year.",
    "Insurance costs for the {asset} have {~risen} by {pct} per cent since {year}, {~officials} said.",
];

const BOILERPLATE: &[&str] = &[
    "Readers can follow all the latest news on our homepage.",
    "Share this story with your friends and family.",
    "This article will be updated as more information becomes available.",
    "Click here to subscribe to our daily newsletter.",
    "Stay tuned for more updates on this developing story.",
];

// ---------------------------------------------------------------- the story

/// One person in a story: the name recurs, which is what makes altered
/// spellings matter.
struct Person {
    first: &'static str,
    last: &'static str,
    role: &'static str,
}

/// Everything an article says; the slots of the templates come from here.
struct Story {
    topic: &'static Topic,
    place: &'static str,
    place2: &'static str,
    people: Vec<Person>,
    publisher: &'static str,
    author: String,
    year: u32,
    month: usize,
    day: u32,
}

fn new_story(rng: &mut Rng) -> Story {
    let n = rng.range(3, 5) as usize;
    let mut people = Vec::new();
    while people.len() < n {
        let last = rng.pick(LAST);
        if people.iter().any(|p: &Person| p.last == last) {
            continue;
        }
        people.push(Person {
            first: rng.pick(FIRST),
            last,
            role: rng.pick(ROLES),
        });
    }
    let place = rng.pick(PLACES);
    let mut place2 = rng.pick(PLACES);
    while place2 == place {
        place2 = rng.pick(PLACES);
    }
    Story {
        topic: &TOPICS[rng.below(TOPICS.len())],
        place,
        place2,
        people,
        publisher: rng.pick(PUBLISHERS),
        author: format!("{} {}", rng.pick(FIRST), rng.pick(LAST)),
        year: rng.range(2024, 2026) as u32,
        month: rng.below(12),
        day: rng.range(1, 28) as u32,
    }
}

fn synonym_group(key: &str) -> Option<&'static [&'static str]> {
    SYNONYMS.iter().copied().find(|g| g[0] == key)
}

fn money(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!("{} million euro", rng.range(2, 95)),
        1 => format!("{}.{} billion euro", rng.range(1, 9), rng.range(1, 9)),
        _ => format!("{} million euro", rng.range(100, 900)),
    }
}

/// Fills a template's slots and capitalises the result.
fn fill(t: &str, story: &Story, rng: &mut Rng) -> String {
    capitalise(&expand(t, story, rng))
}

/// Fills a template's slots, recursively (a quote may contain `{place}`).
fn expand(t: &str, story: &Story, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(t.len() + 64);
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("unclosed slot");
        let key = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let value: String = if let Some(group) = key.strip_prefix('~') {
            let g = synonym_group(group).unwrap_or_else(|| panic!("no synonym group {group}"));
            rng.pick(g).to_string()
        } else {
            let p = &story.people[rng.below(story.people.len())];
            let tp = story.topic;
            match key {
                "person" => format!("{} {}", p.first, p.last),
                "role" => capital_if_first(rng.pick(ROLES), out.is_empty()),
                "place" => story.place.into(),
                "place2" => story.place2.into(),
                "facility" => tp.facility.into(),
                "project" => tp.project.into(),
                "issue" => tp.issue.into(),
                "body" => tp.body.into(),
                "bodyshort" => tp.body.rsplit(' ').next().unwrap_or(tp.body).into(),
                "org" => tp.org.into(),
                "asset" => tp.asset.into(),
                "group" => tp.group.into(),
                "group2" => rng.pick(GROUPS).to_string(),
                "alt" => rng.pick(ALTERNATIVES).to_string(),
                "officials" => {
                    capital_if_first(rng.pick(&["officials", "authorities"]), out.is_empty())
                }
                "quote" => expand(rng.pick(QUOTES), story, rng),
                "qphrase" => expand(rng.pick(QPHRASES), story, rng),
                "claim" => expand(rng.pick(CLAIMS), story, rng),
                "weekday" => rng.pick(WEEKDAYS).to_string(),
                "month" => rng.pick(MONTHS).to_string(),
                "day" => rng.range(1, 28).to_string(),
                "year" => (story.year - rng.range(2, 12) as u32).to_string(),
                "year2" => (story.year + rng.range(1, 5) as u32).to_string(),
                "money" => money(rng),
                "money2" => format!("{} million euro", rng.range(1, 60)),
                "count" => format!("{},{:03}", rng.range(2, 48), rng.range(0, 999)),
                "count2" => format!("{},{:03}", rng.range(1, 30), rng.range(0, 999)),
                "count3" => rng.range(120, 980).to_string(),
                "pct" => rng.range(11, 79).to_string(),
                "pct2" => rng.range(5, 40).to_string(),
                "n1" => rng.range(3, 19).to_string(),
                "n2" => rng.range(2, 12).to_string(),
                "v1" => rng.range(9, 25).to_string(),
                "v2" => rng.range(2, 8).to_string(),
                "v3" => rng.range(1, 4).to_string(),
                other => panic!("unknown slot {other}"),
            }
        };
        out.push_str(&value);
    }
    out.push_str(rest);
    out
}

fn capital_if_first(s: &str, first: bool) -> String {
    if first {
        capitalise(s)
    } else {
        s.to_string()
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A block of an article.
#[derive(Clone)]
enum Block {
    Para(Vec<String>),
    Heading(String),
    /// Photo caption or a "related articles" line: boilerplate, not content.
    Aside(String),
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A source article of about 800 words.
fn write_source(story: &Story, rng: &mut Rng) -> (String, Vec<Block>) {
    let tp = story.topic;
    let lead = &story.people[0];
    let title = capitalise(&fill(
        rng.pick(&[
            "{place} {body} {~approved} {money} {facility} {project}",
            "{~huge} {project} of {place} {facility} {~approved} after {n2}-year {~dispute}",
            "{person} defends {project} of {place} {facility}",
            "Anger in {place} over {~cost} of {facility} {project}",
            "{place} {facility}: {~talks} fail as {issue} grows",
        ]),
        story,
        rng,
    ));
    let mut blocks = Vec::new();
    let lede = format!(
        "The {} of {} on {} {} a {} {} of the {}, {} a {}-year {} over {}.",
        tp.body,
        story.place,
        rng.pick(WEEKDAYS),
        rng.pick(synonym_group("approved").unwrap()),
        money(rng),
        tp.project,
        tp.facility,
        rng.pick(synonym_group("ending").unwrap()),
        rng.range(2, 9),
        rng.pick(synonym_group("dispute").unwrap()),
        tp.issue
    );
    blocks.push(Block::Para(vec![lede]));
    blocks.push(Block::Para(vec![format!(
        "\"{},\" said {} {} {} after the meeting, which was attended by {} {}.",
        fill(rng.pick(QUOTES), story, rng),
        lead.role,
        lead.first,
        lead.last,
        rng.range(40, 400),
        rng.pick(synonym_group("residents").unwrap())
    )]));
    if rng.chance(0.6) {
        blocks.push(Block::Aside(format!(
            "*Photo: The {} in {} on {} morning. ({} / {})*",
            tp.facility,
            story.place,
            rng.pick(WEEKDAYS),
            story.author,
            story.publisher
        )));
    }
    let target = rng.range(680, 820) as usize;
    let mut words = 0;
    let mut used: HashMap<usize, u32> = HashMap::new();
    let mut heading_done = false;
    while words < target {
        if !heading_done && words > target / 2 {
            blocks.push(Block::Heading(rng.pick(HEADINGS).to_string()));
            heading_done = true;
        }
        let n = rng.range(1, 4) as usize;
        let mut para = Vec::new();
        for _ in 0..n {
            // Each template once, then twice, so sentences rarely repeat.
            let limit = if used.len() < TEMPLATES.len() { 1 } else { 2 };
            let mut i = rng.below(TEMPLATES.len());
            while used.get(&i).copied().unwrap_or(0) >= limit {
                i = (i + 1) % TEMPLATES.len();
            }
            *used.entry(i).or_default() += 1;
            let s = fill(TEMPLATES[i], story, rng);
            words += word_count(&s);
            para.push(s);
        }
        blocks.push(Block::Para(para));
    }
    if rng.chance(0.5) {
        blocks.push(Block::Aside(format!(
            "**Related:** {} {} timetable published; {} residents react",
            story.place, tp.facility, story.place2
        )));
    }
    (title, blocks)
}

// ---------------------------------------------------------------- spinning

/// How hard one copy spins its source.
struct Spin {
    synonym: f64,
    split: f64,
    merge: f64,
    swap: f64,
    drop: f64,
    add: f64,
    number: f64,
    name: f64,
    attribution: f64,
    paste: bool,
}

fn spin_settings(rng: &mut Rng) -> Spin {
    let k = 0.3 + 0.7 * (rng.below(1000) as f64 / 1000.0);
    Spin {
        synonym: 0.25 + 0.5 * k,
        split: 0.12 * k,
        merge: 0.10 * k,
        swap: 0.15 * k,
        drop: 0.03 + 0.10 * k,
        add: 0.05 + 0.15 * k,
        number: 0.08 + 0.2 * k,
        name: 0.2 + 0.5 * k,
        attribution: 0.5,
        paste: rng.chance(0.25),
    }
}

fn synonym_index() -> HashMap<&'static str, usize> {
    let mut index = HashMap::new();
    for (i, g) in SYNONYMS.iter().enumerate() {
        for w in g.iter() {
            if !w.contains(' ') {
                index.insert(*w, i);
            }
        }
    }
    index
}

/// Swaps words for synonyms and alters numbers, word by word.
fn spin_words(s: &str, spin: &Spin, syn: &HashMap<&str, usize>, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String, rng: &mut Rng| {
        if word.is_empty() {
            return;
        }
        let lower = word.to_lowercase();
        if let Some(&g) = syn.get(lower.as_str()) {
            if rng.chance(spin.synonym) {
                let group = SYNONYMS[g];
                let mut other = rng.pick(group);
                if other == lower {
                    other =
                        group[(group.iter().position(|w| *w == other).unwrap() + 1) % group.len()];
                }
                let other = if word.starts_with(char::is_uppercase) {
                    capitalise(other)
                } else {
                    other.to_string()
                };
                out.push_str(&other);
                word.clear();
                return;
            }
        }
        if word.bytes().all(|b| b.is_ascii_digit()) && rng.chance(spin.number) {
            out.push_str(&change_number(word, rng));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in s.chars() {
        if c.is_alphanumeric() || c == '\'' && !word.is_empty() {
            word.push(c);
        } else {
            flush(&mut word, &mut out, rng);
            out.push(c);
        }
    }
    flush(&mut word, &mut out, rng);
    out
}

fn change_number(n: &str, rng: &mut Rng) -> String {
    let b = n.as_bytes();
    if b.len() >= 2 && b[0] != b[1] && rng.chance(0.5) && b[1] != b'0' {
        let mut v = b.to_vec();
        v.swap(0, 1);
        return String::from_utf8(v).unwrap();
    }
    let x: u64 = n.parse().unwrap_or(1);
    let y = if x > 1900 && x < 2100 {
        x + 1
    } else {
        (x + rng.range(1, 9) * (1 + x / 10)).max(2)
    };
    let y = y.to_string();
    if n.len() >= 3 && y.len() != n.len() {
        // Keep the length (a group after a thousands comma): change the last digit.
        let last = (b[b.len() - 1] - b'0' + 1) % 10;
        return format!("{}{}", &n[..n.len() - 1], last);
    }
    y
}

/// A misspelling of a name, as content farms produce them.
fn alter_name(name: &str, rng: &mut Rng) -> String {
    let rules: &[(&str, &str)] = &[
        ("sky", "skiy"),
        ("ie", "y"),
        ("ph", "f"),
        ("th", "t"),
        ("ck", "k"),
        ("ll", "l"),
        ("tt", "t"),
        ("ss", "s"),
        ("a", "e"),
        ("o", "ou"),
        ("i", "y"),
        ("e", "a"),
        ("u", "ou"),
    ];
    let start = rng.below(rules.len());
    for k in 0..rules.len() {
        let (from, to) = rules[(start + k) % rules.len()];
        // Never touch the first letter, so the name stays recognisable.
        if let Some(i) = name[1..].find(from) {
            let i = i + 1;
            return format!("{}{}{}", &name[..i], to, &name[i + from.len()..]);
        }
    }
    format!("{name}e")
}

/// Splits a long sentence at a clause boundary into two sentences.
fn split_sentence(s: &str) -> Option<(String, String)> {
    if s.starts_with('"') {
        return None;
    }
    for (sep, lead) in [
        (", and that ", "It was also said that "),
        (", and ", ""),
        (", which ", "It "),
        (", but ", "But "),
    ] {
        if let Some(i) = s.find(sep) {
            let first = format!("{}.", &s[..i]);
            let rest = &s[i + sep.len()..];
            // ", and said ..." cannot stand alone; ", and the ..." can.
            if lead.is_empty() && !["the ", "a ", "it "].iter().any(|w| rest.starts_with(w)) {
                continue;
            }
            let second = if lead.is_empty() {
                capitalise(rest)
            } else {
                format!("{lead}{rest}")
            };
            if word_count(&first) >= 5 && word_count(&second) >= 4 {
                return Some((first, second));
            }
        }
    }
    None
}

fn merge_sentences(a: &str, b: &str) -> Option<String> {
    if a.ends_with('"') || b.starts_with('"') || !a.ends_with('.') {
        return None;
    }
    let first_word = b.split_whitespace().next().unwrap_or("");
    let b = if [
        "The",
        "A",
        "Some",
        "Around",
        "Under",
        "In",
        "According",
        "Work",
        "Local",
        "Critics",
        "Opponents",
    ]
    .contains(&first_word)
    {
        lowercase_first(b)
    } else {
        b.to_string()
    };
    Some(format!("{}, and {}", &a[..a.len() - 1], b))
}

/// `"Q," said R P after the vote.` -> `R P said: "Q."`, and drops attributions.
fn rephrase(s: &str, spin: &Spin, rng: &mut Rng) -> String {
    if let Some(i) = s.rfind(", said the ") {
        if rng.chance(spin.attribution) {
            let tail = &s[i..];
            if tail.contains("spokesman") {
                return format!("{}, it was said.", &s[..i]);
            }
        }
    }
    if let Some(inner) = s.strip_prefix('"') {
        if let Some(q) = inner.find(",\" ") {
            let quote = &inner[..q];
            let rest = &inner[q + 3..];
            if let Some(r) = rest.strip_prefix("said ") {
                if rng.chance(0.4) {
                    let who = r.trim_end_matches('.');
                    let who = who.split(" after ").next().unwrap_or(who);
                    return format!("{} said: \"{}.\"", capitalise(who), quote);
                }
            }
        }
    }
    s.to_string()
}

fn spin_article(
    source: &[Block],
    story: &Story,
    spin: &Spin,
    syn: &HashMap<&str, usize>,
    rng: &mut Rng,
) -> Vec<Block> {
    // Consistent misspellings of some people's names throughout the copy.
    let mut renames: Vec<(String, String)> = Vec::new();
    for p in &story.people {
        if rng.chance(spin.name) {
            renames.push((p.last.to_string(), alter_name(p.last, rng)));
        }
        if rng.chance(spin.name / 3.0) {
            renames.push((p.first.to_string(), alter_name(p.first, rng)));
        }
    }
    let story2 = new_story(rng);
    let mut out = Vec::new();
    for (bi, block) in source.iter().enumerate() {
        match block {
            Block::Aside(_) => {
                if rng.chance(0.2) {
                    out.push(block.clone());
                }
            }
            Block::Heading(h) => {
                if !spin.paste && rng.chance(0.6) {
                    out.push(Block::Heading(spin_words(h, spin, syn, rng)));
                }
            }
            Block::Para(sentences) => {
                let mut para: Vec<String> = Vec::new();
                for s in sentences {
                    if bi > 0 && rng.chance(spin.drop) {
                        continue;
                    }
                    let mut s = rephrase(s, spin, rng);
                    s = spin_words(&s, spin, syn, rng);
                    for (from, to) in &renames {
                        s = s.replace(from.as_str(), to);
                    }
                    if rng.chance(spin.split) {
                        if let Some((a, b)) = split_sentence(&s) {
                            para.push(a);
                            para.push(b);
                            continue;
                        }
                    }
                    if rng.chance(spin.merge) {
                        if let Some(prev) = para.last() {
                            if let Some(m) = merge_sentences(prev, &s) {
                                *para.last_mut().unwrap() = m;
                                continue;
                            }
                        }
                    }
                    para.push(s);
                }
                if para.len() >= 2 && rng.chance(spin.swap) {
                    let i = rng.below(para.len() - 1);
                    para.swap(i, i + 1);
                }
                if rng.chance(spin.add) {
                    let extra = if rng.chance(0.5) {
                        rng.pick(BOILERPLATE).to_string()
                    } else {
                        fill(rng.pick(TEMPLATES), &story2, rng)
                    };
                    let at = rng.below(para.len() + 1);
                    para.insert(at, extra);
                }
                if !para.is_empty() {
                    out.push(Block::Para(para));
                }
            }
        }
    }
    if spin.paste {
        // Pasted without paragraph breaks: a few long paragraphs.
        let mut pasted: Vec<Block> = Vec::new();
        let mut cur: Vec<String> = Vec::new();
        for b in out {
            match b {
                Block::Para(p) => cur.extend(p),
                other => pasted.push(other),
            }
            if cur.len() > 12 && rng.chance(0.3) {
                pasted.push(Block::Para(std::mem::take(&mut cur)));
            }
        }
        if !cur.is_empty() {
            pasted.push(Block::Para(cur));
        }
        out = pasted;
    }
    if rng.chance(0.4) {
        out.push(Block::Para(vec![rng.pick(BOILERPLATE).to_string()]));
    }
    out
}

fn body_markdown(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::Para(p) => s.push_str(&p.join(" ")),
            Block::Heading(h) => {
                s.push_str("## ");
                s.push_str(h);
            }
            Block::Aside(a) => s.push_str(a),
        }
        s.push_str("\n\n");
    }
    s
}

/// A YAML double-quoted string.
fn yaml(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn slug_of(title: &str, n: usize) -> String {
    let mut slug = String::new();
    for w in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&w.to_ascii_lowercase());
    }
    format!("{slug}-{n:05}")
}

// ---------------------------------------------------------------- output

struct Args {
    pairs: usize,
    out: PathBuf,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut pairs = None;
    let mut out = None;
    let mut seed = 42;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--pairs" => pairs = Some(value()?.parse().map_err(|e| format!("--pairs: {e}"))?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        pairs: pairs.ok_or("--pairs N is required")?,
        out: out.ok_or("--out DIR is required")?,
        seed,
    })
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    fs::write(path, text)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gensite: {e}");
            }
            eprintln!("usage: gensite --pairs N --out DIR [--seed S]");
            return ExitCode::from(1);
        }
    };
    match generate(&args) {
        Ok((sources, words)) => {
            eprintln!(
                "gensite: {} sources, {} rewrites ({} words an article on average) in {}",
                sources,
                args.pairs,
                words / (sources + args.pairs).max(1),
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gensite: {e}");
            ExitCode::from(1)
        }
    }
}

fn generate(args: &Args) -> std::io::Result<(usize, usize)> {
    let u = args.out.join("unspun");
    let h = args.out.join("hugo");
    for d in [&u, &h] {
        if d.exists() {
            fs::remove_dir_all(d)?;
        }
    }
    let (src_dir, rw_dir) = (u.join("content/sources"), u.join("content/rewrites"));
    let (orig_dir, copy_dir) = (h.join("content/originals"), h.join("content/copies"));
    for d in [
        &src_dir,
        &rw_dir,
        &orig_dir,
        &copy_dir,
        &h.join("layouts/_default"),
    ] {
        fs::create_dir_all(d)?;
    }
    write(
        &u.join("site.toml"),
        "title = \"Synthetic benchmark site\"\ndescription = \"Generated by tests/bench/gensite.rs\"\nbase_url = \"/\"\n",
    )?;
    write(
        &h.join("config.toml"),
        "baseURL = \"/\"\ntitle = \"Synthetic benchmark site\"\nlanguageCode = \"en\"\nbuildFuture = true\n",
    )?;
    let page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><main><h1>{{ .Title }}</h1>\n<p>{{ .Date.Format \"2006-01-02\" }}</p>\n{{ .Content }}\n</main></body></html>\n";
    let list = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><h1>{{ .Title }}</h1><ul>\n{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>\n{{ end }}</ul></body></html>\n";
    write(&h.join("layouts/_default/single.html"), page)?;
    write(&h.join("layouts/_default/list.html"), list)?;
    write(&h.join("layouts/index.html"), list)?;

    let mut rng = Rng(args.seed ^ 0x5EED_0000_0000_0000);
    let syn = synonym_index();
    let mut made = 0;
    let mut sources = 0;
    let mut words = 0;
    while made < args.pairs {
        let story = new_story(&mut rng);
        let (title, blocks) = write_source(&story, &mut rng);
        let body = body_markdown(&blocks);
        words += word_count(&body);
        let slug = slug_of(&title, sources);
        let date = format!("{}-{:02}-{:02}", story.year, story.month + 1, story.day);
        let mut fm = String::new();
        writeln!(
            fm,
            "---\ntitle: {}\npublisher: {}\nauthor: {}\ndate: {}",
            yaml(&title),
            yaml(story.publisher),
            yaml(&story.author),
            date
        )
        .unwrap();
        writeln!(
            fm,
            "url: \"https://{}.example/news/{}\"\n---\n",
            slugify_simple(story.publisher),
            slug
        )
        .unwrap();
        write(&src_dir.join(format!("{slug}.md")), &format!("{fm}{body}"))?;
        sources += 1;

        let copies = (rng.range(2, 5) as usize).min(args.pairs - made);
        let mut sites: Vec<&str> = Vec::new();
        for c in 0..copies {
            let mut site = rng.pick(SITES);
            while sites.contains(&site) {
                site = rng.pick(SITES);
            }
            sites.push(site);
            let spin = spin_settings(&mut rng);
            let rblocks = spin_article(&blocks, &story, &spin, &syn, &mut rng);
            let rbody = body_markdown(&rblocks);
            words += word_count(&rbody);
            let rtitle = spin_words(&title, &spin, &syn, &mut rng);
            let rslug = format!(
                "{}-{}",
                slug,
                slugify_simple(site).split('-').next().unwrap_or("copy")
            );
            let rdate = format!(
                "{}-{:02}-{:02}",
                story.year,
                story.month + 1,
                (story.day + c as u32).min(28)
            );
            let mut fm = String::new();
            writeln!(
                fm,
                "---\ntitle: {}\nsite: {}\nsource: {}\ndate: {}",
                yaml(&rtitle),
                yaml(site),
                slug,
                rdate
            )
            .unwrap();
            writeln!(fm, "url: \"https://{}/{}\"", site, rslug).unwrap();
            if rng.chance(0.5) {
                writeln!(fm, "summary: |\n  A copy of a story by {} ({}). It keeps the structure but **rewords** much of the text.", story.author, story.publisher).unwrap();
            }
            let notes = note_candidates(&rblocks, &body, &rbody, &mut rng);
            if !notes.is_empty() {
                fm.push_str("notes:\n");
                for q in notes {
                    writeln!(fm, "  - quote: {}\n    text: \"This sentence is **not** in the original as written.\"", yaml(&q)).unwrap();
                }
            }
            fm.push_str("---\n\n");
            write(&rw_dir.join(format!("{rslug}.md")), &format!("{fm}{rbody}"))?;

            // Hugo: the pair's original and its copy as plain pages.
            let hfm = |t: &str, d: &str| format!("---\ntitle: {}\ndate: {}\n---\n\n", yaml(t), d);
            write(
                &orig_dir.join(format!("{rslug}.md")),
                &format!("{}{}", hfm(&title, &date), body),
            )?;
            write(
                &copy_dir.join(format!("{rslug}.md")),
                &format!("{}{}", hfm(&rtitle, &rdate), rbody),
            )?;
            made += 1;
        }
    }
    Ok((sources, words))
}

/// Up to two sentences of the copy that occur exactly once in it and not in
/// the source, for the author's notes (load rejects ambiguous quotes).
fn note_candidates(blocks: &[Block], source: &str, copy: &str, rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::new();
    let want = rng.below(3);
    for b in blocks {
        if out.len() >= want {
            break;
        }
        if let Block::Para(p) = b {
            for s in p {
                if out.len() < want
                    && word_count(s) > 6
                    && !s.contains('\n')
                    && copy.matches(s.as_str()).count() == 1
                    && !source.contains(s.as_str())
                    && rng.chance(0.3)
                {
                    out.push(s.clone());
                }
            }
        }
    }
    out
}

fn slugify_simple(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}
