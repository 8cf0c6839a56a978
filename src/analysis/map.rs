//! The thematic map: the code tree drawn as a two-sided map with the
//! project in the centre, themes on either side, their subthemes and codes
//! further out; nodes sized by their codings and filled by review status,
//! discarded nodes apart below. The layout is computed here once, for the
//! window (which draws it from [`MapView`]) and for the SVG and PNG exports
//! ([`map_svg`], [`map_png`]), so all three show the same map.

use super::facts::Facts;
use super::matrix::rollup;
use crate::error::{Error, Result};
use crate::model::ReviewStatus;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use ts_rs::TS;

/// A node of the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct MapNode {
    /// The code's id ("root" for the project in the centre).
    pub id: String,
    /// The parent's id ("root" for a theme; None for the root and for
    /// discarded nodes).
    pub parent_id: Option<String>,
    /// The label as drawn (a long name is shortened; `name` is whole).
    pub label: String,
    /// The whole name.
    pub name: String,
    /// Centre, px.
    pub x: f64,
    /// Centre, px.
    pub y: f64,
    /// Radius, px.
    pub r: f64,
    /// The code's colour (its ring).
    pub color: String,
    /// Review status (its fill).
    pub status: ReviewStatus,
    /// In the discard pile.
    pub discarded: bool,
    /// 0: the project; 1: themes …
    pub depth: u32,
    /// Codings (with every node below it).
    pub codings: u32,
    /// Where the label lies: "start" (to the right of the node), "end" (to
    /// the left) or "middle" (below).
    pub anchor: String,
}

/// A line from a parent to a child: from the end of the parent's label
/// (so it never crosses it) to the child's circle, drawn as a smooth curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct MapEdge {
    /// The parent's id.
    pub from: String,
    /// The child's id.
    pub to: String,
    /// Where it starts, px.
    pub x0: f64,
    /// Where it starts, px.
    pub y0: f64,
    /// Where it ends, px.
    pub x1: f64,
    /// Where it ends, px.
    pub y1: f64,
    /// The curve as an SVG path (`M … C …`).
    pub d: String,
}

/// The laid-out map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct MapView {
    /// Size, px.
    pub width: f64,
    /// Size, px.
    pub height: f64,
    /// Nodes.
    pub nodes: Vec<MapNode>,
    /// Parent → child lines.
    pub edges: Vec<MapEdge>,
}

/// The edge from `a` to its child `b`.
fn edge(a: &MapNode, b: &MapNode) -> MapEdge {
    let sign = if b.x >= a.x { 1.0 } else { -1.0 };
    let x0 = if a.id == "root" {
        a.x + sign * a.r
    } else {
        a.x + sign * (a.r + 6.0 + text_width(&a.label, a.depth) + 6.0)
    };
    let x1 = b.x - sign * b.r;
    let mid = (x0 + x1) / 2.0;
    MapEdge {
        from: a.id.clone(),
        to: b.id.clone(),
        x0,
        y0: a.y,
        x1,
        y1: b.y,
        d: format!(
            "M{x0:.1},{y0:.1} C{mid:.1},{y0:.1} {mid:.1},{y1:.1} {x1:.1},{y1:.1}",
            y0 = a.y,
            y1 = b.y
        ),
    }
}

/// Height of one leaf's row.
const ROW: f64 = 24.0;
/// Space between two themes' blocks.
const GAP: f64 = 16.0;
/// Space between the end of a label and the next column.
const COLUMN_GAP: f64 = 36.0;
/// Labels longer than this are shortened (the whole name is kept).
const LABEL_CHARS: usize = 30;
const MARGIN: f64 = 24.0;
const ROOT_R: f64 = 34.0;

/// The fill of each review status.
pub fn status_fill(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Candidate => "#dfe4ea",
        ReviewStatus::Reviewed => "#f3cf7a",
        ReviewStatus::Final => "#7cc59a",
        #[allow(unreachable_patterns)]
        _ => "#dfe4ea",
    }
}

/// Approximate width of a label at the map's font sizes (12 px, themes
/// 13 px bold): sans-serif averages about 0.56 em per character.
fn text_width(label: &str, depth: u32) -> f64 {
    let size = if depth <= 1 { 13.5 } else { 12.0 };
    label.chars().count() as f64 * size * 0.56
}

fn shorten(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        return name.to_owned();
    }
    let mut s: String = name.chars().take(LABEL_CHARS - 1).collect();
    s = s.trim_end().to_owned();
    s.push('…');
    s
}

fn radius(codings: u32) -> f64 {
    (4.0 + 1.6 * (codings as f64).sqrt()).min(18.0)
}

/// Lays out the map of the project's code tree.
pub fn thematic_map(f: &Facts, project_name: &str) -> MapView {
    let n = f.codes.len();
    let all: Vec<u32> = (0..n as u32).collect();
    let roll = rollup(f, &all);
    let mut codings = vec![0u32; n];
    for c in &f.codings {
        for &p in &roll[c.code as usize] {
            codings[p as usize] += 1;
        }
    }
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut themes = Vec::new();
    let mut discarded = Vec::new();
    for (i, c) in f.codes.iter().enumerate() {
        if c.discarded {
            discarded.push(i as u32);
            continue;
        }
        if c.out {
            continue; // below a discarded node: drawn with it, as one
        }
        match c.parent {
            Some(p) => children[p as usize].push(i as u32),
            None => themes.push(i as u32),
        }
    }
    // Leaves below each theme, to balance the two sides.
    fn leaves(i: u32, children: &[Vec<u32>]) -> usize {
        let k = &children[i as usize];
        if k.is_empty() {
            1
        } else {
            k.iter().map(|&c| leaves(c, children)).sum()
        }
    }
    let weights: Vec<usize> = themes.iter().map(|&t| leaves(t, &children)).collect();
    let half = weights.iter().sum::<usize>() as f64 / 2.0;
    let mut acc = 0usize;
    let split = weights
        .iter()
        .position(|w| {
            acc += w;
            acc as f64 >= half
        })
        .map_or(themes.len(), |p| p + 1)
        .min(themes.len());
    let sides = [themes[..split].to_vec(), themes[split..].to_vec()];
    // Column offsets by depth: the widest label of the column before, plus a gap.
    let max_depth = f
        .codes
        .iter()
        .filter(|c| !c.out)
        .map(|c| c.depth)
        .max()
        .unwrap_or(0) as usize;
    let mut widths = vec![0.0f64; max_depth + 1];
    for (i, c) in f.codes.iter().enumerate() {
        if !c.out {
            let w = text_width(&shorten(&c.name), c.depth + 1) + radius(codings[i]) * 2.0;
            widths[c.depth as usize] = widths[c.depth as usize].max(w);
        }
    }
    let mut offsets = vec![ROOT_R + 70.0; max_depth + 1];
    for d in 1..=max_depth {
        offsets[d] = offsets[d - 1] + widths[d - 1] + COLUMN_GAP + 12.0;
    }
    let reach = offsets[max_depth] + widths[max_depth] + MARGIN;
    let side_height = |side: &[u32]| -> f64 {
        let rows: usize = side.iter().map(|&t| leaves(t, &children)).sum();
        rows as f64 * ROW + side.len().saturating_sub(1) as f64 * GAP
    };
    let tree_height = side_height(&sides[0])
        .max(side_height(&sides[1]))
        .max(ROOT_R * 2.0 + 40.0);
    let width = (reach * 2.0).max(480.0);
    let cx = width / 2.0;
    let top = MARGIN + 28.0; // room for the legend
    let cy = top + tree_height / 2.0;
    let mut nodes: Vec<MapNode> = Vec::new();
    let mut edges = Vec::new();
    nodes.push(MapNode {
        id: "root".into(),
        parent_id: None,
        label: shorten(project_name),
        name: project_name.to_owned(),
        x: cx,
        y: cy,
        r: ROOT_R,
        color: "#4a5563".into(),
        status: ReviewStatus::Candidate,
        discarded: false,
        depth: 0,
        codings: codings
            .iter()
            .zip(&f.codes)
            .filter(|(_, c)| c.parent.is_none() && !c.out)
            .map(|(n, _)| *n)
            .sum(),
        anchor: "middle".into(),
    });
    struct Place<'a> {
        f: &'a Facts,
        children: &'a [Vec<u32>],
        codings: &'a [u32],
        offsets: &'a [f64],
        cx: f64,
        sign: f64,
        nodes: &'a mut Vec<MapNode>,
        edges: &'a mut Vec<(String, String)>,
    }
    // Places node `i` and its subtree from row `y` down; returns its centre y.
    fn place(p: &mut Place, i: u32, parent: &str, y: &mut f64) -> f64 {
        let c = &p.f.codes[i as usize];
        let kids = p.children[i as usize].clone();
        let my = if kids.is_empty() {
            let at = *y + ROW / 2.0;
            *y += ROW;
            at
        } else {
            let ys: Vec<f64> = kids
                .iter()
                .map(|&k| place(p, k, &c.id.to_string(), y))
                .collect();
            (ys[0] + ys[ys.len() - 1]) / 2.0
        };
        let id = c.id.to_string();
        p.edges.push((parent.to_owned(), id.clone()));
        p.nodes.push(MapNode {
            id,
            parent_id: Some(parent.to_owned()),
            label: shorten(&c.name),
            name: c.name.clone(),
            x: p.cx + p.sign * p.offsets[c.depth as usize],
            y: my,
            // A leaf's circle stays within its row.
            r: if kids.is_empty() {
                radius(p.codings[i as usize]).min(ROW / 2.0 - 2.0)
            } else {
                radius(p.codings[i as usize])
            },
            color: c.color.clone(),
            status: c.status,
            discarded: false,
            depth: c.depth + 1,
            codings: p.codings[i as usize],
            anchor: if p.sign > 0.0 { "start" } else { "end" }.into(),
        });
        my
    }
    for (s, side) in sides.iter().enumerate() {
        let sign = if s == 0 { 1.0 } else { -1.0 };
        let mut y = cy - side_height(side) / 2.0;
        let mut p = Place {
            f,
            children: &children,
            codings: &codings,
            offsets: &offsets,
            cx,
            sign,
            nodes: &mut nodes,
            edges: &mut edges,
        };
        for (k, &t) in side.iter().enumerate() {
            if k > 0 {
                y += GAP;
            }
            place(&mut p, t, "root", &mut y);
        }
    }
    // The discard pile: a row of nodes (wrapping) below the tree.
    let mut height = top + tree_height + MARGIN;
    if !discarded.is_empty() {
        let mut x = MARGIN + 12.0;
        let mut y = height + 40.0;
        for &i in &discarded {
            let c = &f.codes[i as usize];
            let label = shorten(&c.name);
            let w = text_width(&label, 2) + 40.0;
            if x + w > width - MARGIN && x > MARGIN + 12.0 {
                x = MARGIN + 12.0;
                y += ROW + 4.0;
            }
            nodes.push(MapNode {
                id: c.id.to_string(),
                parent_id: None,
                label,
                name: c.name.clone(),
                x: x + 8.0,
                y,
                r: radius(codings[i as usize]).min(9.0),
                color: c.color.clone(),
                status: c.status,
                discarded: true,
                depth: c.depth + 1,
                codings: codings[i as usize],
                anchor: "start".into(),
            });
            x += w;
        }
        height = y + ROW + MARGIN;
    }
    let by_id: std::collections::HashMap<&str, &MapNode> =
        nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let edges = edges
        .iter()
        .filter_map(|(a, b)| Some(edge(by_id.get(a.as_str())?, by_id.get(b.as_str())?)))
        .collect();
    MapView {
        width: width.ceil(),
        height: height.ceil(),
        nodes,
        edges,
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// Texts of the map that are not the project's own: the legend and the
/// discard pile's heading, in the user's language.
#[derive(Clone, Debug)]
pub struct MapTexts {
    /// "Kandidat", "Granskad", "Slutlig".
    pub statuses: [String; 3],
    /// "Övrigt / kasserade".
    pub discarded: String,
}

impl MapTexts {
    /// The Swedish texts.
    pub fn swedish() -> MapTexts {
        MapTexts {
            statuses: ["Kandidat".into(), "Granskad".into(), "Slutlig".into()],
            discarded: "Övrigt / kasserade".into(),
        }
    }

    /// The English texts.
    pub fn english() -> MapTexts {
        MapTexts {
            statuses: ["Candidate".into(), "Reviewed".into(), "Final".into()],
            discarded: "Other / discarded".into(),
        }
    }
}

/// The map as an SVG document.
pub fn map_svg(map: &MapView, texts: &MapTexts) -> String {
    let mut s = String::new();
    let font = "'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{font}">"#,
        w = map.width,
        h = map.height,
        font = escape(font)
    );
    let _ = write!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    // Legend.
    let mut x = MARGIN;
    for (status, label) in [
        ReviewStatus::Candidate,
        ReviewStatus::Reviewed,
        ReviewStatus::Final,
    ]
    .into_iter()
    .zip(&texts.statuses)
    {
        let _ = write!(
            s,
            r##"<circle cx="{cx}" cy="{cy}" r="7" fill="{fill}" stroke="#6b7785" stroke-width="1"/><text x="{tx}" y="{ty}" font-size="12" fill="#333">{label}</text>"##,
            cx = x + 7.0,
            cy = MARGIN,
            fill = status_fill(status),
            tx = x + 19.0,
            ty = MARGIN + 4.0,
            label = escape(label)
        );
        x += 34.0 + text_width(label, 2);
    }
    // Edges: from the end of the parent's label to the child.
    s.push_str(r##"<g fill="none" stroke="#9aa4ae" stroke-width="1.2">"##);
    for e in &map.edges {
        let _ = write!(s, r#"<path d="{}"/>"#, e.d);
    }
    s.push_str("</g>");
    if let Some(first) = map.nodes.iter().find(|n| n.discarded) {
        let _ = write!(
            s,
            r##"<line x1="{x0}" y1="{y}" x2="{x1}" y2="{y}" stroke="#c9ced4" stroke-dasharray="4 4"/><text x="{x0}" y="{ty}" font-size="13" font-weight="bold" fill="#555">{label}</text>"##,
            x0 = MARGIN,
            x1 = map.width - MARGIN,
            y = first.y - 36.0,
            ty = first.y - 18.0,
            label = escape(&texts.discarded)
        );
    }
    for n in &map.nodes {
        let (fill, stroke, text) = if n.discarded {
            ("#eeeeee", "#b5b5b5", "#777777")
        } else if n.id == "root" {
            ("#4a5563", "#4a5563", "#ffffff")
        } else {
            (status_fill(n.status), n.color.as_str(), "#1f2933")
        };
        let _ = write!(
            s,
            r#"<g><title>{title} ({codings})</title><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{fill}" stroke="{stroke}" stroke-width="2.5"/>"#,
            title = escape(&n.name),
            codings = n.codings,
            x = n.x,
            y = n.y,
            r = n.r
        );
        let (tx, anchor) = match n.anchor.as_str() {
            "start" => (n.x + n.r + 6.0, "start"),
            "end" => (n.x - n.r - 6.0, "end"),
            _ => (n.x, "middle"),
        };
        let size = if n.depth <= 1 { 13.5 } else { 12.0 };
        let weight = if n.depth <= 1 { "bold" } else { "normal" };
        let _ = write!(
            s,
            r#"<text x="{tx:.1}" y="{ty:.1}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" fill="{text}">{label}</text></g>"#,
            ty = n.y + 4.5,
            label = escape(&n.label)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// The map as a PNG picture (rendered from its SVG by resvg), at `scale`
/// pixels per px, with the system's fonts.
pub fn map_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| Error::Internal {
        reason: format!("the map's SVG cannot be read back: {e}"),
    })?;
    let size = tree.size();
    // At most about 24 million pixels (100 MB while drawing).
    let scale = scale.min((24e6_f32 / (size.width() * size.height()).max(1.0)).sqrt());
    let (w, h) = (
        ((size.width() * scale).ceil() as u32).max(1),
        ((size.height() * scale).ceil() as u32).max(1),
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or_else(|| Error::Internal {
        reason: format!("no memory for a {w}×{h} picture of the map"),
    })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| Error::Internal {
        reason: format!("the map's PNG cannot be written: {e}"),
    })
}
