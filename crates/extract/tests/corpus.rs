//! The corpus harness: every rule's examples in `corpus/en/<dimension>.toml` are run
//! through `Extractor::english()`.
//!
//! A corpus file names its reference date and lists `[[ok]]` and `[[not]]` entries:
//!
//! ```toml
//! published = "2025-04-01"        # the publication date of every phrase in the file
//!
//! [[ok]]
//! rule = "qualifier.lower_bound"  # must be among the claim's `rules`
//! text = ["over 5,000 soldiers were killed", "at least 5,000 soldiers were killed"]
//! expect = { low = 5000, high = "none", metric = "killed", role = "military" }
//!
//! [[not]]
//! rule = "notclaim.year"          # optional: must be a diagnostic inside the phrase
//! text = ["in 2024 the army was reformed"]
//! ```
//!
//! Each `ok` phrase must give exactly one claim, whose number span lies inside the phrase,
//! whose `rules` contain the entry's `rule`, and which matches every field of `expect`.
//! Each `not` phrase must give no claim and, when `rule` is set, a diagnostic naming it;
//! in `place.toml`, a `not` phrase may give claims, but none with a place.
//!
//! The convention for `expect`, whose fields use the names of `corpus/GOLD-FORMAT.md`:
//!
//! - A field left out is not checked. `expect = { low = 5000 }` says nothing of `high`.
//! - The word `"none"` means the field must be empty: `high = "none"` is an unbounded
//!   upper side (`null` in gold), `actor = "none"` an unknown actor, `of = "none"` no base.
//! - Numbers (`low`, `high`) match within a relative 1e-3, so a third is `0.3333`.
//! - `kind`, `metric`, `of`, `role` and `modality` are written as in gold (`"fraction"`,
//!   `"killed"`, `"casualties"`, `"military"`, `"estimate"`); `approx` and `increment` are
//!   booleans; `actor` is a code or slug (`"PRK"`, `"hamas"`); `confidence` is the
//!   estimative phrase, lowercased (`"highly likely"`); `place` is the place as written
//!   (`"Kursk region"`) and `place_country` its country's alpha-3 code.
//!
//! An entry may also give `context`: text put before every phrase, separated by a space, for
//! figures that lean on an earlier sentence ("a third of them"). Claims and diagnostics
//! inside the context are not checked.
//!
//! An entry's `rule` belongs to the file's dimension (`qualifier.*` in `qualifier.toml`).
//! Every id of `tally_extract::RULES` must be named by some entry: `notclaim.*` ids by a
//! `not` entry, the others by an `ok` entry. Failures are collected over all files and
//! reported together, each with its file, phrase and what happened. The ids of
//! [`UNREACHABLE`] are exempt until the grammar can produce them.
//!
//! Phrases the grammar does not read yet, and should, are kept in
//! `corpus/en/known-failures.md`, which this harness does not read.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tally_core::{Claim, Date, Document, Kind, Metric, Modality, Role, Scope};
use tally_extract::{rules, Extraction, Extractor};

/// One corpus file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CorpusFile {
    published: Date,
    #[serde(default)]
    ok: Vec<OkEntry>,
    #[serde(default)]
    not: Vec<NotEntry>,
}

/// Phrases that each give one claim.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OkEntry {
    rule: String,
    #[serde(default)]
    context: Option<String>,
    text: Vec<String>,
    #[serde(default)]
    expect: Expect,
}

/// Phrases that give no claim.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotEntry {
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    context: Option<String>,
    text: Vec<String>,
}

/// The fields an `ok` claim must have; `None` is "not checked".
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    low: Option<OrNone<f64>>,
    high: Option<OrNone<f64>>,
    approx: Option<bool>,
    kind: Option<Kind>,
    metric: Option<Metric>,
    increment: Option<bool>,
    of: Option<OrNone<Metric>>,
    actor: Option<OrNone<String>>,
    role: Option<Role>,
    modality: Option<Modality>,
    confidence: Option<OrNone<String>>,
    source: Option<OrNone<String>>,
    as_of: Option<OrNone<[String; 2]>>,
    stated: Option<OrNone<String>>,
    scope: Option<Scope>,
    place: Option<OrNone<String>>,
    place_country: Option<OrNone<String>>,
}

/// The word `"none"`.
#[derive(Debug, Deserialize)]
enum NoneWord {
    #[serde(rename = "none")]
    None,
}

/// A value, or `"none"` for an empty field.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OrNone<T> {
    None(NoneWord),
    Some(T),
}

impl<T> OrNone<T> {
    fn as_option(&self) -> Option<&T> {
        match self {
            OrNone::None(_) => None,
            OrNone::Some(v) => Some(v),
        }
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join("en")
}

/// Every corpus file, by file name, in name order.
fn load() -> Vec<(String, CorpusFile)> {
    let dir = corpus_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no corpus files in {}", dir.display());
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text =
                std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {name}: {e}"));
            let file: CorpusFile =
                toml::from_str(&text).unwrap_or_else(|e| panic!("parsing {name}: {e}"));
            (name, file)
        })
        .collect()
}

/// A phrase run with its context: the extraction and the phrase's byte range.
struct Run {
    text: String,
    start: usize,
    end: usize,
    extraction: Extraction,
}

impl Run {
    fn new(extractor: &Extractor, published: Date, context: Option<&str>, phrase: &str) -> Run {
        let mut text = String::new();
        if let Some(context) = context {
            text.push_str(context);
            text.push(' ');
        }
        let start = text.len();
        text.push_str(phrase);
        let end = text.len();
        let doc = Document::new("corpus", text.as_str()).with_published(Some(published));
        let extraction = extractor.extract(&doc);
        Run {
            text,
            start,
            end,
            extraction,
        }
    }

    /// The claims whose number span lies in the phrase, or overlaps it.
    fn claims(&self) -> Vec<&Claim> {
        self.extraction
            .claims
            .iter()
            .filter(|c| c.evidence.number.end > self.start)
            .collect()
    }

    fn inside(&self, claim: &Claim) -> bool {
        claim.evidence.number.start >= self.start && claim.evidence.number.end <= self.end
    }

    /// A claim in a line, for failure messages.
    fn describe(&self, c: &Claim) -> String {
        let number = self
            .text
            .get(c.evidence.number.start..c.evidence.number.end)
            .unwrap_or("?");
        format!(
            "[{number:?} {} low={} high={} approx={} metric={} increment={} of={} actor={} role={} modality={} confidence={} place={} rules={}]",
            c.kind.as_str(),
            bound_str(c.value.low),
            bound_str(c.value.high),
            c.value.approx,
            c.metric.as_str(),
            c.increment,
            c.of.map_or("none", Metric::as_str),
            c.actor.as_deref().unwrap_or("none"),
            c.role.as_str(),
            c.modality.as_str(),
            c.confidence.as_deref().unwrap_or("none"),
            c.place.as_ref().map_or("none", |p| p.text.as_str()),
            c.rules.join(","),
        )
    }

    fn describe_all(&self, claims: &[&Claim]) -> String {
        claims
            .iter()
            .map(|c| self.describe(c))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The diagnostics inside the phrase.
    fn diagnostics(&self) -> Vec<&str> {
        self.extraction
            .diagnostics
            .iter()
            .filter(|d| d.offset >= self.start && d.offset < self.end)
            .map(|d| d.message.as_str())
            .collect()
    }
}

fn bound_str(bound: Option<f64>) -> String {
    bound.map_or_else(|| "none".to_string(), |x| x.to_string())
}

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-3 * want.abs().max(1e-6)
}

/// What is wrong with a claim against `expect`, one item per field.
fn mismatches(claim: &Claim, expect: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    let mut bound = |name: &str, got: Option<f64>, want: &Option<OrNone<f64>>| {
        if let Some(want) = want {
            let want = want.as_option().copied();
            let same = match (got, want) {
                (Some(g), Some(w)) => close(g, w),
                (None, None) => true,
                _ => false,
            };
            if !same {
                out.push(format!(
                    "{name}: got {} want {}",
                    bound_str(got),
                    bound_str(want)
                ));
            }
        }
    };
    bound("low", claim.value.low, &expect.low);
    bound("high", claim.value.high, &expect.high);
    let mut field = |name: &str, got: String, want: Option<String>| {
        if let Some(want) = want {
            if got != want {
                out.push(format!("{name}: got {got} want {want}"));
            }
        }
    };
    field(
        "approx",
        claim.value.approx.to_string(),
        expect.approx.map(|b| b.to_string()),
    );
    field(
        "kind",
        claim.kind.as_str().to_string(),
        expect.kind.map(|k| k.as_str().to_string()),
    );
    field(
        "metric",
        claim.metric.as_str().to_string(),
        expect.metric.map(|m| m.as_str().to_string()),
    );
    field(
        "increment",
        claim.increment.to_string(),
        expect.increment.map(|b| b.to_string()),
    );
    field(
        "of",
        claim.of.map_or("none", Metric::as_str).to_string(),
        expect
            .of
            .as_ref()
            .map(|o| o.as_option().map_or("none", |m| m.as_str()).to_string()),
    );
    field(
        "actor",
        claim.actor.as_deref().unwrap_or("none").to_string(),
        expect
            .actor
            .as_ref()
            .map(|a| a.as_option().map_or("none", String::as_str).to_string()),
    );
    field(
        "role",
        claim.role.as_str().to_string(),
        expect.role.map(|r| r.as_str().to_string()),
    );
    field(
        "modality",
        claim.modality.as_str().to_string(),
        expect.modality.map(|m| m.as_str().to_string()),
    );
    field(
        "confidence",
        claim.confidence.as_deref().unwrap_or("none").to_string(),
        expect
            .confidence
            .as_ref()
            .map(|c| c.as_option().map_or("none", String::as_str).to_string()),
    );
    field(
        "source",
        claim.source.as_deref().unwrap_or("none").to_string(),
        expect
            .source
            .as_ref()
            .map(|s| s.as_option().map_or("none", String::as_str).to_string()),
    );
    field(
        "as_of",
        claim
            .as_of
            .map_or("none".to_string(), |a| format!("{}..{}", a.first, a.last)),
        expect.as_of.as_ref().map(|a| {
            a.as_option()
                .map_or("none".to_string(), |[f, l]| format!("{f}..{l}"))
        }),
    );
    field(
        "scope",
        claim.scope.as_str().to_string(),
        expect.scope.map(|s| s.as_str().to_string()),
    );
    field(
        "stated",
        claim.stated.map_or("none".to_string(), |d| d.to_string()),
        expect
            .stated
            .as_ref()
            .map(|s| s.as_option().map_or("none", String::as_str).to_string()),
    );
    let place = claim.place.as_ref();
    field(
        "place",
        place.map_or("none", |p| p.text.as_str()).to_string(),
        expect
            .place
            .as_ref()
            .map(|p| p.as_option().map_or("none", String::as_str).to_string()),
    );
    field(
        "place_country",
        place
            .and_then(|p| p.country.as_deref())
            .unwrap_or("none")
            .to_string(),
        expect
            .place_country
            .as_ref()
            .map(|p| p.as_option().map_or("none", String::as_str).to_string()),
    );
    out
}

fn check_ok(
    extractor: &Extractor,
    file: &str,
    published: Date,
    entry: &OkEntry,
    failures: &mut Vec<String>,
) {
    for phrase in &entry.text {
        let run = Run::new(extractor, published, entry.context.as_deref(), phrase);
        let claims = run.claims();
        let head = format!("{file}: [{}] {phrase:?}", entry.rule);
        match claims.as_slice() {
            [] => {
                let diagnostics = run.diagnostics();
                if diagnostics.is_empty() {
                    failures.push(format!("{head}: nothing"));
                } else {
                    failures.push(format!(
                        "{head}: nothing (dropped by {})",
                        diagnostics.join(", ")
                    ));
                }
            }
            [claim] => {
                let mut wrong = Vec::new();
                if !run.inside(claim) {
                    wrong.push("number span outside the phrase".to_string());
                }
                if !claim.rules.contains(&entry.rule) {
                    wrong.push(format!(
                        "rule {} not among {}",
                        entry.rule,
                        claim.rules.join(",")
                    ));
                }
                wrong.extend(mismatches(claim, &entry.expect));
                if !wrong.is_empty() {
                    failures.push(format!(
                        "{head}: {}; claim {}",
                        wrong.join("; "),
                        run.describe(claim)
                    ));
                }
            }
            many => failures.push(format!(
                "{head}: {} {}",
                n_claims(many.len()),
                run.describe_all(many)
            )),
        }
    }
}

/// The corpus file whose `not` phrases give claims without a place.
const PLACE_FILE: &str = "place.toml";

fn check_not(
    extractor: &Extractor,
    file: &str,
    published: Date,
    entry: &NotEntry,
    failures: &mut Vec<String>,
) {
    for phrase in &entry.text {
        let run = Run::new(extractor, published, entry.context.as_deref(), phrase);
        let mut claims = run.claims();
        let head = format!(
            "{file}: [not {}] {phrase:?}",
            entry.rule.as_deref().unwrap_or("-")
        );
        // A phrase of the place file may give claims, but none with a place.
        if file == PLACE_FILE {
            claims.retain(|c| c.place.is_some());
        }
        if !claims.is_empty() {
            failures.push(format!(
                "{head}: {} {}",
                n_claims(claims.len()),
                run.describe_all(&claims)
            ));
            continue;
        }
        if let Some(rule) = &entry.rule {
            let diagnostics = run.diagnostics();
            if !diagnostics.contains(&rule.as_str()) {
                let got = if diagnostics.is_empty() {
                    "none".to_string()
                } else {
                    diagnostics.join(", ")
                };
                failures.push(format!("{head}: no diagnostic {rule} (diagnostics: {got})"));
            }
        }
    }
}

fn report(what: &str, failures: &[String]) {
    if failures.is_empty() {
        return;
    }
    let mut message = format!("{} {what}:\n", failures.len());
    for failure in failures {
        let _ = writeln!(message, "  {failure}");
    }
    panic!("{message}");
}

#[test]
fn corpus_phrases_give_their_claims() {
    let extractor = Extractor::english();
    let mut failures = Vec::new();
    let mut n_phrases = 0;
    for (name, file) in load() {
        for entry in &file.ok {
            n_phrases += entry.text.len();
            check_ok(&extractor, &name, file.published, entry, &mut failures);
        }
        for entry in &file.not {
            n_phrases += entry.text.len();
            check_not(&extractor, &name, file.published, entry, &mut failures);
        }
    }
    assert!(n_phrases > 0, "the corpus has no phrases");
    report(&format!("of {n_phrases} corpus phrases failed"), &failures);
}

/// Rule ids that no phrase can produce yet, with why; each leaves this list when it can.
/// `confidence.own_yardstick` needs the claim's source, which extraction does not set yet.
const UNREACHABLE: &[&str] = &[];

#[test]
fn corpus_names_every_rule() {
    let mut problems = Vec::new();
    let mut named_ok: Vec<&str> = Vec::new();
    let mut named_not: Vec<&str> = Vec::new();
    let files = load();
    for (name, file) in &files {
        let dimension = name.trim_end_matches(".toml");
        let entries = file
            .ok
            .iter()
            .map(|e| (Some(e.rule.as_str()), e.text.len(), "ok"))
            .chain(
                file.not
                    .iter()
                    .map(|e| (e.rule.as_deref(), e.text.len(), "not")),
            );
        for (rule, n_texts, section) in entries {
            if n_texts == 0 {
                problems.push(format!(
                    "{name}: a [[{section}]] entry ({}) has no text",
                    rule.unwrap_or("-")
                ));
            }
            let Some(rule) = rule else { continue };
            if !rules().any(|r| r == rule) {
                problems.push(format!(
                    "{name}: [[{section}]] names {rule}, which is not in RULES"
                ));
            }
            if rule.split('.').next() != Some(dimension) {
                problems.push(format!(
                    "{name}: [[{section}]] names {rule}, which belongs in another file"
                ));
            }
            if section == "ok" {
                named_ok.push(rule);
            } else {
                named_not.push(rule);
            }
        }
    }
    for rule in rules() {
        let named = if rule.starts_with("notclaim.") {
            &named_not
        } else {
            &named_ok
        };
        if named.contains(&rule) && UNREACHABLE.contains(&rule) {
            problems.push(format!(
                "{rule} is named by the corpus: take it off UNREACHABLE"
            ));
        }
        if !named.contains(&rule) && !UNREACHABLE.contains(&rule) {
            let section = if rule.starts_with("notclaim.") {
                "not"
            } else {
                "ok"
            };
            problems.push(format!("{rule} is named by no [[{section}]] entry"));
        }
    }
    report("problems with rule coverage", &problems);
}

fn n_claims(n: usize) -> String {
    if n == 1 {
        "1 claim".to_string()
    } else {
        format!("{n} claims")
    }
}
