//! Errors in language data.

/// A problem in a language data file, with the file and line that hold it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file is not valid TOML or has an unknown or missing key.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The data file, relative to `crates/lang/data`.
        file: &'static str,
        /// The 1-based line of the problem.
        line: usize,
        /// What the TOML parser said.
        message: String,
    },
    /// A phrase is listed twice where one list of alternatives is built.
    #[error("{file}:{line}: duplicate phrase {phrase:?}")]
    Duplicate {
        /// The data file.
        file: &'static str,
        /// The line of the second occurrence.
        line: usize,
        /// The phrase.
        phrase: String,
    },
    /// A phrase is not written in lowercase where the loader folds case.
    #[error("{file}:{line}: phrase {phrase:?} must be written in lowercase")]
    NotLowercase {
        /// The data file.
        file: &'static str,
        /// The line of the phrase.
        line: usize,
        /// The phrase.
        phrase: String,
    },
    /// A value is out of its range ("unknown metric", a low bound above its high bound).
    #[error("{file}:{line}: {message}")]
    Invalid {
        /// The data file.
        file: &'static str,
        /// The line of the value.
        line: usize,
        /// What is wrong.
        message: String,
    },
}
