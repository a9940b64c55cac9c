//! The ledger's tests. `ledger` is written once against the `Ledger` trait; each backend
//! runs all of it on fresh ledgers (`sqlite` here, `postgres` in its own module).

mod asof;
mod ledger;
mod postgres;

mod sqlite {
    use tally_store::SqliteLedger;

    fn fresh() -> SqliteLedger {
        SqliteLedger::open_in_memory().unwrap()
    }

    crate::ledger::suite!(fresh);
    crate::asof::suite!(fresh);

    #[test]
    fn a_reopened_file_keeps_what_was_added() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tally.db");
        {
            let mut ledger = SqliteLedger::open(&path).unwrap();
            crate::ledger::add_sample(&mut ledger);
        }
        let ledger = SqliteLedger::open(&path).unwrap();
        let counts = tally_store::Ledger::counts(&ledger).unwrap();
        assert_eq!((counts.n_documents, counts.n_claims), (2, 3));
        assert!(ledger.check().unwrap().is_empty());
    }

    /// Issue 15: two writers on one new file (two `tally ingest` runs, or a run beside the
    /// server), each reading what the ledger holds on one connection and writing on another
    /// as `tally ingest` does, wait for each other instead of failing with "database is
    /// locked"; the first to open the file migrates it, the other finds it migrated.
    #[test]
    fn issue_15_two_writers_at_once_on_a_new_file_both_store_everything() {
        const N_BATCHES: usize = 200;
        for round in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("tally.db");
            let start = std::sync::Arc::new(std::sync::Barrier::new(4));
            let writers: Vec<_> = ["east", "west", "north", "south"]
                .into_iter()
                .map(|name| {
                    let path = path.clone();
                    let start = start.clone();
                    std::thread::spawn(move || {
                        start.wait();
                        let mut writer = SqliteLedger::open(&path).unwrap();
                        let reader = SqliteLedger::open(&path).unwrap();
                        for batch_idx in 0..N_BATCHES {
                            let text = format!("About {batch_idx} people were killed in {name}.");
                            let batch = [crate::ledger::extracted(
                                &format!("{name}-{batch_idx}"),
                                &text,
                            )];
                            let known =
                                tally_store::Ledger::contains(&reader, &[batch[0].hash.clone()])
                                    .unwrap();
                            assert_eq!(known, [false]);
                            tally_store::Ledger::add(&mut writer, &batch).unwrap();
                        }
                    })
                })
                .collect();
            for writer in writers {
                writer.join().unwrap();
            }
            let ledger = SqliteLedger::open(&path).unwrap();
            let counts = tally_store::Ledger::counts(&ledger).unwrap();
            assert_eq!(counts.n_documents, 4 * N_BATCHES, "round {round}");
            assert!(ledger.check().unwrap().is_empty());
        }
    }
}
