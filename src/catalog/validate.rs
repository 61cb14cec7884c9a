//! Semantic checks on a parsed guide: everything serde cannot see. Every check
//! runs, so the maintainer gets all problems of a file at once.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::Path;

use super::item::Item;
use super::model::*;
use crate::ronfile::Problem;
use crate::text::is_unsafe;

/// The longest URL we accept: anything longer makes a QR code too dense to
/// scan from a kiosk screen.
pub const MAX_URL_BYTES: usize = 300;

/// Checks one guide; `text` is the file's source, used to give line numbers.
pub fn check_city(path: &Path, text: &str, guide: &Guide) -> Vec<Problem> {
    let mut c = Checker {
        path,
        lines: text.lines().collect(),
        guide,
        problems: Vec::new(),
        walk: may_hold_controls(text),
    };
    c.guide();
    for item in &guide.items {
        c.item(item);
    }
    c.problems
}

/// Whether a string parsed from `text` can hold a control character: only
/// if the source holds one, or an escape other than `\n`, `\"` and `\\`.
/// The shipped catalog holds none, and walking every string of it is a
/// fifth of a kiosk's start-up.
fn may_hold_controls(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let safe = match c {
            '\\' => matches!(chars.next(), Some('n' | '"' | '\\')),
            c => !is_unsafe(c),
        };
        if !safe {
            return true;
        }
    }
    false
}

/// Ids appear on the command line and in `kiosk.ron`: no spaces, no controls.
fn bad_id(id: &str) -> Option<&'static str> {
    if id.trim().is_empty() {
        Some("is empty")
    } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("contains a space or control character")
    } else {
        None
    }
}

struct Checker<'a> {
    path: &'a Path,
    lines: Vec<&'a str>,
    guide: &'a Guide,
    problems: Vec<Problem>,
    /// Whether the strings must be walked for control characters: only when
    /// the source could have put one there.
    walk: bool,
}

impl<'a> Checker<'a> {
    /// The 1-based line of the first `id: "…"` (or other `key: "…"`) naming `value`.
    fn line_of(&self, key: &str, value: &str, after: usize) -> Option<usize> {
        let quoted = format!("\"{value}\"");
        self.lines
            .iter()
            .enumerate()
            .skip(after.saturating_sub(1))
            .find(|(_, l)| {
                l.contains(&quoted)
                    && l.split(&quoted)
                        .next()
                        .is_some_and(|head| head.trim_end().trim_end_matches(':').ends_with(key))
            })
            .map(|(i, _)| i + 1)
    }

    fn guide_problem(&mut self, line: Option<usize>, message: String) {
        self.problems.push(Problem {
            line,
            ..Problem::file(self.path, message)
        });
    }

    fn item_problem(&mut self, item: &Item, line: Option<usize>, message: String) {
        let line = line.or_else(|| self.line_of("id", &item.id, 1));
        self.problems.push(Problem {
            line,
            item: Some(item.id.clone()),
            ..Problem::file(self.path, message)
        });
    }

    fn guide(&mut self) {
        let guide = self.guide;
        if let Some(why) = bad_id(&guide.id) {
            self.guide_problem(self.line_of("id", &guide.id, 1), format!("guide id {why}"));
        } else if !guide
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.guide_problem(
                self.line_of("id", &guide.id, 1),
                format!("guide id \"{}\" must use only a-z, 0-9, - and _", guide.id),
            );
        }
        if guide.name.trim().is_empty() {
            self.guide_problem(None, "guide name is empty".into());
        }
        if guide.parts.is_empty() {
            self.guide_problem(None, "the guide has no parts".into());
        }
        self.unique(
            guide.districts.iter().flat_map(|d| {
                std::iter::once(d.name.as_str()).chain(d.aliases.iter().map(String::as_str))
            }),
            "district name",
            "name",
        );
        for d in &guide.districts {
            if d.name.trim().is_empty() {
                self.guide_problem(None, "a district name is empty".into());
            }
        }
        self.unique(guide.parts.iter().map(|p| p.id.as_str()), "part id", "id");
        for p in &guide.parts {
            if let Some(why) = bad_id(&p.id) {
                self.guide_problem(None, format!("part id {why}"));
            }
            if p.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
                self.guide_problem(
                    self.line_of("id", &p.id, 1),
                    format!(
                        "part {}: title is empty (leave it out if the guide gives none)",
                        p.id
                    ),
                );
            }
        }
        self.unique(guide.items.iter().map(|i| i.id.as_str()), "item id", "id");
        for part in &guide.parts {
            if guide.items_in(&part.id).next().is_none() {
                self.guide_problem(
                    self.line_of("id", &part.id, 1),
                    format!("part {} has no items", part.id),
                );
            }
        }
        // Every string outside the items too (each item is walked on its
        // own): part titles and district names reach the screen and the CLI.
        if !self.walk {
            return;
        }
        let mut value = serde_json::to_value(guide).unwrap_or_default();
        if let Some(fields) = value.as_object_mut() {
            fields.remove("items");
        }
        self.walk_strings(None, &value, &mut Vec::new());
    }

    /// Reports every value that occurs twice.
    fn unique<'v>(&mut self, values: impl Iterator<Item = &'v str>, what: &str, key: &str) {
        let mut seen = HashSet::new();
        let mut reported = HashSet::new();
        for v in values {
            if !seen.insert(v) && reported.insert(v) {
                let first = self.line_of(key, v, 1).unwrap_or(1);
                let again = self.line_of(key, v, first + 1);
                self.guide_problem(again, format!("duplicate {what} \"{v}\""));
            }
        }
    }

    fn item(&mut self, item: &Item) {
        if let Some(why) = bad_id(&item.id) {
            self.item_problem(item, None, format!("item id {why}"));
        }
        if item.name.trim().is_empty() {
            self.item_problem(item, None, "name is empty".into());
        }
        if let Some(code) = &item.platform_code
            && (code.is_empty()
                || code.len() > 50
                || !code.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            let line = self.line_of("platform_code", code, self.item_line(item));
            self.item_problem(
                item,
                line,
                format!("platform_code \"{code}\" must be 1 to 50 letters and digits (a 实施编码 or 事项编码)"),
            );
        }
        if self.guide.part(&item.part).is_none() {
            let line = self.line_of(
                "part",
                &item.part,
                self.line_of("id", &item.id, 1).unwrap_or(1),
            );
            self.item_problem(item, line, format!("part \"{}\" does not exist", item.part));
        }
        for district in districts_named(item) {
            if self.guide.district(district).is_none() {
                let line = self.line_of("district", district, self.item_line(item));
                self.item_problem(
                    item,
                    line,
                    format!("district \"{district}\" is not among the guide's districts"),
                );
            }
        }
        self.online(item);
        let procedures: HashSet<&str> = item.procedures.iter().map(|s| s.name.as_str()).collect();
        for (n, flow) in item.charts.iter().enumerate() {
            if let Some(sub) = &flow.procedure
                && !procedures.contains(sub.as_str())
            {
                self.item_problem(
                    item,
                    None,
                    format!("flow {}: procedure \"{sub}\" does not exist", n + 1),
                );
            }
            if let Some(why) = basis_problem(flow) {
                let line = flow
                    .title
                    .as_deref()
                    .and_then(|t| self.line_of("title", t, self.item_line(item)));
                self.item_problem(item, line, format!("flow {}: {why}", n + 1));
            }
            for message in check_flow(flow) {
                let line = message
                    .node
                    .as_deref()
                    .and_then(|id| self.line_of("", id, self.item_line(item)));
                self.item_problem(item, line, format!("flow {}: {}", n + 1, message.text));
            }
        }
        if self.walk {
            let value = serde_json::to_value(&**item).unwrap_or_default();
            self.walk_strings(Some(item), &value, &mut Vec::new());
        }
    }

    fn item_line(&self, item: &Item) -> usize {
        self.line_of("id", &item.id, 1).unwrap_or(1)
    }

    fn online(&mut self, item: &Item) {
        for ch in item.channels.iter().flat_map(|c| &c.online) {
            if ch.name.trim().is_empty() {
                self.item_problem(item, None, "an online channel has an empty name".into());
            }
            let Some(url) = &ch.url else { continue };
            if let Some(why) = bad_url(url) {
                // Looked up only for a problem: a search of the whole file.
                let line = self.line_of("url", url, self.item_line(item));
                self.item_problem(
                    item,
                    line,
                    format!("online channel \"{}\": url {why}", ch.name),
                );
            }
        }
    }

    fn text_fields(&mut self, item: Option<&Item>, text: &str, path: &str) {
        if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
            let message = format!(
                "{path}: contains the control character U+{:04X}; remove it (only line breaks are allowed)",
                c as u32
            );
            match item {
                Some(item) => self.item_problem(item, None, message),
                None => self.guide_problem(None, message),
            }
        }
    }

    /// Every string of the item (or of the guide), wherever it sits, must be
    /// free of control characters. `path` is the way to `value`, spelt out
    /// only for a problem.
    fn walk_strings<'v>(
        &mut self,
        item: Option<&Item>,
        value: &'v serde_json::Value,
        path: &mut Vec<Step<'v>>,
    ) {
        use serde_json::Value;
        match value {
            Value::String(s) if s.chars().any(is_unsafe) => {
                let path = spell_path(path);
                self.text_fields(item, s, &path);
            }
            Value::Array(list) => {
                for (i, v) in list.iter().enumerate() {
                    path.push(Step::Index(i));
                    self.walk_strings(item, v, path);
                    path.pop();
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    path.push(Step::Key(k));
                    self.walk_strings(item, v, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}

/// One step from an item to one of its strings.
pub(crate) enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// `charts[0].nodes[2].label`
pub(crate) fn spell_path(steps: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Every district an item's rows refer to.
fn districts_named(item: &Item) -> Vec<&str> {
    let listings = [&item.accepting_unit, &item.inquiry];
    let rows = listings
        .into_iter()
        .flatten()
        .flat_map(|l| l.rows.iter().filter_map(|r| r.district.as_deref()));
    let channels = item.channels.iter().flat_map(|c| {
        c.onsite
            .iter()
            .filter_map(|w| w.district.as_deref())
            .chain(c.online.iter().filter_map(|o| o.district.as_deref()))
    });
    let phones = item
        .supervision
        .iter()
        .flat_map(|s| s.phones.iter().filter_map(|p| p.district.as_deref()));
    let mut all: Vec<&str> = rows.chain(channels).chain(phones).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Why a URL cannot become a QR code, if it cannot.
pub fn bad_url(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        None => Some(format!("\"{url}\" is not http(s)")),
        Some(host) if host.is_empty() || host.starts_with('/') => {
            Some(format!("\"{url}\" has no host"))
        }
        Some(_) if url.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            Some(format!("\"{url}\" contains a space"))
        }
        Some(_) if url.len() > MAX_URL_BYTES => Some(format!(
            "is {} bytes long; at most {MAX_URL_BYTES} fit a scannable QR code",
            url.len()
        )),
        Some(_) => None,
    }
}

/// One flow problem, with the node it concerns (to find its line).
#[derive(Debug, PartialEq)]
pub struct FlowMessage {
    pub node: Option<String>,
    pub text: String,
}

/// Structural checks of a flow graph: ids, edges, reachability, ends.
pub fn check_flow(flow: &Chart) -> Vec<FlowMessage> {
    let mut out = Vec::new();
    let mut say = |node: Option<&str>, text: String| {
        out.push(FlowMessage {
            node: node.map(str::to_string),
            text,
        })
    };
    if flow.nodes.is_empty() {
        say(None, "has no nodes".into());
        return out;
    }
    let mut index = HashMap::new();
    for (i, n) in flow.nodes.iter().enumerate() {
        if let Some(why) = bad_id(&n.id) {
            say(None, format!("node id {why}"));
        }
        if index.insert(n.id.as_str(), i).is_some() {
            say(Some(&n.id), format!("duplicate node id \"{}\"", n.id));
        }
        if n.text.trim().is_empty() {
            say(Some(&n.id), format!("node \"{}\" has empty text", n.id));
        }
    }
    let mut out_edges = vec![Vec::new(); flow.nodes.len()];
    // Ways out, counting edges to missing nodes too, so one typo gives one message.
    let mut degree = vec![0; flow.nodes.len()];
    for e in &flow.edges {
        for end in [&e.from, &e.to] {
            if !index.contains_key(end.as_str()) {
                say(
                    Some(end),
                    format!("edge {} -> {}: node \"{end}\" does not exist", e.from, e.to),
                );
            }
        }
        if let Some(&a) = index.get(e.from.as_str()) {
            degree[a] += 1;
            if let Some(&b) = index.get(e.to.as_str()) {
                out_edges[a].push(b);
            }
        }
    }
    if !flow.nodes.iter().any(|n| n.kind == NodeKind::End) {
        say(
            None,
            "has no End node: every flow must end somewhere".into(),
        );
    }
    let reached = reachable(&out_edges);
    for (i, n) in flow.nodes.iter().enumerate() {
        if !reached[i] {
            say(
                Some(&n.id),
                format!(
                    "node \"{}\" cannot be reached from the start \"{}\"",
                    n.id, flow.nodes[0].id
                ),
            );
        }
        match (n.kind, degree[i]) {
            (NodeKind::End, k) if k > 0 => say(
                Some(&n.id),
                format!("End node \"{}\" has an outgoing edge", n.id),
            ),
            (NodeKind::Step, 0) => say(
                Some(&n.id),
                format!(
                    "step \"{}\" leads nowhere (make it an End node or add an edge)",
                    n.id
                ),
            ),
            (NodeKind::Decision, k) if k < 2 => say(
                Some(&n.id),
                format!("decision \"{}\" needs at least two outgoing edges", n.id),
            ),
            _ => {}
        }
    }
    out
}

/// A chart's basis against its title: a title is what the guide prints,
/// so a chart the guide does not print has none, and one whose text was
/// lost keeps it (it is how the chart is known to be there at all).
pub fn basis_problem(flow: &Chart) -> Option<String> {
    match (flow.basis, &flow.title) {
        (ChartBasis::Steps, Some(title)) => Some(format!(
            "basis is Steps (the guide prints no chart), but the chart has the title \"{title}\" the guide prints: write basis: LostChart if its box text was lost, or basis: Chart if it survives"
        )),
        (ChartBasis::LostChart, None) => Some(
            "basis is LostChart (the guide prints a chart whose box text was lost), but the chart has no title: give the title the guide prints for it, or write basis: Steps if the guide prints no chart".into(),
        ),
        _ => None,
    }
}

/// Which nodes a breadth-first walk from node 0 reaches.
pub fn reachable(out_edges: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; out_edges.len()];
    let mut queue = VecDeque::from([0]);
    if let Some(s) = seen.first_mut() {
        *s = true;
    }
    while let Some(n) = queue.pop_front() {
        for &m in &out_edges[n] {
            if !seen[m] {
                seen[m] = true;
                queue.push_back(m);
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::may_hold_controls;

    #[test]
    fn only_sources_that_can_spell_a_control_character_are_walked() {
        for clean in ["name: \"医保\\n参保\"", r#"a: "say \"hi\" \\ \\n""#, ""] {
            assert!(!may_hold_controls(clean), "{clean}");
        }
        for risky in [
            "a: \"\u{1b}[2J\"",
            r#"a: "\u{1b}""#,
            r#"a: "\x1b""#,
            r#"a: "\t""#,
            "a: \"x\"\r\n",
            "a: \"x\\",
        ] {
            assert!(may_hold_controls(risky), "{risky:?}");
        }
    }
}
