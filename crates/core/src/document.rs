//! A document: a text to extract claims from, with its metadata.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One text with its metadata. The `id` names it in claims and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The document's id: a file name, a JSONL `id`, or a content hash.
    pub id: String,
    /// The title or headline, when it is kept apart from `text`.
    #[serde(default)]
    pub title: Option<String>,
    /// Where the document was found.
    #[serde(default)]
    pub url: Option<String>,
    /// Who published it.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Its language (ISO 639-1), when known.
    #[serde(default)]
    pub lang: Option<String>,
    /// The day it was published; relative times resolve against it.
    #[serde(default)]
    pub published: Option<Date>,
    /// The text. Evidence offsets are byte offsets into it.
    pub text: String,
}

impl Document {
    /// A document with an id and a text and no metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            title: None,
            url: None,
            publisher: None,
            lang: None,
            published: None,
            text: text.into(),
        }
    }

    /// Sets the publication date.
    #[must_use]
    pub fn with_published(mut self, published: Option<Date>) -> Document {
        self.published = published;
        self
    }

    /// Sets the title.
    #[must_use]
    pub fn with_title(mut self, title: Option<String>) -> Document {
        self.title = title;
        self
    }
}
