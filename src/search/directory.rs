//! The index folder, with this session's writes staged in memory.
//!
//! Tantivy writes several files per commit (one per segment component, the
//! list of files, `meta.json`) and syncs each to disk: some thirty `fsync`s
//! and fifteen file creations for every change, which was most of the time
//! of one coding end to end. The index is derived data, rebuilt from the
//! project whenever it is in doubt, so that durability costs more than it
//! is worth. Here, files written during a session are kept in memory (a
//! large one, from a rebuild or a big merge, goes to an unsynced file once
//! it passes [`SPILL`]) and written out, synced, when the index is closed
//! ([`StagedDirectory::persist`]).
//!
//! A marker file is present in the folder from the first change to it that
//! the folder alone does not hold (a new file, a replaced `meta.json`, a
//! file deleted) until everything is persisted; an index found with it (the
//! app exited without closing the index, or the machine stopped) is not
//! trusted and is rebuilt.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory,
    TerminatingWrite, WatchCallback, WatchHandle, WritePtr,
};

/// Present in an index folder while it may hold changes not yet persisted.
const UNSYNCED: &str = "tematik-unsynced";

/// A file being written moves to disk (unsynced) once it is this large.
const SPILL: usize = 1 << 20;

/// The index folder on disk, with this session's new files in memory.
#[derive(Clone, Debug)]
pub(crate) struct StagedDirectory {
    disk: MmapDirectory,
    root: PathBuf,
    staged: Arc<RwLock<Staged>>,
    /// Whether the folder holds the marker.
    marked: Arc<AtomicBool>,
}

/// What this session wrote and the disk does not hold yet.
#[derive(Debug, Default)]
struct Staged {
    files: HashMap<PathBuf, FileSlice>,
    /// Files being written (their names are taken).
    writing: HashSet<PathBuf>,
    /// Small files replaced whole (`meta.json`, the list of files).
    atomic: HashMap<PathBuf, Vec<u8>>,
}

fn lock_poisoned() -> io::Error {
    io::Error::other("a thread panicked while holding the index's file table")
}

impl StagedDirectory {
    pub fn open(root: &Path) -> Result<StagedDirectory, OpenDirectoryError> {
        Ok(StagedDirectory {
            disk: MmapDirectory::open(root)?,
            root: root.to_owned(),
            staged: Arc::default(),
            marked: Arc::new(AtomicBool::new(is_unsynced(root))),
        })
    }

    /// Before the folder and the index part ways: the marker, durably.
    fn mark(&self) -> io::Result<()> {
        if !self.marked.load(Ordering::Acquire) {
            File::create(self.root.join(UNSYNCED))?.sync_all()?;
            sync_folder(&self.root)?;
            self.marked.store(true, Ordering::Release);
        }
        Ok(())
    }

    /// Writes every staged file to disk and syncs the folder, then removes
    /// the marker: the folder alone holds the index again. Does nothing when
    /// there is nothing to write.
    pub fn persist(&self) -> io::Result<()> {
        let mut staged = self.staged.write().map_err(|_| lock_poisoned())?;
        if !self.marked.load(Ordering::Acquire) {
            return Ok(());
        }
        for (path, slice) in &staged.files {
            std::fs::write(self.root.join(path), slice.read_bytes()?.as_slice())?;
        }
        // Everything a new meta.json can name is durable before it is.
        for entry in std::fs::read_dir(&self.root)? {
            let path = entry?.path();
            if path.is_file() && !path.ends_with(UNSYNCED) {
                // Write access: Windows flushes only files opened for writing.
                OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(&path)?
                    .sync_all()?;
            }
        }
        for (path, data) in &staged.atomic {
            let temp = self.root.join(format!(".{}.tmp", path.to_string_lossy()));
            let mut file = File::create(&temp)?;
            file.write_all(data)?;
            file.sync_all()?;
            std::fs::rename(&temp, self.root.join(path))?;
        }
        sync_folder(&self.root)?;
        staged.files.clear();
        staged.atomic.clear();
        std::fs::remove_file(self.root.join(UNSYNCED))?;
        sync_folder(&self.root)?;
        self.marked.store(false, Ordering::Release);
        Ok(())
    }
}

/// A file being written: in memory, or on disk once past [`SPILL`].
struct StagedFile {
    path: PathBuf,
    dir: StagedDirectory,
    buffer: Vec<u8>,
    file: Option<File>,
    done: bool,
}

impl Write for StagedFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(f) = &mut self.file {
            return f.write(buf);
        }
        self.buffer.extend_from_slice(buf);
        if self.buffer.len() > SPILL {
            let mut f = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(self.dir.root.join(&self.path))?;
            f.write_all(&self.buffer)?;
            self.buffer = Vec::new();
            self.file = Some(f);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl TerminatingWrite for StagedFile {
    fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
        self.flush()?;
        let mut staged = self.dir.staged.write().map_err(|_| lock_poisoned())?;
        if self.file.is_none() {
            let bytes = std::mem::take(&mut self.buffer);
            staged
                .files
                .insert(self.path.clone(), FileSlice::from(bytes));
        }
        staged.writing.remove(&self.path);
        self.done = true;
        Ok(())
    }
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        if !self.done
            && let Ok(mut staged) = self.dir.staged.write()
        {
            staged.writing.remove(&self.path);
        }
    }
}

impl Directory for StagedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let staged = self
            .staged
            .read()
            .map_err(|_| OpenReadError::wrap_io_error(lock_poisoned(), path.to_owned()))?;
        match staged.files.get(path) {
            Some(slice) => Ok(Arc::new(slice.clone())),
            None => self.disk.get_file_handle(path),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        let io = |e: io::Error| DeleteError::IoError {
            io_error: Arc::new(e),
            filepath: path.to_owned(),
        };
        let removed = self
            .staged
            .write()
            .map_err(|_| io(lock_poisoned()))?
            .files
            .remove(path);
        match removed {
            Some(_) => Ok(()),
            None => {
                // The persisted meta.json may still name it.
                self.mark().map_err(io)?;
                self.disk.delete(path)
            }
        }
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        let staged = self
            .staged
            .read()
            .map_err(|_| OpenReadError::wrap_io_error(lock_poisoned(), path.to_owned()))?;
        if staged.files.contains_key(path)
            || staged.writing.contains(path)
            || staged.atomic.contains_key(path)
        {
            return Ok(true);
        }
        self.disk.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        if self.exists(path).unwrap_or(true) {
            return Err(OpenWriteError::FileAlreadyExists(path.to_owned()));
        }
        self.mark()
            .map_err(|e| OpenWriteError::wrap_io_error(e, path.to_owned()))?;
        self.staged
            .write()
            .map_err(|_| OpenWriteError::wrap_io_error(lock_poisoned(), path.to_owned()))?
            .writing
            .insert(path.to_owned());
        Ok(BufWriter::new(Box::new(StagedFile {
            path: path.to_owned(),
            dir: self.clone(),
            buffer: Vec::new(),
            file: None,
            done: false,
        })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let staged = self
            .staged
            .read()
            .map_err(|_| OpenReadError::wrap_io_error(lock_poisoned(), path.to_owned()))?;
        match staged.atomic.get(path) {
            Some(data) => Ok(data.clone()),
            None => self.disk.atomic_read(path),
        }
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.mark()?;
        self.staged
            .write()
            .map_err(|_| lock_poisoned())?
            .atomic
            .insert(path.to_owned(), data.to_vec());
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.disk.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.disk.watch(watch_callback)
    }
}

/// Whether the folder may hold an index that was never fully persisted
/// (the app or the machine stopped before it was closed).
pub(crate) fn is_unsynced(root: &Path) -> bool {
    root.join(UNSYNCED).exists()
}

/// Makes the folder's entries (new, renamed, removed files) durable.
fn sync_folder(root: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(root)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        // Windows persists directory entries with the files themselves.
        let _ = root;
        Ok(())
    }
}
