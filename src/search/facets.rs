//! Facet counts for the sidebar, and the filters found through codings.
//!
//! Tantivy's `FacetCollector` prepares each segment by walking the whole
//! facet dictionary (every document, speaker, attribute value and code in
//! the index) once per requested level, before it counts a single hit; with
//! 25,000 documents that was most of a faceted search. This collector does
//! the same counting but learns what each facet ordinal means only for
//! ordinals that hits actually carry.
//!
//! An entry holds the codings it is or lies under (`/coding/<id>`), not
//! their codes, statuses or tags: a coding ordinal stands for the facets of
//! its coding as the coding table and the catalog give them now
//! (`codings.rs`), worked out again when either changed. Filters on codes,
//! tags and statuses are applied here, hit by hit, for the same reason.

use super::codings::CodingTable;
use super::entries::Catalog;
use super::facet_key;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Dictionary;
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Facets found through codings that a hit must carry: one of each group
/// (codes, each tag dimension, statuses), and none of `none`. Given
/// encoded (`Facet::encoded_str`).
#[derive(Clone, Debug, Default)]
pub(crate) struct CodingFilter {
    pub groups: Vec<Vec<String>>,
    pub none: Vec<String>,
}

impl CodingFilter {
    fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.none.is_empty()
    }
}

/// What a search looks up about codings: the catalog (a code's path,
/// status and defaults) and the coding table (each coding's code and tags).
#[derive(Clone)]
pub(crate) struct Lookups {
    pub catalog: Arc<Catalog>,
    pub codings: Arc<CodingTable>,
}

/// Runs `inner` on the hits that pass `filter` and, when `count`, counts
/// for every facet whose parent is one of the catalog's parents the hits
/// that carry it or something below it (a hit counts once per facet).
pub(crate) struct Faceted<C> {
    inner: C,
    count: bool,
    filter: Arc<CodingFilter>,
    parents: Arc<HashSet<String>>,
    catalog: Arc<Catalog>,
    codings: Arc<CodingTable>,
    cache: Arc<Mutex<FacetCache>>,
}

/// What facet ordinals mean, per segment, kept between searches: segments
/// never change, and looking ordinals up in the facet dictionary was most
/// of the cost of counting.
#[derive(Default)]
pub(crate) struct FacetCache {
    /// The parents the lists below were made for.
    parents: Arc<HashSet<String>>,
    /// The coding table whose positions `coding` slots hold.
    epoch: u64,
    segments: HashMap<SegmentId, SegmentFacets>,
}

/// What the facet ordinals of one segment stand for.
struct SegmentFacets {
    /// Per facet ordinal: 0 when not seen yet; else, with [`CODING`] set,
    /// the index of its slot in `codings`, or else 1 + its index in `lists`.
    slots: Vec<u32>,
    /// Per seen ordinal: the counted facets it stands for.
    lists: Vec<Vec<u32>>,
    /// Per seen coding ordinal: what its coding stands for, and when that
    /// was worked out.
    codings: Vec<CodingSlot>,
    /// Counted facets (encoded) and their ids.
    names: Vec<Arc<str>>,
    ids: FnvMap<Arc<str>, u32>,
}

/// Marks a slot as a coding's.
const CODING: u32 = 1 << 31;

/// A coding ordinal's counted facets, as of its coding's row `version` in
/// the coding table and catalog `generation`.
struct CodingSlot {
    coding: Option<crate::ids::CodingId>,
    position: Option<u32>,
    version: u32,
    generation: u64,
    list: Vec<u32>,
}

impl<C> Faceted<C> {
    /// Runs `inner` on the hits that pass `filter`, counting facets if
    /// `count`, on a searcher with `segments`.
    pub fn new(
        inner: C,
        count: bool,
        filter: CodingFilter,
        lookups: &Lookups,
        segments: &[SegmentId],
        cache: &Arc<Mutex<FacetCache>>,
    ) -> Faceted<C> {
        let Lookups { catalog, codings } = lookups;
        let parents = &catalog.facet_parent_set;
        let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
        if (!Arc::ptr_eq(&c.parents, parents) && c.parents != *parents) || c.epoch != codings.epoch
        {
            c.segments.clear();
        }
        c.parents = parents.clone();
        c.epoch = codings.epoch;
        c.segments.retain(|id, _| segments.contains(id));
        Faceted {
            inner,
            count,
            filter: Arc::new(filter),
            parents: c.parents.clone(),
            catalog: catalog.clone(),
            codings: codings.clone(),
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

pub(crate) struct SegmentCounter<S> {
    inner: S,
    reader: FacetReader,
    /// Whether hits are looked at at all (counted or filtered).
    looks: bool,
    count: bool,
    /// The filter's groups and excluded facets, as this segment's ids.
    groups: Vec<Vec<u32>>,
    none: Vec<u32>,
    parents: Arc<HashSet<String>>,
    catalog: Arc<Catalog>,
    codings: Arc<CodingTable>,
    segment: SegmentId,
    facets: SegmentFacets,
    cache: Arc<Mutex<FacetCache>>,
    epoch: u64,
    /// Per counted facet id: hits, and the last hit (+ 1) that carried it.
    counts: Vec<u64>,
    last: Vec<DocId>,
    /// The counted facets of the hit being looked at.
    carried: Vec<u32>,
}

impl<C: Collector> Collector for Faceted<C> {
    type Fruit = (C::Fruit, Counts);
    type Child = SegmentCounter<C::Child>;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let inner = self.inner.for_segment(ordinal, reader)?;
        let segment = reader.segment_id();
        let facet_reader = reader.facet_reader("facets")?;
        let cached = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .segments
            .remove(&segment);
        let mut facets = cached.unwrap_or_else(|| SegmentFacets {
            slots: vec![0; facet_reader.facet_dict().num_terms()],
            lists: Vec::new(),
            codings: Vec::new(),
            names: Vec::new(),
            ids: FnvMap::default(),
        });
        let groups = self
            .filter
            .groups
            .iter()
            .map(|g| g.iter().map(|f| facets.intern(f)).collect())
            .collect();
        let none = self.filter.none.iter().map(|f| facets.intern(f)).collect();
        let n = facets.names.len();
        Ok(SegmentCounter {
            inner,
            reader: facet_reader,
            looks: self.count || !self.filter.is_empty(),
            count: self.count,
            groups,
            none,
            parents: self.parents.clone(),
            catalog: self.catalog.clone(),
            codings: self.codings.clone(),
            segment,
            facets,
            cache: self.cache.clone(),
            epoch: self.codings.epoch,
            counts: vec![0; n],
            last: vec![0; n],
            carried: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<Self::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<Self::Fruit> {
        let (inner, counts): (Vec<_>, Vec<Counts>) = fruits.into_iter().unzip();
        let total: usize = counts.iter().map(|f| f.len()).sum();
        let mut counts = counts.into_iter();
        let mut all = counts.next().unwrap_or_default();
        all.reserve(total.saturating_sub(all.len()));
        for fruit in counts {
            for (facet, n) in fruit {
                *all.entry(facet).or_default() += n;
            }
        }
        Ok((self.inner.merge_fruits(inner)?, all))
    }
}

impl SegmentFacets {
    /// The id of a counted facet (encoded), given one if new.
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let name: Arc<str> = name.into();
        self.names.push(name.clone());
        let id = (self.names.len() - 1) as u32;
        self.ids.insert(name, id);
        id
    }

    /// The counted facets a facet ordinal stands for now.
    fn of(
        &mut self,
        ord: u64,
        dict: &Dictionary,
        parents: &HashSet<String>,
        catalog: &Catalog,
        codings: &CodingTable,
    ) -> &[u32] {
        let Some(&slot) = self.slots.get(ord as usize) else {
            return &[];
        };
        let slot = if slot == 0 {
            let encoded = term(dict, ord);
            let slot = match facet_key::coding_of(&encoded) {
                Some(coding) => {
                    self.codings.push(CodingSlot {
                        coding: Some(coding),
                        position: None,
                        version: 0,
                        generation: 0,
                        list: Vec::new(),
                    });
                    CODING | (self.codings.len() - 1) as u32
                }
                None => {
                    let list = counted(&encoded, parents)
                        .iter()
                        .map(|name| self.intern(name))
                        .collect();
                    self.lists.push(list);
                    self.lists.len() as u32
                }
            };
            self.slots[ord as usize] = slot;
            slot
        } else {
            slot
        };
        if slot & CODING == 0 {
            return &self.lists[slot as usize - 1];
        }
        let i = (slot & !CODING) as usize;
        // The coding's place in the table (found once; a coding the table
        // did not have yet is looked for again).
        if self.codings[i].position.is_none()
            && let Some(c) = self.codings[i].coding
        {
            self.codings[i].position = codings.position(c);
            self.codings[i].generation = 0;
        }
        let Some(position) = self.codings[i].position else {
            return &[];
        };
        let row = codings.at(position);
        let fresh = {
            let c = &self.codings[i];
            c.generation == catalog.generation && c.version == row.version
        };
        if !fresh {
            let names: Vec<String> = row
                .code
                .map(|code| catalog.coding_facets(code, &row.tags))
                .unwrap_or_default()
                .iter()
                .flat_map(|f| counted(f.encoded_str(), parents))
                .collect();
            let list: Vec<u32> = names.iter().map(|n| self.intern(n)).collect();
            let c = &mut self.codings[i];
            c.list = list;
            c.version = row.version;
            c.generation = catalog.generation;
        }
        &self.codings[i].list
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

impl<S: SegmentCollector> SegmentCollector for SegmentCounter<S> {
    type Fruit = (S::Fruit, Counts);

    fn collect(&mut self, doc: DocId, score: Score) {
        if !self.looks {
            self.inner.collect(doc, score);
            return;
        }
        let SegmentCounter {
            inner,
            reader,
            count,
            groups,
            none,
            parents,
            catalog,
            codings,
            facets,
            counts,
            last,
            carried,
            ..
        } = &mut *self;
        carried.clear();
        for ord in reader.facet_ords(doc) {
            for &id in facets.of(ord, reader.facet_dict(), parents, catalog, codings) {
                let id = id as usize;
                if id >= last.len() {
                    last.resize(id + 1, 0);
                }
                if last[id] != doc + 1 {
                    last[id] = doc + 1;
                    carried.push(id as u32);
                }
            }
        }
        let has = |id: &u32| last.get(*id as usize) == Some(&(doc + 1));
        if !groups.iter().all(|g| g.iter().any(has)) || none.iter().any(has) {
            return;
        }
        if *count {
            if counts.len() < last.len() {
                counts.resize(last.len(), 0);
            }
            for &id in carried.iter() {
                counts[id as usize] += 1;
            }
        }
        inner.collect(doc, score);
    }

    fn harvest(self) -> Self::Fruit {
        let mut counts = Counts::with_capacity_and_hasher(self.counts.len(), Default::default());
        counts.extend(
            self.counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(id, n)| (self.facets.names[id].clone(), *n)),
        );
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        // Kept only if made for the parents and coding table the cache is
        // for now.
        if cache.parents == self.parents && cache.epoch == self.epoch {
            cache.segments.insert(self.segment, self.facets);
        }
        (self.inner.harvest(), counts)
    }
}
