//! `tally eval-times`: scores the time resolver on TimeML files (TempEval-3).
//!
//! Each `.tml` file gives its document creation time (the TIMEX3 with
//! `functionInDocument="CREATION_TIME"`), its text (the content of `TEXT`, tags removed) and
//! the gold TIMEX3 spans, types and values inside it. The resolver reads the plain text
//! against the creation time, as TimeML annotates (the two ends of a range apart), and the
//! figures are TempEval-3's: strict (same span) and relaxed (overlapping) precision, recall
//! and F1 of the spans, and the F1 of `type` and `value` over the relaxed matches (an
//! attribute counts when the matched system expression has the gold one).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use jiff::civil::Date;
use tally_extract::{TimeFinder, TimeMention};

/// Arguments of `tally eval-times`.
#[derive(Debug, clap::Args)]
pub struct EvalTimesArgs {
    /// TimeML files (`*.tml`) or directories of them.
    #[arg(required = true, num_args = 1.., value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// List every missed, extra and wrongly valued expression.
    #[arg(long)]
    pub verbose: bool,
}

/// One gold TIMEX3: its byte span in the plain text, type and value.
#[derive(Debug, Clone)]
struct GoldTimex {
    start: usize,
    end: usize,
    timex_type: String,
    value: String,
}

/// One TimeML document.
#[derive(Debug)]
struct TimeMl {
    text: String,
    created: Option<Date>,
    timexes: Vec<GoldTimex>,
}

/// Counts over all documents.
#[derive(Debug, Default)]
struct Counts {
    n_gold: usize,
    n_system: usize,
    strict_gold: usize,
    strict_system: usize,
    relaxed_gold: usize,
    relaxed_system: usize,
    matched: usize,
    type_correct: usize,
    value_correct: usize,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Runs `tally eval-times`.
///
/// # Errors
///
/// Fails when a path cannot be read, a file is not well-formed TimeML, or standard output
/// cannot be written.
pub fn run(args: &EvalTimesArgs) -> anyhow::Result<ExitCode> {
    let mut files = Vec::new();
    for path in &args.paths {
        collect(path, &mut files).with_context(|| format!("reading {}", path.display()))?;
    }
    files.sort();
    if files.is_empty() {
        bail!("no .tml files in the given paths");
    }
    let lang = tally_lang::Lang::english().context("loading the English language data")?;
    let finder = TimeFinder::new(&lang);
    let mut counts = Counts::default();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for file in &files {
        let xml =
            std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let doc = parse(&xml).with_context(|| format!("parsing {}", file.display()))?;
        let found = finder.find_timeml(&doc.text, 0..doc.text.len(), doc.created);
        let name = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        score(
            &doc,
            &found,
            &mut counts,
            args.verbose
                .then_some((&mut out as &mut dyn Write, name.as_str())),
        )?;
    }
    report(&mut out, files.len(), &counts)?;
    Ok(ExitCode::SUCCESS)
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            let p = entry.path();
            if p.is_dir() || p.extension().is_some_and(|e| e == "tml") {
                collect(&p, files)?;
            }
        }
    } else {
        std::fs::metadata(path)?;
        files.push(path.to_path_buf());
    }
    Ok(())
}

/// Reads a TimeML document: creation time, the text of `TEXT` and its TIMEX3s.
fn parse(xml: &str) -> anyhow::Result<TimeMl> {
    let tree = roxmltree::Document::parse(xml)?;
    let created = tree
        .descendants()
        .find(|n| {
            n.has_tag_name("TIMEX3") && n.attribute("functionInDocument") == Some("CREATION_TIME")
        })
        .and_then(|n| n.attribute("value"))
        .and_then(|v| v.get(..10).unwrap_or(v).parse::<Date>().ok());
    let Some(text_node) = tree.descendants().find(|n| n.has_tag_name("TEXT")) else {
        bail!("no TEXT element");
    };
    let mut doc = TimeMl {
        text: String::new(),
        created,
        timexes: Vec::new(),
    };
    walk(text_node, &mut doc);
    Ok(doc)
}

fn walk(node: roxmltree::Node, doc: &mut TimeMl) {
    for child in node.children() {
        if child.is_text() {
            doc.text.push_str(child.text().unwrap_or(""));
        } else if child.is_element() {
            let start = doc.text.len();
            walk(child, doc);
            if child.has_tag_name("TIMEX3") {
                doc.timexes.push(GoldTimex {
                    start,
                    end: doc.text.len(),
                    timex_type: child.attribute("type").unwrap_or("").to_string(),
                    value: child.attribute("value").unwrap_or("").to_string(),
                });
            }
        }
    }
}

fn overlaps(g: &GoldTimex, m: &TimeMention) -> bool {
    g.start < m.span.end && m.span.start < g.end
}

fn score(
    doc: &TimeMl,
    found: &[TimeMention],
    counts: &mut Counts,
    mut verbose: Option<(&mut dyn Write, &str)>,
) -> io::Result<()> {
    counts.n_gold += doc.timexes.len();
    counts.n_system += found.len();
    let exact = |g: &GoldTimex, m: &TimeMention| g.start == m.span.start && g.end == m.span.end;
    counts.strict_gold += doc
        .timexes
        .iter()
        .filter(|g| found.iter().any(|m| exact(g, m)))
        .count();
    counts.strict_system += found
        .iter()
        .filter(|m| doc.timexes.iter().any(|g| exact(g, m)))
        .count();
    counts.relaxed_gold += doc
        .timexes
        .iter()
        .filter(|g| found.iter().any(|m| overlaps(g, m)))
        .count();
    counts.relaxed_system += found
        .iter()
        .filter(|m| doc.timexes.iter().any(|g| overlaps(g, m)))
        .count();
    let quote =
        |start: usize, end: usize| doc.text.get(start..end).unwrap_or("").replace('\n', " ");
    for g in &doc.timexes {
        // The matched system expression: the exact one, else the first overlapping one.
        let m = found
            .iter()
            .find(|m| exact(g, m))
            .or_else(|| found.iter().find(|m| overlaps(g, m)));
        match m {
            Some(m) => {
                counts.matched += 1;
                counts.type_correct += usize::from(m.timex_type == g.timex_type);
                let value_ok = m.timex == g.value;
                counts.value_correct += usize::from(value_ok);
                if let Some((out, name)) = verbose.as_mut() {
                    if !value_ok || m.timex_type != g.timex_type {
                        writeln!(
                            out,
                            "{name}\tvalue\t{:?}\tgold {} {}\t{:?} {} {} ({})",
                            quote(g.start, g.end),
                            g.timex_type,
                            g.value,
                            quote(m.span.start, m.span.end),
                            m.timex_type,
                            m.timex,
                            m.rule
                        )?;
                    }
                }
            }
            None => {
                if let Some((out, name)) = verbose.as_mut() {
                    writeln!(
                        out,
                        "{name}\tmissed\t{:?}\tgold {} {}",
                        quote(g.start, g.end),
                        g.timex_type,
                        g.value
                    )?;
                }
            }
        }
    }
    if let Some((out, name)) = verbose.as_mut() {
        for m in found
            .iter()
            .filter(|m| !doc.timexes.iter().any(|g| overlaps(g, m)))
        {
            writeln!(
                out,
                "{name}\textra\t{:?}\t{} {} ({})",
                quote(m.span.start, m.span.end),
                m.timex_type,
                m.timex,
                m.rule
            )?;
        }
    }
    Ok(())
}

fn report(out: &mut dyn Write, n_files: usize, c: &Counts) -> io::Result<()> {
    writeln!(
        out,
        "files {n_files}, gold expressions {}, system expressions {}",
        c.n_gold, c.n_system
    )?;
    writeln!(out, "{:<10} {:>7} {:>7} {:>7}", "", "P", "R", "F1")?;
    let strict = (
        ratio(c.strict_system, c.n_system),
        ratio(c.strict_gold, c.n_gold),
    );
    let relaxed = (
        ratio(c.relaxed_system, c.n_system),
        ratio(c.relaxed_gold, c.n_gold),
    );
    let attr = |correct: usize| {
        let accuracy = ratio(correct, c.matched);
        (relaxed.0 * accuracy, relaxed.1 * accuracy)
    };
    let type_pr = attr(c.type_correct);
    let value_pr = attr(c.value_correct);
    for (name, (p, r)) in [
        ("strict", strict),
        ("relaxed", relaxed),
        ("type", type_pr),
        ("value", value_pr),
    ] {
        writeln!(out, "{name:<10} {:>7.4} {:>7.4} {:>7.4}", p, r, f1(p, r))?;
    }
    writeln!(
        out,
        "type accuracy {:.4}, value accuracy {:.4} (over {} relaxed matches)",
        ratio(c.type_correct, c.matched),
        ratio(c.value_correct, c.matched),
        c.matched
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeml_text_and_offsets() {
        let xml = r#"<?xml version="1.0" ?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TEXT>It rose <TIMEX3 tid="t1" type="DATE" value="2012">last year</TIMEX3> &amp; fell.</TEXT></TimeML>"#;
        let doc = parse(xml).unwrap();
        assert_eq!(doc.created, Some(jiff::civil::date(2013, 3, 22)));
        assert_eq!(doc.text, "It rose last year & fell.");
        let g = &doc.timexes[0];
        assert_eq!(
            (&doc.text[g.start..g.end], g.value.as_str()),
            ("last year", "2012")
        );
    }
}
