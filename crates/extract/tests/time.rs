//! The time corpus: every example of `corpus/time/en.toml` through `TimeFinder`.
//!
//! An `ok` phrase must give exactly one time expression, ending where the phrase ends, with
//! only a cue or an article before it, the entry's rule, and the `timex`, `value` (a pair of
//! days, or "none") and `cue` of `expect` that are given. A `not` phrase must give none.
//! Every id of `TIME_RULES` must be named by an `ok` entry. Failures are collected and
//! reported together.

use std::collections::BTreeSet;
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;
use tally_extract::{TimeFinder, TIME_RULES};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeCorpus {
    published: Date,
    #[serde(default)]
    ok: Vec<Ok>,
    #[serde(default)]
    not: Vec<Not>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Ok {
    rule: String,
    text: Vec<String>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Not {
    text: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    timex: Option<String>,
    value: Option<toml::Value>,
    cue: Option<String>,
}

#[test]
fn time_corpus() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/time/en.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let corpus: TimeCorpus = toml::from_str(&text).unwrap();
    let finder = TimeFinder::new(&tally_lang::Lang::english().unwrap());
    let mut failures = Vec::new();
    let mut named = BTreeSet::new();
    for entry in &corpus.ok {
        named.insert(entry.rule.as_str());
        for phrase in &entry.text {
            let found = finder.find(phrase, 0..phrase.len(), Some(corpus.published));
            let [m] = found.as_slice() else {
                failures.push(format!(
                    "{phrase:?}: {} expressions: {found:?}",
                    found.len()
                ));
                continue;
            };
            let before = phrase[..m.span.start].trim().to_lowercase();
            let mut problems = Vec::new();
            if m.span.end != phrase.len() {
                problems.push(format!("ends at {} of {}", m.span.end, phrase.len()));
            }
            if !before.is_empty()
                && m.cue.is_none()
                && !matches!(before.as_str(), "the" | "a" | "an")
            {
                problems.push(format!(
                    "{before:?} before it is neither a cue nor an article"
                ));
            }
            if m.rule != entry.rule {
                problems.push(format!("rule {} instead of {}", m.rule, entry.rule));
            }
            if let Some(timex) = &entry.expect.timex {
                if &m.timex != timex {
                    problems.push(format!("timex {} instead of {timex}", m.timex));
                }
            }
            if let Some(cue) = &entry.expect.cue {
                if m.cue != Some(cue.as_str()) {
                    problems.push(format!("cue {:?} instead of {cue}", m.cue));
                }
            }
            match &entry.expect.value {
                None => {}
                Some(toml::Value::String(s)) if s == "none" => {
                    problems.extend(m.value.map(|v| format!("value {v:?} instead of none")));
                }
                Some(v) => {
                    let want: [Date; 2] = v.clone().try_into().unwrap();
                    if m.value.map(|v| [v.first, v.last]) != Some(want) {
                        problems.push(format!("value {:?} instead of {want:?}", m.value));
                    }
                }
            }
            if !problems.is_empty() {
                failures.push(format!(
                    "{phrase:?} ({}): {}",
                    entry.rule,
                    problems.join("; ")
                ));
            }
        }
    }
    for entry in &corpus.not {
        for phrase in &entry.text {
            let found = finder.find(phrase, 0..phrase.len(), Some(corpus.published));
            if !found.is_empty() {
                failures.push(format!("{phrase:?} (not): {found:?}"));
            }
        }
    }
    for rule in TIME_RULES {
        if !named.contains(rule) {
            failures.push(format!("rule {rule} has no ok example"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures in corpus/time/en.toml:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
