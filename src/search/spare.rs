//! A segment writer made ready before the change that needs it.
//!
//! Every change to the project becomes one small segment of the index
//! (`SearchIndex::add_segment`), and a fresh `SegmentWriter` costs the same
//! whatever it will hold: tantivy clears nine 1 MB memory arenas for the
//! term table and the fast-field columns before the first entry is added,
//! about 1.5 ms of the 6 ms an index sync took at 5M words. Here a helper
//! thread makes the next change's writer while the user (or the SQLite
//! write of the next change) is busy elsewhere, so the change only fills
//! and finishes it.
//!
//! A spare writer is asked for only after a change has been indexed:
//! making one creates the segment's store file, which marks the index
//! folder as holding unpersisted files, and an index only opened and read
//! must stay clean.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use tantivy::indexer::SegmentWriter;
use tantivy::{Index, Segment};

/// The memory a spare writer is sized for: tantivy makes its term table a
/// third of it, enough for a change of some 64 kB of text (larger changes
/// get a writer of their own, sized for them).
pub const SPARE_MEMORY: usize = 1 << 20;

type Made = tantivy::Result<(Segment, SegmentWriter)>;

/// The helper thread and the writer it is making or has made.
pub struct Spare {
    /// One message per writer wanted; dropped to stop the helper.
    want: Option<Sender<()>>,
    made: Receiver<Made>,
    /// Whether a writer was asked for and not yet taken.
    pending: bool,
    /// A writer received by [`Spare::settle`], kept for [`Spare::take`].
    ready: Option<Made>,
    helper: Option<JoinHandle<()>>,
}

impl Spare {
    /// A helper making writers of segments of `index` (whose settings they
    /// are written with).
    pub fn new(index: Index) -> std::io::Result<Spare> {
        let (want, wanted) = mpsc::channel::<()>();
        let (done, made) = mpsc::channel::<Made>();
        let helper = std::thread::Builder::new()
            .name("tematik-spare-segment".into())
            .spawn(move || {
                while wanted.recv().is_ok() {
                    let segment = index.new_segment();
                    let writer = SegmentWriter::for_segment(SPARE_MEMORY, segment.clone());
                    if done.send(writer.map(|w| (segment, w))).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Spare {
            want: Some(want),
            made,
            pending: false,
            ready: None,
            helper: Some(helper),
        })
    }

    /// Asks for a writer for the next change, unless one is on its way.
    pub fn prepare(&mut self) {
        if !self.pending
            && let Some(want) = &self.want
        {
            self.pending = want.send(()).is_ok();
        }
    }

    /// The writer asked for, waiting for it if it is still being made;
    /// `None` if none was asked for or the helper has stopped.
    pub fn take(&mut self) -> Option<Made> {
        if !std::mem::take(&mut self.pending) {
            return None;
        }
        self.ready.take().or_else(|| self.made.recv().ok())
    }

    /// Waits until a writer on its way is made (its files are in the
    /// folder), keeping it for [`Spare::take`]: after this the helper
    /// writes nothing until asked again, so the folder can be persisted.
    pub fn settle(&mut self) {
        if self.pending && self.ready.is_none() {
            self.ready = self.made.recv().ok();
            self.pending = self.ready.is_some();
        }
    }

    /// Stops the helper and drops any writer it made (its segment is never
    /// part of the index), so that nothing more is written to the index
    /// folder by it.
    pub fn stop(&mut self) {
        self.want = None;
        if let Some(helper) = self.helper.take() {
            let _ = helper.join();
        }
        while self.made.try_recv().is_ok() {}
        self.ready = None;
        self.pending = false;
    }
}

impl Drop for Spare {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::indexer::AddOperation;
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{TantivyDocument, doc};

    #[test]
    fn a_spare_writer_is_made_only_when_asked_for_and_taken_once() {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_ram(b.build());
        let mut spare = Spare::new(index.clone()).unwrap();
        assert!(spare.take().is_none(), "nothing was asked for");
        spare.prepare();
        spare.prepare();
        let (segment, mut writer) = spare.take().expect("asked for").unwrap();
        assert!(spare.take().is_none(), "asked for once, made once");
        // The writer is a working one, for a new segment of this index.
        let document: TantivyDocument = doc!(text => "samverkan");
        writer
            .add_document(AddOperation {
                opstamp: 0,
                document,
            })
            .unwrap();
        assert_eq!(writer.max_doc(), 1);
        writer.finalize().unwrap();
        assert!(
            !index
                .searchable_segment_ids()
                .unwrap()
                .contains(&segment.id()),
            "not part of the index until added"
        );
        spare.prepare();
        spare.stop();
        assert!(spare.take().is_none(), "a stopped helper makes nothing");
        spare.prepare();
        assert!(spare.take().is_none());
    }
}
