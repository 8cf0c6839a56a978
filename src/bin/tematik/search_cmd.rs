//! `tematik search` and `tematik quotes`: the search index from the command
//! line. The index lives in the user's cache directory and is brought up to
//! date (or rebuilt) before each query.

use anyhow::{Context, Result, bail};
use clap::Args;
use serde_json::json;
use tematik::search::{
    EntryKind, Filters, IndexLocation, QuoteContext, QuoteOrder, QuoteRequest, SearchIndex,
    SearchRequest,
};
use tematik::{DocumentKind, Project, ReviewStatus};

/// Filters shared by `search` and `quotes`; values of one option are
/// alternatives, different options must all hold.
#[derive(Args, Debug, Default)]
pub struct FilterArgs {
    /// Code or theme (id, path or unique name); includes the codes below it. Repeatable.
    #[arg(long)]
    code: Vec<String>,
    /// Level (Nivå): makro, meso or mikro. Repeatable.
    #[arg(long)]
    level: Vec<String>,
    /// Focus area (Fokusområde), e.g. samverkan. Repeatable.
    #[arg(long)]
    focus: Vec<String>,
    /// A case or document attribute as NAME=VALUE, e.g. Kommunstorlek=Liten. Repeatable.
    #[arg(long, value_name = "NAME=VALUE")]
    attr: Vec<String>,
    /// Document (name or id). Repeatable.
    #[arg(long)]
    doc: Vec<String>,
    /// A survey question (column name as imported): its answers. Repeatable.
    #[arg(long)]
    question: Vec<String>,
    /// Document kind: focus_group, interview, survey_answer, text. Repeatable.
    #[arg(long)]
    kind: Vec<DocumentKind>,
    /// Speaker label, e.g. "Deltagare 2". Repeatable.
    #[arg(long)]
    speaker: Vec<String>,
    /// Coder name (who made the coding). Repeatable.
    #[arg(long = "by", value_name = "CODER")]
    by: Vec<String>,
    /// Review status of the code: candidate, reviewed or final. Repeatable.
    #[arg(long)]
    status: Vec<ReviewStatus>,
}

impl FilterArgs {
    /// Resolves names against the project into index filters.
    fn resolve(&self, p: &Project) -> Result<Filters> {
        let mut f = Filters::default();
        for c in &self.code {
            f.codes.push(p.find_code(c)?.id);
        }
        for l in &self.level {
            let v = p.find_tag_value(Some("niva"), l)?;
            f.tags.push(("niva".into(), v.key));
        }
        for x in &self.focus {
            let v = p.find_tag_value(Some("fokusomrade"), x)?;
            f.tags.push(("fokusomrade".into(), v.key));
        }
        for a in &self.attr {
            let Some((name, value)) = a.split_once('=') else {
                bail!("--attr {a:?}: write it as NAME=VALUE, e.g. Kommunstorlek=Liten");
            };
            f.attributes
                .push((name.trim().to_owned(), value.trim().to_owned()));
        }
        for d in &self.doc {
            f.documents.push(p.find_document(d)?.id);
        }
        f.questions = self.question.clone();
        f.kinds = self.kind.clone();
        f.speakers = self.speaker.clone();
        f.coders = self.by.clone();
        f.statuses = self.status.clone();
        Ok(f)
    }
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// The query: words (inflections match), "exact phrases", prefix*,
    /// AND/OR/NOT (or OCH/ELLER/INTE, -word), parentheses. Empty: everything
    /// the filters allow.
    #[arg(default_value = "")]
    query: String,
    #[command(flatten)]
    filters: FilterArgs,
    /// Only passages or only codings.
    #[arg(long, value_parser = ["passages", "codings"])]
    only: Option<String>,
    /// Show counts per facet value.
    #[arg(long)]
    facets: bool,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
}

#[derive(Args, Debug)]
pub struct QuotesArgs {
    #[command(flatten)]
    filters: FilterArgs,
    /// Only quotes matching these words.
    #[arg(long, default_value = "")]
    query: String,
    /// document (text order) or relevance (best match of --query first).
    #[arg(long, default_value = "document", value_parser = ["document", "relevance"])]
    order: String,
    /// Context around each quote: "turn", or a number of sentences before and after.
    #[arg(long, default_value = "turn")]
    context: String,
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
}

fn open_index(p: &mut Project, json: bool) -> Result<SearchIndex> {
    let mut shown = false;
    let mut progress = |done: usize, total: usize| {
        if !json && total > 0 && (done == total || done.is_multiple_of(50)) {
            eprint!("\rIndexing {done}/{total} documents");
            shown = true;
        }
    };
    let index = SearchIndex::open(p, IndexLocation::UserCache, &mut progress)
        .context("opening the search index")?;
    if shown {
        eprintln!();
    }
    if !index.on_disk() && !json {
        eprintln!(
            "Another Tematik (the app?) has this project's search index open: \
             searching with an index built in memory for this command."
        );
    }
    Ok(index)
}

pub fn run_search(p: &mut Project, args: &SearchArgs, json: bool) -> Result<()> {
    let filters = args.filters.resolve(p)?;
    let index = open_index(p, json)?;
    let req = SearchRequest {
        query: args.query.clone(),
        filters,
        entries: match args.only.as_deref() {
            Some("passages") => Some(EntryKind::Passage),
            Some("codings") => Some(EntryKind::Coding),
            _ => None,
        },
        offset: args.offset,
        limit: args.limit,
        with_facets: args.facets,
    };
    let results = index.search(p, &req)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(());
    }
    println!("{} hits", results.total);
    for hit in &results.hits {
        let what = match hit.coding_id {
            Some(_) => format!(
                "coding · {}",
                hit.code_id
                    .map(|c| p.code_path(c))
                    .transpose()?
                    .unwrap_or_default()
            ),
            None => "passage".to_owned(),
        };
        println!(
            "\n{} @{} ({what})\n  {}",
            hit.document_name,
            hit.jump_to,
            marked(&hit.snippet.text, &hit.snippet.highlights)
        );
    }
    if args.facets {
        println!("\nFacets:");
        for f in &results.facets {
            println!("  {:>6}  {}", f.count, f.facet);
        }
    }
    Ok(())
}

pub fn run_quotes(p: &mut Project, args: &QuotesArgs, json: bool) -> Result<()> {
    let mut filters = args.filters.resolve(p)?;
    if filters.codes.is_empty() {
        bail!("quotes needs --code: the code or theme whose quotes to show");
    }
    // The first code is the quotes' code; further --code values narrow.
    let code = filters.codes.remove(0);
    let context = match args.context.as_str() {
        "turn" => QuoteContext::Turn,
        n => QuoteContext::Sentences(n.parse().with_context(|| {
            format!("--context {n:?}: write \"turn\" or a number of sentences")
        })?),
    };
    let index = open_index(p, json)?;
    let req = QuoteRequest {
        code: Some(code),
        filters,
        query: args.query.clone(),
        order: if args.order == "relevance" {
            QuoteOrder::Relevance
        } else {
            QuoteOrder::Document
        },
        context,
        offset: args.offset,
        limit: args.limit,
    };
    let quotes = index.quotes(p, &req)?;
    // Each tag by its dimension and value, by name as well as by id.
    let mut names = std::collections::HashMap::new();
    for d in p.dimensions()? {
        for v in &d.values {
            names.insert(
                v.id,
                json!({"dimension": d.name, "dimension_key": d.key,
                       "value": v.label, "value_key": v.key}),
            );
        }
    }
    let tags_of = |c: &tematik::Coding| -> Vec<serde_json::Value> {
        c.tags
            .iter()
            .filter_map(|t| names.get(t).cloned())
            .collect()
    };
    if json {
        let mut out = serde_json::to_value(&quotes)?;
        if let Some(list) = out["quotes"].as_array_mut() {
            for (q, quote) in list.iter_mut().zip(&quotes.quotes) {
                q["tag_names"] = json!(tags_of(&quote.coding));
                q["code_path"] = json!(p.code_path(quote.coding.code_id).unwrap_or_default());
            }
        }
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "{} quotes of {}",
        quotes.total,
        p.code_path(code).unwrap_or_default()
    );
    for q in &quotes.quotes {
        let speaker = q.speaker.as_deref().unwrap_or("");
        let tags: Vec<String> = tags_of(&q.coding)
            .iter()
            .map(|t| {
                format!(
                    "{}: {}",
                    t["dimension"].as_str().unwrap_or(""),
                    t["value"].as_str().unwrap_or("")
                )
            })
            .collect();
        println!(
            "\n{} · {} @{}–{}\n  «{}»\n  {}",
            q.document_name,
            speaker,
            q.coding.start,
            q.coding.end,
            q.coding.text,
            json!(q.context)
        );
        if !tags.is_empty() {
            println!("  {}", tags.join(" · "));
        }
    }
    Ok(())
}

/// The snippet with its matches between « and ».
fn marked(text: &str, highlights: &[(usize, usize)]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + highlights.len() * 4);
    let mut at = 0;
    for &(s, e) in highlights {
        let (s, e) = (s.min(chars.len()), e.min(chars.len()));
        if s < at {
            continue;
        }
        out.extend(&chars[at..s]);
        out.push('«');
        out.extend(&chars[s..e]);
        out.push('»');
        at = e;
    }
    out.extend(&chars[at..]);
    out.replace('\n', " ")
}
