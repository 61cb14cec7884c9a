//! Counts per level for the operator menu and `kiosk stats`. Rates are shown
//! only with their formula beside them: the national formulas are not
//! published, so the hall must see exactly what was divided by what.

use std::collections::BTreeMap;
use std::io;

use chrono::NaiveDate;

use super::Sources;
use super::read::Skips;
use super::{HALL_ITEM_NAME, Level, Rating};
use crate::text;

pub const RATE_FORMULA: &str = "满意率 = (非常满意+满意+基本满意)/总数";

/// Counts per level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    counts: [u64; 5],
}

impl Stats {
    pub fn add(&mut self, level: Level) {
        self.counts[level.index()] += 1;
    }

    pub fn count(&self, level: Level) -> u64 {
        self.counts[level.index()]
    }

    /// The counts in display order (非常满意 first).
    pub fn counts(&self) -> [u64; 5] {
        self.counts
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// 差评: 不满意 + 非常不满意.
    pub fn bad(&self) -> u64 {
        Level::ALL
            .iter()
            .filter(|l| l.is_bad())
            .map(|&l| self.count(l))
            .sum()
    }

    /// (非常满意+满意+基本满意)/总数, or `None` without ratings.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| (total - self.bad()) as f64 / total as f64)
    }

    /// `95.00%`, or `—` without ratings.
    pub fn rate_text(&self) -> String {
        self.satisfaction_rate()
            .map_or("—".into(), |r| format!("{:.2}%", r * 100.0))
    }

    /// `满意率 = (非常满意+满意+基本满意)/总数 = (12+5+2)/20 = 95.00%`
    pub fn rate_formula(&self) -> String {
        let total = self.total();
        if total == 0 {
            return format!("{RATE_FORMULA} = 无（总数为 0）");
        }
        let c = self.counts;
        format!(
            "{RATE_FORMULA} = ({}+{}+{})/{total} = {}",
            c[0],
            c[1],
            c[2],
            self.rate_text()
        )
    }
}

/// What `kiosk stats --by` splits the counts by; several make one key
/// (hall and day: a row per hall per day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Hall,
    Terminal,
    Guide,
    Item,
    Day,
}

/// The counts of one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub label: String,
    pub stats: Stats,
}

/// The counts of the days `from..=to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub overall: Stats,
    /// In key order; empty unless grouped.
    pub groups: Vec<Group>,
    /// Records met more than once (the same file twice, a day file and
    /// its export) and counted once.
    pub duplicates: u64,
    pub skips: Skips,
}

/// Counts the ratings in `sources` of the days `from..=to`, streaming,
/// split by `by` (not at all when it is empty).
pub fn stats(
    sources: &Sources,
    from: NaiveDate,
    to: NaiveDate,
    by: &[GroupBy],
) -> io::Result<Summary> {
    let mut overall = Stats::default();
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut skips = Skips::default();
    let mut records = sources.records(from, to)?;
    for item in records.by_ref() {
        let rating = match item {
            Ok(r) => r,
            Err(skip) => {
                skips.push(skip);
                continue;
            }
        };
        overall.add(rating.level);
        if !by.is_empty() {
            let (key, label) = group_of(&rating, by);
            let group = groups.entry(key).or_insert_with(|| Group {
                label,
                stats: Stats::default(),
            });
            group.stats.add(rating.level);
        }
    }
    Ok(Summary {
        from,
        to,
        overall,
        groups: groups.into_values().collect(),
        duplicates: records.duplicates(),
        skips,
    })
}

/// The sort key and the label of a rating's group: its parts joined.
fn group_of(r: &Rating, by: &[GroupBy]) -> (String, String) {
    let parts: Vec<(String, String)> = by.iter().map(|&b| part_of(r, b)).collect();
    let key = parts
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join("\u{1}");
    let label = parts
        .into_iter()
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join(" ");
    (key, label)
}

/// One part of a group's key and label. Items are keyed by guide too:
/// national item codes repeat across guides. Ratings of the hall as a
/// whole have neither guide nor item.
fn part_of(r: &Rating, by: GroupBy) -> (String, String) {
    let guide = r.guide_id.as_deref().unwrap_or("");
    match by {
        GroupBy::Hall => (r.hall_id.to_string(), r.hall_id.to_string()),
        GroupBy::Terminal => (
            format!("{}\u{0}{}", r.hall_id, r.terminal_id),
            format!("{}/{}", r.hall_id, r.terminal_id),
        ),
        GroupBy::Day => (r.day.to_string(), r.day.to_string()),
        GroupBy::Guide if guide.is_empty() => (String::new(), HALL_ITEM_NAME.into()),
        GroupBy::Guide => (guide.into(), guide.into()),
        GroupBy::Item => {
            let item = r.item_id.as_deref().unwrap_or("");
            let label = [guide, item, &r.item_name]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            (format!("{guide}\u{0}{item}"), label)
        }
    }
}

impl Summary {
    /// The text `kiosk stats` prints and the operator menu shows: a table of
    /// counts (one row per group, then 合计) and the rate's formula.
    pub fn lines(&self) -> Vec<String> {
        let mut head = vec![String::new()];
        head.extend(Level::ALL.iter().map(|l| l.label().to_string()));
        head.extend(["总数", "差评", "满意率"].map(String::from));
        let mut rows = vec![head];
        rows.extend(self.groups.iter().map(|g| row(&g.label, &g.stats)));
        rows.push(row("合计", &self.overall));
        let mut out = vec![format!("评价统计 {} 至 {}", self.from, self.to)];
        out.extend(table(&rows));
        out.push(self.overall.rate_formula());
        out
    }
}

fn row(label: &str, s: &Stats) -> Vec<String> {
    let mut cells = vec![label.to_string()];
    cells.extend(s.counts().iter().map(u64::to_string));
    cells.extend([s.total().to_string(), s.bad().to_string(), s.rate_text()]);
    cells
}

/// Aligns cells by display width: the first column left, numbers right.
fn table(rows: &[Vec<String>]) -> Vec<String> {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| text::width(&r[c])).max().unwrap_or(0))
        .collect();
    rows.iter()
        .map(|r| {
            let mut line = text::pad(&r[0], widths[0]);
            for (cell, &w) in r.iter().zip(&widths).skip(1) {
                line.push_str("  ");
                line.push_str(&" ".repeat(w - text::width(cell)));
                line.push_str(cell);
            }
            line.trim_end().to_string()
        })
        .collect()
}
