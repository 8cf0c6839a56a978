//! Memos and the project journal.

use super::session::{Lookup, id};
use super::views::*;
use super::{ApiResult, App};
use crate::error::Result;
use crate::{MemoId, Project};

fn target_to_core(t: &MemoTarget) -> Result<crate::MemoTarget> {
    Ok(match t {
        MemoTarget::Journal => crate::MemoTarget::Journal,
        MemoTarget::Document { id: d } => crate::MemoTarget::Document(id(d, "document")?),
        MemoTarget::Code { id: c } => crate::MemoTarget::Code(id(c, "code")?),
        MemoTarget::Coding { id: c } => crate::MemoTarget::Coding(id(c, "coding")?),
    })
}

fn memo_view(lookup: &Lookup, m: crate::Memo) -> MemoView {
    MemoView {
        id: m.id.to_string(),
        target: match m.target {
            crate::MemoTarget::Journal | crate::MemoTarget::Case(_) => MemoTarget::Journal,
            crate::MemoTarget::Document(d) => MemoTarget::Document { id: d.to_string() },
            crate::MemoTarget::Code(c) => MemoTarget::Code { id: c.to_string() },
            crate::MemoTarget::Coding(c) => MemoTarget::Coding { id: c.to_string() },
        },
        title: m.title,
        body: m.body,
        coder: lookup.coder_name(m.coder_id).unwrap_or_default().to_owned(),
        created_at: m.created_at.to_rfc3339(),
        updated_at: m.updated_at.to_rfc3339(),
    }
}

fn memo(p: &Project, id: MemoId) -> Result<MemoView> {
    Ok(memo_view(&Lookup::new(p)?, p.memo(id)?))
}

impl App {
    /// The memos written on something (or the journal).
    pub fn memos(&self, target: MemoTarget) -> ApiResult<Vec<MemoView>> {
        self.with(|s| {
            let lookup = Lookup::new(&s.project)?;
            Ok(s.project
                .memos(target_to_core(&target)?)?
                .into_iter()
                .map(|m| memo_view(&lookup, m))
                .collect())
        })
    }

    /// Writes a new memo (`memo: None`) or edits one.
    pub fn save_memo(
        &self,
        memo_id: Option<&str>,
        target: MemoTarget,
        title: &str,
        body: &str,
    ) -> ApiResult<MemoView> {
        self.write(|s| {
            let m = match memo_id {
                Some(m) => {
                    let m: MemoId = id(m, "memo")?;
                    s.project.edit_memo(s.coder, m, title, body)?;
                    m
                }
                None => s
                    .project
                    .write_memo(s.coder, target_to_core(&target)?, title, body)?,
            };
            memo(&s.project, m)
        })
    }

    /// Deletes a memo.
    pub fn delete_memo(&self, memo_id: &str) -> ApiResult<()> {
        self.write(|s| s.project.delete_memo(s.coder, id(memo_id, "memo")?))
    }
}
