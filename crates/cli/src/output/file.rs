//! Files that `tally` writes (`export -o`, `chart -o`): never the ledger, and whole or not
//! at all.
//!
//! An [`OutputFile`] refuses a path that is the ledger or its write-ahead log, whichever way
//! it gets there (the same path, another spelling of it, a symbolic link, a hard link).
//! It writes a temporary file beside the target and renames it over the target once
//! complete, so a run that fails or is killed leaves the file that was there before (and,
//! when killed, at worst a hidden temporary file), never half a file.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use tempfile::NamedTempFile;

/// A file being written; [`OutputFile::commit`] puts it in place, dropping it removes it.
#[derive(Debug)]
pub struct OutputFile {
    temp: NamedTempFile,
    /// The path the file is renamed to: the one given, or the file a symbolic link points to.
    target: PathBuf,
    /// The path as the user gave it, for messages.
    given: PathBuf,
}

impl OutputFile {
    /// Starts writing `path`, refusing it when it is the SQLite ledger `ledger` (`None` for
    /// a ledger that is not a file).
    ///
    /// # Errors
    ///
    /// Fails when `path` is the ledger or one of its files, or the temporary file cannot be
    /// created in its directory.
    pub fn create(path: &Path, ledger: Option<&Path>) -> anyhow::Result<OutputFile> {
        if let Some(ledger) = ledger {
            refuse_ledger(path, ledger)?;
        }
        let target = resolve(path);
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .with_context(|| format!("{} is not a file name", path.display()))?;
        let prefix = format!(".{}.", name.to_string_lossy());
        // The temporary file keeps the extension: the chart's PNG encoder goes by it.
        let suffix = target
            .extension()
            .map(|extension| format!(".{}", extension.to_string_lossy()))
            .unwrap_or_default();
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(&suffix);
        #[cfg(unix)]
        let permissions = {
            use std::os::unix::fs::PermissionsExt;
            // As `File::create` does: what the umask allows, or what the file had.
            fs::metadata(&target)
                .map(|metadata| metadata.permissions())
                .unwrap_or_else(|_| fs::Permissions::from_mode(0o666))
        };
        #[cfg(unix)]
        builder.permissions(permissions);
        let temp = builder.tempfile_in(dir).with_context(|| {
            format!(
                "writing {}: cannot create a file in {}",
                path.display(),
                dir.display()
            )
        })?;
        Ok(OutputFile {
            temp,
            target,
            given: path.to_path_buf(),
        })
    }

    /// The temporary file, to write to.
    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// The temporary file's path (with the target's extension), for writers that open a path.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// Puts the written file in place of the target, once it is on disk.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be synced or renamed; the target is then left as it was.
    pub fn commit(self) -> anyhow::Result<()> {
        let context = || format!("writing {}", self.given.display());
        self.temp.as_file().sync_all().with_context(context)?;
        let given = self.given.clone();
        self.temp
            .persist(&self.target)
            .map_err(|error| error.error)
            .with_context(|| format!("writing {}", given.display()))?;
        Ok(())
    }
}

/// Fails when `output` is the ledger file, its write-ahead log, its shared-memory index or
/// its rollback journal.
fn refuse_ledger(output: &Path, ledger: &Path) -> anyhow::Result<()> {
    let resolved = resolve(output);
    for (suffix, what) in [
        ("", "the ledger"),
        ("-wal", "the ledger's write-ahead log"),
        ("-shm", "the ledger's shared-memory index"),
        ("-journal", "the ledger's journal"),
    ] {
        let mut file = ledger.as_os_str().to_owned();
        file.push(suffix);
        let file = PathBuf::from(file);
        if resolve(&file) == resolved || same_file(output, &file) {
            bail!(
                "refusing to write {}: it is {what} {}",
                output.display(),
                file.display()
            );
        }
    }
    Ok(())
}

/// The absolute path `path` names, symbolic links followed: the path itself when it exists,
/// else its file name in its directory's canonical path.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(canonical) = fs::canonicalize(path) {
        return canonical;
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    match (fs::canonicalize(dir), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Whether two paths are one file (a hard link): the same device and inode.
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn a_committed_file_replaces_the_target_and_a_dropped_one_leaves_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("claims.csv");
        fs::write(&path, "before\n").unwrap();
        let mut dropped = OutputFile::create(&path, None).unwrap();
        dropped.file().write_all(b"half").unwrap();
        drop(dropped);
        assert_eq!(fs::read_to_string(&path).unwrap(), "before\n");
        let mut output = OutputFile::create(&path, None).unwrap();
        assert_eq!(output.path().extension().unwrap(), "csv");
        output.file().write_all(b"after\n").unwrap();
        output.commit().unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "after\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_ledger_and_its_files_are_refused_by_any_path() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("t.db");
        fs::write(&ledger, "").unwrap();
        let other = dir.path().join("sub/../t.db");
        fs::create_dir(dir.path().join("sub")).unwrap();
        for path in [ledger.clone(), other, dir.path().join("t.db-wal")] {
            let error = OutputFile::create(&path, Some(&ledger)).unwrap_err();
            assert!(error.to_string().contains("refusing to write"), "{error}");
        }
        assert!(OutputFile::create(&dir.path().join("t.csv"), Some(&ledger)).is_ok());
    }
}
