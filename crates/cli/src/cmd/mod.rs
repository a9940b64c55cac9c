//! The subcommands of `tally`, one module each: its arguments and its `run`.

pub mod eval;
pub mod eval_html;
pub mod eval_times;
pub mod extract;
