//! `tally eval-victims`: the killed and wounded counts tally reads from texts against the
//! counts public datasets record for the events they describe (the World Atrocities
//! Dataset descriptions, gun-violence news; `corpus/external/PROVENANCE.md`).
//!
//! Each line of a `.jsonl` or `.jsonl.gz` file is one text with its counts; the text is
//! extracted with the record's day as its publication day, and the event's count is read
//! off the claims by `tally_eval::event_count`. Lines that cannot be read are reported on
//! standard error with file and line and make the exit code 1; the rest is still scored.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use tally_app::Engine;
use tally_core::{Document, Metric};
use tally_eval::{event_count, parse_victim_record, written_in, Tally};

/// Arguments of `tally eval-victims`.
#[derive(Debug, clap::Args)]
pub struct EvalVictimsArgs {
    /// Dataset files (`.jsonl` or `.jsonl.gz`): `victim-counts/wad-2016-2020.jsonl.gz`,
    /// `gva-news/test.jsonl.gz`.
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// List every record whose killed count is written in its text and read wrong.
    #[arg(long)]
    pub verbose: bool,
}

/// The scores of one file.
#[derive(Debug, Default)]
struct FileScore {
    n_records: usize,
    killed: Tally,
    wounded: Tally,
    /// Over the records whose count is written in their text as a figure.
    killed_written: Tally,
    wounded_written: Tally,
}

/// Runs `tally eval-victims`.
///
/// # Errors
///
/// Fails when standard output cannot be written.
pub fn run(args: &EvalVictimsArgs) -> anyhow::Result<ExitCode> {
    let engine = Engine::english();
    let mut stdout = io::stdout().lock();
    let mut n_failed = 0usize;
    let mut scores: Vec<(String, FileScore)> = Vec::new();
    for path in &args.files {
        let lines = match open(path) {
            Ok(reader) => reader.lines(),
            Err(error) => {
                n_failed += 1;
                let _ = writeln!(io::stderr(), "tally: {}: {error}", path.display());
                continue;
            }
        };
        let mut score = FileScore::default();
        for (line_idx, line) in lines.enumerate() {
            let line = match line {
                Ok(line) => line,
                Err(error) => {
                    n_failed += 1;
                    let _ = writeln!(
                        io::stderr(),
                        "tally: {}: line {}: {error}",
                        path.display(),
                        line_idx + 1
                    );
                    break;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let record = match parse_victim_record(&line, line_idx + 1) {
                Ok(record) => record,
                Err(error) => {
                    n_failed += 1;
                    let _ = writeln!(io::stderr(), "tally: {}: {error}", path.display());
                    continue;
                }
            };
            let doc =
                Document::new(record.id.clone(), record.text.clone()).with_published(record.day);
            let Ok(extraction) = engine.extract(&doc) else {
                n_failed += 1;
                let _ = writeln!(
                    io::stderr(),
                    "tally: extraction failed on {} in {}",
                    record.id,
                    path.display()
                );
                continue;
            };
            let killed = event_count(&extraction.claims, Metric::Killed);
            let wounded = event_count(&extraction.claims, Metric::Wounded);
            score.n_records += 1;
            score.killed.add(record.killed, killed);
            score.wounded.add(record.wounded, wounded);
            let written =
                |gold: Option<u64>| gold.filter(|&n| n == 0 || written_in(&record.text, n));
            score.killed_written.add(written(record.killed), killed);
            score.wounded_written.add(written(record.wounded), wounded);
            if args.verbose && written(record.killed).is_some_and(|k| k != killed) {
                let gold = record.killed.unwrap_or_default();
                let text: String = record.text.chars().take(300).collect();
                writeln!(
                    stdout,
                    "{}  killed: gold {gold}  tally {killed}\n    {}",
                    record.id,
                    text.replace('\n', " ")
                )
                .context("writing to standard output")?;
            }
        }
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        scores.push((name, score));
    }
    write!(stdout, "{}", render(&scores)).context("writing to standard output")?;
    stdout.flush().context("writing to standard output")?;
    Ok(if n_failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A dataset file, decompressed when it ends in `.gz`.
fn open(path: &Path) -> io::Result<Box<dyn BufRead>> {
    let file = File::open(path)?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::new(reader)))
}

/// The table: per file, exact-match accuracy of the killed and wounded counts over the
/// records that code them (in brackets, how many), then over those whose count is 0 or
/// written in the text as a figure.
fn render(scores: &[(String, FileScore)]) -> String {
    let mut out = String::from(
        "file                        records  killed exact    written       wounded exact   written\n",
    );
    let cell = |t: &Tally| {
        if t.n == 0 {
            "-".to_string()
        } else {
            format!("{:.3} ({})", t.accuracy(), t.n)
        }
    };
    for (name, score) in scores {
        out.push_str(&format!(
            "{name:<27} {:>8}  {:>14}  {:>14}  {:>14}  {:>14}\n",
            score.n_records,
            cell(&score.killed),
            cell(&score.killed_written),
            cell(&score.wounded),
            cell(&score.wounded_written),
        ));
    }
    out
}
