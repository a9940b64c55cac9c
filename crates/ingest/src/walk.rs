//! Directories: their inputs in sorted order, recursively, known kinds only.

use std::fs;
use std::path::{Path, PathBuf};

use crate::Error;

/// How an input file is read, decided by its name ([`FileKind::of`]), or given with a stream
/// ([`read_stream_as`](crate::read_stream_as)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A text document (`.txt`).
    Text,
    /// A JSONL corpus (`.jsonl`, `.ndjson`).
    Jsonl,
    /// A gzip-compressed JSONL corpus (`.jsonl.gz`, `.ndjson.gz`).
    JsonlGz,
    /// An HTML page (`.html`, `.htm`, `.xhtml`).
    Html,
    /// A gzip-compressed HTML page (`.html.gz`, `.htm.gz`).
    HtmlGz,
    /// An RSS or Atom feed (`.rss`, `.atom`).
    Feed,
    /// An XML file (`.xml`): read when it is a feed.
    Xml,
    /// A WARC archive (`.warc`).
    Warc,
    /// A gzip-compressed WARC archive (`.warc.gz`).
    WarcGz,
}

impl FileKind {
    /// The kind of a file name, if it is one tally reads.
    ///
    /// # Example
    ///
    /// ```
    /// use tally_ingest::FileKind;
    ///
    /// assert_eq!(FileKind::of("news.JSONL.gz".as_ref()), Some(FileKind::JsonlGz));
    /// assert_eq!(FileKind::of("notes.md".as_ref()), None);
    /// ```
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".jsonl.gz") || name.ends_with(".ndjson.gz") {
            Some(FileKind::JsonlGz)
        } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Some(FileKind::Jsonl)
        } else if name.ends_with(".txt") {
            Some(FileKind::Text)
        } else if name.ends_with(".html.gz") || name.ends_with(".htm.gz") {
            Some(FileKind::HtmlGz)
        } else if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".xhtml") {
            Some(FileKind::Html)
        } else if name.ends_with(".rss") || name.ends_with(".atom") {
            Some(FileKind::Feed)
        } else if name.ends_with(".xml") {
            Some(FileKind::Xml)
        } else if name.ends_with(".warc.gz") {
            Some(FileKind::WarcGz)
        } else if name.ends_with(".warc") {
            Some(FileKind::Warc)
        } else {
            None
        }
    }
}

/// What a file that is neither a regular file nor a directory is, for messages ("FIFO").
pub(crate) fn special_kind(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "FIFO";
        }
        if file_type.is_socket() {
            return "socket";
        }
        if file_type.is_char_device() {
            return "character device";
        }
        if file_type.is_block_device() {
            return "block device";
        }
    }
    let _ = file_type;
    "special file"
}

/// The entries of a directory worth visiting, sorted by name: subdirectories and files of a
/// known kind. Hidden entries (`.git`, `.cache`) are left out. An entry of a known kind that
/// is not a regular file (a FIFO, a socket) is listed: opening it reports it as skipped.
pub(crate) fn list(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let read_error = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // `fs::metadata` follows symbolic links; a dangling one is left out quietly.
        let Ok(metadata) = fs::metadata(&path) else {
            continue;
        };
        if metadata.is_dir() || FileKind::of(&path).is_some() {
            entries.push(path);
        }
    }
    entries.sort();
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_name() {
        assert_eq!(FileKind::of(Path::new("a/b.TXT")), Some(FileKind::Text));
        assert_eq!(FileKind::of(Path::new("news.jsonl")), Some(FileKind::Jsonl));
        assert_eq!(
            FileKind::of(Path::new("news.jsonl.gz")),
            Some(FileKind::JsonlGz)
        );
        assert_eq!(FileKind::of(Path::new("a.HTM")), Some(FileKind::Html));
        assert_eq!(FileKind::of(Path::new("a.html.gz")), Some(FileKind::HtmlGz));
        assert_eq!(FileKind::of(Path::new("a.atom")), Some(FileKind::Feed));
        assert_eq!(FileKind::of(Path::new("feed.xml")), Some(FileKind::Xml));
        assert_eq!(FileKind::of(Path::new("crawl.warc")), Some(FileKind::Warc));
        assert_eq!(
            FileKind::of(Path::new("crawl.warc.gz")),
            Some(FileKind::WarcGz)
        );
        assert_eq!(FileKind::of(Path::new("notes.md")), None);
        assert_eq!(FileKind::of(Path::new("archive.gz")), None);
    }
}
