//! The data page (`/data/`) and the one numbering of findings: every page's
//! footer links the data page; it names each download with its fields and
//! columns, links the published JSON Schema, and shows `data_licence`. A
//! finding's number is the same on the page, in `report.json`, in
//! `findings.csv` and in the annotations.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::{read_json, tree_bytes, unspun, OutputExt, Site};

#[test]
fn every_page_links_the_data_page_which_describes_each_file_and_the_licence() {
    let site = Site::scaffold();
    site.edit("site.toml", |t| {
        format!(
            "{t}\ndata_licence = \"CC BY 4.0 <https://creativecommons.org/licenses/by/4.0/>\"\n\n[exports]\nannotations = true\n"
        )
    });
    site.build().success();
    let out = site.public();

    let data = site.read("public/data/index.html");
    assert!(
        data.contains("CC BY 4.0 &lt;https://creativecommons.org/licenses/by/4.0/&gt;"),
        "the licence line from site.toml is not on the data page (escaped)"
    );
    for href in [
        "/findings.csv",
        "/annotations.jsonld",
        "/search/index.json",
        "/report.schema.json",
    ] {
        assert!(
            data.contains(&format!("href=\"{href}\"")),
            "the data page does not link {href}"
        );
    }
    let csv = site.read("public/findings.csv");
    let header = csv.lines().next().unwrap();
    for column in header.split(',') {
        assert!(
            data.contains(&format!("<th scope=\"row\"><code>{column}</code></th>")),
            "findings.csv column {column} is not described on the data page"
        );
    }
    assert!(
        !data.contains("see <code>report.json</code></td>"),
        "a column has no description of its own"
    );
    assert_eq!(
        site.read("public/report.schema.json"),
        include_str!("../../src/report.schema.json"),
        "the published schema is not the project's"
    );

    for (path, bytes) in tree_bytes(&out) {
        let name = path.to_string_lossy();
        if !name.ends_with(".html") || name.starts_with("embed/") {
            continue;
        }
        let page = String::from_utf8(bytes).unwrap();
        let footer = &page[page
            .find("<footer")
            .unwrap_or_else(|| panic!("{name} has no footer"))..];
        assert!(
            footer.contains("href=\"/data/\""),
            "the footer of {name} does not link the data page"
        );
    }
}

#[test]
fn without_a_licence_the_data_page_says_none_is_stated() {
    let site = Site::scaffold();
    site.build().success();
    let data = site.read("public/data/index.html");
    assert!(
        data.contains("none stated"),
        "the data page does not say that no licence is stated"
    );
}

#[test]
fn check_finds_every_link_of_the_data_page() {
    // `check` renders every page in memory and follows every in-site link.
    let site = Site::scaffold();
    unspun(&["check", "--root", site.root()]).success();
}

/// The number of each finding card (placed, unplaced and minor) of a report page, in page order.
fn page_numbers(page: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for piece in page.split("<li class=\"").skip(1) {
        if !(piece.starts_with("finding-card") || piece.starts_with("minor-card")) {
            continue;
        }
        let at = piece.find("id=\"finding-").expect("a card with a number") + "id=\"finding-".len();
        let end = at + piece[at..].find('"').unwrap();
        out.push(piece[at..end].parse().unwrap());
    }
    out
}

#[test]
fn a_finding_has_one_number_on_the_page_in_report_json_the_csv_and_the_annotations() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    unspun(&[
        "build",
        "--root",
        repo.to_str().unwrap(),
        "--output-dir",
        out.to_str().unwrap(),
    ])
    .success();

    let csv = fs::read_to_string(out.join("findings.csv")).unwrap();
    let mut csv_numbers: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let records = csv_records(&csv);
    assert_eq!(&records[0][..2], ["report_slug", "finding"]);
    for record in records.into_iter().skip(1) {
        csv_numbers
            .entry(record[0].clone())
            .or_default()
            .push(record[1].parse().unwrap());
    }

    let mut reports = 0;
    for entry in fs::read_dir(out.join("reports")).unwrap() {
        let dir = entry.unwrap().path();
        let slug = dir.file_name().unwrap().to_string_lossy().into_owned();
        let json = read_json(&dir.join("report.json"));
        let ids: Vec<usize> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_u64().unwrap() as usize)
            .collect();
        assert_eq!(
            ids,
            (1..=ids.len()).collect::<Vec<_>>(),
            "{slug}: report.json ids are not 1, 2, ..."
        );

        let mut on_page = page_numbers(&fs::read_to_string(dir.join("index.html")).unwrap());
        on_page.sort_unstable();
        assert_eq!(
            on_page, ids,
            "{slug}: the page numbers findings differently from report.json"
        );
        assert_eq!(
            csv_numbers.get(&slug),
            Some(&ids),
            "{slug}: findings.csv numbers findings differently"
        );

        let annotations: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.join("annotations.jsonld")).unwrap())
                .unwrap();
        let anno_ids: Vec<usize> = annotations["first"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let id = a["id"].as_str().unwrap();
                let link = a["body"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|b| b["purpose"] == "linking")
                    .unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string();
                let n = id.rsplit_once("#finding-").unwrap().1;
                assert!(
                    link.ends_with(&format!("/reports/{slug}/#finding-{n}")),
                    "{slug}: annotation {id} links {link}"
                );
                n.parse().unwrap()
            })
            .collect();
        assert_eq!(
            anno_ids, ids,
            "{slug}: the annotations number findings differently"
        );
        reports += 1;
    }
    assert!(reports >= 2);
}

/// The records of an RFC 4180 text, fields unquoted.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}
