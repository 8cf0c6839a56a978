//! The review tree: every node of the code tree with its coverage (codings,
//! documents, participants), its spread over each tag dimension, the
//! coders who used it, and the flags a team lead acts on.

use super::count_distinct;
use super::facts::Facts;
use super::matrix::rollup;
use crate::model::{CodeRole, ReviewStatus};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Fewer codings than this flags a node.
pub const FEW_CODINGS: u32 = 3;

/// Something about a node a team lead may want to act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewFlag {
    /// Fewer than [`FEW_CODINGS`] codings.
    FewCodings,
    /// All its codings come from one document.
    SingleDocument,
    /// No definition.
    NoDefinition,
    /// Codings without a value in a tag dimension (see `spread`).
    MissingTags,
}

/// A node's codings by the values of one dimension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Spread {
    /// The dimension's key.
    pub dimension: String,
    /// Codings per value, in the dimension's order.
    pub counts: Vec<u32>,
    /// Codings without a value in it.
    pub missing: u32,
}

/// How many of a node's codings a coder made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CoderUse {
    /// The coder's id.
    pub coder_id: String,
    /// Name.
    pub name: String,
    /// Colour.
    pub color: String,
    /// Codings.
    pub codings: u32,
}

/// A node of the review tree. Counts include every node below it (except
/// below a discarded one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewNode {
    /// Id.
    pub id: String,
    /// Parent's id.
    pub parent_id: Option<String>,
    /// Depth (0: a theme).
    pub depth: u32,
    /// Name.
    pub name: String,
    /// Colour.
    pub color: String,
    /// Role.
    pub role: CodeRole,
    /// Review status.
    pub status: ReviewStatus,
    /// In the discard pile (itself or below a discarded node).
    pub discarded: bool,
    /// Definition.
    pub definition: String,
    /// "Omfattar …".
    pub scope_includes: String,
    /// "Omfattar inte …".
    pub scope_excludes: String,
    /// When the status was set (RFC 3339).
    pub status_at: Option<String>,
    /// By whom (a coder's name).
    pub status_by: Option<String>,
    /// Pinned example quotes.
    pub examples: u32,
    /// Codings.
    pub codings: u32,
    /// Documents (a survey counts as one).
    pub documents: u32,
    /// Participants.
    pub participants: u32,
    /// Spread over each tag dimension, in the dimensions' order.
    pub spread: Vec<Spread>,
    /// Coders who used it, most codings first.
    pub coders: Vec<CoderUse>,
    /// Flags.
    pub flags: Vec<ReviewFlag>,
}

/// The review tree in display order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewView {
    /// Nodes, depth first.
    pub nodes: Vec<ReviewNode>,
    /// How long counting took.
    pub elapsed_ms: f64,
}

/// Counts the review tree.
pub fn review_tree(f: &Facts) -> ReviewView {
    let started = std::time::Instant::now();
    let n = f.codes.len();
    let all: Vec<u32> = (0..n as u32).collect();
    // A discarded node counts its own subtree, and nothing above it sees
    // it: the rollup stops at a discarded node (inclusive).
    let roll = rollup(f, &all);
    let mut codings = vec![0u32; n];
    let mut docs: Vec<(u32, u32)> = Vec::new();
    let mut people: Vec<(u32, u32)> = Vec::new();
    let dims = f.dims.len();
    // value counts per node: [node][global value]
    let nv = f.values.len();
    let mut values = vec![0u32; n * nv.max(1)];
    let mut missing = vec![0u32; n * dims.max(1)];
    let mut coders = vec![0u32; n * f.coders.len().max(1)];
    let mut has_dim = vec![false; dims];
    for c in &f.codings {
        has_dim.iter_mut().for_each(|h| *h = false);
        for &v in &c.tags {
            has_dim[f.values[v as usize].dim as usize] = true;
        }
        for &node in &roll[c.code as usize] {
            let node = node as usize;
            codings[node] += 1;
            docs.push((node as u32, f.docs[c.doc as usize].unit));
            if let Some(p) = c.participant {
                people.push((node as u32, p));
            }
            for &v in &c.tags {
                values[node * nv + v as usize] += 1;
            }
            for (d, has) in has_dim.iter().enumerate() {
                if !has {
                    missing[node * dims + d] += 1;
                }
            }
            coders[node * f.coders.len() + c.coder as usize] += 1;
        }
    }
    let documents = count_distinct(&mut docs, n);
    let participants = count_distinct(&mut people, n);
    let nodes = f
        .codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let spread: Vec<Spread> = f
                .dims
                .iter()
                .enumerate()
                .map(|(d, dim)| Spread {
                    dimension: dim.key.clone(),
                    counts: dim
                        .values
                        .iter()
                        .map(|&v| values[i * nv + v as usize])
                        .collect(),
                    missing: missing[i * dims + d],
                })
                .collect();
            let mut used: Vec<CoderUse> = f
                .coders
                .iter()
                .enumerate()
                .filter(|(k, _)| coders[i * f.coders.len() + k] > 0)
                .map(|(k, coder)| CoderUse {
                    coder_id: coder.id.to_string(),
                    name: coder.name.clone(),
                    color: coder.color.clone(),
                    codings: coders[i * f.coders.len() + k],
                })
                .collect();
            used.sort_by(|a, b| b.codings.cmp(&a.codings).then(a.name.cmp(&b.name)));
            let mut flags = Vec::new();
            if codings[i] < FEW_CODINGS {
                flags.push(ReviewFlag::FewCodings);
            }
            if documents[i] == 1 {
                flags.push(ReviewFlag::SingleDocument);
            }
            if code.definition.trim().is_empty() {
                flags.push(ReviewFlag::NoDefinition);
            }
            if spread.iter().any(|s| s.missing > 0) {
                flags.push(ReviewFlag::MissingTags);
            }
            ReviewNode {
                id: code.id.to_string(),
                parent_id: code.parent.map(|p| f.codes[p as usize].id.to_string()),
                depth: code.depth,
                name: code.name.clone(),
                color: code.color.clone(),
                role: code.role,
                status: code.status,
                discarded: code.out,
                definition: code.definition.clone(),
                scope_includes: code.scope_includes.clone(),
                scope_excludes: code.scope_excludes.clone(),
                status_at: code.status_at.clone(),
                status_by: code
                    .status_by
                    .and_then(|b| f.coder_index.get(&b))
                    .map(|&k| f.coders[k as usize].name.clone()),
                examples: code.examples,
                codings: codings[i],
                documents: documents[i],
                participants: participants[i],
                spread,
                coders: used,
                flags,
            }
        })
        .collect();
    ReviewView {
        nodes,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    }
}
