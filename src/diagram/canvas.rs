//! A grid of terminal cells the diagram is drawn on, wide characters taking
//! two, and the boxes drawn on it.

use super::columns::Shape;
use crate::catalog::NodeKind;
use crate::text::{self, char_width};

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Cell {
    Blank,
    Ch(char),
    /// The right half of a wide character.
    Wide,
}

/// A grid of cells that grows downwards; nothing is ever written past `w`.
pub(super) struct Canvas {
    pub(super) w: usize,
    pub(super) rows: Vec<Vec<Cell>>,
}

impl Canvas {
    pub(super) fn get(&self, x: usize, y: usize) -> Cell {
        self.rows
            .get(y)
            .and_then(|r| r.get(x))
            .copied()
            .unwrap_or(Cell::Blank)
    }

    pub(super) fn set(&mut self, x: usize, y: usize, cell: Cell) {
        while self.rows.len() <= y {
            self.rows.push(vec![Cell::Blank; self.w]);
        }
        if let Some(c) = self.rows[y].get_mut(x) {
            *c = cell;
        }
    }

    /// Writes one character, clearing any wide character it would split.
    pub(super) fn put(&mut self, x: usize, y: usize, c: char) {
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

    pub(super) fn text(&mut self, x: usize, y: usize, s: &str) {
        let mut x = x;
        for c in text::clean(s).chars() {
            self.put(x, y, c);
            x += char_width(c);
        }
    }

    /// Draws a line character, turning crossings into `+` and keeping junctions.
    pub(super) fn line(&mut self, x: usize, y: usize, c: char) {
        let c = match (self.get(x, y), c) {
            (Cell::Ch('+'), _) | (Cell::Ch('-'), '|') | (Cell::Ch('|'), '-') => '+',
            _ => c,
        };
        self.put(x, y, c);
    }

    pub(super) fn hline(&mut self, x0: usize, x1: usize, y: usize) {
        for x in x0..x1 {
            self.line(x, y, '-');
        }
    }

    /// Whether the cells `x0..x1` of row `y` are free (crossing a line is allowed
    /// when `cross` is `|` or `-`).
    pub(super) fn free(&self, x0: usize, x1: usize, y: usize, cross: char) -> bool {
        x1 <= self.w
            && (x0..x1).all(|x| match self.get(x, y) {
                Cell::Blank => true,
                Cell::Ch(c) => c == cross,
                Cell::Wide => false,
            })
    }

    pub(super) fn into_lines(self) -> Vec<String> {
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

/// Draws a node's box with its top-left corner at (`x`, `y`).
pub(super) fn draw_shape(cv: &mut Canvas, shape: &Shape, x: usize, y: usize) {
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
