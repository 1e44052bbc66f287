//! The JSON Schema shipped in `src/report.schema.json` accepts real output
//! of the aligner, and rejects broken objects. A small validator for the
//! subset of JSON Schema the file uses (type, enum, const, oneOf, required,
//! properties, additionalProperties, items, minimum, maximum, $ref) keeps
//! this in Rust.

use serde_json::Value;
use unspun::align::{align, AlignOptions, Text};

fn schema() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/report.schema.json"
    ))
    .unwrap();
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn resolve<'a>(root: &'a Value, s: &'a Value) -> &'a Value {
    match s.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/$defs/").expect("local $ref");
            resolve(root, &root["$defs"][name])
        }
        None => s,
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_u64() || v.is_i64(),
        "number" => v.is_number(),
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        _ => panic!("unknown type {t}"),
    }
}

fn validate(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let s = resolve(root, schema);
    if let Some(options) = s.get("oneOf").and_then(Value::as_array) {
        let fits = options
            .iter()
            .filter(|o| {
                let mut e = Vec::new();
                validate(root, o, v, path, &mut e);
                e.is_empty()
            })
            .count();
        if fits != 1 {
            errors.push(format!("{path}: {v} fits {fits} of the oneOf"));
        }
    }
    if let Some(c) = s.get("const") {
        if v != c {
            errors.push(format!("{path}: {v} is not {c}"));
        }
    }
    if let Some(t) = s.get("type") {
        let ok = match t {
            Value::String(t) => type_ok(t, v),
            Value::Array(ts) => ts.iter().any(|t| type_ok(t.as_str().unwrap(), v)),
            _ => panic!("bad type"),
        };
        if !ok {
            errors.push(format!("{path}: expected type {t}, got {v}"));
            return;
        }
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            errors.push(format!("{path}: {v} not in {e:?}"));
        }
    }
    if let (Some(min), Some(x)) = (s.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if x < min {
            errors.push(format!("{path}: {x} < {min}"));
        }
    }
    if let (Some(max), Some(x)) = (s.get("maximum").and_then(Value::as_f64), v.as_f64()) {
        if x > max {
            errors.push(format!("{path}: {x} > {max}"));
        }
    }
    if let Some(obj) = v.as_object() {
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !obj.contains_key(r.as_str().unwrap()) {
                errors.push(format!(
                    "{path}: missing {}",
                    r.as_str().unwrap_or_default()
                ));
            }
        }
        let props = s.get("properties").and_then(Value::as_object);
        for (k, x) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => validate(root, ps, x, &format!("{path}.{k}"), errors),
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: unexpected property {k}"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(arr)) = (s.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            validate(root, items, x, &format!("{path}[{i}]"), errors);
        }
    }
}

fn errors(v: &Value) -> Vec<String> {
    let root = schema();
    let mut errors = Vec::new();
    validate(&root, &root, v, "$", &mut errors);
    errors
}

fn sample_report() -> Value {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval/tuning");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.join("source.md").is_file() {
            out.push(p);
        }
    }
    out.sort();
    let p = &out[0];
    let s = std::fs::read_to_string(p.join("source.md")).unwrap();
    let r = std::fs::read_to_string(p.join("rewrite.md")).unwrap();
    let rep = align(
        &Text::plain("s", &s),
        &Text::plain("r", &r),
        &AlignOptions::default(),
    );
    serde_json::to_value(&rep).unwrap()
}

#[test]
fn real_output_validates() {
    // Both parts of the evaluation set (tests/eval/tuning, tests/eval/held-out).
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval");
    let parts = ["tuning", "held-out"]
        .iter()
        .filter_map(|part| std::fs::read_dir(format!("{root}/{part}")).ok());
    let mut n = 0;
    for e in parts.flatten() {
        let p = e.unwrap().path();
        let (Ok(s), Ok(r)) = (
            std::fs::read_to_string(p.join("source.md")),
            std::fs::read_to_string(p.join("rewrite.md")),
        ) else {
            continue;
        };
        let bs = unspun::content::split_front_matter(&s)
            .map(|x| x.1)
            .unwrap_or(0);
        let br = unspun::content::split_front_matter(&r)
            .map(|x| x.1)
            .unwrap_or(0);
        let rep = align(
            &Text {
                title: "s",
                file: &s,
                body_start: bs,
            },
            &Text {
                title: "r",
                file: &r,
                body_start: br,
            },
            &AlignOptions::default(),
        );
        let v = serde_json::to_value(&rep).unwrap();
        let e = errors(&v);
        assert!(e.is_empty(), "{}: {e:?}", p.display());
        n += 1;
    }
    assert!(n >= 12, "expected the evaluation pairs, found {n}");
}

#[test]
fn broken_objects_are_rejected() {
    let good = sample_report();
    assert!(errors(&good).is_empty());

    let mut v = good.clone();
    v.as_object_mut().unwrap().remove("stats");
    assert!(errors(&v).iter().any(|e| e.contains("missing stats")));

    let mut v = good.clone();
    v["alignment"][0]["relation"] = Value::from("rewritten");
    assert!(!errors(&v).is_empty());

    let mut v = good.clone();
    v["source"]["sentences"][0]["start"] = Value::from(-1);
    assert!(!errors(&v).is_empty());

    let mut v = good.clone();
    v["stats"]["findings"]
        .as_object_mut()
        .unwrap()
        .remove("note");
    assert!(!errors(&v).is_empty());

    let mut v = good.clone();
    v["source"]["sentences"][0]["colour"] = Value::from("red");
    assert!(!errors(&v).is_empty());

    // Format 1's spans, with their text; a span of no known op.
    let mut v = good.clone();
    v["alignment"][0]["diff"][0] = serde_json::json!({"op": "equal", "text": "The"});
    assert!(!errors(&v).is_empty());
    let mut v = good.clone();
    v["alignment"][0]["diff"][0] = serde_json::json!({"op": "delete", "text": "The"});
    assert!(!errors(&v).is_empty());
    let mut v = good.clone();
    v["alignment"][0]["diff"][0] = serde_json::json!({"op": "insert", "len": 3, "text": "The"});
    assert!(!errors(&v).is_empty());
    let mut v = good.clone();
    v["alignment"][0]["diff"][0] = serde_json::json!({"op": "replace", "text": "The"});
    assert!(!errors(&v).is_empty());
    let mut v = good;
    v["format"] = Value::from(1);
    assert!(!errors(&v).is_empty());
}

#[test]
fn unspun_align_output_with_what_it_is_about_validates() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval/tuning");
    let pair = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("source.md").is_file())
        .find(|p| p.ends_with("20-spinner-mixed"))
        .unwrap_or_else(|| panic!("an evaluation pair with findings in {dir}"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(["align", "--format", "json"])
        .arg(pair.join("source.md"))
        .arg(pair.join("rewrite.md"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let v: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(v["about"]["slug"], "rewrite");
    assert_eq!(v["about"]["source"]["slug"], "source");
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.len() > 1);
    for (i, f) in findings.iter().enumerate() {
        assert_eq!(f["id"], i + 1);
    }
    let e = errors(&v);
    assert!(e.is_empty(), "{e:?}");
}
