//! Facet counts for the sidebar.
//!
//! Tantivy's `FacetCollector` prepares each segment by walking the whole
//! facet dictionary (every document, speaker, attribute value and code in
//! the index) once per requested level, before it counts a single hit; with
//! 25,000 documents that was most of a faceted search. This collector does
//! the same counting but learns what each facet ordinal means only for
//! ordinals that hits actually carry.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Dictionary;
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts, for every facet whose parent is one of `parents`, the hits that
/// carry it or something below it (a hit counts once per facet).
pub(crate) struct FacetCounter {
    /// The parents, as encoded facets.
    parents: Arc<HashSet<String>>,
    cache: Arc<Mutex<FacetCache>>,
}

/// What facet ordinals mean, per segment, kept between searches: segments
/// never change, and looking ordinals up in the facet dictionary was most
/// of the cost of counting.
#[derive(Default)]
pub(crate) struct FacetCache {
    /// The parents the lists below were made for.
    parents: Arc<HashSet<String>>,
    segments: HashMap<SegmentId, SegmentFacets>,
}

/// What the facet ordinals of one segment stand for.
struct SegmentFacets {
    /// Per facet ordinal: 0 when not seen yet, else 1 + its index in `lists`.
    slots: Vec<u32>,
    /// Per seen ordinal: the counted facets it stands for.
    lists: Vec<Vec<u32>>,
    /// Counted facets (encoded) and their ids.
    names: Vec<Arc<str>>,
    ids: FnvMap<Arc<str>, u32>,
}

impl FacetCounter {
    /// A counter for `parents` (encoded), on a searcher with `segments`.
    pub fn new(
        parents: &Arc<HashSet<String>>,
        segments: &[SegmentId],
        cache: &Arc<Mutex<FacetCache>>,
    ) -> FacetCounter {
        let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
        if !Arc::ptr_eq(&c.parents, parents) && c.parents != *parents {
            c.segments.clear();
        }
        c.parents = parents.clone();
        c.segments.retain(|id, _| segments.contains(id));
        FacetCounter {
            parents: c.parents.clone(),
            cache: cache.clone(),
        }
    }
}

/// Counts by encoded facet.
pub(crate) type Counts = FnvMap<Arc<str>, u64>;

/// FNV-1a: facet names are short and come from the project, so SipHash's
/// protection is not needed, and its cost showed in profiles.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A hash map with [`Fnv`].
pub(crate) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

pub(crate) struct SegmentCounter {
    reader: FacetReader,
    parents: Arc<HashSet<String>>,
    segment: SegmentId,
    facets: SegmentFacets,
    cache: Arc<Mutex<FacetCache>>,
    /// Per counted facet id: hits, and the last hit (+ 1) that counted.
    counts: Vec<u64>,
    last: Vec<DocId>,
}

impl Collector for FacetCounter {
    type Fruit = Counts;
    type Child = SegmentCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCounter> {
        let segment = reader.segment_id();
        let facet_reader = reader.facet_reader("facets")?;
        let cached = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .segments
            .remove(&segment);
        let facets = cached.unwrap_or_else(|| SegmentFacets {
            slots: vec![0; facet_reader.facet_dict().num_terms()],
            lists: Vec::new(),
            names: Vec::new(),
            ids: FnvMap::default(),
        });
        let n = facets.names.len();
        Ok(SegmentCounter {
            reader: facet_reader,
            parents: self.parents.clone(),
            segment,
            facets,
            cache: self.cache.clone(),
            counts: vec![0; n],
            last: vec![0; n],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let total: usize = fruits.iter().map(|f| f.len()).sum();
        let mut fruits = fruits.into_iter();
        let mut all = fruits.next().unwrap_or_default();
        all.reserve(total.saturating_sub(all.len()));
        for fruit in fruits {
            for (facet, n) in fruit {
                *all.entry(facet).or_default() += n;
            }
        }
        Ok(all)
    }
}

/// The facets counted for a hit carrying `encoded`: it and each of its
/// ancestors whose parent is one of `parents`.
fn counted(encoded: &str, parents: &HashSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let ends = encoded
        .char_indices()
        .filter(|(_, c)| *c == '\0')
        .map(|(i, _)| i)
        .chain(std::iter::once(encoded.len()));
    let mut parent_end = None;
    for end in ends {
        if let Some(p) = parent_end
            && parents.contains(&encoded[..p])
        {
            out.push(encoded[..end].to_owned());
        }
        parent_end = Some(end);
    }
    out
}

/// An encoded facet as text ("/tag/niva/mikro"), written as
/// `Facet::to_string` writes it (a slash or backslash in a step becomes
/// `\/`) without its regular expression, which cost more than counting.
pub(crate) fn display(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len() + 1);
    let plain = !encoded.contains(['/', '\\']);
    for step in encoded.split('\0') {
        out.push('/');
        if plain {
            out.push_str(step);
            continue;
        }
        for c in step.chars() {
            if c == '/' || c == '\\' {
                out.push_str("\\/");
            } else {
                out.push(c);
            }
        }
    }
    out
}

fn term(dict: &Dictionary, ord: u64) -> String {
    let mut bytes = Vec::new();
    match dict.ord_to_term(ord, &mut bytes) {
        Ok(true) => String::from_utf8(bytes).unwrap_or_default(),
        _ => String::new(),
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let SegmentCounter {
            reader,
            parents,
            facets,
            counts,
            last,
            ..
        } = self;
        for ord in reader.facet_ords(doc) {
            let Some(slot) = facets.slots.get_mut(ord as usize) else {
                continue;
            };
            if *slot == 0 {
                let SegmentFacets {
                    lists, names, ids, ..
                } = &mut *facets;
                let list = counted(&term(reader.facet_dict(), ord), parents)
                    .into_iter()
                    .map(|name| {
                        let name: Arc<str> = name.into();
                        *ids.entry(name).or_insert_with_key(|name| {
                            names.push(name.clone());
                            (names.len() - 1) as u32
                        })
                    })
                    .collect();
                lists.push(list);
                facets.slots[ord as usize] = lists.len() as u32;
            }
            let slot = facets.slots[ord as usize] as usize;
            for &id in &facets.lists[slot - 1] {
                let id = id as usize;
                if id >= counts.len() {
                    counts.resize(id + 1, 0);
                    last.resize(id + 1, 0);
                }
                if last[id] != doc + 1 {
                    last[id] = doc + 1;
                    counts[id] += 1;
                }
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut counts = Counts::with_capacity_and_hasher(self.counts.len(), Default::default());
        counts.extend(
            self.counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(id, n)| (self.facets.names[id].clone(), *n)),
        );
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        // Kept only if made for the parents the cache is for now.
        if cache.parents == self.parents {
            cache.segments.insert(self.segment, self.facets);
        }
        counts
    }
}
