//! `tally serve`: the dashboard and the HTTP JSON API over the ledger (`tally_web`).

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use tally_web::limits::Limits;
use tally_web::server::{default_pool_size, serve, Config};

use super::db::DbArgs;

/// Arguments of `tally serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on; loopback unless told otherwise.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The token writes (`POST /api/documents`) need as `Authorization: Bearer TOKEN`;
    /// without one, writes are refused.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "TALLY_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Ledger connections at most [default: two per core, at least four].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub connections: Option<u16>,
    /// Open HTTP connections at most; at the cap a new one closes the oldest idle one
    /// (beyond it, when all are busy, the new one is closed).
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// Bodies ingested (extracted and written) at once; more wait in a queue, and beyond
    /// it are answered 503 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
    pub max_ingesting: u16,
}

/// Runs `tally serve` until Ctrl-C.
///
/// # Errors
///
/// Fails when the ledger cannot be opened, the address cannot be bound, or the server
/// stops on an error.
pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    init_logging();
    let location = args
        .db
        .db
        .to_str()
        .context("--db: the path is not UTF-8")?
        .to_string();
    let config = Config {
        location,
        addr: args.addr,
        token: args.token.clone().filter(|token| !token.is_empty()),
        pool_size: args.connections.map_or_else(default_pool_size, usize::from),
        limits: Limits {
            max_connections: args.max_connections as usize,
            max_ingesting: usize::from(args.max_ingesting),
            ..Limits::default()
        },
    };
    // A read-only server needs a ledger; one that takes writes (with the token) may start
    // on none and create it, as `tally ingest` does.
    if config.token.is_none() {
        args.db.require()?;
    }
    let ledger = args.db.describe();
    let writes = if config.token.is_some() {
        "writes need the token"
    } else {
        "read-only: no --token"
    };
    if !config.addr.ip().is_loopback() {
        let _ = writeln!(
            std::io::stderr(),
            "tally serve: warning: listening on {} beyond this machine: anyone who reaches it can read the ledger",
            config.addr
        );
    }
    serve(&config, |addr| {
        let _ = writeln!(
            std::io::stderr(),
            "tally serve: http://{addr}/ · ledger {ledger} · {writes} · Ctrl-C stops"
        );
    })
    .with_context(|| format!("serving {ledger}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Logs to standard error: `info` and above, or what `TALLY_LOG` says (`debug` logs every
/// request).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("TALLY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A log that cannot be written (standard error closed) is dropped: the server goes on.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .log_internal_errors(false)
        .try_init();
}
