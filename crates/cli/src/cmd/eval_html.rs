//! `tally eval-html`: scores main-text extraction from HTML on the article-extraction
//! benchmark (181 pages with ground truth).
//!
//! The directory holds `html/<id>.html.gz`, `ground-truth.json` (`{id: {articleBody, url}}`)
//! and, for calibration, published outputs `output/<name>.json.gz` (the same shape, some
//! wrapped as `{"version", "output"}`). The figures are the benchmark's own (`evaluate.py`):
//! texts become `\w+` tokens and then 4-gram shingles; on each page the true positives, false
//! positives and false negatives are multiset overlaps normalised to sum 1; precision and
//! recall are their means over pages (a page with nothing predicted has a precision of 1)
//! and F1 is computed from those means; accuracy is the
//! share of pages whose token sequence equals the truth's. A page the extractor fails on
//! counts as an empty prediction, as a missing or null `articleBody` does.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use rayon::prelude::*;
use tally_ingest::html::{extractors, html_document, MainText, Page};

/// Arguments of `tally eval-html`.
#[derive(Debug, clap::Args)]
pub struct EvalHtmlArgs {
    /// The benchmark directory (with `html/`, `ground-truth.json` and `output/`).
    #[arg(
        value_name = "DIR",
        default_value = "../shared/corpus/external/article-extraction"
    )]
    pub dir: PathBuf,
    /// The extractors to score (`combined`, the default; `trafilatura`, `dom_smoothie`); all
    /// of them by default.
    #[arg(long = "extractor", value_name = "NAME")]
    pub extractors: Vec<String>,
    /// Published outputs to score alongside, by file name in `output/` (without
    /// `.json.gz`), to check that the figures reproduce the published ones.
    #[arg(
        long = "reference",
        value_name = "NAME",
        default_values_t = ["trafilatura".to_string(), "readability".to_string()]
    )]
    pub references: Vec<String>,
    /// Exit with failure when the first extractor's F1 is below this.
    #[arg(long, value_name = "F1")]
    pub min_f1: Option<f64>,
}

/// The benchmark's figures for one system.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Score {
    f1: f64,
    precision: f64,
    recall: f64,
    accuracy: f64,
}

/// Runs `tally eval-html`.
///
/// # Errors
///
/// A missing or unreadable benchmark directory, ground truth or reference output.
pub fn run(args: &EvalHtmlArgs) -> anyhow::Result<ExitCode> {
    let truth_path = args.dir.join("ground-truth.json");
    let truth = read_bodies(&truth_path)
        .with_context(|| format!("reading ground truth {}", truth_path.display()))?;
    if truth.is_empty() {
        bail!("no pages in {}", truth_path.display());
    }
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();

    let all = extractors();
    let chosen: Vec<&dyn MainText> = if args.extractors.is_empty() {
        all.iter().map(AsRef::as_ref).collect()
    } else {
        let mut chosen = Vec::new();
        for name in &args.extractors {
            match all.iter().find(|e| e.name() == name) {
                Some(extractor) => chosen.push(extractor.as_ref()),
                None => {
                    bail!("unknown extractor {name:?} (known: combined, trafilatura, dom_smoothie)")
                }
            }
        }
        chosen
    };

    let pages: Vec<(String, Vec<u8>)> = ids
        .iter()
        .map(|id| {
            let path = args.dir.join("html").join(format!("{id}.html.gz"));
            read_gz(&path)
                .with_context(|| format!("reading page {}", path.display()))
                .map(|bytes| ((*id).clone(), bytes))
        })
        .collect::<anyhow::Result<_>>()?;

    let mut out = io::stdout().lock();
    writeln!(
        out,
        "main-text extraction on {} ({} pages), the benchmark's token 4-gram metric",
        args.dir.display(),
        pages.len()
    )?;
    writeln!(
        out,
        "{:<28} {:>6} {:>9} {:>6} {:>8}  {:>9}",
        "system", "F1", "precision", "recall", "accuracy", "pages/s"
    )?;
    let mut first_f1 = None;
    for extractor in chosen {
        let started = Instant::now();
        let (predictions, n_failed): (HashMap<String, String>, usize) = {
            let results: Vec<(String, Option<String>)> = pages
                .par_iter()
                .map(|(id, bytes)| {
                    let page = Page {
                        bytes,
                        charset: None,
                        url: None,
                    };
                    let name = format!("{id}.html.gz");
                    let doc = html_document(&page, Path::new(&name), name.clone(), extractor);
                    (id.clone(), doc.ok().map(|doc| doc.text))
                })
                .collect();
            let n_failed = results.iter().filter(|(_, text)| text.is_none()).count();
            let predictions = results
                .into_iter()
                .map(|(id, text)| (id, text.unwrap_or_default()))
                .collect();
            (predictions, n_failed)
        };
        let elapsed = started.elapsed().as_secs_f64();
        let score = evaluate(&truth, &predictions);
        first_f1.get_or_insert(score.f1);
        let label = format!("tally ({})", extractor.name());
        print_row(&mut out, &label, &score, Some(pages.len() as f64 / elapsed))?;
        if n_failed > 0 {
            writeln!(out, "  ({n_failed} pages gave no text and count as empty)")?;
        }
    }
    for name in &args.references {
        let path = args.dir.join("output").join(format!("{name}.json.gz"));
        let predictions =
            read_bodies(&path).with_context(|| format!("reading output {}", path.display()))?;
        let score = evaluate(&truth, &predictions);
        print_row(&mut out, &format!("published: {name}"), &score, None)?;
    }
    out.flush()?;
    if let (Some(min), Some(f1)) = (args.min_f1, first_f1) {
        if f1 < min {
            let _ = writeln!(io::stderr(), "tally: F1 {f1:.3} is below {min:.3}");
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_row(
    out: &mut impl Write,
    label: &str,
    score: &Score,
    rate: Option<f64>,
) -> io::Result<()> {
    let rate = rate.map_or_else(String::new, |rate| format!("{rate:.1}"));
    writeln!(
        out,
        "{label:<28} {:>6.3} {:>9.3} {:>6.3} {:>8.3}  {rate:>9}",
        score.f1, score.precision, score.recall, score.accuracy
    )
}

/// The benchmark's figures for `predictions` against `truth` (pages missing from the
/// predictions count as empty).
fn evaluate(truth: &HashMap<String, String>, predictions: &HashMap<String, String>) -> Score {
    let mut precision_sum = 0.0;
    let mut recall_sum = 0.0;
    let mut n_exact = 0usize;
    for (id, expected) in truth {
        let predicted = predictions.get(id).map_or("", String::as_str);
        let (tp, fp, fn_) = shingle_matching(expected, predicted, 4);
        // As in evaluate.py, a page with nothing predicted (or nothing true) has a
        // precision (or recall) of 1.
        precision_sum += if tp + fp > 0.0 { tp / (tp + fp) } else { 1.0 };
        recall_sum += if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 1.0 };
        if tokens(expected) == tokens(predicted) {
            n_exact += 1;
        }
    }
    let n = truth.len() as f64;
    let precision = precision_sum / n;
    let recall = recall_sum / n;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Score {
        f1,
        precision,
        recall,
        accuracy: n_exact as f64 / n,
    }
}

/// Python's `re.findall(r"\w+", text)`: runs of letters, digits and underscores.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|token| !token.is_empty())
        .collect()
}

/// The shingles of a text as `evaluate.py` makes them: every run of `n` tokens (none for a
/// text of fewer tokens).
fn shingles(text: &str, n: usize) -> HashMap<Vec<&str>, usize> {
    let mut counts = HashMap::new();
    for shingle in tokens(text).windows(n) {
        *counts.entry(shingle.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// True positives, false positives and false negatives of the shingles, normalised to sum 1.
fn shingle_matching(truth: &str, predicted: &str, n: usize) -> (f64, f64, f64) {
    let truth = shingles(truth, n);
    let predicted = shingles(predicted, n);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (shingle, &t) in &truth {
        let p = predicted.get(shingle).copied().unwrap_or(0);
        tp += t.min(p);
        fn_ += t.saturating_sub(p);
    }
    for (shingle, &p) in &predicted {
        let t = truth.get(shingle).copied().unwrap_or(0);
        fp += p.saturating_sub(t);
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / sum, fp as f64 / sum, fn_ as f64 / sum)
}

/// The bytes of a gzip file.
fn read_gz(path: &Path) -> anyhow::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(io::BufReader::new(file)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `{id: {articleBody}}` (plain or gzip JSON, possibly wrapped as `{"output": …}`), a
/// null or missing `articleBody` read as empty.
fn read_bodies(path: &Path) -> anyhow::Result<HashMap<String, String>> {
    let bytes = if path.extension().is_some_and(|ext| ext == "gz") {
        read_gz(path)?
    } else {
        std::fs::read(path)?
    };
    let mut value: serde_json::Value = serde_json::from_slice(&bytes)?;
    if let Some(inner) = value.get_mut("output") {
        value = inner.take();
    }
    let serde_json::Value::Object(map) = value else {
        bail!("expected a JSON object of pages");
    };
    Ok(map
        .into_iter()
        .map(|(id, page)| {
            let body = page
                .get("articleBody")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("")
                .to_string();
            (id, body)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_follow_evaluate_py() {
        assert_eq!(
            tokens("Over 5,000 troops—killed."),
            ["Over", "5", "000", "troops", "killed"]
        );
        assert!(shingles("", 4).is_empty());
        assert!(shingles("a b c", 4).is_empty());
        assert_eq!(shingles("a b c d e", 4).len(), 2);
        let (tp, fp, fn_) = shingle_matching("a b c d e", "a b c d", 4);
        assert!((tp - 0.5).abs() < 1e-9 && fp == 0.0 && (fn_ - 0.5).abs() < 1e-9);
    }

    #[test]
    fn an_exact_prediction_scores_one() {
        let truth: HashMap<_, _> =
            [("a".to_string(), "one two three four five".to_string())].into();
        let score = evaluate(&truth, &truth);
        assert_eq!((score.f1, score.accuracy), (1.0, 1.0));
        let score = evaluate(&truth, &HashMap::new());
        assert_eq!((score.precision, score.recall), (1.0, 0.0));
    }
}
