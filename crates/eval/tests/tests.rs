//! Scoring a small synthetic gold file end to end.

use std::collections::HashMap;

use tally_core::{
    Claim, Date, Document, Evidence, EvidenceField, Kind, Metric, Modality, Role, Span, Value,
};
use tally_eval::{parse_gold, score, GoldDoc, Report};

/// A made-up wire story (not from any corpus).
const TEXT: &str = "Over 5,000 soldiers were killed, officials said on Monday.\nAbout 300 were wounded.\n    12 tanks were lost. Another 40 civilians died.";

const GOLD: &str = r#"
{"doc": "story", "corpus": "wire", "published": "2025-04-01", "claims": [{"quote": "Over 5,000 soldiers", "kind": "count", "low": 5000, "high": null, "approx": false, "metric": "killed", "increment": false, "of": null, "actor": "RUS", "role": "military", "source": "UK Ministry of Defence", "as_of": ["2025-03-31", "2025-03-31"], "stated": "2025-03-31", "confidence": null, "modality": "report", "note": "Monday"}, {"quote": "About 300 were wounded", "kind": "count", "low": 300, "high": 300, "approx": true, "metric": "wounded", "increment": false, "of": null, "actor": "RUS", "role": "military", "source": null, "as_of": null, "stated": null, "confidence": null, "modality": "report"}, {"quote": "12 tanks", "kind": "count", "low": 12, "high": 12, "approx": false, "metric": "equipment_lost", "increment": false, "of": null, "actor": "RUS", "role": "military", "source": null, "as_of": null, "stated": null, "confidence": null, "modality": "report"}, {"quote": "Another 40 civilians", "kind": "count", "low": 40, "high": 40, "approx": false, "metric": "killed", "increment": true, "of": null, "actor": "UKR", "role": "civilian", "source": "publisher", "as_of": null, "stated": "2025-04-01", "confidence": null, "modality": "report"}, {"quote": "a quote that is not there", "kind": "count", "low": 1, "high": 1, "approx": false, "metric": "other", "increment": false, "of": null, "actor": null, "role": "unspecified", "source": null, "as_of": null, "stated": null, "confidence": null, "modality": "report"}]}
{"doc": "quiet", "corpus": "seed", "published": "2025-04-01", "claims": []}
{"doc": "absent", "corpus": "seed", "claims": [{"quote": "7 dead", "kind": "count", "low": 7, "high": 7, "metric": "killed"}]}
"#;

fn gold() -> Vec<GoldDoc> {
    parse_gold(GOLD, "synthetic.jsonl".as_ref()).unwrap()
}

fn docs() -> HashMap<String, Document> {
    let mut docs = HashMap::new();
    docs.insert("story".to_string(), Document::new("story", TEXT));
    docs.insert(
        "quiet".to_string(),
        Document::new("quiet", "Nothing to count."),
    );
    docs.insert(
        "unannotated".to_string(),
        Document::new("unannotated", "9 killed."),
    );
    docs
}

/// A claim on the `needle` of `TEXT` (its first occurrence) with the given value.
fn claim(needle: &str, kind: Kind, value: Value, metric: Metric) -> Claim {
    let start = TEXT.find(needle).unwrap();
    let number = Span::new(start, start + needle.len());
    let sentence_start = TEXT[..start].rfind(['.', '\n']).map_or(0, |i| i + 1);
    let sentence_end = TEXT[start..]
        .find('.')
        .map_or(TEXT.len(), |i| start + i + 1);
    let mut claim = Claim::new(
        "story",
        kind,
        value,
        metric,
        Evidence::new(TEXT, Span::new(sentence_start, sentence_end), number),
    );
    claim.rules = vec!["test.rule".to_string()];
    claim
}

fn claims() -> Vec<Claim> {
    let mut killed = claim(
        "Over 5,000",
        Kind::Count,
        Value::at_least(5010.0),
        Metric::Killed,
    );
    killed.actor = Some("RUS".to_string());
    killed.role = Role::Military;
    killed.source = Some("Ministry of Defence".to_string());
    let monday = Date::new(2025, 3, 31).unwrap();
    killed.as_of = Some(tally_core::DateSpan::new(
        Date::new(2025, 3, 1).unwrap(),
        monday,
    ));
    killed.stated = Some(monday);

    let mut wounded = claim(
        "About 300",
        Kind::Count,
        Value::approx(300.0),
        Metric::Wounded,
    );
    wounded.role = Role::Military;
    wounded.modality = Modality::Estimate;

    let tanks = claim("12", Kind::Count, Value::point(13.0), Metric::EquipmentLost);

    let mut civilians = claim("40", Kind::Count, Value::point(40.0), Metric::Killed);
    civilians.actor = Some("UKR".to_string());
    civilians.role = Role::Civilian;
    civilians.source = Some("publisher".to_string());
    civilians.stated = Some(Date::new(2025, 4, 1).unwrap());

    let officials = claim("officials", Kind::Count, Value::point(2.0), Metric::Other);

    let mut unannotated = Claim::new(
        "unannotated",
        Kind::Count,
        Value::point(9.0),
        Metric::Killed,
        Evidence::new("9 killed.", Span::new(0, 9), Span::new(0, 1)),
    );
    unannotated.rules = vec!["test.rule".to_string()];

    let mut title = claim("12", Kind::Count, Value::point(12.0), Metric::EquipmentLost);
    title.evidence.field = EvidenceField::Title;

    // Out of text order on purpose: the scorer sorts.
    vec![
        officials,
        civilians,
        tanks,
        wounded,
        killed,
        unannotated,
        title,
    ]
}

fn report() -> Report {
    score(&gold(), &docs(), &claims(), &|s: &str| s.to_lowercase())
}

mod counts {
    use super::*;

    #[test]
    fn detection_and_claim_counts() {
        let report = report();
        assert_eq!(report.n_docs, 2);
        assert_eq!(report.n_gold, 5);
        assert_eq!(report.n_claims, 5);
        assert_eq!(report.n_title_claims, 1);
        assert_eq!(report.n_unannotated_claims, 1);
        let d = report.detection;
        assert_eq!((d.tp, d.fp, d.fn_), (3, 2, 2));
        let c = report.claim;
        assert_eq!((c.tp, c.fp, c.fn_), (2, 3, 3));
        assert_eq!(d.precision(), 0.6);
        assert_eq!(d.recall(), 0.6);
    }

    #[test]
    fn field_accuracies() {
        let report = report();
        let field = |name: &str| {
            let f = report.fields.iter().find(|f| f.field == name).unwrap();
            (f.correct, f.n)
        };
        assert_eq!(field("approx"), (3, 3));
        assert_eq!(field("metric"), (3, 3));
        assert_eq!(field("actor"), (2, 3));
        assert_eq!(field("increment"), (2, 3));
        assert_eq!(field("source"), (3, 3));
        assert_eq!(field("as_of"), (3, 3));
        assert_eq!(field("stated"), (3, 3));
        assert_eq!(field("modality"), (2, 3));
        assert_eq!(report.fields.len(), tally_eval::FIELDS.len());
        let mut mismatched: Vec<&str> =
            report.mismatches.iter().map(|m| m.field.as_str()).collect();
        mismatched.sort();
        assert_eq!(mismatched, ["actor", "increment", "modality"]);
    }

    #[test]
    fn misses_extras_and_problems() {
        let report = report();
        let missed: Vec<&str> = report
            .misses
            .iter()
            .map(|m| m.gold.quote.as_str())
            .collect();
        assert_eq!(missed, ["12 tanks", "a quote that is not there"]);
        assert_eq!(report.misses[0].sentence, "12 tanks were lost.");
        assert_eq!(report.misses[1].span, None);
        let extras: Vec<&str> = report.extras.iter().map(|e| e.number.as_str()).collect();
        assert_eq!(extras, ["officials", "12"]);
        assert_eq!(report.near_misses.len(), 1);
        assert_eq!(report.near_misses[0].gold, "12");
        assert_eq!(report.near_misses[0].claim, "13");
        let problems: Vec<(&str, &str)> = report
            .problems
            .iter()
            .map(|p| (p.doc.as_str(), p.location.as_str()))
            .collect();
        assert_eq!(
            problems,
            [
                ("story", "synthetic.jsonl:2"),
                ("absent", "synthetic.jsonl:4")
            ]
        );
    }

    #[test]
    fn per_corpus() {
        let report = report();
        let names: Vec<&str> = report.corpora.iter().map(|c| c.corpus.as_str()).collect();
        assert_eq!(names, ["seed", "wire"]);
        assert_eq!(report.corpora[0].n_docs, 1);
        assert_eq!(report.corpora[0].detection, tally_eval::Counts::default());
        assert_eq!(report.corpora[1].detection, report.detection);
    }

    #[test]
    fn one_claim_matches_one_gold_claim() {
        // Two gold claims share a quote; one claim can only match one of them.
        let text = "5 killed and 5 killed";
        let gold = parse_gold(
            r#"{"doc": "d", "claims": [{"quote": "5 killed and", "kind": "count", "low": 5, "high": 5, "metric": "killed"}, {"quote": "5 killed and", "kind": "count", "low": 5, "high": 5, "metric": "killed"}]}"#,
            "g".as_ref(),
        )
        .unwrap();
        let docs = HashMap::from([("d".to_string(), Document::new("d", text))]);
        let one = Claim::new(
            "d",
            Kind::Count,
            Value::point(5.0),
            Metric::Killed,
            Evidence::new(text, Span::new(0, text.len()), Span::new(0, 1)),
        );
        let report = score(&gold, &docs, std::slice::from_ref(&one), &|s: &str| {
            s.to_string()
        });
        let d = report.detection;
        assert_eq!((d.tp, d.fp, d.fn_), (1, 0, 1));
        let report = score(&gold, &docs, &[one.clone(), one], &|s: &str| s.to_string());
        let d = report.detection;
        assert_eq!((d.tp, d.fp, d.fn_), (2, 0, 0));
    }
}

mod output {
    use super::*;

    #[test]
    fn table() {
        let expected = "\
2 documents, 5 gold claims, 5 claims scored
left out: 1 title claims, 1 claims in documents without gold

                tp    fp    fn  precision   recall       f1
detection        3     2     2      60.0%    60.0%    60.0%
claim            2     3     3      40.0%    40.0%    40.0%

field        correct     n  accuracy
approx             3     3    100.0%
metric             3     3    100.0%
increment          2     3     66.7%
of                 3     3    100.0%
actor              2     3     66.7%
role               3     3    100.0%
source             3     3    100.0%
as_of              3     3    100.0%
stated             3     3    100.0%
confidence         3     3    100.0%
modality           2     3     66.7%
scope              3     3    100.0%
place              3     3    100.0%

corpus            docs  gold  claims    det P    det R   det F1  claim F1
seed                 1     0       0     0.0%     0.0%     0.0%      0.0%
wire                 1     5       5    60.0%    60.0%    60.0%     40.0%

problems (2):
  synthetic.jsonl:2  story: quote \"a quote that is not there\" of claim 5 is not in the text
  synthetic.jsonl:4  absent: no document with this id among the inputs; not scored

2 misses, 2 extras, 1 near misses, 3 field mismatches (--verbose lists them)
";
        assert_eq!(report().render(false), expected);
    }

    #[test]
    fn verbose_lists_everything() {
        let text = report().render(true);
        for needle in [
            "  story  \"12 tanks\"  12 equipment_lost RUS\n      12 tanks were lost.\n",
            "  story  \"officials\" @33  2 other -  [test.rule]\n",
            "gold 12  tally 13 from \"12\"",
            "increment: gold true  tally false",
        ] {
            assert!(text.contains(needle), "{needle:?} not in\n{text}");
        }
    }

    #[test]
    fn json() {
        let json = serde_json::to_value(report()).unwrap();
        assert_eq!(json["detection"]["tp"], 3);
        assert_eq!(json["detection"]["fn"], 2);
        assert_eq!(json["claim"]["precision"], 0.4);
        assert_eq!(json["fields"][0]["field"], "approx");
        assert_eq!(json["misses"][0]["gold"]["metric"], "equipment_lost");
        assert_eq!(json["extras"][0]["metric"], "other");
    }
}
