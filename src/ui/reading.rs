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
                    strings::chosen(&r.label)
                } else {
                    r.label.clone()
                }
            });
            let n = app.opts.bad_reasons.len();
            choices(&strings::choose_reasons(level.label()), reasons, 0..n)
        }
        RateStep::Saving => Script::new(strings::SAVING),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    use super::*;
    use crate::app::tests::{app, at};
    use crate::app::{Action, Effect, update};
    use crate::document::lines::Role;
    use crate::speech;
    use crate::ui::tests::{screen_text, screens};
    use crate::ui::{draw_buffer, layout, text_page};

    /// Draws `app` at `w`×`h` as the runtime does (the viewport handed
    /// back), then taps 朗读: the script the runtime would speak.
    fn read_at(app: &mut App, w: u16, h: u16) -> Script {
        app.opts.speech = true;
        app.speech = crate::speech::SpeechState::Idle;
        // The idle question takes the first tap as its answer.
        app.idle_deadline = None;
        update(
            app,
            Action::Resize {
                width: w,
                height: h,
            },
            at(1),
        );
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        let drawn = draw_buffer(app, &mut buf);
        update(app, Action::Viewport(drawn.viewport), at(1));
        let effects = update(app, Action::ReadAloud, at(1));
        let [Effect::ReadAloud(reading)] = &effects[..] else {
            panic!("{effects:?}");
        };
        // Tapped again, it stops; the next test taps afresh.
        update(app, Action::ReadAloud, at(1));
        script(app, reading)
    }

    /// The fields' titles read, as the page draws them (group headings,
    /// also headings to the ear, left out).
    fn field_titles(script: &Script, fields: &[&'static str]) -> Vec<String> {
        let heads = script.chunks.iter().filter_map(|c| match c {
            Chunk::Heading(h) if fields.contains(&h.as_str()) => Some(format!("【{h}】")),
            _ => None,
        });
        heads.collect()
    }

    /// The item is read from the field holding the top line to the last
    /// field with a line on screen, in both modes and every scroll: told
    /// here from the drawn page's lines, and against the document's own
    /// reckoning at the standard size.
    #[test]
    fn an_item_is_read_as_far_as_it_is_drawn() {
        for large in [false, true] {
            for (w, h) in [(80, 24), (60, 48), (44, 14)] {
                let mut a = app();
                update(&mut a, Action::Choose(1), at(1));
                update(&mut a, Action::Choose(0), at(1));
                a.large = large;
                for scroll in 0.. {
                    let Screen::Item { scroll: s, .. } = a.stack.last_mut().unwrap() else {
                        unreachable!()
                    };
                    *s = scroll;
                    let got = read_at(&mut a, w, h);
                    let page = text_page(&a, layout::bands(a.area).body).unwrap();
                    let rows = scroll..(scroll + page.visible()).min(page.lines.len());
                    let field_of = |line: usize| {
                        (0..=line).rev().find(|&i| {
                            page.lines[i].role == Role::Title
                                && page.lines[i].text.starts_with('【')
                        })
                    };
                    // A blank line shows nothing of its field.
                    let mut want: Vec<String> = rows
                        .clone()
                        .filter(|&l| !page.lines[l].text.is_empty())
                        .filter_map(field_of)
                        .map(|t| page.lines[t].text.clone())
                        .collect();
                    want.dedup();
                    let (_, item) = a.item(0, 0).unwrap();
                    let all = sections::sections(item, a.own_district(0));
                    let fields: Vec<&str> = all.iter().map(|s| s.title).collect();
                    assert_eq!(
                        field_titles(&got, &fields)[..],
                        want[..],
                        "{w}x{h} large {large} scroll {scroll}"
                    );
                    assert_eq!(got.title, "单位参保登记");
                    if !large {
                        let width = usize::from(page.area.width.saturating_sub(1)).max(2);
                        let fields =
                            lines::sections_in_view(item, a.own_district(0), width, rows.clone());
                        assert_eq!(got, Script::from_sections("单位参保登记", &fields));
                    }
                    if rows.end >= page.lines.len() {
                        break;
                    }
                }
            }
        }
    }

    /// A list is read a page at a time, each entry with the digit that
    /// picks it: the same entries the page draws, with the same digits.
    #[test]
    fn a_list_is_read_a_page_at_a_time_with_the_digits_that_pick() {
        let mut a = app();
        update(&mut a, Action::Choose(1), at(1));
        let first = read_at(&mut a, 80, 24);
        update(&mut a, Action::Page(1), at(1));
        let second = read_at(&mut a, 80, 24);
        assert_eq!(second.title, "第一部分 参保登记");
        let mut buf = Buffer::empty(a.area);
        let drawn = draw_buffer(&a, &mut buf);
        let rows: Vec<usize> = drawn
            .targets
            .all()
            .iter()
            .filter_map(|(_, action)| match action {
                Action::Choose(i) => Some(*i),
                _ => None,
            })
            .collect();
        assert_eq!(second.chunks.len(), rows.len());
        let screen = screen_text(&buf);
        for (k, (chunk, i)) in second.chunks.iter().zip(&rows).enumerate() {
            let name = &a.catalog.guides[0].items[a.part_items(0, 0)[*i]].name;
            assert_eq!(
                chunk,
                &Chunk::Choice {
                    key: k + 1,
                    text: name.clone()
                }
            );
            assert!(screen.contains(&format!(" {}  {name}", k + 1)), "{screen}");
        }
        assert_ne!(first.chunks, second.chunks, "the second page is another");
        assert!(speech::spoken(&second).contains("按一，参保事项"));
    }

    #[test]
    fn the_rating_screen_reads_the_question_and_the_five_levels() {
        let mut a = app();
        for action in [Action::Choose(1), Action::Choose(0), Action::Rate] {
            update(&mut a, action, at(1));
        }
        let got = read_at(&mut a, 80, 24);
        assert_eq!(got.title, strings::rate_what("“单位参保登记”"));
        let levels: Vec<Chunk> = Level::ALL
            .iter()
            .enumerate()
            .map(|(i, l)| Chunk::Choice {
                key: i + 1,
                text: l.label().into(),
            })
            .collect();
        assert_eq!(got.chunks[..5], levels[..]);
        let spoken = speech::spoken(&got);
        assert!(
            spoken.contains("按一，非常满意。\n按二，满意。\n"),
            "{spoken}"
        );
        assert!(spoken.contains("按五，非常不满意。\n"), "{spoken}");
    }

    /// Every screen has words to read, and never the PIN typed.
    #[test]
    fn every_screen_reads_its_title_and_never_the_pin() {
        for (name, mut a) in screens() {
            let got = read_at(&mut a, 80, 24);
            assert!(!got.title.is_empty(), "{name}: {got:?}");
            if name == "pin" {
                assert_eq!(got, Script::new(strings::ENTER_PIN));
            }
        }
    }
}
