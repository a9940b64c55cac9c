//! The integration tests of tally-extract, one module per theme.

mod corpus;
mod properties;
mod time;
mod word_lists;
