//! The table for people: one row per claim (value, kind, metric, who, source, dates,
//! confidence), under it the sentence with the number marked, both cut to the width.
//!
//! ```text
//! VALUE          KIND      METRIC                WHO              SOURCE …
//! ── 000_a9c692d039172afc.txt · 2025-04-01 · Over 5,000 North Korean soldiers …
//! over 5,000     count     casualties            PRK military     UK Ministry of Defence …
//!     “[Over 5,000] North Korean soldiers are likely to have been killed or injured in …”
//! ```

use std::io::{self, Write};

use tally_core::{Claim, Document, Kind, Role, TimeExpression};
use tally_extract::Extraction;
use tally_store::StoredClaim;

use super::Sink;
pub use tally_app::text::{date_span, one_line};

/// A column: its header, its natural width, the narrowest it may become, and when it is
/// left out of a narrow table (1 first; 0 never). Columns ranked 1 and 2 say what other
/// columns imply (a fraction's value is a percentage) and go as soon as the table is
/// narrower than its natural width; the others go only when their minimum does not fit.
struct Column {
    header: &'static str,
    natural: usize,
    min: usize,
    drop_rank: u8,
    /// Whether the column holds days or day intervals: cut only between two days.
    dates: bool,
}

const COLUMNS: [Column; 9] = [
    Column {
        header: "VALUE",
        natural: 18,
        min: 14,
        drop_rank: 0,
        dates: false,
    },
    Column {
        header: "KIND",
        natural: 8,
        min: 8,
        drop_rank: 1,
        dates: false,
    },
    Column {
        header: "METRIC",
        natural: 24,
        min: 16,
        drop_rank: 0,
        dates: false,
    },
    Column {
        header: "WHO",
        natural: 16,
        min: 12,
        drop_rank: 0,
        dates: false,
    },
    Column {
        header: "SOURCE",
        natural: 28,
        min: 14,
        drop_rank: 0,
        dates: false,
    },
    Column {
        header: "AS OF",
        natural: 21,
        min: 11,
        drop_rank: 5,
        dates: true,
    },
    Column {
        header: "STATED",
        natural: 10,
        min: 10,
        drop_rank: 3,
        dates: true,
    },
    Column {
        header: "MODALITY",
        natural: 10,
        min: 10,
        drop_rank: 2,
        dates: false,
    },
    Column {
        header: "CONFIDENCE",
        natural: 20,
        min: 10,
        drop_rank: 4,
        dates: false,
    },
];

/// The space between two columns.
const GAP: &str = "  ";
/// The indent of a claim's sentence.
const INDENT: &str = "    ";

/// Writes claims as a table to `out`.
pub struct TableSink<W: Write> {
    out: W,
    width: usize,
    /// The width of each column; `None` for a column left out.
    widths: Vec<Option<usize>>,
    times: bool,
    wrote_header: bool,
}

impl<W: Write> TableSink<W> {
    /// A table `width` characters wide; with `times`, time expressions are listed too.
    pub fn new(out: W, width: usize, times: bool) -> TableSink<W> {
        TableSink {
            out,
            width,
            widths: column_widths(width),
            times,
            wrote_header: false,
        }
    }

    fn row(&mut self, cells: &[String]) -> io::Result<()> {
        let mut line = String::new();
        for ((cell, width), column) in cells.iter().zip(&self.widths).zip(&COLUMNS) {
            let Some(width) = *width else { continue };
            if !line.is_empty() {
                line.push_str(GAP);
            }
            let cell = if column.dates {
                truncate_dates(cell, width)
            } else {
                truncate(cell, width)
            };
            line.push_str(&cell);
            line.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
        }
        writeln!(self.out, "{}", line.trim_end())
    }
}

impl<W: Write> TableSink<W> {
    /// Writes the claims of one document, each under a heading naming the document; with
    /// `ids`, each sentence line starts with the claim's ledger id (`#17`).
    fn claims<'c>(
        &mut self,
        doc: &Document,
        claims: impl ExactSizeIterator<Item = (Option<String>, &'c Claim)>,
        times: &[TimeExpression],
    ) -> io::Result<()> {
        if !self.wrote_header {
            let headers: Vec<String> = COLUMNS.iter().map(|c| c.header.to_string()).collect();
            self.row(&headers)?;
            self.wrote_header = true;
        }
        if claims.len() == 0 && times.is_empty() {
            return Ok(());
        }
        let mut heading = format!("── {}", doc.id);
        if let Some(published) = doc.published {
            heading.push_str(&format!(" · {published}"));
        }
        if let Some(title) = &doc.title {
            heading.push_str(&format!(" · {}", one_line(title)));
        }
        writeln!(self.out, "{}", truncate(&heading, self.width))?;
        for (id, claim) in claims {
            self.row(&cells(claim))?;
            let prefix = match id {
                Some(id) => format!("{INDENT}{id} "),
                None => INDENT.to_string(),
            };
            let available = self.width.saturating_sub(prefix.chars().count());
            writeln!(self.out, "{prefix}{}", marked_sentence(claim, available))?;
        }
        for time in times {
            let value = match time.value {
                Some(span) => date_span(&span),
                None => "—".to_string(),
            };
            let line = format!(
                "{INDENT}time “{}” → {value} ({} {})",
                one_line(&time.text),
                time.timex_type,
                time.timex
            );
            writeln!(self.out, "{}", truncate(&line, self.width))?;
        }
        Ok(())
    }

    /// Writes stored claims of one document, each with its ledger id and, for a reviewed
    /// claim, a mark: `#17 [set: actor role]`, or `#17 [confirmed]`.
    pub fn stored(&mut self, doc: &Document, claims: &[StoredClaim]) -> io::Result<()> {
        self.claims(
            doc,
            claims
                .iter()
                .map(|stored| (Some(review_label(stored)), &stored.claim)),
            &[],
        )
    }
}

/// A stored claim's id with its review mark.
pub fn review_label(stored: &StoredClaim) -> String {
    match &stored.review {
        None => format!("#{}", stored.id),
        Some(review) if review.fields.is_empty() => {
            format!("#{} [{}]", stored.id, review.status.as_str())
        }
        Some(review) => format!("#{} [set: {}]", stored.id, review.fields.join(" ")),
    }
}

impl<W: Write> Sink for TableSink<W> {
    fn document(&mut self, doc: &Document, extraction: &Extraction) -> io::Result<()> {
        let times: &[TimeExpression] = if self.times { &extraction.times } else { &[] };
        self.claims(
            doc,
            extraction.claims.iter().map(|claim| (None, claim)),
            times,
        )
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The column widths for a table `width` wide: columns are left out (by `drop_rank`) while
/// the others do not fit (see [`Column`]), then narrowed (the one with the most room to
/// spare first) until the row fits.
fn column_widths(width: usize) -> Vec<Option<usize>> {
    let mut widths: Vec<Option<usize>> = COLUMNS.iter().map(|c| Some(c.natural)).collect();
    let total = |widths: &[Option<usize>], of: &dyn Fn(usize, usize) -> usize| {
        let visible: Vec<usize> = widths
            .iter()
            .enumerate()
            .filter_map(|(column_idx, w)| w.map(|w| of(column_idx, w)))
            .collect();
        visible.iter().sum::<usize>() + GAP.len() * visible.len().saturating_sub(1)
    };
    let mut ranks: Vec<(u8, usize)> = COLUMNS
        .iter()
        .enumerate()
        .filter(|(_, c)| c.drop_rank > 0)
        .map(|(column_idx, c)| (c.drop_rank, column_idx))
        .collect();
    ranks.sort_unstable();
    for (rank, column_idx) in ranks {
        let fits = match rank {
            1 | 2 => total(&widths, &|_, w| w) <= width,
            _ => total(&widths, &|column_idx, _| COLUMNS[column_idx].min) <= width,
        };
        if fits {
            break;
        }
        widths[column_idx] = None;
    }
    while total(&widths, &|_, w| w) > width {
        let widest_spare = (0..COLUMNS.len())
            .filter_map(|column_idx| Some((column_idx, widths[column_idx]?)))
            .filter(|&(column_idx, w)| w > COLUMNS[column_idx].min)
            .max_by_key(|&(column_idx, w)| (w - COLUMNS[column_idx].min, column_idx));
        match widest_spare {
            Some((column_idx, w)) => widths[column_idx] = Some(w - 1),
            None => break,
        }
    }
    widths
}

/// The cells of a claim's row.
pub fn cells(claim: &Claim) -> Vec<String> {
    let mut value = claim.value.display(claim.kind == Kind::Fraction);
    if claim.kind == Kind::Rate {
        value.push_str("/day");
    }
    let mut metric = claim.metric.as_str().to_string();
    if claim.increment {
        metric.insert(0, '+');
    }
    if let Some(of) = claim.of {
        metric.push_str(" of ");
        metric.push_str(of.as_str());
    }
    let who = match (&claim.actor, claim.role) {
        (Some(actor), Role::Unspecified) => actor.to_ascii_uppercase(),
        (Some(actor), role) => format!("{} {}", actor.to_ascii_uppercase(), role.as_str()),
        (None, Role::Unspecified) => "—".to_string(),
        (None, role) => role.as_str().to_string(),
    };
    let source = claim.source.clone().unwrap_or_else(|| "—".to_string());
    let as_of = claim
        .as_of
        .as_ref()
        .map_or_else(|| "—".to_string(), date_span);
    let stated = claim
        .stated
        .map_or_else(|| "—".to_string(), |day| day.to_string());
    let confidence = match (&claim.confidence, claim.probability) {
        (Some(phrase), Some([low, high])) => {
            format!("{phrase} {:.0}–{:.0}%", low * 100.0, high * 100.0)
        }
        (Some(phrase), None) => phrase.clone(),
        (None, _) => "—".to_string(),
    };
    vec![
        value,
        claim.kind.as_str().to_string(),
        metric,
        who,
        source,
        as_of,
        stated,
        claim.modality.as_str().to_string(),
        confidence,
    ]
}

/// The claim's sentence on one line with its number in brackets, cut around the number to
/// `available` characters.
pub fn marked_sentence(claim: &Claim, available: usize) -> String {
    let parts = claim
        .evidence
        .split_at_number()
        .filter(|(_, number, _)| !number.is_empty());
    let Some((before, number, after)) = parts else {
        return truncate(&format!("“{}”", one_line(&claim.evidence.text)), available);
    };
    let before: Vec<char> = one_line(before).chars().collect();
    let after: Vec<char> = one_line(after).chars().collect();
    let marked = format!("[{}]", one_line(number));
    let n_marked = marked.chars().count();
    // Two quotes and, where the sentence is cut, an ellipsis on each side.
    let room = available.saturating_sub(n_marked + 4);
    let (n_before, n_after) = if before.len() + after.len() <= room {
        (before.len(), after.len())
    } else {
        // Keep the number near the middle, giving unused room on one side to the other.
        let half = room / 2;
        let n_before = before.len().min(half.max(room.saturating_sub(after.len())));
        let n_after = after.len().min(room - n_before);
        (n_before, n_after)
    };
    let mut line = String::from("“");
    if n_before < before.len() {
        line.push('…');
    }
    line.extend(&before[before.len() - n_before..]);
    line.push_str(&marked);
    line.extend(&after[..n_after]);
    if n_after < after.len() {
        line.push('…');
    }
    line.push('”');
    line
}

/// A day interval (`2025-01-15…2025-02-28`) cut to `width` characters between its days,
/// never inside one: its first day and an ellipsis (`2025-01-15…`), else an ellipsis.
fn truncate_dates(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    match text.split_once('…') {
        Some((first, _)) if first.chars().count() < width => format!("{first}…"),
        _ => "…".to_string(),
    }
}

/// The text cut to `width` characters, with an ellipsis where it was cut.
fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use tally_core::{DateSpan, Evidence, Metric, Modality, Span, Value};

    const TEXT: &str = "date 2025-04-01 T\nOver 5,000 North Korean soldiers are likely to have been killed or injured in Russia's war, according to a new assessment by the British Ministry of Defence.\nThat is as much as one-third of the deployment.";

    fn date(s: &str) -> jiff::civil::Date {
        s.parse().unwrap()
    }

    pub(crate) fn sample_document() -> Document {
        Document::new("seed.txt", TEXT)
            .with_published(Some(date("2025-04-01")))
            .with_title(Some("Over 5,000 killed\nor injured".to_string()))
    }

    pub(crate) fn sample_extraction() -> Extraction {
        let sentence = Span::new(18, TEXT.find("\nThat").unwrap());
        let mut casualties = Claim::new(
            "seed.txt",
            Kind::Count,
            Value::at_least(5000.0),
            Metric::Casualties,
            Evidence::new(TEXT, sentence, Span::new(18, 28)),
        );
        casualties.actor = Some("PRK".into());
        casualties.role = Role::Military;
        casualties.source = Some("UK Ministry of Defence".into());
        casualties.as_of = Some(DateSpan::new(date("2025-03-01"), date("2025-03-31")));
        casualties.confidence = Some("highly likely".into());
        casualties.probability = Some([0.8, 0.9]);
        casualties.modality = Modality::Estimate;
        let start = TEXT.find("as much").unwrap();
        let fraction_sentence = Span::new(TEXT.find("That").unwrap(), TEXT.len());
        let mut fraction = Claim::new(
            "seed.txt",
            Kind::Fraction,
            Value::at_most(1.0 / 3.0),
            Metric::Casualties,
            Evidence::new(TEXT, fraction_sentence, Span::new(start, start + 20)),
        );
        fraction.of = Some(Metric::Deployed);
        fraction.increment = true;
        fraction.source = Some("publisher".into());
        fraction.stated = Some(date("2025-04-01"));
        let time_start = TEXT.find("2025-04-01").unwrap();
        let time = TimeExpression {
            doc: "seed.txt".into(),
            line_type: "time".into(),
            text: "last Thursday".into(),
            span: Span::new(time_start, time_start + 10),
            timex_type: "DATE".into(),
            timex: "2025-03-27".into(),
            value: Some(DateSpan::day(date("2025-03-27"))),
            rule: "date.relative_weekday".into(),
        };
        Extraction {
            claims: vec![casualties, fraction],
            times: vec![time],
            diagnostics: vec![],
        }
    }

    fn render(width: usize, times: bool) -> String {
        let mut out = Vec::new();
        let mut sink = TableSink::new(&mut out, width, times);
        sink.document(&sample_document(), &sample_extraction())
            .unwrap();
        sink.document(
            &Document::new("empty.txt", "nothing"),
            &Extraction::default(),
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_wide_table() {
        insta::assert_snapshot!(render(160, true));
    }

    #[test]
    fn a_narrow_table_fits_its_width() {
        for width in [80, 120] {
            let table = render(width, false);
            insta::assert_snapshot!(format!("table_{width}"), table);
            for line in table.lines() {
                assert!(line.chars().count() <= width, "{line:?}");
            }
        }
    }

    #[test]
    fn a_narrow_table_never_cuts_a_date() {
        let mut extraction = sample_extraction();
        extraction.claims[0].as_of = Some(DateSpan::new(date("2025-01-15"), date("2025-02-28")));
        extraction.claims[0].stated = Some(date("2025-03-02"));
        let whole = [
            "2025-01-15…2025-02-28",
            "2025-01-15…",
            "2025-03-02",
            "2025-04-01",
        ];
        for width in 40..=200 {
            let mut out = Vec::new();
            let mut sink = TableSink::new(&mut out, width, false);
            sink.document(&sample_document(), &extraction).unwrap();
            let table = String::from_utf8(out).unwrap();
            let row = table.lines().nth(2).unwrap();
            for cell in row.split_whitespace().filter(|cell| cell.starts_with("20")) {
                assert!(whole.contains(&cell), "width {width}: {cell:?} in {row:?}");
            }
        }
    }

    #[test]
    fn actor_codes_are_upper_case() {
        let mut claim = sample_extraction().claims[0].clone();
        claim.actor = Some("hamas".into());
        assert_eq!(cells(&claim)[3], "HAMAS military");
    }

    #[test]
    fn date_spans_are_written_briefly() {
        let span = |a: &str, b: &str| date_span(&DateSpan::new(date(a), date(b)));
        assert_eq!(span("2025-03-27", "2025-03-27"), "2025-03-27");
        assert_eq!(span("2025-03-01", "2025-03-31"), "2025-03");
        assert_eq!(span("2024-01-01", "2024-12-31"), "2024");
        assert_eq!(span("2025-01-01", "2025-02-28"), "2025-01…2025-02");
        assert_eq!(span("2024-02-01", "2024-02-29"), "2024-02");
        assert_eq!(span("2025-01-15", "2025-02-28"), "2025-01-15…2025-02-28");
    }

    #[test]
    fn the_number_stays_visible_in_a_long_sentence() {
        let claim = &sample_extraction().claims[0];
        let line = marked_sentence(claim, 40);
        assert!(line.contains("[Over 5,000]"), "{line}");
        assert!(line.chars().count() <= 40, "{line}");
        assert!(line.ends_with("…”"), "{line}");
    }

    #[test]
    fn spans_outside_the_sentence_do_not_panic() {
        let mut claim = sample_extraction().claims[0].clone();
        claim.evidence.number = Span::new(0, 10_000);
        assert!(marked_sentence(&claim, 30).starts_with("“Over"));
        claim.evidence.number = Span::new(19, 20);
        claim.evidence.text = "é".repeat(5);
        let _ = marked_sentence(&claim, 30);
    }
}
