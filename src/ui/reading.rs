//! What reading aloud says of a screen, in the words the screen shows: the
//! page's title, then what of it is in view — a list's page of entries with
//! the digit that picks each, an item's fields on screen, the five levels of
//! the rating. The state machine says which screen and what was in view
//! ([`Reading`]); this words it; `speech::spoken` makes it speech.

use std::ops::Range;

use super::screens::{rate, search};
use super::strings;
use crate::app::{App, OperatorChoice, RateStep, RateTarget, Reading, Screen};
use crate::catalog::trust;
use crate::document::{lines, sections};
use crate::ratings::Level;
use crate::speech::{Chunk, Script};

/// The script of `reading`, for the speech program.
pub fn script(app: &App, reading: &Reading) -> Script {
    let shown = reading.shown.range();
    match &reading.screen {
        Screen::Home { .. } => {
            let guides = app.guide_order.iter().filter_map(|&g| app.guide(g));
            let entries =
                guides.map(|g| strings::entry_with(&g.name, &strings::items_count(g.items.len())));
            choices(strings::CHOOSE_GUIDE, entries, shown)
        }
        Screen::Guide { guide, .. } => {
            let Some(g) = app.guide(*guide) else {
                return Script::default();
            };
            let entries = g.parts.iter().map(|part| {
                let count = strings::part_count(g.items_in(&part.id).count());
                strings::entry_with(&part.display_title(), &count)
            });
            choices(&strings::choose_part(&g.name), entries, shown)
        }
        Screen::Part { guide, part, .. } => {
            let Some(g) = app.guide(*guide) else {
                return Script::default();
            };
            let title = g.parts.get(*part).map(|p| p.display_title());
            let items = app.part_items(*guide, *part).into_iter();
            let entries = items.map(|i| g.items[i].name.clone());
            choices(&title.unwrap_or_default(), entries, shown)
        }
        Screen::Search { query, hits, .. } => {
            let title = if query.is_empty() {
                strings::TYPE_PINYIN.to_string()
            } else {
                strings::query(query)
            };
            let entries = hits.iter().map(|hit| {
                let (name, whose) = search::describe(app, hit.target);
                strings::entry_with(&name, &whose)
            });
            choices(&title, entries, shown)
        }
        Screen::Item { guide, item, .. } => item_fields(app, *guide, *item, shown),
        Screen::Chart { guide, item, .. } => charts(app, *guide, *item, shown),
        Screen::Compare { guide, item, .. } => compare(app, *guide, *item, shown),
        Screen::Channels { guide, item, page } => channel(app, *guide, *item, *page),
        Screen::Rate { target, step, .. } => rating(app, *target, step),
        Screen::Thanks { saved, .. } => {
            let note = if *saved {
                strings::SAVED
            } else {
                strings::HELD
            };
            said(strings::THANKS, [note.to_string()])
        }
        Screen::Notice { notice } => Script::new(strings::notice(*notice)),
        Screen::SetupNotice { lines, .. } => said(
            strings::SETUP,
            [strings::SETUP_INTRO.into()]
                .into_iter()
                .chain(lines.clone()),
        ),
        Screen::OperatorMessages {
            message, detail, ..
        } => {
            let (title, plain) = strings::message(*message);
            said(title, [plain.into()].into_iter().chain(detail.clone()))
        }
        Screen::Operator { .. } => {
            let entries = OperatorChoice::ALL.map(|c| strings::operator_choice(c).to_string());
            choices(strings::OPERATOR_MENU, entries.into_iter(), shown)
        }
        Screen::OperatorStats { figures } => Script::new(strings::day_figures(
            &figures.day,
            figures.stats.total(),
            figures.stats.bad(),
        )),
        // Never the digits typed.
        Screen::Pin { .. } => Script::new(strings::ENTER_PIN),
        Screen::QrTest => Script::new(strings::QR_TEST_TITLE),
        Screen::ConfirmQuit => Script::new(strings::CONFIRM_QUIT),
    }
}

/// A title and plain sentences.
fn said(title: &str, texts: impl IntoIterator<Item = String>) -> Script {
    Script {
        title: title.to_string(),
        chunks: texts.into_iter().map(Chunk::Text).collect(),
    }
}

/// A list's title and the entries of the page shown, each with the digit
/// that picks it (1 for the first on the page).
fn choices(title: &str, entries: impl Iterator<Item = String>, shown: Range<usize>) -> Script {
    let chunks = entries
        .enumerate()
        .skip(shown.start)
        .take(shown.len())
        .map(|(i, text)| Chunk::Choice {
            key: i - shown.start + 1,
            text,
        })
        .collect();
    Script {
        title: title.to_string(),
        chunks,
    }
}

/// The item's name, then its fields of which a line is on screen.
fn item_fields(app: &App, guide: usize, item: usize, shown: Range<usize>) -> Script {
    let Some((_, it)) = app.item(guide, item) else {
        return Script::default();
    };
    let fields = sections::sections(it, app.own_district(guide));
    let in_view: Vec<_> = fields
        .into_iter()
        .skip(shown.start)
        .take(shown.len())
        .collect();
    Script::from_sections(it.name.clone(), &in_view)
}

/// The charts on screen: their headings, then their boxes in order with
/// the materials a box lists. Every chart when one has no heading to tell
/// where it starts on screen.
fn charts(app: &App, guide: usize, item: usize, shown: Range<usize>) -> Script {
    let Some((_, it)) = app.item(guide, item) else {
        return Script::default();
    };
    let mut script = Script::new(strings::view_of(&it.name, strings::CHART));
    if it.charts.is_empty() {
        script.chunks.push(Chunk::Text(sections::MISSING.into()));
    }
    let headed = it
        .charts
        .iter()
        .all(|c| !sections::chart_headings(c).is_empty());
    let in_view = if headed { shown } else { 0..it.charts.len() };
    for chart in it.charts.iter().skip(in_view.start).take(in_view.len()) {
        let headings = sections::chart_headings(chart)
            .into_iter()
            .map(Chunk::Heading);
        script.chunks.extend(headings);
        for (n, node) in chart.nodes.iter().enumerate() {
            script.chunks.push(Chunk::Numbered {
                n: n + 1,
                text: node.text.clone(),
            });
            let materials = node.materials.iter().cloned().map(Chunk::Text);
            script.chunks.extend(materials);
        }
    }
    script
}

/// The points of comparison on screen, each guide's wording in turn.
fn compare(app: &App, guide: usize, item: usize, shown: Range<usize>) -> Script {
    let Some((_, it)) = app.item(guide, item) else {
        return Script::default();
    };
    let mut script = Script::new(strings::view_of(&it.name, strings::COMPARE));
    let peers: Vec<_> = lines::peers(&app.catalog, guide, item)
        .into_iter()
        .filter_map(|(g, i)| app.item(g, i))
        .map(|(g, i)| (g.name.as_str(), lines::aspects(i)))
        .collect();
    for a in shown.filter(|&a| a < 4) {
        let Some((_, first)) = peers.first() else {
            break;
        };
        script.chunks.push(Chunk::Heading(first[a].0.to_string()));
        let texts: Vec<&str> = peers.iter().map(|(_, s)| s[a].1.as_str()).collect();
        if texts.windows(2).all(|w| w[0] == w[1]) {
            script
                .chunks
                .push(Chunk::Text(strings::same_everywhere(texts[0])));
        } else {
            let says = peers.iter().map(|(g, s)| strings::guide_says(g, &s[a].1));
            script.chunks.extend(says.map(Chunk::Text));
        }
    }
    script
}

/// The channel on the page: its name, and how to scan its code (an
/// address outside the trusted hosts is never said); the last page, the
/// channels without an address and how to reach each.
fn channel(app: &App, guide: usize, item: usize, page: usize) -> Script {
    let Some((_, it)) = app.item(guide, item) else {
        return Script::default();
    };
    let mut script = Script::new(strings::view_of(&it.name, strings::ONLINE));
    let online: Vec<_> = it.channels.iter().flat_map(|c| &c.online).collect();
    let linked: Vec<_> = online.iter().filter(|o| o.url.is_some()).collect();
    let texts = match linked.get(page) {
        Some(o) => {
            let name = format!("{}（{}）", o.name, o.kind.label());
            if trust::shows_qr(o, &app.opts.trusted_hosts) {
                let url = o.url.clone().unwrap_or_default();
                vec![name, strings::SCAN.into(), url]
            } else {
                vec![name, strings::ASK_THE_WINDOW.into()]
            }
        }
        None if online.is_empty() => vec![strings::NO_ONLINE.into()],
        None => online
            .iter()
            .filter(|o| o.url.is_none())
            .map(|o| sections::how_to_reach(o))
            .collect(),
    };
    script.chunks.extend(texts.into_iter().map(Chunk::Text));
    script
}

/// The question and the five levels, each with its digit; then the
/// reasons for a 差评, saying which are chosen.
fn rating(app: &App, target: RateTarget, step: &RateStep) -> Script {
    match step {
        RateStep::Level => {
            let subject = rate::subject(app, target);
            let levels = Level::ALL.iter().map(|l| l.label().to_string());
            let mut script = choices(&strings::rate_what(&subject), levels, 0..Level::ALL.len());
            script
                .chunks
                .push(Chunk::Text(strings::BAD_ARE_LAST.into()));
            script
        }
        RateStep::Reasons { level, chosen } => {
            let reasons = app.opts.bad_reasons.iter().enumerate().map(|(i, r)| {
                if chosen.get(i).copied().unwrap_or(false) {
                    strings::chosen(r)
                } else {
                    r.clone()
                }
            });
            let n = app.opts.bad_reasons.len();
            choices(&strings::choose_reasons(level.label()), reasons, 0..n)
        }
        RateStep::Saving => Script::new(strings::SAVING),
    }
}
