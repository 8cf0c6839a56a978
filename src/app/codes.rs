//! Codes and tags: the tree, creating and changing codes, and coding.

use super::session::{Lookup, Session, id};
use super::views::*;
use super::{ApiResult, App};
use crate::error::{Error, Result};
use crate::storage::{CodeSpan, CodeUpdate, NewCode, NewDimension};
use crate::{CodeId, CodingId, DimensionId, DocumentId, Project};

fn code_id(s: &str) -> Result<CodeId> {
    id(s, "code")
}

fn coding_id(s: &str) -> Result<CodingId> {
    id(s, "coding")
}

fn code_nodes(p: &Project) -> Result<Vec<CodeNode>> {
    let lookup = Lookup::new(p)?;
    Ok(p.code_tree()?
        .into_iter()
        .map(|n| CodeNode {
            id: n.code.id.to_string(),
            parent_id: n.code.parent_id.map(|p| p.to_string()),
            name: n.code.name,
            color: n.code.color,
            definition: n.code.definition,
            role: n.code.role,
            status: n.code.status,
            depth: n.depth as u32,
            codings: n.codings as u32,
            codings_total: n.codings_with_descendants as u32,
            documents: n.documents as u32,
            default_tags: n
                .default_tags
                .iter()
                .filter_map(|t| lookup.tag_key(*t))
                .collect(),
            scope_includes: n.code.scope_includes,
            scope_excludes: n.code.scope_excludes,
            status_at: n.code.status_at.map(crate::clock::format_time),
            status_by: n
                .code
                .status_by
                .and_then(|c| lookup.coder_name(c))
                .map(str::to_owned),
            discarded: n.discarded,
            examples: n.examples as u32,
        })
        .collect())
}

/// The node of `code` in the tree as it is now.
fn code_node(p: &Project, code: CodeId) -> Result<CodeNode> {
    let code = code.to_string();
    code_nodes(p)?
        .into_iter()
        .find(|n| n.id == code)
        .ok_or_else(|| Error::Internal {
            reason: "the code is not in the tree".into(),
        })
}

/// A dimension by its key.
fn dimension_id(p: &Project, key: &str) -> Result<DimensionId> {
    p.dimensions()?
        .into_iter()
        .find(|d| d.key == key)
        .map(|d| d.id)
        .ok_or_else(|| Error::UnknownName {
            kind: "tag dimension",
            name: key.to_owned(),
        })
}

fn tag_value_view(v: crate::model::TagValue) -> TagValueView {
    TagValueView {
        key: v.key,
        label: v.label,
        color: v.color,
        definition: v.definition,
    }
}

fn dimension_view(d: crate::model::Dimension) -> DimensionView {
    DimensionView {
        key: d.key,
        name: d.name,
        multi: d.multi,
        definition: d.definition,
        values: d.values.into_iter().map(tag_value_view).collect(),
    }
}

fn new_code(r: NewCodeRequest) -> Result<NewCode> {
    Ok(NewCode {
        name: r.name.trim().to_owned(),
        parent_id: r.parent_id.as_deref().map(code_id).transpose()?,
        color: r.color,
        role: r.role,
        ..Default::default()
    })
}

impl Session {
    /// Codes a span given in UTF-16 offsets, with an existing code or one
    /// made in the same change.
    fn apply(&mut self, request: ApplyCodeRequest) -> Result<CodingId> {
        let doc: DocumentId = id(&request.document_id, "document")?;
        let map = self.map(doc)?;
        let (start, end) = (
            map.to_cp(request.start as usize)?,
            map.to_cp(request.end as usize)?,
        );
        let lookup = Lookup::new(&self.project)?;
        let tags = request
            .tags
            .iter()
            .map(|(d, v)| lookup.tag_id(d, v))
            .collect::<Result<Vec<_>>>()?;
        Ok(match (request.code_id, request.new_code) {
            (Some(code), _) => self.project.code_span(
                self.coder,
                CodeSpan {
                    document_id: doc,
                    start,
                    end,
                    code_id: code_id(&code)?,
                    tags,
                },
            )?,
            (None, Some(new)) => {
                self.project
                    .code_span_with_new_code(self.coder, new_code(new)?, doc, start, end, tags)?
                    .1
            }
            (None, None) => {
                return Err(Error::NameRequired {
                    what: "code to apply",
                });
            }
        })
    }
}

impl App {
    /// The code tree, depth first, with counts.
    pub fn code_tree(&self) -> ApiResult<Vec<CodeNode>> {
        self.with(|s| code_nodes(&s.project))
    }

    /// The tag dimensions with their values.
    pub fn dimensions(&self) -> ApiResult<Vec<DimensionView>> {
        self.with(|s| {
            Ok(s.project
                .dimensions()?
                .into_iter()
                .map(dimension_view)
                .collect())
        })
    }

    /// Creates a code; answers with its node in the tree.
    pub fn create_code(&self, request: NewCodeRequest) -> ApiResult<CodeNode> {
        self.write(|s| {
            let code = s.project.create_code(s.coder, new_code(request)?)?;
            code_node(&s.project, code)
        })
    }

    /// Renames a code.
    pub fn rename_code(&self, code: &str, name: &str) -> ApiResult<()> {
        self.write(|s| s.project.rename_code(s.coder, code_id(code)?, name))
    }

    /// Gives a code another colour.
    pub fn recolor_code(&self, code: &str, color: &str) -> ApiResult<()> {
        self.write(|s| s.project.recolor_code(s.coder, code_id(code)?, color))
    }

    /// Sets a code's definition.
    pub fn define_code(&self, code: &str, definition: &str) -> ApiResult<()> {
        self.write(|s| s.project.define_code(s.coder, code_id(code)?, definition))
    }

    /// Changes any of a code's name, colour, definition, role and status as
    /// one change (one undo step).
    pub fn update_code(&self, code: &str, update: CodeUpdate) -> ApiResult<()> {
        self.write(|s| s.project.update_code(s.coder, code_id(code)?, update))
    }

    /// Moves a code under another (or to the top) at a position among its
    /// new siblings.
    pub fn move_code(&self, code: &str, parent: Option<&str>, position: u32) -> ApiResult<()> {
        self.write(|s| {
            let parent = parent.map(code_id).transpose()?;
            s.project
                .move_code(s.coder, code_id(code)?, parent, Some(position as usize))
        })
    }

    /// Makes a code a theme, subtheme or code.
    pub fn set_code_role(&self, code: &str, role: CodeRole) -> ApiResult<()> {
        self.write(|s| s.project.set_code_role(s.coder, code_id(code)?, role))
    }

    /// Sets a code's review status.
    pub fn set_code_status(&self, code: &str, status: ReviewStatus) -> ApiResult<()> {
        self.write(|s| s.project.set_code_status(s.coder, code_id(code)?, status))
    }

    /// Merges one code into another, keeping every coding's tags.
    pub fn merge_codes(&self, from: &str, into: &str) -> ApiResult<()> {
        self.write(|s| {
            s.project
                .merge_codes(s.coder, code_id(from)?, code_id(into)?)
        })
    }

    /// Splits the codings `codings` (of the code itself) off a code into a
    /// new sibling named `name`; answers with the new node.
    pub fn split_code(&self, code: &str, codings: Vec<String>, name: &str) -> ApiResult<CodeNode> {
        let code = code_id(code)?;
        let codings = codings
            .iter()
            .map(|c| coding_id(c))
            .collect::<Result<Vec<_>>>()?;
        self.write(|s| {
            let new = s.project.split_code(s.coder, code, &codings, name)?;
            code_node(&s.project, new)
        })
    }

    /// Moves a node up a level, right after its parent.
    pub fn promote_code(&self, code: &str) -> ApiResult<()> {
        self.write(|s| s.project.promote_code(s.coder, code_id(code)?))
    }

    /// Moves a node down a level, to the end of its previous sibling.
    pub fn demote_code(&self, code: &str) -> ApiResult<()> {
        self.write(|s| s.project.demote_code(s.coder, code_id(code)?))
    }

    /// Lays a node on the discard pile (out of the analysis, nothing deleted).
    pub fn discard_code(&self, code: &str) -> ApiResult<()> {
        self.write(|s| s.project.discard_code(s.coder, code_id(code)?))
    }

    /// Takes a node off the discard pile, back where it was.
    pub fn restore_code(&self, code: &str) -> ApiResult<()> {
        self.write(|s| s.project.restore_code(s.coder, code_id(code)?))
    }

    /// Pins a coding of the node (or below it) as an example quote, at
    /// `position` (the end when `None`).
    pub fn pin_example(&self, code: &str, coding: &str, position: Option<u32>) -> ApiResult<()> {
        self.write(|s| {
            s.project.pin_example(
                s.coder,
                code_id(code)?,
                coding_id(coding)?,
                position.map(|p| p as usize),
            )
        })
    }

    /// Unpins an example quote.
    pub fn unpin_example(&self, code: &str, coding: &str) -> ApiResult<()> {
        self.write(|s| {
            s.project
                .unpin_example(s.coder, code_id(code)?, coding_id(coding)?)
        })
    }

    /// Moves a pinned example quote to `position` among the node's examples.
    pub fn move_example(&self, code: &str, coding: &str, position: u32) -> ApiResult<()> {
        self.write(|s| {
            s.project.move_example(
                s.coder,
                code_id(code)?,
                coding_id(coding)?,
                position as usize,
            )
        })
    }

    /// The example quotes pinned to a node, in order, as the reader shows
    /// codings.
    pub fn code_examples(&self, code: &str) -> ApiResult<Vec<CodingView>> {
        let code = code_id(code)?;
        self.with(|s| {
            let pinned = s.project.code_examples(code)?;
            pinned.into_iter().map(|c| s.coding_view(c)).collect()
        })
    }

    // -------------------------------------------------------- dimensions

    /// Adds a tag dimension with its values (keys derived from the name
    /// and labels).
    pub fn create_dimension(&self, request: NewDimensionRequest) -> ApiResult<DimensionView> {
        self.write(|s| {
            let id = s.project.create_dimension(
                s.coder,
                NewDimension::labelled(&request.name, request.multi, &request.values),
            )?;
            s.project
                .dimensions()?
                .into_iter()
                .find(|d| d.id == id)
                .map(dimension_view)
                .ok_or_else(|| Error::internal("the new dimension is not in the project"))
        })
    }

    /// Renames a tag dimension (by key; the key stays).
    pub fn rename_dimension(&self, dimension: &str, name: &str) -> ApiResult<()> {
        self.write(|s| {
            let id = dimension_id(&s.project, dimension)?;
            s.project.rename_dimension(s.coder, id, name)
        })
    }

    /// Moves a tag dimension to `position` among the dimensions.
    pub fn move_dimension(&self, dimension: &str, position: u32) -> ApiResult<()> {
        self.write(|s| {
            let id = dimension_id(&s.project, dimension)?;
            s.project.move_dimension(s.coder, id, position as usize)
        })
    }

    /// Adds a value to a dimension, at the end; answers with it.
    pub fn add_tag_value(
        &self,
        dimension: &str,
        label: &str,
        key: Option<&str>,
    ) -> ApiResult<TagValueView> {
        self.write(|s| {
            let id = dimension_id(&s.project, dimension)?;
            let value = s.project.add_tag_value(s.coder, id, label, key)?;
            s.project
                .dimensions()?
                .into_iter()
                .flat_map(|d| d.values)
                .find(|v| v.id == value)
                .map(tag_value_view)
                .ok_or_else(|| Error::internal("the new tag value is not in the project"))
        })
    }

    /// Gives a tag value (by dimension and value key) another label.
    pub fn rename_tag_value(&self, dimension: &str, value: &str, label: &str) -> ApiResult<()> {
        self.write(|s| {
            let id = Lookup::new(&s.project)?.tag_id(dimension, value)?;
            s.project.rename_tag_value(s.coder, id, label)
        })
    }

    /// Moves a tag value to `position` among its dimension's values.
    pub fn move_tag_value(&self, dimension: &str, value: &str, position: u32) -> ApiResult<()> {
        self.write(|s| {
            let id = Lookup::new(&s.project)?.tag_id(dimension, value)?;
            s.project.move_tag_value(s.coder, id, position as usize)
        })
    }

    /// Replaces a code's default tags, given as [dimension key, value key].
    pub fn set_code_default_tags(
        &self,
        code: &str,
        values: Vec<(String, String)>,
    ) -> ApiResult<()> {
        let code = code_id(code)?;
        self.write(|s| {
            let lookup = Lookup::new(&s.project)?;
            let values = values
                .iter()
                .map(|(d, v)| lookup.tag_id(d, v))
                .collect::<Result<Vec<_>>>()?;
            s.project.set_code_default_tags(s.coder, code, values)
        })
    }

    /// Deletes a code; `codings` says what happens to its codings (a code
    /// in use is refused without it).
    pub fn delete_code(&self, code: &str, codings: DeleteCodings) -> ApiResult<()> {
        let choice = match codings {
            DeleteCodings::MoveToParent => crate::storage::DeleteCodings::MoveToParent,
            DeleteCodings::Delete => crate::storage::DeleteCodings::Delete,
        };
        self.write(|s| s.project.delete_code(s.coder, code_id(code)?, Some(choice)))
    }

    // -------------------------------------------------------- coding

    /// Codes a span; answers with the coding as the reader shows it.
    pub fn apply_code(&self, request: ApplyCodeRequest) -> ApiResult<CodingView> {
        self.write(|s| {
            let coding = s.apply(request)?;
            s.coding_view(coding)
        })
    }

    /// Sets or clears one tag on a coding; answers with the coding as it is now.
    pub fn toggle_coding_tag(
        &self,
        coding: &str,
        dimension: &str,
        value: &str,
    ) -> ApiResult<CodingView> {
        let coding = coding_id(coding)?;
        self.write(|s| {
            let tag = Lookup::new(&s.project)?.tag_id(dimension, value)?;
            s.project.toggle_coding_tag(s.coder, coding, tag)?;
            s.coding_view(coding)
        })
    }

    /// Removes a coding. One quoted in quote sets is removed (from them too)
    /// only with `also_from_quote_sets`; otherwise the error
    /// `coding_in_quote_set` names the sets, for the window to ask.
    pub fn remove_coding(&self, coding: &str, also_from_quote_sets: bool) -> ApiResult<()> {
        self.write(|s| {
            s.project
                .uncode(s.coder, coding_id(coding)?, also_from_quote_sets)
        })
    }

    /// A selection snapped to word and grapheme boundaries, in UTF-16 offsets.
    pub fn snap_selection(&self, document: &str, start: u32, end: u32) -> ApiResult<(u32, u32)> {
        self.with(|s| {
            let doc: DocumentId = id(document, "document")?;
            let map = s.map(doc)?;
            let text = s.project.document_text(doc)?;
            let (a, b) = crate::text::snap_to_words(
                &text,
                map.to_cp(start as usize)?,
                map.to_cp(end as usize)?,
            )?;
            Ok((map.to_utf16(a) as u32, map.to_utf16(b) as u32))
        })
    }
}
