//! The subcommands of `tally`, one module each: its arguments and its `run`.

pub mod chart;
pub mod claims;
pub mod db;
pub mod docs;
pub mod estimate;
pub mod eval;
pub mod eval_html;
pub mod eval_times;
pub mod eval_victims;
pub mod explain;
pub mod export;
pub mod extract;
pub mod incidents;
pub mod ingest;
pub mod reconcile;
pub mod reextract;
pub mod review;
pub mod series;
pub mod serve;
pub mod sources;
pub mod threads;
pub mod timeline;
pub mod values;
