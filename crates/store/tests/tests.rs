//! The ledger's tests. `ledger` is written once against the `Ledger` trait; each backend
//! runs all of it on fresh ledgers (`sqlite` here, `postgres` in its own module).

mod ledger;
mod postgres;

mod sqlite {
    use tally_store::SqliteLedger;

    fn fresh() -> SqliteLedger {
        SqliteLedger::open_in_memory().unwrap()
    }

    crate::ledger::suite!(fresh);

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
}
