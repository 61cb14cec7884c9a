//! A catalog value as a tree whose fields keep the model's order:
//! `serde_json::Value` sorts them, and a reviewer reads changes in the
//! order the guide gives its fields.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    /// `null`, a bool, a number or a string.
    Leaf(Value),
    List(Vec<Tree>),
    /// Fields in the order the model declares them.
    Map(Vec<(String, Tree)>),
}

/// A field the model leaves out (`None`) or does not have.
pub const NULL: Tree = Tree::Leaf(Value::Null);

impl Tree {
    /// `value` as a tree, through JSON text, which keeps serde's field order.
    pub fn of<T: Serialize>(value: &T) -> Tree {
        serde_json::to_string(value)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(NULL)
    }

    pub fn field(&self, name: &str) -> Option<&Tree> {
        match self {
            Tree::Map(fields) => fields.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tree::Leaf(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        *self == NULL
    }

    /// The value as one JSON text: equal texts, equal values.
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Serialize for Tree {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Tree::Leaf(v) => v.serialize(s),
            Tree::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Tree::Map(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tree, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Tree, E> {
        Ok(Tree::Leaf(v.into()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tree, E> {
        Ok(Tree::Leaf(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tree, E> {
        Ok(Tree::Leaf(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Tree, E> {
        Ok(Tree::Leaf(v.into()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree::Leaf(v.into()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
        Ok(NULL)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut fields = Vec::new();
        while let Some(entry) = map.next_entry()? {
            fields.push(entry);
        }
        Ok(Tree::Map(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Phone, Supervision};

    #[test]
    fn fields_keep_the_model_order_and_survive_a_round_trip() {
        let s = Supervision {
            text: None,
            phones: vec![Phone {
                district: Some("市本级".into()),
                label: None,
                number: "0731-1".into(),
            }],
        };
        let tree = Tree::of(&s);
        let Some(Tree::List(phones)) = tree.field("phones") else {
            panic!("{tree:?}")
        };
        let Tree::Map(fields) = &phones[0] else {
            panic!("{phones:?}")
        };
        let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["district", "label", "number"]);
        assert!(tree.field("text").is_some_and(Tree::is_null));
        assert_eq!(
            tree.json(),
            r#"{"text":null,"phones":[{"district":"市本级","label":null,"number":"0731-1"}]}"#
        );
        assert_eq!(serde_json::from_str::<Tree>(&tree.json()).unwrap(), tree);
    }
}
