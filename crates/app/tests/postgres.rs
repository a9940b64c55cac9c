//! A scratch schema on the PostgreSQL test server (`TALLY_TEST_POSTGRES`, by default the
//! local server), dropped at the end: unreachable skips with a message, and fails when `CI`
//! is set (as in `crates/store/tests/postgres.rs`).

use std::sync::atomic::{AtomicUsize, Ordering};

use tally_store::PostgresLedger;

pub struct Scratch {
    url: String,
    schema: String,
    admin: postgres::Client,
}

impl Scratch {
    /// # Panics
    ///
    /// When the server cannot be reached and `CI` is set.
    pub fn new() -> Option<Scratch> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let server = std::env::var("TALLY_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
        let mut admin = match postgres::Client::connect(&server, postgres::NoTls) {
            Ok(admin) => admin,
            Err(error) if std::env::var_os("CI").is_some() => {
                panic!("PostgreSQL at {server} is unreachable and CI is set: {error}")
            }
            Err(error) => {
                eprintln!("skipped: PostgreSQL at {server} is unreachable ({error}); set TALLY_TEST_POSTGRES");
                return None;
            }
        };
        let schema = format!(
            "tally_app_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        admin
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .unwrap();
        let separator = if server.contains('?') { '&' } else { '?' };
        Some(Scratch {
            url: format!("{server}{separator}options=-csearch_path%3D{schema}"),
            schema,
            admin,
        })
    }

    pub fn connect(&self) -> PostgresLedger {
        PostgresLedger::connect(&self.url).unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = self
            .admin
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
    }
}
