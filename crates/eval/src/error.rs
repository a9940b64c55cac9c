//! The errors of loading gold files.

use std::path::PathBuf;

/// What went wrong while loading gold annotations. Each variant names the file and, where
/// there is one, the line, so that the annotation can be found and fixed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read gold file {}: {error}", path.display())]
    Io {
        /// The gold file.
        path: PathBuf,
        /// The line being read when the error happened; 0 when opening the file.
        line: usize,
        /// What the operating system said.
        error: std::io::Error,
    },
    /// A line is not a valid gold line (bad JSON, a missing field, an unknown metric).
    #[error("{}:{line}: {error}", path.display())]
    Json {
        /// The gold file.
        path: PathBuf,
        /// The line, counting from 1.
        line: usize,
        /// What the JSON parser said.
        error: serde_json::Error,
    },
    /// A line parses but says something impossible (an empty quote, `low` above `high`).
    #[error("{}:{line}: {message}", path.display())]
    Invalid {
        /// The gold file.
        path: PathBuf,
        /// The line, counting from 1.
        line: usize,
        /// What is wrong, naming the document and the claim.
        message: String,
    },
    /// Two gold lines annotate the same document.
    #[error(
        "{}:{line}: document {doc:?} already has a gold line at {}:{first_line}",
        path.display(),
        first_path.display()
    )]
    DuplicateDoc {
        /// The gold file holding the second line.
        path: PathBuf,
        /// The second line.
        line: usize,
        /// The document's id.
        doc: String,
        /// The gold file holding the first line.
        first_path: PathBuf,
        /// The first line.
        first_line: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_path_and_line() {
        let error = Error::Invalid {
            path: PathBuf::from("gold/a.jsonl"),
            line: 4,
            message: "claim 2 of \"d\": empty quote".to_string(),
        };
        assert_eq!(
            error.to_string(),
            "gold/a.jsonl:4: claim 2 of \"d\": empty quote"
        );
    }
}
