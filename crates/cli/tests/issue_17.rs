//! Issue 17 through the binary on the seed: an actor given by name is its code for
//! `tally claims`, `series`, `estimate` and `incidents`.

use super::{ok, run, seed_ledger, stderr};

#[test]
fn an_actor_by_name_is_its_code_on_the_command_line() {
    let (_dir, db) = seed_ledger();
    let by_code = ok(&["claims", "--db", &db, "--actor", "PRK", "--format", "jsonl"]);
    assert!(by_code.lines().count() > 3, "{by_code}");
    for name in ["North Korea", "north korean", "DPRK", "prk"] {
        let by_name = ok(&["claims", "--db", &db, "--actor", name, "--format", "jsonl"]);
        assert_eq!(by_name, by_code, "{name}");
        let output = run(&["claims", "--db", &db, "--actor", name]);
        assert!(
            !stderr(&output).contains("no claims of actor"),
            "{name}: {}",
            stderr(&output)
        );
    }
    let estimate = ok(&[
        "estimate",
        "--db",
        &db,
        "--actor",
        "North Korea",
        "--metric",
        "casualties",
    ]);
    assert!(
        estimate.starts_with("PRK military casualties at 2025-03-31"),
        "{estimate}"
    );
    // The answer in words ends the table, as the series page opens with it.
    assert!(
        estimate.contains(
            "\nLatest: UK Ministry of Defence, over 5,000 casualties as of March 2025, stated 28 March 2025.\n\
             1 other source: ~4,000 (South Korean Joint Chiefs of Staff, 27 March 2025).\n"
        ),
        "{estimate}"
    );
    let series = ok(&["series", "--db", &db, "--actor", "North Korea"]);
    assert!(series.contains("casualties"), "{series}");
    // An unknown name is still refused clearly.
    let output = run(&["claims", "--db", &db, "--actor", "Atlantis"]);
    assert!(
        stderr(&output).contains("no claims of actor \"Atlantis\""),
        "{}",
        stderr(&output)
    );
}
