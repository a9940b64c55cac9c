//! Test support shared by the crates' PostgreSQL tests: a scratch schema on the test server.
//!
//! The server is `TALLY_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`).
//! Each [`Scratch`] is a schema of its own, dropped with it; a ledger or a `tally` command
//! reaches it through the server's URL with the schema as its search path
//! ([`with_schema`]). An unreachable server skips a test with a message, and fails it when
//! `CI` is set: CI never passes a PostgreSQL test it did not run.

use std::sync::atomic::{AtomicUsize, Ordering};

use tally_store::PostgresLedger;

/// The test server's URL.
pub fn server_url() -> String {
    std::env::var("TALLY_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

/// `url` with its connections' search path set to `schema`.
pub fn with_schema(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-csearch_path%3D{schema}")
}

/// A fresh schema on the test server, dropped with it.
pub struct Scratch {
    /// The server's URL with the schema as search path.
    pub url: String,
    /// The schema's name.
    pub schema: String,
    /// A connection to the server outside the schema, which made it and drops it.
    pub admin: postgres::Client,
}

impl Scratch {
    /// A schema named for `prefix` (the test crate), the process and a counter; `None`
    /// (after a message) when the server cannot be reached outside CI.
    ///
    /// # Panics
    ///
    /// When the server cannot be reached and `CI` is set, or the schema cannot be made.
    pub fn new(prefix: &str) -> Option<Scratch> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let server = server_url();
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
        // The nanoseconds keep two runs of one process id apart, as after a reboot.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.subsec_nanos());
        let schema = format!(
            "tally_{prefix}_{}_{}_{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        admin
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .unwrap_or_else(|error| panic!("creating the schema {schema}: {error}"));
        Some(Scratch {
            url: with_schema(&server, &schema),
            schema,
            admin,
        })
    }

    /// A ledger in the schema.
    ///
    /// # Panics
    ///
    /// When the ledger cannot be opened.
    pub fn connect(&self) -> PostgresLedger {
        PostgresLedger::connect(&self.url)
            .unwrap_or_else(|error| panic!("opening the ledger in {}: {error}", self.schema))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = self
            .admin
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
    }
}
