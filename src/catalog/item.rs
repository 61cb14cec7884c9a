//! An item as the catalog holds it: what lists, search and comparison read
//! of every item (id, code, names, part) at hand, and the rest of its
//! fields either held or packed until a screen reads them.
//!
//! A province's catalog (20 000 items) read in full is some 200 MB; packed,
//! an item is its fields in postcard, compressed with LZ4 on its own (no
//! item shares bytes with another), a third of that. An [`Item`] reads as
//! its [`ItemFields`] (`item.steps`): a packed item is unpacked on the first
//! read and kept until [`Item::forget`] (at the end of a visit), so every
//! screen and check reads items as it always did.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::model::ItemFields;
use crate::ronfile::MAX_FILE_BYTES;

/// One public service (事项): its heading fields at hand, the others read
/// through `Deref`.
#[derive(Clone, Deserialize, Serialize)]
#[serde(from = "ItemFields", into = "ItemFields")]
pub struct Item {
    /// Unique within the guide: the item code where the guide has one.
    pub id: String,
    /// The guide's item code (`002036001001`, `0731-7`).
    pub code: Option<String>,
    /// 事项名称.
    pub name: String,
    /// The heading line when it differs from 事项名称.
    pub heading: Option<String>,
    /// Id of the part the item belongs to.
    pub part: String,
    /// Extra search words.
    pub aliases: Vec<String>,
    fields: Fields,
}

#[derive(Clone)]
enum Fields {
    Held(Box<ItemFields>),
    /// `blob[range]` is the packed fields, unpacked into `open` when read.
    Packed {
        blob: Arc<Vec<u8>>,
        range: Range<usize>,
        open: OnceLock<Box<ItemFields>>,
    },
}

impl From<ItemFields> for Item {
    fn from(f: ItemFields) -> Item {
        Item {
            id: f.id.clone(),
            code: f.code.clone(),
            name: f.name.clone(),
            heading: f.heading.clone(),
            part: f.part.clone(),
            aliases: f.aliases.clone(),
            fields: Fields::Held(Box::new(f)),
        }
    }
}

impl From<Item> for ItemFields {
    fn from(item: Item) -> ItemFields {
        match item.fields {
            Fields::Held(f) => *f,
            Fields::Packed { .. } => (*item).clone(),
        }
    }
}

impl Deref for Item {
    type Target = ItemFields;

    fn deref(&self) -> &ItemFields {
        match &self.fields {
            Fields::Held(f) => f,
            Fields::Packed { blob, range, open } => open.get_or_init(|| {
                Box::new(unpack(&blob[range.clone()]).unwrap_or_else(|| self.unreadable()))
            }),
        }
    }
}

impl PartialEq for Item {
    fn eq(&self, other: &Item) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl Item {
    /// Its name as guides are compared by: spaces and 。 left out.
    pub fn comparable_name(&self) -> String {
        self.name
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '。')
            .collect()
    }

    /// Whether `other` (of another guide) is the same service: the same
    /// item code, or the same name.
    pub fn same_service(&self, other: &Item) -> bool {
        (self.code.is_some() && self.code == other.code)
            || self.comparable_name() == other.comparable_name()
    }

    /// An item whose fields are `blob[range]`, as [`pack`] left them; its
    /// heading fields are given apart, so that nothing is unpacked to list
    /// or find it.
    pub fn packed(head: ItemHead, blob: Arc<Vec<u8>>, range: Range<usize>) -> Item {
        Item {
            id: head.id,
            code: head.code,
            name: head.name,
            heading: head.heading,
            part: head.part,
            aliases: head.aliases,
            fields: Fields::Packed {
                blob,
                range,
                open: OnceLock::new(),
            },
        }
    }

    /// The heading fields, as [`Item::packed`] takes them.
    pub fn head(&self) -> ItemHead {
        ItemHead {
            id: self.id.clone(),
            code: self.code.clone(),
            name: self.name.clone(),
            heading: self.heading.clone(),
            part: self.part.clone(),
            aliases: self.aliases.clone(),
        }
    }

    /// The packed bytes of a packed item.
    pub fn packed_bytes(&self) -> Option<&[u8]> {
        match &self.fields {
            Fields::Held(_) => None,
            Fields::Packed { blob, range, .. } => blob.get(range.clone()),
        }
    }

    /// Lets go of the unpacked fields of a packed item: the next read
    /// unpacks them again. A held item keeps them.
    pub fn forget(&mut self) {
        if let Fields::Packed { open, .. } = &mut self.fields {
            open.take();
        }
    }

    /// Whether the fields are unpacked (or held) now.
    pub fn is_open(&self) -> bool {
        match &self.fields {
            Fields::Held(_) => true,
            Fields::Packed { open, .. } => open.get().is_some(),
        }
    }

    /// What is shown should packed bytes not unpack: only a fault of this
    /// program can cause that (snapshots are checked whole before use), and
    /// the visitor is sent to a window rather than told a field is absent.
    fn unreadable(&self) -> ItemFields {
        ItemFields {
            id: self.id.clone(),
            code: self.code.clone(),
            name: self.name.clone(),
            heading: self.heading.clone(),
            part: self.part.clone(),
            aliases: self.aliases.clone(),
            summary: Some("本事项的详细内容暂时无法显示，请咨询窗口工作人员。".into()),
            ..ItemFields::default()
        }
    }
}

/// The fields of an item read without unpacking it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ItemHead {
    pub id: String,
    pub code: Option<String>,
    pub name: String,
    pub heading: Option<String>,
    pub part: String,
    pub aliases: Vec<String>,
}

/// Packs every item of `items` into one blob of their own.
pub fn pack(items: &mut [Item]) {
    let mut blob = Vec::new();
    let ranges: Vec<Range<usize>> = items
        .iter()
        .map(|item| {
            let start = blob.len();
            pack_into(item, &mut blob);
            start..blob.len()
        })
        .collect();
    let blob = Arc::new(blob);
    for (item, range) in items.iter_mut().zip(ranges) {
        *item = Item::packed(item.head(), Arc::clone(&blob), range);
    }
}

/// Appends `fields`, packed, to `blob`: postcard, then LZ4 with the
/// unpacked length before it.
fn pack_into(fields: &ItemFields, blob: &mut Vec<u8>) {
    let plain = postcard::to_stdvec(fields).expect("an item serializes");
    blob.extend_from_slice(&lz4_flex::compress_prepend_size(&plain));
}

/// The fields packed in `bytes`, if they unpack.
fn unpack(bytes: &[u8]) -> Option<ItemFields> {
    let size = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?);
    // A length no catalog file reaches is damage: do not allocate it.
    if u64::from(size) > MAX_FILE_BYTES {
        return None;
    }
    let plain = lz4_flex::decompress_size_prepended(bytes).ok()?;
    postcard::from_bytes(&plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::load_dir;

    fn shipped() -> Vec<Item> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
        let catalog = load_dir(&dir).expect("the shipped catalog");
        catalog.guides.into_iter().flat_map(|c| c.items).collect()
    }

    #[test]
    fn a_packed_item_reads_as_the_item_it_was() {
        let items = shipped();
        let mut packed = items.clone();
        pack(&mut packed);
        assert!(
            packed
                .iter()
                .all(|i| i.packed_bytes().is_some() && !i.is_open())
        );
        for (a, b) in items.iter().zip(&mut packed) {
            assert_eq!(b.steps, a.steps, "{}", a.id);
            assert!(b.is_open());
            assert_eq!(*b, *a);
            b.forget();
            assert!(!b.is_open());
            assert_eq!(b.materials, a.materials);
        }
    }

    #[test]
    fn packed_bytes_that_do_not_unpack_send_the_visitor_to_a_window() {
        let mut items = shipped();
        pack(&mut items[..1]);
        let item = &items[0];
        let bytes = item.packed_bytes().unwrap();
        let mut damaged = bytes.to_vec();
        damaged[0..4].copy_from_slice(&u32::MAX.to_le_bytes());
        let len = damaged.len();
        let broken = Item::packed(item.head(), Arc::new(damaged), 0..len);
        assert!(broken.steps.is_empty());
        assert!(
            broken
                .summary
                .as_deref()
                .unwrap()
                .contains("请咨询窗口工作人员")
        );
        assert_eq!(broken.name, item.name);
        assert!(unpack(&bytes[..bytes.len() / 2]).is_none());
    }
}
