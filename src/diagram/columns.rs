//! How wide each column of the diagram is, and each node's box in it.

use super::graph::{Graph, Route, Topology};
use crate::catalog::{Node, NodeKind};
use crate::text::{self, width};

/// Narrower than this, boxes side by side are unreadable: draw an outline.
pub(super) const MIN_COLUMN: usize = 10;

/// Column widths in cells: spine, connector, side and the lanes after them.
#[derive(Clone, Copy)]
pub(super) struct Columns {
    pub(super) spine: usize,
    pub(super) connector: usize,
    pub(super) side: usize,
    pub(super) lanes: usize,
}

impl Columns {
    pub(super) fn fit(g: &Graph, topo: &Topology, width: usize) -> Option<Columns> {
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
pub(super) fn natural_width(node: &Node) -> usize {
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
pub(super) struct Shape {
    pub(super) kind: NodeKind,
    pub(super) w: usize,
    pub(super) text: Vec<String>,
    pub(super) materials: Vec<String>,
}

impl Shape {
    pub(super) fn new(node: &Node, column: usize) -> Shape {
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

    pub(super) fn height(&self) -> usize {
        let separator = usize::from(!self.materials.is_empty());
        self.text.len() + separator + self.materials.len() + 2
    }

    /// Offset of the row where edges meet the box.
    pub(super) fn mid(&self) -> usize {
        1 + (self.text.len() - 1) / 2
    }
}
