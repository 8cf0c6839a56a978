//! This computer's identity: who codes here, and which computer "here" is.
//!
//! A project file travels between laptops. Coders are matched by id, never
//! by name, and every undo entry records the computer it was made on, so
//! both ids must stay the same for as long as the person uses this computer:
//! they are created once and kept in a small JSON file in the user's config
//! directory (`dirs::config_dir()/tematik`), which the desktop app and the
//! command line share.

use crate::error::{Error, Result};
use crate::ids::CoderId;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The file in the config directory that holds the identity.
pub const FILE_NAME: &str = "identity.json";

/// Who codes on this computer, and the computer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalIdentity {
    /// This computer: the origin of its undo entries
    /// ([`crate::Project::set_origin`]).
    pub computer: Uuid,
    /// The coder who codes here ([`crate::Project::ensure_coder`]).
    pub coder: CoderId,
}

/// The config directory the desktop app and the command line share:
/// `tematik` in the user's config directory (`~/.config/tematik` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("tematik"))
}

impl LocalIdentity {
    /// The identity kept in `dir`, created (with new random ids) the first
    /// time. The file is written whole or not at all (a temporary file
    /// linked into place), and two processes creating it at once end up
    /// with the same identity: the first to link its file wins, the other
    /// reads it.
    pub fn load_or_create(dir: &Path) -> Result<LocalIdentity> {
        let path = dir.join(FILE_NAME);
        if let Some(identity) = read(&path)? {
            return Ok(identity);
        }
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| Error::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let fresh = LocalIdentity {
            computer: Uuid::new_v4(),
            coder: CoderId::new(),
        };
        let temp = dir.join(format!(".{FILE_NAME}.{}.tmp", Uuid::new_v4().simple()));
        let written = (|| {
            let mut file = std::fs::File::create_new(&temp)?;
            file.write_all(serde_json::to_string_pretty(&fresh)?.as_bytes())?;
            file.sync_all()?;
            // A hard link never replaces a file that is already there, so
            // an identity another process made meanwhile is kept.
            match std::fs::hard_link(&temp, &path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
                // A file system without hard links: rename is atomic too.
                Err(_) => std::fs::rename(&temp, &path),
            }
        })();
        let _ = std::fs::remove_file(&temp);
        written.map_err(io(&path))?;
        read(&path)?.ok_or_else(|| Error::Io {
            path: path.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the identity file vanished right after it was written",
            ),
        })
    }
}

/// The identity in `path`, or `None` if there is no such file yet.
fn read(path: &Path) -> Result<Option<LocalIdentity>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Error::corrupt(path.display().to_string(), e.to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_is_created_once_and_then_kept() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("nested").join("tematik");
        let first = LocalIdentity::load_or_create(&config).unwrap();
        let again = LocalIdentity::load_or_create(&config).unwrap();
        assert_eq!(first, again, "the second call reads what the first wrote");
        let other = LocalIdentity::load_or_create(&dir.path().join("elsewhere")).unwrap();
        assert_ne!(first.computer, other.computer);
        assert_ne!(first.coder, other.coder);
        let names: Vec<_> = std::fs::read_dir(&config)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [FILE_NAME], "no temporary file is left behind");
    }

    #[test]
    fn a_damaged_identity_file_is_reported_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"{ not json").unwrap();
        let err = LocalIdentity::load_or_create(dir.path()).unwrap_err();
        assert!(matches!(err, Error::Corrupt { .. }), "{err}");
        assert_eq!(
            std::fs::read(dir.path().join(FILE_NAME)).unwrap(),
            b"{ not json",
            "the file is left as it was"
        );
    }

    #[test]
    fn processes_creating_the_identity_at_once_agree_on_it() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().to_owned();
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let config = config.clone();
                std::thread::spawn(move || LocalIdentity::load_or_create(&config).unwrap())
            })
            .collect();
        let ids: Vec<LocalIdentity> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
    }
}
