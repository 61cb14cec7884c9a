//! What changed between two versions of a catalog, guide by guide, item by
//! item and field by field: what a maintainer reviews before a catalog
//! update goes out to the terminals (`kiosk diff OLD NEW`).
//!
//! Guides are matched by id, items by code (or id where they have none), so
//! a renamed item is one change of its name. Every field is compared, the
//! ones the model gains later too: values are compared as serde writes
//! them. Lists are compared element by element (a removed material, an
//! added phone), elements matched by what names them (a phone's district,
//! a node's id) where the list was edited.
//!
//! A change's `path` spells the field as JSON does (`supervision.phones[0]
//! .number`): an index counts in the new list, or in the old one for a
//! removed element. An item's move is `path` "" with its old and new index
//! in the guide's items.

mod render;
mod tree;

use std::collections::{HashMap, HashSet};

use similar::{Algorithm, DiffTag, capture_diff_slices};

pub use render::{Format, render};
pub use tree::Tree;

use super::load::Catalog;
use super::model::{Guide, Item};

/// How one value changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Added,
    Removed,
    Changed,
    /// An item or guide now stands elsewhere in its list.
    Moved,
}

/// One step of the way from a guide or item to a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Field(String),
    /// A list element, with what names it (`市本级`, a node id) if anything does.
    Index {
        index: usize,
        label: Option<String>,
    },
}

/// The item a change belongs to, as the new version names it (the old one
/// for a removed item).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRef {
    pub id: String,
    pub code: Option<String>,
    pub name: String,
    /// Another item of the guide has the same name: show the id too.
    pub ambiguous: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The guide's id and name.
    pub guide: String,
    pub guide_name: String,
    /// None for a change of the guide itself.
    pub item: Option<ItemRef>,
    /// Empty for a whole guide or item.
    pub path: Vec<Step>,
    pub kind: Kind,
    /// `NULL` where there is no old (or new) value.
    pub old: Tree,
    pub new: Tree,
}

/// Every change from `old` to `new`; none when they are equal.
pub fn diff(old: &Catalog, new: &Catalog) -> Vec<Change> {
    let by_id = |c: &Guide| c.id.clone();
    let guides = match_lists(&old.guides, &new.guides, &[&by_id]);
    let mut out = Vec::new();
    for &i in &guides.removed {
        out.push(whole_guide(&old.guides[i], Kind::Removed));
    }
    for (n, guide) in new.guides.iter().enumerate() {
        let Some(&(o, moved)) = guides.partner.get(&n) else {
            out.push(whole_guide(guide, Kind::Added));
            continue;
        };
        if moved {
            out.push(moved_change(guide, None, o, n));
        }
        guide(&old.guides[o], guide, &mut out);
    }
    out
}

/// A change of `guide`, or of one of its items.
fn change(guide: &Guide, item: Option<ItemRef>, d: Delta) -> Change {
    Change {
        guide: guide.id.clone(),
        guide_name: guide.name.clone(),
        item,
        path: d.path,
        kind: d.kind,
        old: d.old,
        new: d.new,
    }
}

/// The changes within a guide present in both versions: its own fields,
/// then its items.
fn guide(old: &Guide, new: &Guide, out: &mut Vec<Change>) {
    let without_items = |c: &Guide| {
        let mut t = Tree::of(c);
        if let Tree::Map(fields) = &mut t {
            fields.retain(|(k, _)| k != "items");
        }
        t
    };
    let deltas = changes(&without_items(old), &without_items(new));
    out.extend(deltas.into_iter().map(|d| change(new, None, d)));
    items(old, new, out);
}

fn items(old: &Guide, new: &Guide, out: &mut Vec<Change>) {
    let same_names = shared_names(old, new);
    let item_ref = |i: &Item| ItemRef {
        id: i.id.clone(),
        code: i.code.clone(),
        name: i.name.clone(),
        ambiguous: same_names.contains(i.name.as_str()),
    };
    let both = |i: &Item| format!("{}\u{0}{}", i.id, i.code.as_deref().unwrap_or(""));
    let code = |i: &Item| i.code.clone().unwrap_or_else(|| i.id.clone());
    let id = |i: &Item| i.id.clone();
    let items = match_lists(&old.items, &new.items, &[&both, &code, &id]);
    for &i in &items.removed {
        let item = &old.items[i];
        let whole = Delta::whole(Kind::Removed, Tree::of(item), tree::NULL);
        out.push(change(new, Some(item_ref(item)), whole));
    }
    for (n, item) in new.items.iter().enumerate() {
        let Some(&(o, moved)) = items.partner.get(&n) else {
            let whole = Delta::whole(Kind::Added, tree::NULL, Tree::of(item));
            out.push(change(new, Some(item_ref(item)), whole));
            continue;
        };
        if moved {
            out.push(moved_change(new, Some(item_ref(item)), o, n));
        }
        if old.items[o] != *item {
            let deltas = changes(&Tree::of(&old.items[o]), &Tree::of(item));
            out.extend(
                deltas
                    .into_iter()
                    .map(|d| change(new, Some(item_ref(item)), d)),
            );
        }
    }
}

/// Item names used twice in either version of a guide.
fn shared_names<'a>(old: &'a Guide, new: &'a Guide) -> HashSet<&'a str> {
    let mut shared = HashSet::new();
    for guide in [old, new] {
        let mut seen = HashSet::new();
        for item in &guide.items {
            if !seen.insert(item.name.as_str()) {
                shared.insert(item.name.as_str());
            }
        }
    }
    shared
}

fn whole_guide(guide: &Guide, kind: Kind) -> Change {
    let whole = match kind {
        Kind::Removed => Delta::whole(kind, Tree::of(guide), tree::NULL),
        _ => Delta::whole(kind, tree::NULL, Tree::of(guide)),
    };
    change(guide, None, whole)
}

fn moved_change(guide: &Guide, item: Option<ItemRef>, from: usize, to: usize) -> Change {
    let moved = Delta::whole(Kind::Moved, Tree::Leaf(from.into()), Tree::Leaf(to.into()));
    change(guide, item, moved)
}

/// How the elements of two keyed lists (guides, items) correspond.
struct Matching {
    /// New index → (old index, whether it moved relative to the others).
    partner: HashMap<usize, (usize, bool)>,
    /// Old indexes without a partner, in order.
    removed: Vec<usize>,
}

type Key<'k, T> = &'k dyn Fn(&T) -> String;

/// Pairs elements by each key in turn (the first key that pairs wins), then
/// finds those whose order among the paired ones changed.
fn match_lists<T>(old: &[T], new: &[T], keys: &[Key<'_, T>]) -> Matching {
    let mut old_partner: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_taken = vec![false; new.len()];
    for key in keys {
        let mut free: HashMap<String, Vec<usize>> = HashMap::new();
        for (n, e) in new.iter().enumerate().rev() {
            if !new_taken[n] {
                free.entry(key(e)).or_default().push(n);
            }
        }
        for (o, e) in old.iter().enumerate() {
            if old_partner[o].is_some() {
                continue;
            }
            if let Some(n) = free.get_mut(&key(e)).and_then(Vec::pop) {
                old_partner[o] = Some(n);
                new_taken[n] = true;
            }
        }
    }
    // The pairs in old order against the same pairs in new order: those
    // off the longest common run have moved.
    let in_old: Vec<usize> = old_partner.iter().flatten().copied().collect();
    let mut in_new = in_old.clone();
    in_new.sort_unstable();
    let mut moved = HashSet::new();
    for op in capture_diff_slices(Algorithm::Myers, &in_old, &in_new) {
        let (tag, _, new_range) = op.as_tag_tuple();
        if tag != DiffTag::Equal {
            moved.extend(in_new[new_range].iter().copied());
        }
    }
    let partner = old_partner
        .iter()
        .enumerate()
        .filter_map(|(o, n)| n.map(|n| (n, (o, moved.contains(&n)))))
        .collect();
    let removed = (0..old.len())
        .filter(|&o| old_partner[o].is_none())
        .collect();
    Matching { partner, removed }
}

/// One change inside a guide or item, before it is told which.
struct Delta {
    path: Vec<Step>,
    kind: Kind,
    old: Tree,
    new: Tree,
}

impl Delta {
    fn whole(kind: Kind, old: Tree, new: Tree) -> Delta {
        Delta {
            path: Vec::new(),
            kind,
            old,
            new,
        }
    }
}

/// The changes from `old` to `new`, paths starting at them.
fn changes(old: &Tree, new: &Tree) -> Vec<Delta> {
    let mut out = Vec::new();
    compare(old, new, &mut Vec::new(), &mut out);
    out
}

/// Compares two values field by field and lists element by element.
fn compare(old: &Tree, new: &Tree, path: &mut Vec<Step>, out: &mut Vec<Delta>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Tree::Map(a), Tree::Map(b)) => {
            let gone = a.iter().filter(|(k, _)| new.field(k).is_none());
            let fields = b
                .iter()
                .map(|(k, v)| (k, old.field(k).unwrap_or(&tree::NULL), v));
            let fields = fields.chain(gone.map(|(k, v)| (k, v, &tree::NULL)));
            for (k, o, n) in fields {
                path.push(Step::Field(k.clone()));
                compare(o, n, path, out);
                path.pop();
            }
        }
        (Tree::List(a), Tree::List(b)) => compare_lists(a, b, path, out),
        _ => out.push(Delta {
            path: path.clone(),
            kind: Kind::Changed,
            old: old.clone(),
            new: new.clone(),
        }),
    }
}

/// The elements removed and added, and those edited in place compared
/// field by field.
fn compare_lists(old: &[Tree], new: &[Tree], path: &mut Vec<Step>, out: &mut Vec<Delta>) {
    let texts = |list: &[Tree]| list.iter().map(Tree::json).collect::<Vec<_>>();
    for op in capture_diff_slices(Algorithm::Myers, &texts(old), &texts(new)) {
        let (tag, o, n) = op.as_tag_tuple();
        if tag != DiffTag::Equal {
            edited_run(
                &old[o.clone()],
                o.start,
                &new[n.clone()],
                n.start,
                path,
                out,
            );
        }
    }
}

/// A run of elements the list diff found different: an element of the old
/// run and one of the new are the same element edited when the same thing
/// names them, or, for what is left, when as many are left on each side.
fn edited_run(
    old: &[Tree],
    old_start: usize,
    new: &[Tree],
    new_start: usize,
    path: &mut Vec<Step>,
    out: &mut Vec<Delta>,
) {
    let mut partner: Vec<Option<usize>> = vec![None; new.len()];
    let mut paired = vec![false; old.len()];
    for (n, e) in new.iter().enumerate() {
        let Some(name) = identity(e) else { continue };
        let found =
            (0..old.len()).find(|&o| !paired[o] && identity(&old[o]).as_ref() == Some(&name));
        if let Some(o) = found {
            partner[n] = Some(o);
            paired[o] = true;
        }
    }
    let left_old: Vec<usize> = (0..old.len()).filter(|&o| !paired[o]).collect();
    let left_new: Vec<usize> = (0..new.len()).filter(|&n| partner[n].is_none()).collect();
    if left_old.len() == left_new.len() {
        for (&o, &n) in left_old.iter().zip(&left_new) {
            partner[n] = Some(o);
            paired[o] = true;
        }
    }
    let step = |index: usize, e: &Tree| Step::Index {
        index,
        label: identity(e),
    };
    for (o, e) in old.iter().enumerate().filter(|(o, _)| !paired[*o]) {
        path.push(step(old_start + o, e));
        out.push(Delta {
            path: path.clone(),
            kind: Kind::Removed,
            old: e.clone(),
            new: tree::NULL,
        });
        path.pop();
    }
    for (n, e) in new.iter().enumerate() {
        path.push(step(new_start + n, e));
        match partner[n] {
            Some(o) => compare(&old[o], e, path, out),
            None => out.push(Delta {
                path: path.clone(),
                kind: Kind::Added,
                old: tree::NULL,
                new: e.clone(),
            }),
        }
        path.pop();
    }
}

/// What names a list element across versions: an id, an edge's ends, or
/// its district, label, group, name or title; nothing for plain text.
fn identity(e: &Tree) -> Option<String> {
    let text = |k: &str| e.field(k).and_then(Tree::as_str);
    if let Some(id) = text("id") {
        return Some(id.to_string());
    }
    if let (Some(from), Some(to)) = (text("from"), text("to")) {
        return Some(format!("{from}→{to}"));
    }
    let parts: Vec<&str> = ["procedure", "group", "district", "label", "name", "title"]
        .into_iter()
        .filter_map(text)
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests;
