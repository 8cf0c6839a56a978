//! A change on disk before it is reported done, without the writer waiting
//! for the disk while there is other work to do.
//!
//! With `synchronous = FULL`, SQLite syncs the write-ahead log at every
//! commit, inside the commit: about 0.8 ms on this project's machines (a
//! quarter of a coding's SQLite write, with tails of several ms), during
//! which the index sync that follows every change could have run. Here the
//! connection commits with `synchronous = NORMAL` (SQLite writes the log
//! but does not sync it; the database can never be corrupted by a power
//! cut, only recent commits lost) and a helper thread syncs the log after
//! each commit, while the caller goes on. [`Durability::wait`] returns once
//! everything committed so far is synced: the shell calls it after the
//! index sync, before it answers the window, and a project waits for it
//! when it is dropped. A change reported done is therefore on disk exactly
//! as with `FULL`.
//!
//! The commits are seen through SQLite's write-ahead-log hook, so no write
//! path can forget to ask for a sync. Registering the hook turns off
//! SQLite's automatic checkpoints; at the same threshold the hook asks a
//! second helper to checkpoint, which it does on a connection of its own
//! (a passive checkpoint: it never blocks the writer, nor the writer it).
//! Done inside the commit, as SQLite does, it made the writer copy every
//! page of a large change a second time, into the database, and wait for
//! two syncs: 100–150 ms of a merge of 8,000 codings at 5M words (7,700
//! log pages), before the index could be brought up to date. It has a
//! thread of its own so that a sync never waits behind it (done by the
//! syncing helper, an undo's wait for the disk took 309 ms at 5M words
//! once, behind a checkpoint).

use crate::error::{Error, Result};
use rusqlite::Connection;
use rusqlite::hooks::Wal;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// Log pages after which a commit checkpoints (SQLite's default).
const CHECKPOINT_PAGES: i32 = 1000;

/// Syncs the write-ahead log of one connection after its commits.
pub(crate) struct Durability {
    shared: Arc<Shared>,
    wal: PathBuf,
    helpers: Vec<JoinHandle<()>>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Commits seen by the hook.
    committed: u64,
    /// Commits known to be on disk.
    synced: u64,
    /// Why a sync failed, if one did. After a failed sync nothing says
    /// what reached the disk (a later sync can succeed without the lost
    /// pages), so every later wait reports it, until the project is opened
    /// again.
    failed: Option<(io::ErrorKind, String)>,
    stop: bool,
    /// Whether the helper is to checkpoint (the log has grown past
    /// [`CHECKPOINT_PAGES`]).
    checkpoint: bool,
    /// Whether a checkpoint was asked for that the helper has not finished.
    checkpoint_pending: bool,
    /// Whether the helper is checkpointing now.
    checkpointing: bool,
    /// The log's size in pages after the latest commit.
    log_pages: i32,
    /// Checkpoints the helper finished since the log was last started anew.
    copied_unrestarted: u32,
    /// Syncs done (for tests).
    syncs: u64,
    /// Checkpoints done (for tests).
    checkpoints: u64,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Durability {
    /// Sets up deferred syncing on `conn`, a connection in WAL mode to the
    /// project file at `path`, and lowers its `synchronous` to `NORMAL`.
    pub fn install(conn: &mut Connection, path: &Path) -> Result<Durability> {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let wal = PathBuf::from(wal);
        let shared = Arc::new(Shared::default());
        let spawn = |name: &str, run: Box<dyn FnOnce() + Send>| {
            std::thread::Builder::new()
                .name(name.into())
                .spawn(run)
                .map_err(|e| Error::Io {
                    path: wal.clone(),
                    source: e,
                })
        };
        let mut helpers = Vec::new();
        let (sync_shared, log) = (shared.clone(), wal.clone());
        helpers.push(spawn(
            "tematik-wal-sync",
            Box::new(move || sync_loop(&sync_shared, &log)),
        )?);
        let (checkpoint_shared, db) = (shared.clone(), path.to_owned());
        match spawn(
            "tematik-wal-checkpoint",
            Box::new(move || checkpoint_loop(&checkpoint_shared, &db)),
        ) {
            Ok(h) => helpers.push(h),
            Err(e) => {
                // The sync helper stops with the error.
                shared.lock().stop = true;
                shared.changed.notify_all();
                for h in helpers {
                    let _ = h.join();
                }
                return Err(e);
            }
        }
        let hook_shared = shared.clone();
        conn.wal_hook(Some(move |log: &mut Wal, pages: i32| {
            let here = {
                let mut s = hook_shared.lock();
                s.committed += 1;
                if pages < s.log_pages {
                    // The log was started anew.
                    s.copied_unrestarted = 0;
                }
                s.log_pages = pages;
                if pages < CHECKPOINT_PAGES {
                    false
                } else {
                    if !s.checkpoint_pending {
                        s.checkpoint_pending = true;
                        s.checkpoint = true;
                    }
                    // Commits came while the helper copied, twice: a log
                    // the writer never finds wholly copied is never
                    // started anew and would grow without end. The writer
                    // checkpoints, as SQLite would. (One large change
                    // after another, a merge and its undo, leaves it to
                    // the helper.)
                    s.copied_unrestarted >= 2
                }
            };
            hook_shared.changed.notify_all();
            if here {
                // The writer waits for the helper's checkpoint under way
                // (or takes over the one asked for), then copies the rest
                // itself while nothing is written: the next write starts
                // the log anew.
                {
                    let mut s = hook_shared.lock();
                    s.checkpoint = false;
                    while s.checkpointing {
                        s = hook_shared
                            .changed
                            .wait(s)
                            .unwrap_or_else(|e| e.into_inner());
                    }
                }
                // An error (another process checkpointing: busy) is not
                // the commit's, which has happened; returned, it would make
                // the write report a failure for a change in the file.
                let _ = log.checkpoint();
                let mut s = hook_shared.lock();
                s.checkpoint_pending = false;
                s.copied_unrestarted = 0;
                drop(s);
                hook_shared.changed.notify_all();
            }
            Ok(())
        }))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(Durability {
            shared,
            wal,
            helpers,
        })
    }

    /// Returns once every commit made so far is on disk, or with the error
    /// that kept it from getting there.
    pub fn wait(&self) -> Result<()> {
        let mut s = self.shared.lock();
        let target = s.committed;
        loop {
            if let Some((kind, message)) = &s.failed {
                return Err(Error::Io {
                    path: self.wal.clone(),
                    source: io::Error::new(
                        *kind,
                        format!("the latest changes may not be on disk: {message}"),
                    ),
                });
            }
            if s.synced >= target {
                return Ok(());
            }
            s = self
                .shared
                .changed
                .wait(s)
                .unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl Drop for Durability {
    fn drop(&mut self) {
        let _ = self.wait();
        self.shared.lock().stop = true;
        self.shared.changed.notify_all();
        for helper in self.helpers.drain(..) {
            let _ = helper.join();
        }
    }
}

/// The syncing helper: syncs the log whenever there are commits it has not
/// synced.
fn sync_loop(shared: &Shared, wal: &Path) {
    let mut file: Option<File> = None;
    loop {
        let target = {
            let mut s = shared.lock();
            let to_sync = |s: &State| s.synced < s.committed && s.failed.is_none();
            while !to_sync(&s) && !s.stop {
                s = shared.changed.wait(s).unwrap_or_else(|e| e.into_inner());
            }
            if !to_sync(&s) {
                return;
            }
            s.committed
        };
        let done = sync(&mut file, wal);
        {
            let mut s = shared.lock();
            s.syncs += 1;
            match done {
                Ok(()) => s.synced = s.synced.max(target),
                Err(e) => s.failed = Some((e.kind(), e.to_string())),
            }
        }
        shared.changed.notify_all();
    }
}

/// The checkpointing helper: checkpoints the log when the hook asks (and
/// once more at the end if asked, so a project closes with its log copied).
fn checkpoint_loop(shared: &Shared, db: &Path) {
    let mut checkpointer: Option<Connection> = None;
    loop {
        {
            let mut s = shared.lock();
            while !s.checkpoint && !s.stop {
                s = shared.changed.wait(s).unwrap_or_else(|e| e.into_inner());
            }
            if !s.checkpoint {
                return;
            }
            s.checkpoint = false;
            if s.failed.is_some() {
                // After a failed sync the log is not known to be on disk:
                // nothing is copied from it.
                s.checkpoint_pending = false;
                continue;
            }
            s.checkpointing = true;
        }
        // As SQLite's own automatic checkpoint, a failed one (the project's
        // file gone, another process checkpointing) is no change's: the
        // next one tries again. (A checkpoint syncs the log first.)
        let _ = run_checkpoint(&mut checkpointer, db);
        {
            let mut s = shared.lock();
            s.checkpoints += 1;
            s.copied_unrestarted += 1;
            s.checkpointing = false;
            s.checkpoint_pending = false;
        }
        shared.changed.notify_all();
    }
}

/// Copies the log into the database as far as no reader needs it, on the
/// helper's own connection (opened the first time, never creating a file).
fn run_checkpoint(conn: &mut Option<Connection>, db: &Path) -> rusqlite::Result<()> {
    if conn.is_none() {
        *conn = Some(Connection::open_with_flags(
            db,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?);
    }
    let conn = conn.as_ref().expect("opened above");
    conn.query_row("PRAGMA main.wal_checkpoint(PASSIVE)", [], |_| Ok(()))
}

fn sync(file: &mut Option<File>, wal: &Path) -> io::Result<()> {
    if file.is_none() {
        // Write access: Windows flushes only files opened for writing.
        let f = OpenOptions::new().read(true).write(true).open(wal)?;
        // The log's own entry in its folder, once (SQLite syncs the folder
        // when it creates the log under FULL).
        #[cfg(unix)]
        if let Some(folder) = wal.parent() {
            let folder = if folder.as_os_str().is_empty() {
                Path::new(".")
            } else {
                folder
            };
            File::open(folder)?.sync_all()?;
        }
        *file = Some(f);
    }
    file.as_ref().expect("opened above").sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wal_connection(path: &Path) -> (Connection, Durability) {
        let mut conn = Connection::open(path).unwrap();
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let durability = Durability::install(&mut conn, path).unwrap();
        (conn, durability)
    }

    #[test]
    fn a_wait_returns_once_every_commit_so_far_is_synced() {
        let dir = tempfile::tempdir().unwrap();
        let (conn, durability) = wal_connection(&dir.path().join("p.tematik"));
        let synchronous: i64 = conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        assert_eq!(synchronous, 1, "commits leave the sync to the helper");
        conn.execute_batch("CREATE TABLE t(x)").unwrap();
        for i in 0..20 {
            conn.execute("INSERT INTO t VALUES (?1)", [i]).unwrap();
        }
        durability.wait().unwrap();
        let s = durability.shared.lock();
        assert_eq!(s.committed, 21, "the hook saw every commit");
        assert_eq!(s.synced, 21);
        assert!(s.syncs >= 1 && s.syncs <= 21, "{} syncs", s.syncs);
        drop(s);
        // A commit to the temporary database is not in the log.
        conn.execute_batch("CREATE TEMP TABLE scratch(x); INSERT INTO scratch VALUES (1)")
            .unwrap();
        durability.wait().unwrap();
        assert_eq!(durability.shared.lock().committed, 21);
    }

    /// Waits until the helpers have nothing left to sync or checkpoint.
    fn settle(durability: &Durability) {
        durability.wait().unwrap();
        let mut s = durability.shared.lock();
        while s.checkpoint_pending {
            s = durability
                .shared
                .changed
                .wait(s)
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    fn log_frames(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))
            .unwrap()
    }

    #[test]
    fn the_helper_checkpoints_where_sqlite_would_have() {
        // Registering a log hook turns SQLite's own checkpoints off: were
        // nobody to checkpoint, the log would hold every commit.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.tematik");
        let (conn, durability) = wal_connection(&path);
        conn.execute_batch("CREATE TABLE t(x)").unwrap();
        let page: i64 = conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .unwrap();
        let blob = vec![7u8; page as usize];
        // One change larger than the threshold: the commit leaves the
        // checkpoint to the helper, and the next write starts the log anew.
        let tx = conn.unchecked_transaction().unwrap();
        for _ in 0..2 * CHECKPOINT_PAGES {
            tx.execute("INSERT INTO t VALUES (?1)", [&blob]).unwrap();
        }
        tx.commit().unwrap();
        settle(&durability);
        assert!(durability.shared.lock().checkpoints >= 1);
        conn.execute("INSERT INTO t VALUES (1)", []).unwrap();
        let frames = log_frames(&conn);
        assert!(frames < 10, "{frames} pages in the log after a checkpoint");
        // Commits one after the other, faster than the helper copies:
        // the log stays within a few thresholds.
        for _ in 0..6 * CHECKPOINT_PAGES {
            conn.execute("INSERT INTO t VALUES (?1)", [&blob]).unwrap();
        }
        settle(&durability);
        let log_bytes = std::fs::metadata(dir.path().join("p.tematik-wal"))
            .unwrap()
            .len();
        // The large change's pages, then what comes while the helper
        // checkpoints twice before the hook does.
        let bound = 5 * CHECKPOINT_PAGES as u64 * (page as u64 + 24);
        assert!(log_bytes < bound, "the log grew to {log_bytes} bytes");
        // Once the writer lets the helper catch up, the log starts anew:
        // a write after the burst asks for a checkpoint (unless the log is
        // short already), the next finds it done.
        conn.execute("INSERT INTO t VALUES (1)", []).unwrap();
        settle(&durability);
        conn.execute("INSERT INTO t VALUES (1)", []).unwrap();
        let frames = log_frames(&conn);
        assert!(
            frames < i64::from(CHECKPOINT_PAGES),
            "{frames} pages in the log after the burst"
        );
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 8 * i64::from(CHECKPOINT_PAGES) + 3);
    }

    #[test]
    fn a_project_on_disk_has_its_writes_synced_and_one_in_memory_needs_none() {
        use crate::clock::SystemClock;
        use crate::storage::{NewCode, Project};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.tematik");
        let mut p = Project::create(&path, "Durable", Arc::new(SystemClock)).unwrap();
        let by = p.ensure_throwaway_coder("Anna").unwrap();
        for name in ["Samverkan", "Delaktighet"] {
            p.create_code(
                by,
                NewCode {
                    name: name.into(),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        p.wait_durable().unwrap();
        let durability = p
            .durability
            .as_ref()
            .expect("a project on disk in WAL mode");
        let s = durability.shared.lock();
        assert!(
            s.committed >= 3,
            "creation, the coder, two codes: {}",
            s.committed
        );
        assert_eq!(s.synced, s.committed);
        drop(s);
        let memory = Project::create_in_memory("Minne", Arc::new(SystemClock)).unwrap();
        assert!(memory.durability.is_none());
        memory.wait_durable().unwrap();
    }

    #[test]
    fn dropping_waits_for_the_last_sync_and_stops_the_helper() {
        let dir = tempfile::tempdir().unwrap();
        let (conn, durability) = wal_connection(&dir.path().join("p.tematik"));
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
            .unwrap();
        let shared = durability.shared.clone();
        drop(durability);
        let s = shared.lock();
        assert!(s.stop);
        assert_eq!(s.synced, s.committed);
    }
}
