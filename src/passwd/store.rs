//! Reading a password file and replacing it atomically.
//!
//! Policy: the original file is never written in place. The new contents go
//! to a temporary file in the same directory, which gets the original's
//! permission bits and owner (a new file: mode 0600, and the owner chosen by
//! [`crate::passwd::owner`]), is synced
//! to disk and then renamed over the original, and the directory is synced.
//! A crash or an error at any point leaves either the old file or the new
//! one, never a mix. A symlink is followed: the file it points to is
//! replaced, the link stays. If the file changed on disk since we read it,
//! nothing is written.

use std::fs::{self, File, Metadata};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::passwd::owner::Owner;

/// Mode of a newly created password file: it holds hashes, keep them private.
const NEW_FILE_MODE: u32 = 0o600;

/// Why the file could not be read or replaced. In every case the file on
/// disk is as it was.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file does not exist (and the command does not create it).
    #[error("{} does not exist (use -c to create it)", .0.display())]
    NotFound(PathBuf),
    /// The path names a directory or a device, not a file.
    #[error("{} is not a regular file", .0.display())]
    NotRegularFile(PathBuf),
    /// Someone changed the file while we were working on it.
    #[error("{} changed while this command ran; nothing written, try again", .0.display())]
    Changed(PathBuf),
    /// An I/O operation failed.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        /// What we were doing, as a verb phrase.
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
}

fn io_error<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io { action, path: path.to_path_buf(), source }
}

/// A password file on disk, as it was when read.
#[derive(Debug)]
pub struct StoredFile {
    /// The real path (symlinks resolved) that will be replaced.
    path: PathBuf,
    /// The contents as read; `None` when the file does not exist yet.
    original: Option<Vec<u8>>,
    metadata: Option<Metadata>,
    /// Who a file created here will belong to (`None`: whoever runs us).
    new_owner: Option<Owner>,
}

impl StoredFile {
    /// Reads `path`; a missing file is `NotFound` unless `may_be_missing`.
    pub fn open(path: &Path, may_be_missing: bool) -> Result<StoredFile, StoreError> {
        let real_path = match fs::canonicalize(path) {
            Ok(real) => real,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if fs::symlink_metadata(path).is_ok() {
                    // A dangling symlink: creating its target is a surprise
                    // we do not want to make.
                    return Err(StoreError::Io {
                        action: "follow the symlink",
                        path: path.to_path_buf(),
                        source: err,
                    });
                }
                if !may_be_missing {
                    return Err(StoreError::NotFound(path.to_path_buf()));
                }
                return Ok(StoredFile {
                    path: path.to_path_buf(),
                    original: None,
                    metadata: None,
                    new_owner: None,
                });
            }
            Err(err) => return Err(io_error("resolve", path)(err)),
        };
        let metadata = fs::metadata(&real_path).map_err(io_error("inspect", path))?;
        if !metadata.is_file() {
            return Err(StoreError::NotRegularFile(path.to_path_buf()));
        }
        let original = fs::read(&real_path).map_err(io_error("read", path))?;
        Ok(StoredFile {
            path: real_path,
            original: Some(original),
            metadata: Some(metadata),
            new_owner: None,
        })
    }

    /// The owner a file that does not exist yet is given (default: ours).
    pub fn with_new_file_owner(mut self, owner: Option<Owner>) -> StoredFile {
        self.new_owner = owner;
        self
    }

    /// The file's metadata after a write, for the owner checks.
    pub fn metadata_now(&self) -> io::Result<Metadata> {
        fs::metadata(&self.path)
    }

    /// The contents as read (empty for a file that does not exist yet).
    pub fn contents(&self) -> &[u8] {
        self.original.as_deref().unwrap_or_default()
    }

    /// True when the file existed.
    pub fn exists(&self) -> bool {
        self.original.is_some()
    }

    /// Replaces the file with `contents`, atomically (see the module docs).
    pub fn replace(&self, contents: &[u8]) -> Result<(), StoreError> {
        let path = &self.path;
        let directory = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let file_name = path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
        let mut temporary = tempfile::Builder::new()
            .prefix(&format!(".{file_name}."))
            .suffix(".tmp")
            .tempfile_in(directory)
            .map_err(io_error("create a temporary file in", directory))?;
        let temporary_path = temporary.path().to_path_buf();
        let write = io_error("write", &temporary_path);
        temporary.write_all(contents).map_err(write)?;
        self.copy_owner_and_mode(temporary.as_file(), &temporary_path)?;
        temporary.as_file().sync_all().map_err(io_error("sync", &temporary_path))?;
        self.check_unchanged()?;
        // On failure the temporary file is removed when `PersistError` drops.
        temporary.persist(path).map_err(|err| io_error("replace", path)(err.error))?;
        // Make the rename itself durable.
        File::open(directory)
            .and_then(|dir| dir.sync_all())
            .map_err(io_error("sync the directory", directory))?;
        Ok(())
    }

    fn copy_owner_and_mode(&self, file: &File, temporary_path: &Path) -> Result<(), StoreError> {
        let Some(metadata) = &self.metadata else {
            if let Some(owner) = self.new_owner {
                std::os::unix::fs::fchown(file, Some(owner.uid), Some(owner.gid))
                    .map_err(io_error("give the new file its owner:", &self.path))?;
            }
            return file
                .set_permissions(fs::Permissions::from_mode(NEW_FILE_MODE))
                .map_err(io_error("set permissions of", temporary_path));
        };
        let current = file.metadata().map_err(io_error("inspect", temporary_path))?;
        if (current.uid(), current.gid()) != (metadata.uid(), metadata.gid()) {
            // The broker may run as the file's owner: giving the file to us
            // could lock it out, so failing here is the safe choice.
            std::os::unix::fs::fchown(file, Some(metadata.uid()), Some(metadata.gid()))
                .map_err(io_error("keep the owner and group of", &self.path))?;
        }
        // After chown, which may clear set-id bits.
        file.set_permissions(fs::Permissions::from_mode(metadata.mode() & 0o7777))
            .map_err(io_error("set permissions of", temporary_path))
    }

    /// Fails when the file on disk is no longer what we read.
    fn check_unchanged(&self) -> Result<(), StoreError> {
        let now = match fs::read(&self.path) {
            Ok(bytes) => Some(bytes),
            Err(err) if err.kind() == io::ErrorKind::NotFound => None,
            Err(err) => return Err(io_error("read", &self.path)(err)),
        };
        if now != self.original {
            return Err(StoreError::Changed(self.path.clone()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use super::{StoreError, StoredFile};

    #[test]
    fn replace_keeps_mode_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pw");
        fs::write(&path, b"old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let stored = StoredFile::open(&path, false).unwrap();
        assert_eq!(stored.contents(), b"old\n");
        stored.replace(b"new\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new\n");
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o7777, 0o640);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn new_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new");
        let stored = StoredFile::open(&path, true).unwrap();
        assert!(!stored.exists());
        stored.replace(b"x\n").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o7777, 0o600);
    }

    #[test]
    fn missing_file_is_not_found_unless_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let err = StoredFile::open(&dir.path().join("nope"), false).unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    }

    #[test]
    fn symlinks_are_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real");
        let link = dir.path().join("link");
        fs::write(&target, b"a\n").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        StoredFile::open(&link, false).unwrap().replace(b"b\n").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"b\n");
    }

    #[test]
    fn a_concurrent_change_aborts_the_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pw");
        fs::write(&path, b"one\n").unwrap();
        let stored = StoredFile::open(&path, false).unwrap();
        fs::write(&path, b"someone else\n").unwrap();
        let err = stored.replace(b"mine\n").unwrap_err();
        assert!(matches!(err, StoreError::Changed(_)), "{err:?}");
        assert_eq!(fs::read(&path).unwrap(), b"someone else\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = StoredFile::open(dir.path(), false).unwrap_err();
        assert!(matches!(err, StoreError::NotRegularFile(_)), "{err:?}");
    }
}
