//! The catalog as it is written in `catalog/*.ron`: one [`Guide`] per file.
//!
//! Every struct denies unknown fields so that a misspelt field name is an error
//! the maintainer sees, not a field silently dropped. A field the guide does
//! not state is absent (`None` or an empty list), never invented; screens then
//! say "指南未载明".

use serde::{Deserialize, Serialize};

use super::item::Item;

/// One source guide (办事指南): a city's or a district's, or one that names
/// no place.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    /// Stable ASCII id used on the command line and in `kiosk.ron` (`zhuzhou`).
    pub id: String,
    /// Display name (`株洲市`, `公共服务事项指南`).
    pub name: String,
    /// `Place` for a city's or a district's guide, `Generic` for one that
    /// names no place.
    #[serde(default)]
    pub kind: GuideKind,
    #[serde(default)]
    pub province: Option<String>,
    /// Other names visitors search for (`株洲`).
    #[serde(default)]
    pub aliases: Vec<String>,
    pub source: Source,
    /// The units with their own windows and phones (`市本级`, `醴陵市`, …).
    #[serde(default)]
    pub districts: Vec<District>,
    pub parts: Vec<Part>,
    pub items: Vec<Item>,
    /// Transcription remarks for maintainers; never shown to visitors.
    #[serde(default)]
    pub source_notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum GuideKind {
    /// A city's or a district's guide (`City` in older catalogs).
    #[default]
    #[serde(alias = "City")]
    Place,
    /// A guide that names no place (`Guide` in older catalogs).
    #[serde(alias = "Guide")]
    Generic,
}

/// The document a guide's entries were transcribed from.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The document's title where it gives one.
    #[serde(default)]
    pub title: Option<String>,
    /// 文号, e.g. `长医保办发〔2020〕23号`.
    #[serde(default)]
    pub doc_number: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    /// As printed, e.g. `2020年11月30日`.
    #[serde(default)]
    pub date: Option<String>,
    /// The seed file in `../shared/seeds/` it was transcribed from.
    #[serde(default)]
    pub file: Option<String>,
    /// Plain typos of the source corrected in transcription (居佳 → 居住), so a
    /// reader can hold the catalog against the source.
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    /// As the guide writes it: `市本级`, `醴陵市`, `攸县`.
    pub name: String,
    /// Other spellings in the guide (`云龙示范区`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A group of items: 第X部分, or for 咸安区 one of its three tiers.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// Stable id that items refer to (`p01`, `qu`).
    pub id: String,
    /// The part's ordinal where the guide numbers parts (第四部分 → 4).
    #[serde(default)]
    pub number: Option<u32>,
    /// Absent where the guide gives none; screens then show 第N部分.
    #[serde(default)]
    pub title: Option<String>,
    /// National part code, e.g. `00203600400Y`.
    #[serde(default)]
    pub code: Option<String>,
    /// Paragraphs describing the part, e.g. a tier's 工作职责.
    #[serde(default)]
    pub description: Vec<String>,
    #[serde(default)]
    pub source_notes: Vec<String>,
}

/// One public service (事项) with every field of its guide, as its file
/// gives it. The catalog holds it as an [`Item`](super::Item), which reads
/// as this.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Item")]
pub struct ItemFields {
    /// Unique within the guide: the item code where the guide has one.
    pub id: String,
    /// The guide's item code (`002036001001`, `0731-7`).
    #[serde(default)]
    pub code: Option<String>,
    /// The item's code on the 好差评 platform (实施编码 / 事项编码) where a
    /// guide or a maintainer supplies one; never made up.
    #[serde(default)]
    pub platform_code: Option<String>,
    /// 事项名称.
    pub name: String,
    /// The heading line when it differs from 事项名称.
    #[serde(default)]
    pub heading: Option<String>,
    /// Id of the part the item belongs to.
    pub part: String,
    /// Extra search words.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// 内容: a one-line description where the guide gives one.
    #[serde(default)]
    pub summary: Option<String>,
    /// 受理单位.
    #[serde(default)]
    pub accepting_unit: Option<Listing>,
    /// 服务对象.
    #[serde(default)]
    pub audience: Option<String>,
    /// 办理渠道.
    #[serde(default)]
    pub channels: Option<Channels>,
    /// 办理流程: ordered steps, without the guide's numbering.
    #[serde(default)]
    pub steps: Vec<String>,
    /// Alternative procedures (个人办理 / 单位批量办理); `subflows` in older
    /// catalogs.
    #[serde(default, alias = "subflows")]
    pub procedures: Vec<Procedure>,
    /// 办理材料 (申报材料, 受理材料), grouped where the guide groups them.
    #[serde(default)]
    pub materials: Vec<MaterialGroup>,
    /// 办理时限.
    #[serde(default)]
    pub time_limit: Option<String>,
    /// 查询方式 / 咨询方式.
    #[serde(default)]
    pub inquiry: Option<Listing>,
    /// 监督电话.
    #[serde(default)]
    pub supervision: Option<Supervision>,
    /// 评价渠道.
    #[serde(default)]
    pub evaluation: Option<String>,
    /// 备注 / 注 / 温馨提示.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Names of reference forms (参考样表).
    #[serde(default)]
    pub forms: Vec<String>,
    /// Long lists that help a visitor (hospital lists).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// 办理流程图, one per chart; `flows` in older catalogs.
    #[serde(default, alias = "flows")]
    pub charts: Vec<Chart>,
    #[serde(default)]
    pub source_notes: Vec<String>,
}

/// A field given either as one text or as a per-district list.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub rows: Vec<Row>,
}

/// One line of a per-district list.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// A district of the guide, when the row belongs to one.
    #[serde(default)]
    pub district: Option<String>,
    /// A sub-heading that is not a district (`异地生育`, `城镇职工`).
    #[serde(default)]
    pub label: Option<String>,
    pub text: String,
}

/// 办理渠道.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Channels {
    /// General lines that are neither a window nor an online channel.
    #[serde(default)]
    pub text: Vec<String>,
    /// 现场办理 windows.
    #[serde(default)]
    pub onsite: Vec<OnsiteChannel>,
    /// 线上办理 channels.
    #[serde(default)]
    pub online: Vec<OnlineChannel>,
}

/// A place to apply in person.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OnsiteChannel {
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    pub address: String,
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// An online (or remote) channel. Only a channel with a `url` becomes a QR code.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OnlineChannel {
    pub name: String,
    pub kind: OnlineKind,
    /// Only where the guide gives one; never invented.
    #[serde(default)]
    pub url: Option<String>,
    /// A phone number, QQ number or mail address for the non-web kinds.
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum OnlineKind {
    Web,
    App,
    WeChat,
    Phone,
    Qq,
    Email,
    /// A named system without a public address (特门特药管理子系统).
    System,
}

impl OnlineKind {
    pub fn label(self) -> &'static str {
        match self {
            OnlineKind::Web => "网站",
            OnlineKind::App => "手机APP",
            OnlineKind::WeChat => "微信公众号",
            OnlineKind::Phone => "电话",
            OnlineKind::Qq => "QQ",
            OnlineKind::Email => "邮箱",
            OnlineKind::System => "业务系统",
        }
    }
}

/// A named alternative procedure inside one item.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub name: String,
    #[serde(default)]
    pub steps: Vec<String>,
    #[serde(default)]
    pub materials: Vec<MaterialGroup>,
    #[serde(default)]
    pub time_limit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialGroup {
    /// The group's heading (`在职职工`), absent for an ungrouped list.
    #[serde(default)]
    pub group: Option<String>,
    pub entries: Vec<String>,
}

/// 监督电话.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Supervision {
    /// A sentence the guide gives instead of, or before, the numbers.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub phones: Vec<Phone>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phone {
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    /// As printed (`0731-28681675`, `84907806`).
    pub number: String,
}

/// A long list carried with an item (长沙市特门初审鉴定医院).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub title: String,
    pub lines: Vec<String>,
    #[serde(default)]
    pub notes: Vec<String>,
}

/// 办理流程图 as a graph. The first node is the start.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    /// The chart's title as printed (`单位参保登记办理流程图`).
    #[serde(default)]
    pub title: Option<String>,
    /// The name of the [`Procedure`] this chart belongs to (`subflow` in
    /// older catalogs).
    #[serde(default, alias = "subflow")]
    pub procedure: Option<String>,
    /// What the drawing is made from: the guide's chart, or its steps
    /// where the guide's chart lost its text or the guide has none.
    pub basis: ChartBasis,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ChartBasis {
    /// Rebuilt from the chart's surviving box texts.
    Chart,
    /// The guide prints a chart here, but its box text was lost in the
    /// source (only its title survives, or a stray 否): rebuilt from 办理流程.
    /// The chart's `title` is what survives of it.
    LostChart,
    /// The guide prints no chart for the item; rebuilt from 办理流程. Such
    /// a chart has no `title`: the guide printed none.
    Steps,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    #[serde(default)]
    pub kind: NodeKind,
    pub text: String,
    /// Materials the chart attaches to this box.
    #[serde(default)]
    pub materials: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum NodeKind {
    #[default]
    Step,
    Decision,
    /// A box where the procedure ends (办结, 不予受理).
    End,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub label: Option<String>,
}

impl Guide {
    /// `zhuzhou  株洲市  11 parts  35 items  (8·3·2·5·2·2·5·2·2·2·2)`.
    pub fn summary(&self) -> String {
        let counts: Vec<(String, usize)> = self
            .parts
            .iter()
            .map(|p| (p.display_title(), self.items_in(&p.id).count()))
            .collect();
        let detail = if self.parts.iter().all(|p| p.number.is_some()) {
            counts
                .iter()
                .map(|(_, n)| n.to_string())
                .collect::<Vec<_>>()
                .join("·")
        } else {
            counts
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        format!(
            "{}  {}  {} parts  {} items  ({detail})",
            self.id,
            self.name,
            self.parts.len(),
            self.items.len()
        )
    }

    pub fn part(&self, id: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.id == id)
    }

    pub fn items_in<'a>(&'a self, part: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| i.part == part)
    }

    /// Finds an item by id, code or exact name (a trailing 。 ignored).
    pub fn find_item(&self, key: &str) -> Option<&Item> {
        let key = key.trim().trim_end_matches('。');
        self.items.iter().find(|i| i.id == key).or_else(|| {
            self.items.iter().find(|i| {
                i.code.as_deref() == Some(key)
                    || i.name.trim_end_matches('。') == key
                    || i.heading.as_deref() == Some(key)
            })
        })
    }

    /// The canonical name of a district written as a name or alias.
    pub fn district(&self, name: &str) -> Option<&District> {
        self.districts.iter().find(|d| d.district_is(name))
    }
}

impl District {
    /// Whether `name` is this district's name or one of its aliases.
    pub fn district_is(&self, name: &str) -> bool {
        self.name == name || self.aliases.iter().any(|a| a == name)
    }
}

impl Part {
    /// `第四部分 基本医疗保险参保人员异地就医备案`; the title alone for unnumbered
    /// parts; 全部事项 for the single untitled part of a guide without parts.
    pub fn display_title(&self) -> String {
        let ordinal = self.number.map(|n| format!("第{}部分", chinese_number(n)));
        match (ordinal, &self.title) {
            (Some(o), Some(t)) => format!("{o} {t}"),
            (Some(o), None) => o,
            (None, Some(t)) => t.clone(),
            (None, None) => "全部事项".to_string(),
        }
    }
}

impl Item {
    /// The code a rating of the item records for the platform: its
    /// platform code, else the guide's printed item code, else none.
    pub fn rating_code(&self) -> Option<&str> {
        self.platform_code.as_deref().or(self.code.as_deref())
    }

    /// Every material group of the item and its procedures, in reading order.
    pub fn all_materials(&self) -> impl Iterator<Item = &MaterialGroup> {
        self.materials
            .iter()
            .chain(self.procedures.iter().flat_map(|s| s.materials.iter()))
    }

    /// OnlineChannel channels a phone can open.
    pub fn linked_channels(&self) -> impl Iterator<Item = &OnlineChannel> {
        self.channels
            .iter()
            .flat_map(|c| c.online.iter())
            .filter(|o| o.url.is_some())
    }
}

/// 1 → 一, 11 → 十一, 20 → 二十 (parts and tiers never reach 100).
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n - 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_for_part_ordinals() {
        let got: Vec<String> = [1, 4, 10, 11, 20, 23, 100]
            .into_iter()
            .map(chinese_number)
            .collect();
        assert_eq!(got, ["一", "四", "十", "十一", "二十", "二十三", "100"]);
    }
}
