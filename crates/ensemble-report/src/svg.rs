//! A deterministic layered drawing of a bundle's wiring graph, as inline SVG.
//!
//! The layout is a small Sugiyama-style pass: each deployment-order group
//! gets a layer one above the highest layer it requires (so providers sit
//! below their consumers and every arrow points down), edges that skip
//! layers get invisible waypoints, a few barycenter sweeps order each layer
//! to reduce crossings, and edge labels are nudged along their curve until
//! they stop overlapping. Members of a wiring cycle share a layer (the
//! deployment order puts them in one wave) inside a dashed frame; partner offerings are dashed and shaded, so the drawing
//! reads in greyscale. No script, no external reference, no `xmlns` (inline
//! SVG in HTML5 does not need it).

use std::fmt::Write as _;

use crate::graph::Graph;
use crate::text::escape_html;

const NODE_W: f64 = 200.0;
const NODE_H: f64 = 58.0;
const DUMMY_W: f64 = 26.0;
const GAP_X: f64 = 34.0;
const GAP_Y: f64 = 92.0;
const MARGIN: f64 = 24.0;
const CLUSTER_PAD: f64 = 12.0;
const LABEL_H: f64 = 14.0;
const LEGEND_H: f64 = 30.0;
/// Room above or below a row for the arcs of a cycle in it.
const ARC_ROOM: f64 = 44.0;
/// The legend's width: the drawing is never narrower.
const LEGEND_W: f64 = 680.0;
/// Room at the left of a cycle frame for its label.
const CLUSTER_LABEL_W: f64 = 58.0;

/// Something placed in a layer: a member or a waypoint of a long edge.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    Node(usize),
    Waypoint { edge: usize },
}

/// A run of items kept together while ordering a layer: one member, the
/// members of a wiring cycle side by side, or one waypoint.
#[derive(Debug, Clone)]
struct Block {
    items: Vec<Item>,
    /// The wiring cycle, for a block of its members.
    cycle: Option<usize>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
    fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
}

/// The layer of each deployment group: 0 for groups that require nothing
/// outside themselves, else one above the highest group they require.
/// Groups are taken in deployment order; a requirement on a later group
/// (which a consistent order never has) is ignored rather than looped on.
fn layers(graph: &Graph) -> Vec<usize> {
    let mut layer = vec![0usize; graph.groups.len()];
    for g in 0..graph.groups.len() {
        for e in &graph.edges {
            let (from, to) = (graph.nodes[e.from].group, graph.nodes[e.to].group);
            if from == g && to < g {
                layer[g] = layer[g].max(layer[to] + 1);
            }
        }
    }
    layer
}

/// Renders the graph as an `<svg>` element.
pub fn render(graph: &Graph) -> String {
    let layout = Layout::new(graph);
    layout.draw(graph)
}

#[derive(Debug)]
struct Layout {
    /// Rows top to bottom; each a list of blocks in drawing order.
    rows: Vec<Vec<Block>>,
    /// Row of each layer (layer 0 is the bottom row).
    node_rect: Vec<Rect>,
    /// Waypoint rectangles per edge, in order from consumer to provider.
    waypoints: Vec<Vec<Rect>>,
    width: f64,
    height: f64,
}

impl Layout {
    fn new(graph: &Graph) -> Layout {
        let group_layer = layers(graph);
        let top = group_layer.iter().copied().max().unwrap_or(0);
        let row_of_layer = |l: usize| top - l;
        let mut rows: Vec<Vec<Block>> = vec![Vec::new(); top + 1];
        if graph.nodes.is_empty() {
            rows.clear();
        }
        for (g, members) in graph.groups.iter().enumerate() {
            let row = &mut rows[row_of_layer(group_layer[g])];
            let mut placed = vec![false; graph.cycles.len()];
            for &i in members {
                match graph.nodes[i].cycle {
                    Some(k) if placed[k] => {}
                    Some(k) => {
                        placed[k] = true;
                        let together: Vec<Item> = graph.cycles[k]
                            .iter()
                            .filter(|&&j| graph.nodes[j].group == g)
                            .map(|&j| Item::Node(j))
                            .collect();
                        let cycle = (together.len() > 1).then_some(k);
                        row.push(Block {
                            items: together,
                            cycle,
                        });
                    }
                    None => row.push(Block {
                        items: vec![Item::Node(i)],
                        cycle: None,
                    }),
                }
            }
        }
        let node_row = |i: usize| row_of_layer(group_layer[graph.nodes[i].group]);
        // Waypoints for edges spanning more than one row, in path order.
        let mut waypoint_rows: Vec<Vec<usize>> = vec![Vec::new(); graph.edges.len()];
        for (k, e) in graph.edges.iter().enumerate() {
            let (a, b) = (node_row(e.from), node_row(e.to));
            let between: Vec<usize> = if a < b {
                (a + 1..b).collect()
            } else {
                (b + 1..a).rev().collect()
            };
            for &r in &between {
                rows[r].push(Block {
                    items: vec![Item::Waypoint { edge: k }],
                    cycle: None,
                });
            }
            waypoint_rows[k] = between;
        }

        // Neighbours of each item in the rows above and below, through the
        // edge chains.
        let chain = |k: usize| -> Vec<(usize, Item)> {
            let e = &graph.edges[k];
            let mut c = vec![(node_row(e.from), Item::Node(e.from))];
            c.extend(
                waypoint_rows[k]
                    .iter()
                    .map(|&r| (r, Item::Waypoint { edge: k })),
            );
            c.push((node_row(e.to), Item::Node(e.to)));
            c
        };
        let mut links: Vec<((usize, Item), (usize, Item))> = Vec::new();
        for k in 0..graph.edges.len() {
            let c = chain(k);
            for w in c.windows(2) {
                if w[0].0 != w[1].0 {
                    links.push((w[0], w[1]));
                }
            }
        }

        // Barycenter sweeps: down, then up, a few times.
        for sweep in 0..8 {
            let downward = sweep % 2 == 0;
            let order: Vec<usize> = if downward {
                (1..rows.len()).collect()
            } else {
                (0..rows.len().saturating_sub(1)).rev().collect()
            };
            for r in order {
                let fixed = if downward { r - 1 } else { r + 1 };
                let positions = item_positions(&rows[fixed]);
                let current = rows[r].clone();
                let mut keyed: Vec<(f64, usize, Block)> = current
                    .into_iter()
                    .enumerate()
                    .map(|(pos, block)| {
                        let mut sum = 0.0;
                        let mut n = 0.0;
                        for item in &block.items {
                            for (a, b) in &links {
                                for (mine, other) in [(a, b), (b, a)] {
                                    if mine.0 == r && mine.1 == *item && other.0 == fixed {
                                        if let Some(p) = positions
                                            .iter()
                                            .find(|(it, _)| *it == other.1)
                                            .map(|(_, p)| *p)
                                        {
                                            sum += p;
                                            n += 1.0;
                                        }
                                    }
                                }
                            }
                        }
                        let key = if n > 0.0 { sum / n } else { pos as f64 };
                        (key, pos, block)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                rows[r] = keyed.into_iter().map(|(_, _, b)| b).collect();
            }
        }

        // Coordinates: rows centred on the widest.
        let block_width = |b: &Block| -> f64 {
            let items: f64 = b
                .items
                .iter()
                .map(|it| match it {
                    Item::Node(_) => NODE_W,
                    Item::Waypoint { .. } => DUMMY_W,
                })
                .sum();
            let pad = if b.cycle.is_some() {
                2.0 * CLUSTER_PAD + CLUSTER_LABEL_W
            } else {
                0.0
            };
            items + GAP_X * (b.items.len().saturating_sub(1)) as f64 + pad
        };
        let row_width = |row: &Vec<Block>| -> f64 {
            row.iter().map(block_width).sum::<f64>() + GAP_X * row.len().saturating_sub(1) as f64
        };
        let inner = rows
            .iter()
            .map(row_width)
            .fold(LEGEND_W - 2.0 * MARGIN, f64::max);
        let width = inner + 2.0 * MARGIN;
        // Arcs between the members of a cycle bulge above and below their
        // row: the first and last rows need room for them.
        let has_cycle =
            |row: Option<&Vec<Block>>| row.is_some_and(|r| r.iter().any(|b| b.cycle.is_some()));
        let top = MARGIN
            + LABEL_H
            + if has_cycle(rows.first()) {
                ARC_ROOM
            } else {
                0.0
            };
        let bottom = LABEL_H
            + if has_cycle(rows.last()) {
                ARC_ROOM
            } else {
                0.0
            };
        let mut node_rect = vec![Rect::default(); graph.nodes.len()];
        let mut waypoint_at: Vec<Vec<(usize, Rect)>> = vec![Vec::new(); graph.edges.len()];
        for (r, row) in rows.iter().enumerate() {
            let y = top + r as f64 * (NODE_H + GAP_Y);
            let mut x = MARGIN + (inner - row_width(row)) / 2.0;
            for block in row {
                if block.cycle.is_some() {
                    x += CLUSTER_PAD + CLUSTER_LABEL_W;
                }
                for (j, item) in block.items.iter().enumerate() {
                    if j > 0 {
                        x += GAP_X;
                    }
                    match *item {
                        Item::Node(i) => {
                            node_rect[i] = Rect {
                                x,
                                y,
                                w: NODE_W,
                                h: NODE_H,
                            };
                            x += NODE_W;
                        }
                        Item::Waypoint { edge } => {
                            waypoint_at[edge].push((
                                r,
                                Rect {
                                    x,
                                    y,
                                    w: DUMMY_W,
                                    h: NODE_H,
                                },
                            ));
                            x += DUMMY_W;
                        }
                    }
                }
                if block.cycle.is_some() {
                    x += CLUSTER_PAD;
                }
                x += GAP_X;
            }
        }
        let waypoints = waypoint_at
            .into_iter()
            .zip(&waypoint_rows)
            .map(|(mut at, order)| {
                at.sort_by_key(|(r, _)| order.iter().position(|o| o == r));
                at.into_iter().map(|(_, rect)| rect).collect()
            })
            .collect();
        let rows_h = rows.len() as f64 * NODE_H + rows.len().saturating_sub(1) as f64 * GAP_Y;
        let height = top + rows_h + bottom + CLUSTER_PAD + LEGEND_H + MARGIN;
        Layout {
            rows,
            node_rect,
            waypoints,
            width,
            height,
        }
    }

    fn draw(&self, graph: &Graph) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<svg class=\"wiring\" role=\"img\" viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\">",
            w = self.width,
            h = self.height
        );
        let _ = writeln!(
            s,
            "<title>Wiring of {}: {} offerings, {} connections</title>",
            escape_html(&graph.name),
            graph.nodes.len(),
            graph.edges.len()
        );
        s.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#222\"/></marker>");
        s.push_str("<pattern id=\"partner-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f2f2f2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d8d8d8\" stroke-width=\"2\"/></pattern></defs>\n");

        // Cycle frames behind everything.
        for row in &self.rows {
            for block in row {
                if block.cycle.is_some() {
                    let rects: Vec<Rect> = block
                        .items
                        .iter()
                        .filter_map(|it| match it {
                            Item::Node(i) => Some(self.node_rect[*i]),
                            Item::Waypoint { .. } => None,
                        })
                        .collect();
                    let (Some(first), Some(last)) = (rects.first(), rects.last()) else {
                        continue;
                    };
                    let x = first.x - CLUSTER_PAD - CLUSTER_LABEL_W;
                    let y = first.y - CLUSTER_PAD;
                    let w = last.x + last.w - x + CLUSTER_PAD;
                    let h = NODE_H + 2.0 * CLUSTER_PAD;
                    let _ = write!(
                        s,
                        "<g class=\"cycle\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"10\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.2\" stroke-dasharray=\"8 4\"/><text font-size=\"10\" font-style=\"italic\" fill=\"#333\">"
                    );
                    for (k, line) in ["wiring", "cycle:", "deployed", "together"]
                        .iter()
                        .enumerate()
                    {
                        let _ = write!(
                            s,
                            "<tspan x=\"{:.1}\" y=\"{:.1}\">{line}</tspan>",
                            x + 9.0,
                            y + 22.0 + 13.0 * k as f64
                        );
                    }
                    s.push_str("</text></g>\n");
                }
            }
        }

        // Edges, then their labels above edges and boxes.
        let mut occupied: Vec<Rect> = self.node_rect.clone();
        let mut labels = String::new();
        let ports = self.ports(graph);
        for (k, e) in graph.edges.iter().enumerate() {
            let (path, curves) = self.edge_path(graph, k, &ports);
            let dash = if e.optional {
                " stroke-dasharray=\"5 4\""
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "<path class=\"edge\" d=\"{path}\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.3\"{dash} marker-end=\"url(#arrow)\"/>"
            );
            let text = e.label();
            let tw = text_width(&text, 10.0) + 8.0;
            let first = curves[0];
            let mut chosen = None;
            for t in [0.5, 0.35, 0.65, 0.22, 0.78, 0.42, 0.58] {
                let (x, y) = first.at(t);
                let r = Rect {
                    x: x - tw / 2.0,
                    y: y - LABEL_H / 2.0,
                    w: tw,
                    h: LABEL_H,
                };
                if !occupied.iter().any(|o| o.overlaps(&r)) {
                    chosen = Some(r);
                    break;
                }
            }
            let r = chosen.unwrap_or_else(|| {
                let (x, y) = first.at(0.5);
                Rect {
                    x: x - tw / 2.0,
                    y: y - LABEL_H / 2.0,
                    w: tw,
                    h: LABEL_H,
                }
            });
            occupied.push(r);
            let _ = writeln!(
                labels,
                "<g class=\"label\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"#fff\" stroke=\"#999\" stroke-width=\"0.6\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#111\">{}</text></g>",
                r.x,
                r.y,
                r.w,
                r.h,
                r.cx(),
                r.y + 10.5,
                escape_html(&text)
            );
        }

        for (i, n) in graph.nodes.iter().enumerate() {
            let r = self.node_rect[i];
            let (fill, stroke) = match n.partner {
                Some(_) => (
                    "url(#partner-hatch)",
                    "stroke-width=\"2\" stroke-dasharray=\"7 4\"",
                ),
                None => ("#fff", "stroke-width=\"1.5\""),
            };
            let _ = write!(
                s,
                "<g class=\"node{}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"{fill}\" stroke=\"#111\" {stroke}/>",
                if n.partner.is_some() { " partner" } else { "" },
                r.x,
                r.y,
                r.w,
                r.h
            );
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#000\">{}</text>",
                r.cx(),
                r.y + 18.0,
                escape_html(&fit(&n.name, 12.0, NODE_W - 14.0))
            );
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#222\">{}</text>",
                r.cx(),
                r.y + 33.0,
                escape_html(&fit(&format!("{} {}", n.id, n.version), 10.0, NODE_W - 14.0))
            );
            let third = match &n.partner {
                Some(p) => format!("partner: {p}"),
                None => "internal".to_owned(),
            };
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" font-style=\"italic\" text-anchor=\"middle\" fill=\"#222\">{}</text></g>",
                r.cx(),
                r.y + 48.0,
                escape_html(&fit(&third, 10.0, NODE_W - 14.0))
            );
        }
        s.push_str(&labels);
        self.legend(&mut s);
        s.push_str("</svg>\n");
        s
    }

    /// Where each edge leaves its consumer and enters its provider: the
    /// edges at one side of a box spread along it, ordered by where they go.
    fn ports(&self, graph: &Graph) -> Vec<(f64, f64)> {
        let mut out = vec![(0.0, 0.0); graph.edges.len()];
        let target_x = |k: usize, from_side: bool| -> f64 {
            let e = &graph.edges[k];
            let wp = &self.waypoints[k];
            if from_side {
                wp.first().map_or(self.node_rect[e.to].cx(), |r| r.cx())
            } else {
                wp.last().map_or(self.node_rect[e.from].cx(), |r| r.cx())
            }
        };
        for (i, rect) in self.node_rect.iter().enumerate() {
            for side in [true, false] {
                let mut ks: Vec<usize> = (0..graph.edges.len())
                    .filter(|&k| {
                        let e = &graph.edges[k];
                        let same_row = self.node_rect[e.from].y == self.node_rect[e.to].y;
                        !same_row && if side { e.from == i } else { e.to == i }
                    })
                    .collect();
                ks.sort_by(|&a, &b| {
                    target_x(a, side)
                        .total_cmp(&target_x(b, side))
                        .then(a.cmp(&b))
                });
                let n = ks.len() as f64;
                for (j, k) in ks.into_iter().enumerate() {
                    let x = rect.x + rect.w * (j as f64 + 1.0) / (n + 1.0);
                    if side {
                        out[k].0 = x;
                    } else {
                        out[k].1 = x;
                    }
                }
            }
        }
        out
    }

    /// The SVG path of an edge and its curve pieces.
    fn edge_path(&self, graph: &Graph, k: usize, ports: &[(f64, f64)]) -> (String, Vec<Curve>) {
        let e = &graph.edges[k];
        let a = self.node_rect[e.from];
        let b = self.node_rect[e.to];
        if a.y == b.y {
            // Same row (a cycle): an arc above when going right, below when
            // going left, so the two directions of a pair never overlap.
            let above = a.cx() <= b.cx();
            let (y0, bend) = if above {
                (a.y, -46.0)
            } else {
                (a.y + a.h, 46.0)
            };
            let x0 = a.cx() + if above { 12.0 } else { -12.0 };
            let x1 = b.cx() + if above { -12.0 } else { 12.0 };
            let c = Curve {
                p0: (x0, y0),
                p1: (x0, y0 + bend),
                p2: (x1, y0 + bend),
                p3: (x1, y0),
            };
            return (c.path(true), vec![c]);
        }
        let down = a.y < b.y;
        let mut points = vec![if down {
            (ports[k].0, a.y + a.h)
        } else {
            (ports[k].0, a.y)
        }];
        for w in &self.waypoints[k] {
            if down {
                points.push((w.cx(), w.y));
                points.push((w.cx(), w.y + w.h));
            } else {
                points.push((w.cx(), w.y + w.h));
                points.push((w.cx(), w.y));
            }
        }
        points.push(if down {
            (ports[k].1, b.y)
        } else {
            (ports[k].1, b.y + b.h)
        });
        let mut curves = Vec::new();
        let mut path = String::new();
        for (j, pair) in points.windows(2).enumerate() {
            let (p0, p3) = (pair[0], pair[1]);
            let c = if j % 2 == 1 {
                // Straight through a waypoint.
                Curve {
                    p0,
                    p1: p0,
                    p2: p3,
                    p3,
                }
            } else {
                let dy = (p3.1 - p0.1) / 2.0;
                Curve {
                    p0,
                    p1: (p0.0, p0.1 + dy),
                    p2: (p3.0, p3.1 - dy),
                    p3,
                }
            };
            path.push_str(&c.path(j == 0));
            curves.push(c);
        }
        (path, curves)
    }

    fn legend(&self, s: &mut String) {
        let y = self.height - MARGIN - LEGEND_H + 8.0;
        let x = MARGIN;
        let _ = writeln!(
            s,
            "<g class=\"legend\" font-size=\"10\" fill=\"#111\">\
<rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"26\" height=\"16\" rx=\"3\" fill=\"#fff\" stroke=\"#111\" stroke-width=\"1.5\"/><text x=\"{t0:.1}\" y=\"{ty:.1}\">internal offering</text>\
<rect x=\"{x1:.1}\" y=\"{y0:.1}\" width=\"26\" height=\"16\" rx=\"3\" fill=\"url(#partner-hatch)\" stroke=\"#111\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/><text x=\"{t1:.1}\" y=\"{ty:.1}\">partner offering</text>\
<path d=\"M{x2:.1},{ly:.1} h30\" stroke=\"#222\" stroke-width=\"1.3\" marker-end=\"url(#arrow)\"/><text x=\"{t2:.1}\" y=\"{ty:.1}\">requires (interface and version provided)</text>\
<path d=\"M{x3:.1},{ly:.1} h30\" stroke=\"#222\" stroke-width=\"1.3\" stroke-dasharray=\"5 4\" marker-end=\"url(#arrow)\"/><text x=\"{t3:.1}\" y=\"{ty:.1}\">optional</text></g>",
            x0 = x,
            y0 = y,
            t0 = x + 32.0,
            x1 = x + 130.0,
            t1 = x + 162.0,
            x2 = x + 260.0,
            t2 = x + 296.0,
            x3 = x + 510.0,
            t3 = x + 546.0,
            ly = y + 8.0,
            ty = y + 12.0,
        );
    }
}

/// Positions of the items of a row, in item units (blocks flattened).
fn item_positions(row: &[Block]) -> Vec<(Item, f64)> {
    let mut out = Vec::new();
    let mut p = 0.0;
    for block in row {
        for item in &block.items {
            out.push((*item, p));
            p += 1.0;
        }
    }
    out
}

/// A cubic Bézier segment.
#[derive(Debug, Clone, Copy)]
struct Curve {
    p0: (f64, f64),
    p1: (f64, f64),
    p2: (f64, f64),
    p3: (f64, f64),
}

impl Curve {
    fn at(&self, t: f64) -> (f64, f64) {
        let u = 1.0 - t;
        let f = |a: f64, b: f64, c: f64, d: f64| {
            u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
        };
        (
            f(self.p0.0, self.p1.0, self.p2.0, self.p3.0),
            f(self.p0.1, self.p1.1, self.p2.1, self.p3.1),
        )
    }

    fn path(&self, start: bool) -> String {
        let mut s = String::new();
        if start {
            let _ = write!(s, "M{:.1},{:.1} ", self.p0.0, self.p0.1);
        }
        let _ = write!(
            s,
            "C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} ",
            self.p1.0, self.p1.1, self.p2.0, self.p2.1, self.p3.0, self.p3.1
        );
        s
    }
}

/// A rough width of text in a sans-serif font: enough to size boxes.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.58
}

/// `s`, shortened with an ellipsis to fit `width` pixels.
fn fit(s: &str, size: f64, width: f64) -> String {
    let max = (width / (size * 0.58)).floor().max(4.0) as usize;
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::cyclic;

    #[test]
    fn layers_follow_requirements() {
        let g = Graph::from_bundle(&cyclic());
        // d (group 0) requires nothing; b+c require d; a requires b.
        assert_eq!(layers(&g), vec![0, 1, 2]);
    }

    #[test]
    fn renders_every_node_and_edge_without_scripts_or_links() {
        let g = Graph::from_bundle(&cyclic());
        let svg = render(&g);
        assert!(svg.starts_with("<svg "));
        assert!(svg.trim_end().ends_with("</svg>"));
        for n in ["Alpha &quot;A&quot;", "Beta", "Gamma", "Delta"] {
            assert!(svg.contains(n), "{n}");
        }
        assert_eq!(svg.matches("class=\"edge\"").count(), 4);
        assert_eq!(svg.matches("<g class=\"cycle\"").count(), 1);
        assert!(!svg.contains("http"));
        assert!(!svg.contains("<script"));
        assert_eq!(svg, render(&g), "deterministic");
    }

    #[test]
    fn empty_graph_still_draws() {
        let mut b = cyclic();
        b.offerings.clear();
        let svg = render(&Graph::from_bundle(&b));
        assert!(svg.contains("</svg>"));
    }

    #[test]
    fn long_names_are_shortened() {
        assert_eq!(fit("abc", 12.0, 100.0), "abc");
        let long = fit(&"x".repeat(80), 12.0, 100.0);
        assert!(long.ends_with('…') && long.chars().count() < 20);
    }
}
