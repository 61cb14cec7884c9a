//! The ASCII flow diagram: a pure function from a flow graph and a width (in
//! terminal cells) to lines of text.
//!
//! Layout: the main path (the "spine") runs down the left column; every other
//! way out of a spine node is a side branch drawn to its right, its boxes
//! stacked below each other; an edge that goes back (补正后重新提交 → 申请) or
//! jumps to a box already drawn runs up or down a lane at the far right and
//! enters its target from the right. Whatever cannot be drawn without
//! crossing a box is listed under the diagram, so no edge is ever lost. Below
//! a usable width the diagram becomes a numbered outline.

use crate::catalog::{Chart, Node, NodeKind};
use crate::text::{self, char_width, width};

/// Narrower than this, boxes side by side are unreadable: draw an outline.
const MIN_COLUMN: usize = 10;

/// Draws `flow` in at most `width` cells per line.
pub fn render(flow: &Chart, width: usize) -> Vec<String> {
    let graph = Graph::new(flow);
    if graph.nodes.is_empty() {
        return Vec::new();
    }
    let topo = Topology::new(&graph);
    match Columns::fit(&graph, &topo, width) {
        Some(cols) => Drawing::new(&graph, &topo, cols, width).draw(),
        None => outline(&graph, &topo, width),
    }
}

/// The flow with node ids resolved to indices; edges to unknown nodes dropped.
struct Graph<'a> {
    nodes: &'a [Node],
    edges: Vec<GEdge<'a>>,
    out: Vec<Vec<usize>>,
}

struct GEdge<'a> {
    from: usize,
    to: usize,
    label: &'a str,
}

impl<'a> Graph<'a> {
    fn new(flow: &'a Chart) -> Self {
        let index = |id: &str| flow.nodes.iter().position(|n| n.id == id);
        let edges: Vec<GEdge> = flow
            .edges
            .iter()
            .filter_map(|e| {
                Some(GEdge {
                    from: index(&e.from)?,
                    to: index(&e.to)?,
                    label: e.label.as_deref().unwrap_or(""),
                })
            })
            .collect();
        let mut out = vec![Vec::new(); flow.nodes.len()];
        for (i, e) in edges.iter().enumerate() {
            out[e.from].push(i);
        }
        Graph {
            nodes: &flow.nodes,
            edges,
            out,
        }
    }

    /// How many not-yet-placed nodes can be reached from `start`.
    fn reach(&self, start: usize, placed: &[bool]) -> usize {
        let mut seen = placed.to_vec();
        let mut stack = vec![start];
        let mut count = 0;
        while let Some(n) = stack.pop() {
            if std::mem::replace(&mut seen[n], true) {
                continue;
            }
            count += 1;
            stack.extend(self.out[n].iter().map(|&e| self.edges[e].to));
        }
        count
    }

    /// Of the edges out of `node` to unplaced nodes, the one leading furthest;
    /// ties go to a "是" or unlabelled edge, then to the edge written first.
    fn best_next(&self, node: usize, placed: &[bool]) -> Option<usize> {
        self.out[node]
            .iter()
            .copied()
            .filter(|&e| !placed[self.edges[e].to])
            .enumerate()
            .max_by_key(|&(order, e)| {
                let label = self.edges[e].label;
                let yes = label.is_empty() || label.starts_with('是');
                (
                    self.reach(self.edges[e].to, placed),
                    yes,
                    std::cmp::Reverse(order),
                )
            })
            .map(|(_, e)| e)
    }
}

/// How each edge is drawn.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Route {
    /// Down the spine to the next spine node.
    Spine,
    /// From a spine node across to the head of a side chain.
    Branch,
    /// Down a side chain.
    Chain,
    /// Around through a lane at the right (back, or to a box drawn elsewhere).
    Lane,
}

/// A run of side boxes, drawn one below the other.
struct Chain {
    /// The spine position it hangs from; `None` when it is entered by a lane.
    anchor: Option<usize>,
    /// The edge that enters it.
    edge: Option<usize>,
    nodes: Vec<usize>,
}

struct Topology {
    spine: Vec<usize>,
    chains: Vec<Chain>,
    route: Vec<Option<Route>>,
}

impl Topology {
    fn new(g: &Graph) -> Self {
        let n = g.nodes.len();
        let mut placed = vec![false; n];
        let mut route = vec![None; g.edges.len()];
        placed[0] = true;
        let mut spine = vec![0];
        while let Some(e) = g.best_next(*spine.last().unwrap_or(&0), &placed) {
            route[e] = Some(Route::Spine);
            placed[g.edges[e].to] = true;
            spine.push(g.edges[e].to);
        }
        let mut topo = Topology {
            spine,
            chains: Vec::new(),
            route,
        };
        for si in 0..topo.spine.len() {
            topo.hang_from(g, &mut placed, topo.spine[si], Some(si));
        }
        // Edges out of side boxes, and any node no edge reaches: each new
        // chain may bring more edges, so walk until nothing is left.
        let mut ci = 0;
        loop {
            while ci < topo.chains.len() {
                for node in topo.chains[ci].nodes.clone() {
                    topo.hang_from(g, &mut placed, node, None);
                }
                ci += 1;
            }
            let Some(orphan) = placed.iter().position(|p| !p) else {
                break;
            };
            let nodes = topo.grow(g, &mut placed, orphan);
            topo.chains.push(Chain {
                anchor: None,
                edge: None,
                nodes,
            });
        }
        topo
    }

    /// Routes every not-yet-routed edge out of `node`.
    fn hang_from(&mut self, g: &Graph, placed: &mut [bool], node: usize, anchor: Option<usize>) {
        for &e in &g.out[node] {
            if self.route[e].is_some() {
                continue;
            }
            let to = g.edges[e].to;
            if placed[to] {
                self.route[e] = Some(Route::Lane);
                continue;
            }
            self.route[e] = Some(if anchor.is_some() {
                Route::Branch
            } else {
                Route::Lane
            });
            let nodes = self.grow(g, placed, to);
            self.chains.push(Chain {
                anchor,
                edge: Some(e),
                nodes,
            });
        }
    }

    /// A chain from `head`, following the longest way on through unplaced nodes.
    fn grow(&mut self, g: &Graph, placed: &mut [bool], head: usize) -> Vec<usize> {
        placed[head] = true;
        let mut nodes = vec![head];
        let mut cur = head;
        while let Some(e) = g.best_next(cur, placed) {
            self.route[e] = Some(Route::Chain);
            cur = g.edges[e].to;
            placed[cur] = true;
            nodes.push(cur);
        }
        nodes
    }

    fn edges_routed(&self, route: Route) -> impl Iterator<Item = usize> + '_ {
        (0..self.route.len()).filter(move |&e| self.route[e] == Some(route))
    }
}

/// Column widths in cells: spine, connector, side and the lanes after them.
#[derive(Clone, Copy)]
struct Columns {
    spine: usize,
    connector: usize,
    side: usize,
    lanes: usize,
}

impl Columns {
    fn fit(g: &Graph, topo: &Topology, width: usize) -> Option<Columns> {
        let natural = |nodes: &mut dyn Iterator<Item = usize>| {
            nodes
                .map(|n| natural_width(&g.nodes[n]) + 4)
                .max()
                .unwrap_or(0)
        };
        // A little more than the minimum, so a label fits beside the spine line.
        let spine_nat = natural(&mut topo.spine.iter().copied()).max(MIN_COLUMN + 4);
        let side_nat =
            natural(&mut topo.chains.iter().flat_map(|c| c.nodes.iter().copied())).max(MIN_COLUMN);
        // Room for each lane: two cells, plus one before the first.
        let lanes = topo.edges_routed(Route::Lane).count().min(width / 8);
        let lane_w = if lanes > 0 { 2 * lanes + 1 } else { 0 };
        let avail = width.checked_sub(lane_w)?;
        if topo.chains.is_empty() {
            let spine = spine_nat.min(avail);
            return (spine >= MIN_COLUMN).then_some(Columns {
                spine,
                connector: 0,
                side: 0,
                lanes,
            });
        }
        let label_nat = topo
            .edges_routed(Route::Branch)
            .map(|e| text::width(g.edges[e].label))
            .max()
            .unwrap_or(0);
        // The spine gets what its boxes need (at most two fifths), the
        // connector room for its labels (at most a quarter), the side the
        // rest; width left over goes back to the labels.
        let spine = spine_nat.min(avail * 2 / 5);
        let label_room = label_nat + 4;
        let mut connector = label_room.min(avail / 4).max(6);
        let side = side_nat.min(avail.saturating_sub(spine + connector));
        let spare = avail.saturating_sub(spine + connector + side);
        connector += spare.min(label_room.saturating_sub(connector));
        (spine >= MIN_COLUMN && side >= MIN_COLUMN).then_some(Columns {
            spine,
            connector,
            side,
            lanes,
        })
    }
}

/// The widest a node's box would like to be inside its borders.
fn natural_width(node: &Node) -> usize {
    let mats = node.materials.iter().map(|m| width(m) + 2);
    std::iter::once(width(&node.text))
        .chain(mats)
        .chain(std::iter::once(if node.materials.is_empty() {
            0
        } else {
            10
        }))
        .max()
        .unwrap_or(0)
}

/// A node's box, laid out for a given column width.
struct Shape {
    kind: NodeKind,
    w: usize,
    text: Vec<String>,
    materials: Vec<String>,
}

impl Shape {
    fn new(node: &Node, column: usize) -> Shape {
        let inner = (natural_width(node).min(column.saturating_sub(4))).max(2);
        let text = text::wrap(&node.text, inner);
        let materials = if node.materials.is_empty() {
            Vec::new()
        } else {
            let mut lines = vec!["所需材料：".to_string()];
            for m in &node.materials {
                lines.extend(text::wrap_indent(m, inner, "", "  "));
            }
            lines
        };
        let used = text
            .iter()
            .chain(&materials)
            .map(|l| width(l))
            .max()
            .unwrap_or(0);
        Shape {
            kind: node.kind,
            w: used.max(2) + 4,
            text: if text.is_empty() {
                vec![String::new()]
            } else {
                text
            },
            materials,
        }
    }

    fn height(&self) -> usize {
        let separator = usize::from(!self.materials.is_empty());
        self.text.len() + separator + self.materials.len() + 2
    }

    /// Offset of the row where edges meet the box.
    fn mid(&self) -> usize {
        1 + (self.text.len() - 1) / 2
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Cell {
    Blank,
    Ch(char),
    /// The right half of a wide character.
    Wide,
}

/// A grid of cells that grows downwards; nothing is ever written past `w`.
struct Canvas {
    w: usize,
    rows: Vec<Vec<Cell>>,
}

impl Canvas {
    fn get(&self, x: usize, y: usize) -> Cell {
        self.rows
            .get(y)
            .and_then(|r| r.get(x))
            .copied()
            .unwrap_or(Cell::Blank)
    }

    fn set(&mut self, x: usize, y: usize, cell: Cell) {
        while self.rows.len() <= y {
            self.rows.push(vec![Cell::Blank; self.w]);
        }
        if let Some(c) = self.rows[y].get_mut(x) {
            *c = cell;
        }
    }

    /// Writes one character, clearing any wide character it would split.
    fn put(&mut self, x: usize, y: usize, c: char) {
        let cw = char_width(c);
        if cw == 0 || x + cw > self.w {
            return;
        }
        for cx in x..x + cw {
            match self.get(cx, y) {
                Cell::Wide if cx > 0 => self.set(cx - 1, y, Cell::Blank),
                Cell::Ch(old) if char_width(old) == 2 => self.set(cx + 1, y, Cell::Blank),
                _ => {}
            }
        }
        self.set(x, y, Cell::Ch(c));
        if cw == 2 {
            self.set(x + 1, y, Cell::Wide);
        }
    }

    fn text(&mut self, x: usize, y: usize, s: &str) {
        let mut x = x;
        for c in text::clean(s).chars() {
            self.put(x, y, c);
            x += char_width(c);
        }
    }

    /// Draws a line character, turning crossings into `+` and keeping junctions.
    fn line(&mut self, x: usize, y: usize, c: char) {
        let c = match (self.get(x, y), c) {
            (Cell::Ch('+'), _) | (Cell::Ch('-'), '|') | (Cell::Ch('|'), '-') => '+',
            _ => c,
        };
        self.put(x, y, c);
    }

    fn hline(&mut self, x0: usize, x1: usize, y: usize) {
        for x in x0..x1 {
            self.line(x, y, '-');
        }
    }

    /// Whether the cells `x0..x1` of row `y` are free (crossing a line is allowed
    /// when `cross` is `|` or `-`).
    fn free(&self, x0: usize, x1: usize, y: usize, cross: char) -> bool {
        x1 <= self.w
            && (x0..x1).all(|x| match self.get(x, y) {
                Cell::Blank => true,
                Cell::Ch(c) => c == cross,
                Cell::Wide => false,
            })
    }

    fn into_lines(self) -> Vec<String> {
        self.rows
            .into_iter()
            .map(|row| {
                let s: String = row
                    .into_iter()
                    .filter_map(|c| match c {
                        Cell::Blank => Some(' '),
                        Cell::Ch(c) => Some(c),
                        Cell::Wide => None,
                    })
                    .collect();
                s.trim_end().to_string()
            })
            .collect()
    }
}

/// The line into the next spine box: it starts at `start`, and its label and
/// arrow head must come after `clear` (below the last branch leaving it).
struct Incoming {
    start: usize,
    clear: usize,
    edge: usize,
}

#[derive(Clone, Copy)]
struct Placed {
    x: usize,
    y: usize,
    w: usize,
    mid: usize,
    h: usize,
}

struct Drawing<'a> {
    g: &'a Graph<'a>,
    topo: &'a Topology,
    cols: Columns,
    cv: Canvas,
    at: Vec<Option<Placed>>,
    /// Edges that could not be drawn, listed under the diagram.
    notes: Vec<usize>,
    /// First free row of the connector and side columns.
    side_y: usize,
}

impl<'a> Drawing<'a> {
    fn new(g: &'a Graph<'a>, topo: &'a Topology, cols: Columns, width: usize) -> Self {
        Drawing {
            g,
            topo,
            cols,
            cv: Canvas {
                w: width,
                rows: Vec::new(),
            },
            at: vec![None; g.nodes.len()],
            notes: Vec::new(),
            side_y: 0,
        }
    }

    fn cx(&self) -> usize {
        self.cols.spine / 2
    }

    fn side_x(&self) -> usize {
        self.cols.spine + self.cols.connector
    }

    fn lane_x(&self, k: usize) -> usize {
        self.side_x() + self.cols.side + 1 + 2 * k
    }

    fn draw(mut self) -> Vec<String> {
        let lane_targets: Vec<bool> = (0..self.g.nodes.len())
            .map(|n| {
                self.topo
                    .edges_routed(Route::Lane)
                    .any(|e| self.g.edges[e].to == n)
            })
            .collect();
        let mut incoming: Option<Incoming> = None;
        for si in 0..self.topo.spine.len() {
            let node = self.topo.spine[si];
            let shape = Shape::new(&self.g.nodes[node], self.cols.spine);
            let branches: Vec<&Chain> = self
                .topo
                .chains
                .iter()
                .filter(|c| c.anchor == Some(si))
                .collect();
            // A decision sends its first branch straight out of its right tip.
            let tip =
                shape.kind == NodeKind::Decision && !lane_targets[node] && !branches.is_empty();
            let x = self.cx().saturating_sub(shape.w / 2);
            let mut top = 0;
            if let Some(inc) = &incoming {
                top = inc.clear + self.label_rows_spine(inc.edge).max(1) + 1;
            }
            if tip {
                let lift = self.branch_lift(branches[0], x + shape.w);
                top = top.max((self.side_y + lift).saturating_sub(shape.mid()));
            }
            if let Some(inc) = incoming.take() {
                self.spine_line(inc.start, top, inc.edge);
            }
            let p = self.place(node, &shape, x, top);
            let below = p.y + p.h;
            let mut clear = below + 1;
            let mut last_junction = None;
            for (k, chain) in branches.iter().enumerate() {
                if k == 0 && tip {
                    self.branch(chain, p.x + p.w, p.y + p.mid);
                } else {
                    let x0 = self.cx() + 1;
                    let (inline, label) = self.branch_label(chain, x0);
                    let above = if inline { 0 } else { label.len() };
                    let row = (clear + above).max(self.side_y + self.branch_lift(chain, x0));
                    self.branch(chain, x0, row);
                    clear = row + 1;
                    last_junction = Some(row);
                }
            }
            let next = self
                .topo
                .edges_routed(Route::Spine)
                .find(|&e| self.g.edges[e].from == node);
            match (next, last_junction) {
                (Some(edge), _) => {
                    incoming = Some(Incoming {
                        start: below,
                        clear: clear.max(below),
                        edge,
                    })
                }
                (None, Some(row)) => self.vline(self.cx(), below, row),
                (None, None) => {}
            }
        }
        for chain in self.topo.chains.iter().filter(|c| c.anchor.is_none()) {
            let head = Shape::new(&self.g.nodes[chain.nodes[0]], self.cols.side);
            let y = self.side_y;
            self.chain(chain, y, head);
        }
        let lanes: Vec<usize> = self.topo.edges_routed(Route::Lane).collect();
        for (k, e) in lanes.into_iter().enumerate() {
            if k >= self.cols.lanes || !self.lane(e, self.lane_x(k)) {
                self.notes.push(e);
            }
        }
        self.finish()
    }

    fn place(&mut self, node: usize, shape: &Shape, x: usize, y: usize) -> Placed {
        draw_shape(&mut self.cv, shape, x, y);
        let p = Placed {
            x,
            y,
            w: shape.w,
            mid: shape.mid(),
            h: shape.height(),
        };
        self.at[node] = Some(p);
        p
    }

    fn vline(&mut self, x: usize, y0: usize, y1: usize) {
        for y in y0..y1 {
            self.cv.line(x, y, '|');
        }
    }

    /// Rows a spine edge's label needs beside the line.
    fn label_rows_spine(&self, edge: usize) -> usize {
        let label = self.g.edges[edge].label;
        if label.is_empty() {
            0
        } else {
            self.spine_label_lines(label).1.len()
        }
    }

    /// Where a spine label goes (its x) and its lines: left of the line if it fits.
    fn spine_label_lines(&self, label: &str) -> (usize, Vec<String>) {
        let cx = self.cx();
        if width(label) + 2 <= cx {
            return (cx - 1 - width(label), vec![label.to_string()]);
        }
        let room = (self.cols.spine + self.cols.connector)
            .saturating_sub(cx + 2)
            .max(4);
        (cx + 2, text::wrap(label, room))
    }

    /// Draws the spine line from `y0` down to the box at `top`, with its label.
    fn spine_line(&mut self, y0: usize, top: usize, edge: usize) {
        let cx = self.cx();
        let arrow = top.saturating_sub(1).max(y0);
        self.vline(cx, y0, arrow);
        self.cv.put(cx, arrow, 'v');
        let label = self.g.edges[edge].label;
        if label.is_empty() {
            return;
        }
        let (x, lines) = self.spine_label_lines(label);
        let first = arrow.saturating_sub(lines.len());
        for (i, l) in lines.iter().enumerate() {
            self.cv.text(x, first + i, l);
        }
    }

    /// The label lines of a branch edge that do not fit on its connector.
    fn branch_label(&self, chain: &Chain, x0: usize) -> (bool, Vec<String>) {
        let label = chain.edge.map_or("", |e| self.g.edges[e].label);
        let room = self.side_x().saturating_sub(x0 + 1);
        if width(label) + 3 <= room {
            (true, vec![label.to_string()])
        } else {
            // Above the connector, keeping one cell clear of the box it enters.
            (false, text::wrap(label, room.saturating_sub(1).max(2)))
        }
    }

    /// How far below the free row a branch's connector from `x0` must sit.
    fn branch_lift(&self, chain: &Chain, x0: usize) -> usize {
        let head = Shape::new(&self.g.nodes[chain.nodes[0]], self.cols.side);
        let (inline, lines) = self.branch_label(chain, x0);
        head.mid().max(if inline { 0 } else { lines.len() })
    }

    /// Draws a connector at row `row` from `x0` to the chain, then the chain.
    fn branch(&mut self, chain: &Chain, x0: usize, row: usize) {
        let head = Shape::new(&self.g.nodes[chain.nodes[0]], self.cols.side);
        let side_x = self.side_x();
        if x0 == self.cx() + 1 {
            self.cv.put(self.cx(), row, '+');
        }
        self.cv.hline(x0, side_x.saturating_sub(1), row);
        self.cv.put(side_x.saturating_sub(1), row, '>');
        let (inline, lines) = self.branch_label(chain, x0);
        if inline {
            self.cv.text(x0 + 1, row, &lines[0]);
        } else {
            let first = row.saturating_sub(lines.len());
            for (i, l) in lines.iter().enumerate() {
                self.cv.text(x0 + 1, first + i, l);
            }
        }
        let top = row.saturating_sub(head.mid());
        self.chain(chain, top, head);
    }

    /// Draws a chain's boxes downwards from `top` and advances the side column.
    fn chain(&mut self, chain: &Chain, top: usize, head: Shape) {
        let x = self.side_x();
        let mut p = self.place(chain.nodes[0], &head, x, top);
        for pair in chain.nodes.windows(2) {
            let edge = self
                .topo
                .edges_routed(Route::Chain)
                .find(|&e| self.g.edges[e].from == pair[0] && self.g.edges[e].to == pair[1]);
            let label = edge.map_or("", |e| self.g.edges[e].label);
            let lines = text::wrap(label, self.cols.side.saturating_sub(5));
            let y0 = p.y + p.h;
            let ax = x + 2;
            for (i, l) in lines.iter().enumerate() {
                self.cv.line(ax, y0 + i, '|');
                self.cv.text(ax + 2, y0 + i, l);
            }
            let arrow = y0 + lines.len();
            self.cv.put(ax, arrow, 'v');
            let shape = Shape::new(&self.g.nodes[pair[1]], self.cols.side);
            p = self.place(pair[1], &shape, x, arrow + 1);
        }
        self.side_y = p.y + p.h + 1;
    }

    /// Draws edge `e` through the lane at `lx`; false when its way is blocked.
    fn lane(&mut self, e: usize, lx: usize) -> bool {
        let edge = &self.g.edges[e];
        let (Some(a), Some(b)) = (self.at[edge.from], self.at[edge.to]) else {
            return false;
        };
        let rows = |p: Placed| (p.y + 1..p.y + p.h - 1).collect::<Vec<_>>();
        let free = |cv: &Canvas, p: Placed, y: usize| cv.free(p.x + p.w, lx + 1, y, '|');
        let exit = rows(a).into_iter().rev().find(|&y| free(&self.cv, a, y));
        let mut entries = rows(b);
        entries.sort_by_key(|&y| y.abs_diff(b.y + b.mid));
        let entry = entries
            .into_iter()
            .find(|&y| free(&self.cv, b, y) && Some(y) != exit);
        let (Some(exit), Some(entry)) = (exit, entry) else {
            return false;
        };
        let (lo, hi) = (exit.min(entry), exit.max(entry));
        if !(lo + 1..hi).all(|y| self.cv.free(lx, lx + 1, y, '-')) {
            return false;
        }
        self.cv.hline(a.x + a.w, lx, exit);
        self.cv.put(lx, exit, '+');
        self.vline(lx, lo + 1, hi);
        self.cv.put(lx, entry, '+');
        self.cv.hline(b.x + b.w + 1, lx, entry);
        self.cv.put(b.x + b.w, entry, '<');
        let label = edge.label;
        if !label.is_empty() {
            let spots = [(b.x + b.w + 2, entry), (a.x + a.w + 1, exit)];
            match spots.into_iter().find(|&(x, _)| x + width(label) < lx) {
                Some((x, y)) => self.cv.text(x, y, label),
                None => self.notes.push(e),
            }
        }
        true
    }

    fn finish(self) -> Vec<String> {
        let width = self.cv.w;
        let mut lines = self.cv.into_lines();
        for &e in &self.notes {
            let edge = &self.g.edges[e];
            let label = if edge.label.is_empty() {
                String::new()
            } else {
                format!("（{}）", edge.label)
            };
            let note = format!(
                "另：{} -> {}{label}",
                self.g.nodes[edge.from].text, self.g.nodes[edge.to].text
            );
            lines.extend(text::wrap_indent(&note, width, "", "    "));
        }
        lines
    }
}

/// Draws a node's box with its top-left corner at (`x`, `y`).
fn draw_shape(cv: &mut Canvas, shape: &Shape, x: usize, y: usize) {
    let w = shape.w;
    let inner = w - 4;
    let (top, bottom, left, right) = match shape.kind {
        NodeKind::Step => (
            format!("+{}+", "-".repeat(w - 2)),
            format!("+{}+", "-".repeat(w - 2)),
            "| ",
            " |",
        ),
        NodeKind::Decision => (
            format!(" /{}\\ ", "-".repeat(w - 4)),
            format!(" \\{}/ ", "-".repeat(w - 4)),
            "< ",
            " >",
        ),
        NodeKind::End => (
            format!(" .{}. ", "-".repeat(w - 4)),
            format!(" '{}' ", "-".repeat(w - 4)),
            "( ",
            " )",
        ),
    };
    let mut row = y;
    cv.text(x, row, &top);
    for l in &shape.text {
        row += 1;
        cv.text(x, row, &format!("{left}{}{right}", text::center(l, inner)));
    }
    if !shape.materials.is_empty() {
        row += 1;
        cv.text(x, row, &format!("|{}|", ".".repeat(w - 2)));
        for l in &shape.materials {
            row += 1;
            cv.text(x, row, &format!("| {} |", text::pad(l, inner)));
        }
    }
    cv.text(x, row + 1, &bottom);
}

/// The narrow fallback: numbered boxes, each with where it leads.
fn outline(g: &Graph, topo: &Topology, width: usize) -> Vec<String> {
    let order: Vec<usize> = topo
        .spine
        .iter()
        .copied()
        .chain(topo.chains.iter().flat_map(|c| c.nodes.iter().copied()))
        .collect();
    let number = |n: usize| order.iter().position(|&m| m == n).map_or(0, |i| i + 1);
    let mut lines = Vec::new();
    for &n in &order {
        let node = &g.nodes[n];
        let (open, close) = match node.kind {
            NodeKind::Step => ("[", "]"),
            NodeKind::Decision => ("<", ">"),
            NodeKind::End => ("(", ")"),
        };
        let head = format!("{}.{open}{}{close}", number(n), node.text);
        lines.extend(text::wrap_indent(&head, width, "", "   "));
        for m in &node.materials {
            lines.extend(text::wrap_indent(m, width, "   * ", "     "));
        }
        for &e in &g.out[n] {
            let edge = &g.edges[e];
            let via = if edge.label.is_empty() {
                String::new()
            } else {
                format!("{} ", edge.label)
            };
            let to = format!("{via}-> {}", number(edge.to));
            lines.extend(text::wrap_indent(&to, width, "   ", "     "));
        }
    }
    lines
}

#[cfg(test)]
mod tests;
