//! 差评 reasons: a versioned list of coded indicators (the platforms' 测评指标),
//! each about the service at the window, about the item itself, or neither.
//!
//! A 差评 record stores the codes, labels and the list's version, so that a
//! platform can take the codes and a person can read the labels. Lists
//! written as plain strings (before reasons had codes) still load: each label
//! gets the code [`legacy_code`] derives from it, and the version
//! [`LEGACY_VERSION`].

use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use sha2::{Digest, Sha256};

/// The version of a list written as plain strings.
pub const LEGACY_VERSION: &str = "legacy";

/// The most reasons a screen offers.
pub const MAX_REASONS: usize = 12;

/// The longest code: the platforms' 测评指标编码 is at most 20 characters.
pub const MAX_CODE: usize = 20;

/// What a reason is about; the rate screen groups the reasons by it, in
/// this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum About {
    /// The window and its staff: 态度, 效率, 业务, 一次性告知, 空岗.
    Service,
    /// The item: its guide, materials, procedure, time limit.
    Item,
    /// 其他.
    Other,
}

impl About {
    pub const ALL: [About; 3] = [About::Service, About::Item, About::Other];

    /// As a record stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            About::Service => "service",
            About::Item => "item",
            About::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<About> {
        About::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One coded reason.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    pub code: String,
    pub label: String,
    pub about: About,
}

impl Reason {
    pub fn new(code: &str, label: &str, about: About) -> Reason {
        Reason {
            code: code.into(),
            label: label.into(),
            about,
        }
    }

    /// The reason a plain-string list meant by `label`.
    pub fn legacy(label: &str) -> Reason {
        Reason {
            code: legacy_code(label),
            label: label.into(),
            about: legacy_about(label),
        }
    }
}

/// `L-` and the first 8 hex digits of the SHA-256 of the label: the same
/// label always gets the same code, whatever its place in the list, so old
/// records and old configurations agree without a table.
pub fn legacy_code(label: &str) -> String {
    let digest = Sha256::digest(label.as_bytes());
    let hex: String = digest[..4].iter().map(|b| format!("{b:02X}")).collect();
    format!("L-{hex}")
}

/// The former default list's labels were about these; any other plain
/// label is [`About::Other`] (`kiosk check` suggests writing it coded).
fn legacy_about(label: &str) -> About {
    match label {
        "办事指南不清楚" | "材料要求不明确" | "流程繁琐" => About::Item,
        "等候时间长" | "服务态度" => About::Service,
        _ => About::Other,
    }
}

/// One entry of `bad_reasons` as written: a coded reason, or (the form
/// before codes) a plain label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonEntry {
    Coded(Reason),
    Plain(String),
}

impl<'de> Deserialize<'de> for ReasonEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ReasonEntry, D::Error> {
        struct Entry;
        impl<'de> Visitor<'de> for Entry {
            type Value = ReasonEntry;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    r#"a reason (code: "S01", label: "…", about: Service) or a plain label"#,
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<ReasonEntry, E> {
                Ok(ReasonEntry::Plain(v.to_owned()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ReasonEntry, A::Error> {
                // Field errors keep their own message (and ron its position).
                Reason::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ReasonEntry::Coded)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<ReasonEntry, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }
        }
        d.deserialize_any(Entry)
    }
}

/// The reasons a terminal offers, grouped by what they are about (the order
/// the screen shows them in), with the list's version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    pub version: String,
    pub reasons: Vec<Reason>,
}

impl Taxonomy {
    /// The list from `bad_reasons` and `taxonomy_version` as written, or
    /// every reason it is unusable.
    pub fn from_entries(
        entries: &[ReasonEntry],
        version: Option<&str>,
    ) -> Result<Taxonomy, Vec<String>> {
        let plain = entries
            .iter()
            .filter(|e| matches!(e, ReasonEntry::Plain(_)))
            .count();
        let reasons: Vec<Reason> = entries
            .iter()
            .map(|e| match e {
                ReasonEntry::Coded(r) => r.clone(),
                ReasonEntry::Plain(label) => Reason::legacy(label),
            })
            .collect();
        let mut problems = list_problems(&reasons);
        let version = match (plain, version) {
            (0, Some(v)) if is_plain_text(v) => v.to_owned(),
            (0, Some(v)) => {
                problems.push(format!("taxonomy_version \"{v}\" must be plain text"));
                String::new()
            }
            (0, None) => {
                problems.push(
                    "coded bad_reasons need a taxonomy_version (the version of the list they come from)"
                        .into(),
                );
                String::new()
            }
            (n, None) if n == entries.len() => LEGACY_VERSION.to_owned(),
            (n, Some(_)) if n == entries.len() => {
                problems.push(
                    "taxonomy_version is only for coded bad_reasons: plain labels get derived codes (L-…) and the version \"legacy\""
                        .into(),
                );
                String::new()
            }
            _ => {
                problems.push(
                    "bad_reasons mixes plain labels and coded reasons: write every reason coded"
                        .into(),
                );
                String::new()
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Taxonomy::grouped(version, reasons))
    }

    /// The list with its reasons in screen order: by what they are about,
    /// each group in the order written.
    pub fn grouped(version: String, mut reasons: Vec<Reason>) -> Taxonomy {
        reasons.sort_by_key(|r| r.about);
        Taxonomy { version, reasons }
    }

    /// Whether the list was written as plain labels.
    pub fn is_legacy(&self) -> bool {
        self.version == LEGACY_VERSION
    }
}

/// Codes name reasons in comma-separated platform fields and file names:
/// letters, digits, `-`, `_` and `.`.
pub fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.chars().count() <= MAX_CODE
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn is_plain_text(s: &str) -> bool {
    !s.trim().is_empty() && !s.chars().any(char::is_control)
}

fn list_problems(reasons: &[Reason]) -> Vec<String> {
    let mut problems = Vec::new();
    if reasons.is_empty() || reasons.len() > MAX_REASONS {
        problems.push(format!(
            "bad_reasons must list between 1 and {MAX_REASONS} reasons"
        ));
    }
    for (i, r) in reasons.iter().enumerate() {
        if !is_plain_text(&r.label) {
            problems.push(format!(
                "bad_reasons contains an empty reason (entry {})",
                i + 1
            ));
        }
        if !is_code(&r.code) {
            problems.push(format!(
                "reason code \"{}\" must be 1 to {MAX_CODE} of a-z, A-Z, 0-9, -, _ and .",
                r.code
            ));
        }
        let earlier = &reasons[..i];
        if earlier.iter().any(|e| e.code == r.code) {
            problems.push(format!("reason code \"{}\" is given twice", r.code));
        }
        if earlier.iter().any(|e| e.label == r.label) {
            problems.push(format!("reason \"{}\" is given twice", r.label));
        }
    }
    problems
}

/// The list a terminal offers when `kiosk.ron` names none: the indicators
/// the national practice names (see the README), with this program's codes.
/// A province's own list replaces it, codes and version included.
pub fn default_entries() -> Vec<ReasonEntry> {
    use About::{Item, Other, Service};
    [
        ("S01", "服务态度不积极、不主动", Service),
        ("S02", "办事效率低下、推诿扯皮", Service),
        ("S03", "工作人员业务不熟练", Service),
        ("S04", "不一次性告知，导致来回跑", Service),
        ("S05", "窗口空岗、等候时间长", Service),
        ("I01", "办事指南不清楚、不准确", Item),
        ("I02", "收取办事指南以外材料", Item),
        ("I03", "流程与办事指南不符", Item),
        ("I04", "不能在承诺时限内办结", Item),
        ("O01", "其他", Other),
    ]
    .into_iter()
    .map(|(code, label, about)| ReasonEntry::Coded(Reason::new(code, label, about)))
    .collect()
}

/// The version of [`default_entries`].
pub const DEFAULT_VERSION: &str = "kiosk-2026.1";

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<ReasonEntry> {
        ron::from_str(text).unwrap()
    }

    #[test]
    fn plain_labels_get_stable_codes_whatever_their_order() {
        let a =
            Taxonomy::from_entries(&parse(r#"["流程繁琐", "服务态度", "自定义"]"#), None).unwrap();
        let b =
            Taxonomy::from_entries(&parse(r#"["自定义", "服务态度", "流程繁琐"]"#), None).unwrap();
        assert_eq!(a.version, LEGACY_VERSION);
        let code = |t: &Taxonomy, label: &str| {
            t.reasons
                .iter()
                .find(|r| r.label == label)
                .map(|r| r.code.clone())
                .unwrap()
        };
        for label in ["流程繁琐", "服务态度", "自定义"] {
            assert_eq!(code(&a, label), code(&b, label));
            assert_eq!(code(&a, label), legacy_code(label));
        }
        assert_eq!(legacy_code("流程繁琐").len(), 10);
        assert_ne!(legacy_code("流程繁琐"), legacy_code("服务态度"));
        // Grouped for the screen: service, item, other.
        let abouts: Vec<About> = a.reasons.iter().map(|r| r.about).collect();
        assert_eq!(abouts, [About::Service, About::Item, About::Other]);
    }

    #[test]
    fn coded_reasons_load_grouped_in_their_written_order() {
        let entries = parse(
            r#"[(code: "I01", label: "材料", about: Item), (code: "S01", label: "态度", about: Service), (code: "S02", label: "效率", about: Service)]"#,
        );
        let t = Taxonomy::from_entries(&entries, Some("hn-2025")).unwrap();
        let codes: Vec<&str> = t.reasons.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["S01", "S02", "I01"]);
        assert_eq!(t.version, "hn-2025");
    }

    #[test]
    fn bad_lists_say_why() {
        let coded = parse(
            r#"[(code: "S 1", label: "态度", about: Service), (code: "S 1", label: "态度", about: Item)]"#,
        );
        let problems = Taxonomy::from_entries(&coded, None).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("need a taxonomy_version"))
        );
        assert!(problems.iter().any(|p| p.contains("\"S 1\" must be")));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("\"S 1\" is given twice"))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("\"态度\" is given twice"))
        );
        let mixed = parse(r#"["态度", (code: "S1", label: "效率", about: Service)]"#);
        let problems = Taxonomy::from_entries(&mixed, Some("v1")).unwrap_err();
        assert!(problems[0].contains("mixes plain labels"), "{problems:?}");
        let plain = parse(r#"["态度"]"#);
        let problems = Taxonomy::from_entries(&plain, Some("v1")).unwrap_err();
        assert!(problems[0].contains("only for coded"), "{problems:?}");
        assert!(Taxonomy::from_entries(&[], None).is_err());
        let unknown = ron::from_str::<Vec<ReasonEntry>>(
            r#"[(code: "S1", label: "x", about: OnsiteChannel)]"#,
        );
        assert!(unknown.unwrap_err().to_string().contains("OnsiteChannel"));
    }

    #[test]
    fn the_default_list_is_valid_and_grouped() {
        let t = Taxonomy::from_entries(&default_entries(), Some(DEFAULT_VERSION)).unwrap();
        assert_eq!(t.reasons.len(), 10);
        assert!(t.reasons.windows(2).all(|w| w[0].about <= w[1].about));
    }
}
