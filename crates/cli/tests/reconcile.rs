//! `tally series`, `estimate`, `timeline` and `chart` on the seed article (issue 5): both
//! sources of the casualties, the UK's lower bound kept as one, the deployment from
//! 11,000 + 3,000, the killed derived from the UK's third, the share of the deployment.

use std::path::Path;

use super::{run, seed_ledger, stderr};

fn json(db: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec![
        "estimate",
        "--db",
        db,
        "--actor",
        "PRK",
        "--at",
        "2025-03-31",
        "--format",
        "json",
    ];
    all.extend_from_slice(args);
    let output = run(&all);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn near(value: &serde_json::Value, expected: f64, tolerance: f64) -> bool {
    value
        .as_f64()
        .is_some_and(|x| (x - expected).abs() <= tolerance)
}

#[test]
fn issue_5_casualties_from_both_sources_with_the_uk_bound_kept() {
    let (_dir, db) = seed_ledger();
    let estimate = json(&db, &["--metric", "casualties"]);
    let sources = estimate["sources"].as_array().unwrap();
    let names: Vec<&str> = sources
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"UK Ministry of Defence"), "{names:?}");
    assert!(
        names.contains(&"South Korean Joint Chiefs of Staff"),
        "{names:?}"
    );
    let uk = sources
        .iter()
        .find(|s| s["source"] == "UK Ministry of Defence")
        .unwrap();
    assert_eq!(uk["low"], 5000);
    assert!(
        uk["high"].is_null(),
        "the UK's figure stays a lower bound: {uk}"
    );
    assert_eq!(uk["bound"], "lower");
    assert_eq!(
        uk["n_reports"], 3,
        "the figure repeated in one article is one assertion"
    );
    assert!(
        near(&estimate["estimate"]["low"], 4000.0, 1.0),
        "{}",
        estimate["estimate"]
    );
    assert!(
        near(&estimate["estimate"]["best"], 5000.0, 1.0),
        "a lower bound is a floor: {}",
        estimate["estimate"]
    );
    assert_eq!(estimate["estimate"]["open_high"], true);
    assert!(estimate["envelope"]["high"].is_null());
    assert_eq!(estimate["contradictions"].as_array().unwrap().len(), 1);
}

#[test]
fn issue_5_deployed_is_11000_plus_3000() {
    let (_dir, db) = seed_ledger();
    let estimate = json(&db, &["--metric", "deployed"]);
    assert!(
        near(&estimate["estimate"]["best"], 14000.0, 1.0),
        "{}",
        estimate["estimate"]
    );
    let figure = &estimate["sources"][0];
    assert_eq!(figure["derived"]["operation"], "sum_of_increments");
    let inputs: Vec<f64> = figure["derived"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["low"].as_f64().unwrap())
        .collect();
    assert_eq!(inputs, [11000.0, 3000.0]);
}

#[test]
fn issue_5_killed_is_at_least_a_third_of_the_uk_casualties() {
    let (_dir, db) = seed_ledger();
    let estimate = json(&db, &["--metric", "killed"]);
    let low = estimate["estimate"]["low"].as_f64().unwrap();
    assert!((1600.0..=1700.0).contains(&low), "{}", estimate["estimate"]);
    assert_eq!(estimate["estimate"]["open_high"], true);
    let figure = &estimate["sources"][0];
    assert_eq!(figure["source"], "UK Ministry of Defence");
    assert_eq!(figure["derived"]["operation"], "fraction_of_base");
    let inputs = figure["derived"]["inputs"].as_array().unwrap();
    assert_eq!(inputs[0]["kind"], "fraction");
    assert_eq!(inputs[1]["low"], 5000);
    assert_eq!(inputs[1]["source"], "UK Ministry of Defence");
}

#[test]
fn issue_5_share_of_the_deployment_holds_the_articles_third_to_nearly_half() {
    let (_dir, db) = seed_ledger();
    let share = json(&db, &["--metric", "casualties", "--of", "deployed"]);
    let low = share["share"]["low"].as_f64().unwrap();
    let high = share["share"]["high"].as_f64().unwrap();
    assert!(low >= 0.28 && high <= 0.46, "{}", share["share"]);
    // "as much as one-third — or nearly half".
    assert!(low <= 1.0 / 3.0 && 1.0 / 3.0 <= high);
    assert!(low <= 0.45 && 0.45 <= high);
    let stated = share["stated"].as_array().unwrap();
    assert_eq!(stated.len(), 1);
    assert_eq!(stated[0]["figure"]["source"], "publisher");
    assert_eq!(stated[0]["consistent"], true);
}

#[test]
fn series_timeline_and_chart() {
    let (dir, db) = seed_ledger();
    let output = run(&["series", "--db", &db]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(
        table
            .lines()
            .any(|l| l.contains("casualties") && l.contains("PRK")),
        "{table}"
    );

    let output = run(&[
        "timeline", "--db", &db, "--actor", "PRK", "--metric", "deployed", "--format", "csv",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = String::from_utf8_lossy(&output.stdout);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("date,low,best,high"), "{csv}");
    assert!(rows[1].starts_with("2024-12-31,11000,11000,11000"), "{csv}");
    assert!(rows[2].starts_with("2025-02-28,14000,14000,14000"), "{csv}");

    for name in ["casualties.svg", "casualties.png"] {
        let path = dir.path().join(name);
        let output = run(&[
            "chart",
            "--db",
            &db,
            "--actor",
            "PRK",
            "--metric",
            "casualties",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(std::fs::metadata(&path).unwrap().len() > 1000);
    }
}

/// A ledger of three reports: a running toll, and one strike told by two outlets.
/// A temporary ledger holding the documents of `jsonl`.
fn jsonl_ledger(jsonl: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let input = super::write(dir.path(), "news.jsonl", jsonl.as_bytes());
    let db = dir.path().join("news.db").to_str().unwrap().to_string();
    let output = run(&["ingest", "--db", &db, input.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    (dir, db)
}

fn strike_ledger() -> (tempfile::TempDir, String) {
    let jsonl = concat!(
        r#"{"id": "toll", "published": "2025-03-04", "text": "At least 7,200 civilians have been killed in the war, the health ministry said on Tuesday."}"#,
        "\n",
        r#"{"id": "one", "published": "2025-03-04", "text": "A missile strike on a hospital killed five people on Tuesday, the governor said."}"#,
        "\n",
        r#"{"id": "two", "published": "2025-03-05", "text": "A missile strike on a hospital killed five people on Tuesday, the regional police said."}"#,
        "\n",
    );
    jsonl_ledger(jsonl)
}

#[test]
fn issue_11_one_strike_is_an_incident_and_not_part_of_the_toll() {
    let (_dir, db) = strike_ledger();
    let output = run(&["incidents", "--db", &db, "--format", "jsonl"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["reports"].as_array().unwrap().len(), 2);
    let weekly = run(&["incidents", "--db", &db, "--per", "week", "--format", "csv"]);
    let weekly = String::from_utf8_lossy(&weekly.stdout).to_string();
    let rows: Vec<&str> = weekly.lines().collect();
    assert_eq!(
        rows,
        [
            "first,last,n_incidents,at_least",
            "2025-03-03,2025-03-09,1,5"
        ],
        "{weekly}"
    );
    // The toll and the strike are two series.
    let series = run(&["series", "--db", &db]);
    let table = String::from_utf8_lossy(&series.stdout).to_string();
    assert!(
        table.contains(" total ") && table.contains(" event "),
        "{table}"
    );
    let event = run(&[
        "estimate", "--db", &db, "--actor", "UKR", "--metric", "killed", "--scope", "event",
    ]);
    assert_eq!(event.status.code(), Some(2), "{}", stderr(&event));
    assert!(
        stderr(&event).contains("tally incidents"),
        "{}",
        stderr(&event)
    );
}

/// A toll with its parts, a subgroup's own count, and people killed seeking aid.
fn subgroup_ledger() -> (tempfile::TempDir, String) {
    let jsonl = concat!(
        r#"{"id": "toll", "published": "2025-03-04", "text": "At least 60,000 people have been killed in Gaza since the war began, including 18,000 children, the health ministry said on Tuesday."}"#,
        "\n",
        r#"{"id": "unicef", "published": "2025-03-05", "text": "More than 17,000 children have been killed in Gaza since the war began, UNICEF said on Wednesday."}"#,
        "\n",
        r#"{"id": "aid", "published": "2025-03-05", "text": "More than 400 people have been killed in Gaza while trying to get food since the war began, the UN said on Wednesday."}"#,
        "\n",
    );
    jsonl_ledger(jsonl)
}

#[test]
fn issue_11_a_subgroup_is_its_own_series_and_never_fused_with_everyone() {
    let (_dir, db) = subgroup_ledger();
    let estimate = |group: &[&str]| {
        let mut args = vec![
            "estimate", "--db", &db, "--actor", "PSE", "--metric", "killed", "--format", "json",
        ];
        args.extend_from_slice(group);
        let output = run(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut sources: Vec<String> = json["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| format!("{} {}", s["source"].as_str().unwrap(), s["low"]))
            .collect();
        sources.sort();
        (
            json["series"]["group"].as_str().map(str::to_string),
            sources,
        )
    };
    // Everyone: the toll alone, not its part, not UNICEF's children, not the aid seekers.
    let (group, sources) = estimate(&[]);
    assert_eq!(group, None);
    assert_eq!(sources, ["Gaza Health Ministry 60000"]);
    // Children: the toll's part and UNICEF's count, two sources of one quantity.
    let (group, sources) = estimate(&["--group", "Children"]);
    assert_eq!(group.as_deref(), Some("children"));
    assert_eq!(sources, ["Gaza Health Ministry 18000", "UNICEF 17000"]);
    let (group, sources) = estimate(&["--group", "aid seekers"]);
    assert_eq!(group.as_deref(), Some("aid seekers"));
    assert_eq!(sources.len(), 1, "{sources:?}");
    let table = run(&["series", "--db", &db]);
    let table = String::from_utf8_lossy(&table.stdout).to_string();
    assert!(
        table.contains(" GROUP ") && table.contains(" children "),
        "{table}"
    );
}

/// Issue 17's ledger: the UK's floors ("over 5,000", "over 50,000"), the General Staff's
/// range and the Kremlin's twelve, from 12 to 50,000: four orders of magnitude.
fn bounds_ledger() -> (tempfile::TempDir, String) {
    let jsonl = concat!(
        r#"{"id": "a", "published": "2023-03-04", "text": "Over 5,000 Russian soldiers have been killed, the UK Ministry of Defence said on Tuesday."}"#,
        "\n",
        r#"{"id": "b", "published": "2024-03-05", "text": "Over 50,000 Russian soldiers have been killed, the UK Ministry of Defence said on Tuesday."}"#,
        "\n",
        r#"{"id": "c", "published": "2023-09-05", "text": "Between 10,000 and 20,000 Russian soldiers have been killed, the Ukrainian General Staff said on Tuesday."}"#,
        "\n",
        r#"{"id": "d", "published": "2022-04-05", "text": "Twelve Russian soldiers were killed in the war so far, the Kremlin said on Tuesday."}"#,
        "\n",
    );
    jsonl_ledger(jsonl)
}

/// `tally chart` of the bounds ledger as SVG, with more arguments.
fn chart_svg(dir: &Path, db: &str, more: &[&str]) -> String {
    let path = dir.join("killed.svg");
    let mut args = vec![
        "chart",
        "--db",
        db,
        "--actor",
        "RUS",
        "--metric",
        "killed",
        "-o",
        path.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    let output = run(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    std::fs::read_to_string(&path).unwrap()
}

/// The points of an SVG element's `points` attribute.
fn svg_points(element: &str) -> Vec<(f64, f64)> {
    let start = element.find("points=\"").unwrap() + 8;
    let end = start + element[start..].find('"').unwrap();
    element[start..end]
        .split_whitespace()
        .map(|pair| {
            let (x, y) = pair.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

/// The SVG elements of a tag whose fill or stroke is `color`.
fn svg_elements<'s>(svg: &'s str, tag: &str, color: &str) -> Vec<&'s str> {
    svg.split('<')
        .filter(|e| e.starts_with(tag) && e.to_ascii_lowercase().contains(&format!("\"{color}\"")))
        .collect()
}

#[test]
fn issue_17_chart_draws_a_floor_with_an_arrow_up_and_a_range_as_a_bar() {
    let (dir, db) = bounds_ledger();
    let svg = chart_svg(dir.path(), &db, &[]);
    // Sources are coloured by their number of figures: the UK's two first.
    let uk = tally_app::chart::PALETTE[0];
    let general_staff = tally_app::chart::PALETTE[2];
    // Each floor: a dot and a triangle above it, pointing up (SVG's y grows downwards).
    let arrows: Vec<Vec<(f64, f64)>> = svg_elements(&svg, "polygon", uk)
        .into_iter()
        .map(svg_points)
        .filter(|p| p.len() == 3)
        .collect();
    assert_eq!(arrows.len(), 2, "an arrow per floor of the UK");
    let dots: Vec<&str> = svg_elements(&svg, "circle", uk);
    assert_eq!(dots.len(), 3, "a dot per floor of the UK, and the legend's");
    for arrow in &arrows {
        let apex = arrow[2];
        assert!(
            apex.1 < arrow[0].1 && apex.1 < arrow[1].1,
            "the arrow points up: {arrow:?}"
        );
    }
    // The range: a vertical bar with a cap at each end, and no dot at its middle.
    let lines: Vec<Vec<(f64, f64)>> = svg_elements(&svg, "polyline", general_staff)
        .into_iter()
        .map(svg_points)
        .collect();
    let bar = lines
        .iter()
        .find(|p| p.len() == 2 && p[0].0 == p[1].0 && p[0].1 != p[1].1)
        .unwrap_or_else(|| panic!("a vertical bar: {lines:?}"));
    let caps = lines
        .iter()
        .filter(|p| p.len() == 2 && p[0].1 == p[1].1 && [bar[0].1, bar[1].1].contains(&p[0].1))
        .count();
    assert_eq!(caps, 2, "a cap at each end of the bar: {lines:?}");
    assert!(
        svg_elements(&svg, "circle", general_staff).len() <= 1,
        "a range is no dot (the legend's dot aside)"
    );
}

#[test]
fn issue_17_four_orders_of_magnitude_default_to_a_log_axis() {
    let (dir, db) = bounds_ledger();
    let svg = chart_svg(dir.path(), &db, &[]);
    assert!(svg.contains("(log scale)"), "12 to 50,000: a log axis");
    let linear = chart_svg(dir.path(), &db, &["--scale", "linear"]);
    assert!(
        !linear.contains("(log scale)"),
        "unless a linear one is asked for"
    );
}
