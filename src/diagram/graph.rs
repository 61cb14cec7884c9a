//! The flow as a graph, and which of its edges go down the spine, across to a
//! side chain, or around through a lane.

use crate::catalog::{Chart, Node};

/// The flow with node ids resolved to indices; edges to unknown nodes dropped.
pub(super) struct Graph<'a> {
    pub(super) nodes: &'a [Node],
    pub(super) edges: Vec<GEdge<'a>>,
    pub(super) out: Vec<Vec<usize>>,
}

pub(super) struct GEdge<'a> {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) label: &'a str,
}

impl<'a> Graph<'a> {
    pub(super) fn new(flow: &'a Chart) -> Self {
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
    pub(super) fn reach(&self, start: usize, placed: &[bool]) -> usize {
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
    pub(super) fn best_next(&self, node: usize, placed: &[bool]) -> Option<usize> {
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
pub(super) enum Route {
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
pub(super) struct Chain {
    /// The spine position it hangs from; `None` when it is entered by a lane.
    pub(super) anchor: Option<usize>,
    /// The edge that enters it.
    pub(super) edge: Option<usize>,
    pub(super) nodes: Vec<usize>,
}

pub(super) struct Topology {
    pub(super) spine: Vec<usize>,
    pub(super) chains: Vec<Chain>,
    pub(super) route: Vec<Option<Route>>,
}

impl Topology {
    pub(super) fn new(g: &Graph) -> Self {
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
    pub(super) fn hang_from(
        &mut self,
        g: &Graph,
        placed: &mut [bool],
        node: usize,
        anchor: Option<usize>,
    ) {
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
    pub(super) fn grow(&mut self, g: &Graph, placed: &mut [bool], head: usize) -> Vec<usize> {
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

    pub(super) fn edges_routed(&self, route: Route) -> impl Iterator<Item = usize> + '_ {
        (0..self.route.len()).filter(move |&e| self.route[e] == Some(route))
    }
}
