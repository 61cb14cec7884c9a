//! `update`: one action in, the next state and the effects out.

use std::time::Duration;

use ratatui::layout::Rect;

use super::*;
use crate::layout;
use crate::search::Target;

/// How many results a search keeps.
const SEARCH_LIMIT: usize = 60;
/// A query longer than this is a stuck key, not a visitor.
const MAX_QUERY_CHARS: usize = 24;
/// Wrong PINs before the pad locks, and for how long.
const PIN_TRIES: u32 = 3;
const PIN_LOCK_WALL: chrono::TimeDelta = chrono::TimeDelta::seconds(60);
/// Corner taps must come this close together to open the PIN pad.
const TAP_WINDOW: Duration = Duration::from_secs(3);

pub fn update(app: &mut App, action: Action, clock: Clock) -> Vec<Effect> {
    app.clock = clock;
    if action.is_input() {
        app.last_input = clock.mono;
        app.dirty = true;
        // While the overlay asks 还需要更多时间吗？, any input is the answer.
        if app.idle_deadline.take().is_some() {
            return Vec::new();
        }
    }
    let effects = apply(app, action);
    // The screen on top may have been scrolled at another size or text
    // size (Back after a resize reveals it): keep it within its text.
    clamp_scroll(app);
    effects
}

fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Tick => tick(app),
        Action::Resize { width, height } => {
            app.area = Rect::new(0, 0, width, height);
            app.dirty = true;
        }
        Action::Ignored => {}
        Action::Back => back(app),
        Action::GoHome => go_home(app),
        Action::OpenSearch => open_search(app),
        Action::Move(d) => move_by(app, d),
        Action::Page(d) => page_by(app, d),
        Action::Pick(n) => return pick(app, n),
        Action::Choose(i) => return choose(app, i),
        Action::Open => return open_selected(app),
        Action::ShowChart => show(app, |guide, item| Screen::Chart {
            guide,
            item,
            scroll: 0,
        }),
        Action::ShowChannels => show(app, |guide, item| Screen::Channels {
            guide,
            item,
            page: 0,
        }),
        Action::ShowCompare => show(app, |guide, item| Screen::Compare {
            guide,
            item,
            scroll: 0,
        }),
        Action::Channel(d) => turn_channel(app, d),
        Action::ToggleLarge => app.large = !app.large,
        Action::Type(c) => edit_query(app, |q| {
            if q.chars().count() < MAX_QUERY_CHARS {
                q.extend(c.to_lowercase());
            }
        }),
        Action::DeleteChar => edit_query(app, |q| {
            q.pop();
        }),
        Action::ClearQuery => edit_query(app, String::clear),
        Action::Rate => rate_here(app),
        Action::RateHall => start_rating(app, RateTarget::Hall, false),
        Action::ChooseLevel(level) => return choose_level(app, level),
        Action::ToggleReason(i) => toggle_reason(app, i),
        Action::Submit => return submit(app),
        Action::Skip => skip_rating(app),
        Action::EndVisit => reset(app),
        Action::CornerTap => corner_tap(app),
        Action::OperatorChord => open_pin(app),
        Action::PinDigit(d) => pin_digit(app, d),
        Action::PinBack => pin_edit(app, |d| {
            d.pop();
        }),
        Action::ExportToday if is_operator_screen(app.screen()) => {
            return vec![Effect::ExportToday];
        }
        Action::ExportToday => {}
        Action::ConfirmQuit if *app.screen() == Screen::ConfirmQuit => return vec![Effect::Quit],
        Action::ConfirmQuit => {}
        Action::Recorded(result) => recorded(app, result),
        Action::Reloaded(result) => reloaded(app, result),
        Action::Exported(Ok(done)) => message(app, "导出完成", "今日评价已导出。", vec![done]),
        Action::Exported(Err(e)) => message(
            app,
            "导出失败",
            "导出文件没有写成，原有的文件没有改动。请检查导出文件夹（或U盘）是否插好、可写、有空间，再试一次。",
            vec![e],
        ),
        Action::Figures(Ok(figures)) => app.stack.push(Screen::OperatorStats { figures }),
        Action::Figures(Err(e)) => message(
            app,
            "统计失败",
            "评价日志读不出来，统计没有做成。评价本身不受影响。",
            vec![e],
        ),
        Action::Status(status) => {
            app.dirty |= app.status != status;
            app.status = status;
        }
    }
    Vec::new()
}

fn top(app: &mut App) -> &mut Screen {
    if app.stack.is_empty() {
        app.stack.push(Screen::Home { selected: 0 });
    }
    let last = app.stack.len() - 1;
    &mut app.stack[last]
}

/// Back to Home with nothing of the visit left.
fn reset(app: &mut App) {
    app.stack = vec![Screen::Home { selected: 0 }];
    app.visit = Visit::default();
    app.large = false;
    app.idle_deadline = None;
    app.dirty = true;
}

fn tick(app: &mut App) {
    let now = app.clock.mono;
    if let Some(deadline) = app.idle_deadline {
        if now >= deadline {
            reset(app);
        }
        app.dirty = true; // the countdown moved
        return;
    }
    if let Screen::Thanks { until, .. } = *app.screen()
        && now >= until
    {
        finish_thanks(app);
        // The thank-you is gone: redraw, or its 继续 button stays on screen
        // and takes taps meant for the screen now under it.
        app.dirty = true;
    }
    if now.saturating_sub(app.last_input) >= app.opts.idle_timeout && !app.at_rest() {
        if app.stack.len() == 1 {
            // On Home there is nothing to ask about: start afresh quietly.
            reset(app);
        } else {
            app.idle_deadline = Some(now + app.opts.idle_warning);
            app.dirty = true;
        }
    }
    let minute = app.clock.wall.timestamp().div_euclid(60);
    if minute != app.shown_minute {
        app.shown_minute = minute;
        app.dirty = true;
    }
}

fn back(app: &mut App) {
    match app.screen() {
        Screen::Home { .. } => {}
        Screen::Rate {
            then_home: true, ..
        } => app.stack.truncate(1),
        Screen::Rate {
            step: RateStep::Saving,
            ..
        } => {}
        Screen::Thanks { .. } => finish_thanks(app),
        _ => {
            app.stack.pop();
        }
    }
}

/// Home, offering once to rate the item being left.
fn go_home(app: &mut App) {
    if let Some((guide, item)) = app.current_item() {
        let target = RateTarget::Item { guide, item };
        if !app.visit.rated.contains(&target) && app.visit.offered.insert(target) {
            start_rating(app, target, true);
            return;
        }
    }
    if !matches!(
        app.screen(),
        Screen::Rate {
            step: RateStep::Saving,
            ..
        }
    ) {
        app.stack.truncate(1);
    }
}

fn open_search(app: &mut App) {
    if !matches!(app.screen(), Screen::Search { .. }) {
        app.stack.push(Screen::Search {
            query: String::new(),
            selected: 0,
            hits: Vec::new(),
        });
    }
}

fn edit_query(app: &mut App, edit: impl FnOnce(&mut String)) {
    let Screen::Search { query, .. } = app.screen() else {
        return;
    };
    let mut q = query.clone();
    edit(&mut q);
    let hits = app.index.search(&q, SEARCH_LIMIT);
    *top(app) = Screen::Search {
        query: q,
        selected: 0,
        hits,
    };
}

/// Entries of the list on screen, and how many a page shows.
pub(crate) fn list_len(app: &App) -> usize {
    match app.screen() {
        Screen::Home { .. } => app.guide_order.len(),
        Screen::Guide { guide, .. } => app.guide(*guide).map_or(0, |c| c.parts.len()),
        Screen::Part { guide, part, .. } => app.part_items(*guide, *part).len(),
        Screen::Search { hits, .. } => hits.len(),
        Screen::Operator { .. } => OPERATOR_MENU.len(),
        Screen::Rate {
            step: RateStep::Reasons { chosen, .. },
            ..
        } => chosen.len(),
        Screen::Rate { .. } => Level::ALL.len(),
        _ => 0,
    }
}

pub(crate) fn page_len(app: &App) -> usize {
    let body = layout::bands(app.area).body;
    match app.screen() {
        Screen::Search { .. } => layout::search_page(app.area, app.large),
        Screen::Home { .. } => layout::page_size(
            layout::list_screen(body, app.large, true).list,
            app.large,
            body,
        ),
        _ => layout::page_size(
            layout::list_screen(body, app.large, false).list,
            app.large,
            body,
        ),
    }
}

fn selected_mut(screen: &mut Screen) -> Option<&mut usize> {
    match screen {
        Screen::Home { selected }
        | Screen::Guide { selected, .. }
        | Screen::Part { selected, .. }
        | Screen::Search { selected, .. }
        | Screen::Operator { selected } => Some(selected),
        _ => None,
    }
}

fn scroll_mut(screen: &mut Screen) -> Option<&mut usize> {
    match screen {
        Screen::Item { scroll, .. }
        | Screen::Chart { scroll, .. }
        | Screen::Compare { scroll, .. }
        | Screen::OperatorMessages { scroll, .. }
        | Screen::SetupNotice { scroll, .. } => Some(scroll),
        _ => None,
    }
}

/// Moves the list selection or scrolls the text by `d` (lines or entries).
fn shift(app: &mut App, d: i64) {
    let len = list_len(app);
    let max_scroll = app.text_page().map(|p| p.max_scroll());
    let screen = top(app);
    if let Some(sel) = selected_mut(screen) {
        *sel = (*sel as i64 + d).clamp(0, len.saturating_sub(1) as i64) as usize;
    } else if let (Some(scroll), Some(max)) = (scroll_mut(screen), max_scroll) {
        *scroll = (*scroll as i64 + d).clamp(0, max as i64) as usize;
    }
}

fn move_by(app: &mut App, d: i32) {
    if matches!(app.screen(), Screen::Channels { .. }) {
        turn_channel(app, d);
    } else {
        shift(app, i64::from(d));
    }
}

fn page_by(app: &mut App, d: i32) {
    let step = match app.text_page() {
        Some(p) => p.visible.max(1),
        None => page_len(app),
    };
    move_by_page(app, i64::from(d) * step as i64);
}

fn move_by_page(app: &mut App, d: i64) {
    if matches!(app.screen(), Screen::Channels { .. }) {
        turn_channel(app, d.signum() as i32);
    } else {
        shift(app, d);
    }
}

fn clamp_scroll(app: &mut App) {
    let max = app.text_page().map(|p| p.max_scroll());
    if let (Some(scroll), Some(max)) = (scroll_mut(top(app)), max) {
        *scroll = (*scroll).min(max);
    }
}

/// Digit n picks the n-th entry drawn on the current page.
fn pick(app: &mut App, n: usize) -> Vec<Effect> {
    match app.screen() {
        Screen::Rate {
            step: RateStep::Level,
            ..
        } => match Level::from_key(n as u8 + 1) {
            Some(level) => choose_level(app, level),
            None => Vec::new(),
        },
        Screen::Rate {
            step: RateStep::Reasons { .. },
            ..
        } => {
            toggle_reason(app, n);
            Vec::new()
        }
        screen => {
            let Some(sel) = selected_mut(&mut screen.clone()).copied() else {
                return Vec::new();
            };
            let page = page_len(app);
            choose(app, sel / page * page + n)
        }
    }
}

fn open_selected(app: &mut App) -> Vec<Effect> {
    match app.screen().clone() {
        Screen::Pin { .. } => check_pin(app),
        Screen::Rate {
            step: RateStep::Reasons { .. },
            ..
        } => submit(app),
        Screen::Thanks { .. } | Screen::Notice { .. } => {
            back(app);
            Vec::new()
        }
        mut screen => match selected_mut(&mut screen) {
            Some(sel) => {
                let sel = *sel;
                choose(app, sel)
            }
            None => Vec::new(),
        },
    }
}

/// Opens entry `i` of the list on screen.
fn choose(app: &mut App, i: usize) -> Vec<Effect> {
    if i >= list_len(app) {
        return Vec::new();
    }
    if let Some(sel) = selected_mut(top(app)) {
        *sel = i;
    }
    match app.screen().clone() {
        Screen::Home { .. } => open_city(app, app.guide_order[i]),
        Screen::Guide { guide, .. } => app.stack.push(Screen::Part {
            guide,
            part: i,
            selected: 0,
        }),
        Screen::Part { guide, part, .. } => {
            if let Some(&item) = app.part_items(guide, part).get(i) {
                app.stack.push(Screen::Item {
                    guide,
                    item,
                    scroll: 0,
                });
            }
        }
        Screen::Search { hits, .. } => open_target(app, hits[i].target),
        Screen::Operator { .. } => return operator_choice(app, i),
        Screen::Rate {
            step: RateStep::Level,
            ..
        } => return choose_level(app, Level::ALL[i]),
        Screen::Rate {
            step: RateStep::Reasons { .. },
            ..
        } => toggle_reason(app, i),
        _ => {}
    }
    Vec::new()
}

/// A guide with a single part opens straight on its items.
fn open_city(app: &mut App, guide: usize) {
    let parts = app.guide(guide).map_or(0, |c| c.parts.len());
    app.stack.push(if parts == 1 {
        Screen::Part {
            guide,
            part: 0,
            selected: 0,
        }
    } else {
        Screen::Guide { guide, selected: 0 }
    });
}

fn open_target(app: &mut App, target: Target) {
    match target {
        Target::Guide { guide } => open_city(app, guide),
        Target::Part { guide, part } => app.stack.push(Screen::Part {
            guide,
            part,
            selected: 0,
        }),
        Target::Item { guide, item } => app.stack.push(Screen::Item {
            guide,
            item,
            scroll: 0,
        }),
    }
}

/// From any item screen, opens another view of the same item (replacing a
/// sibling view, so Back returns to the item page).
fn show(app: &mut App, make: impl Fn(usize, usize) -> Screen) {
    let Some((guide, item)) = app.current_item() else {
        return;
    };
    if !matches!(app.screen(), Screen::Item { .. }) {
        app.stack.pop();
    }
    let screen = make(guide, item);
    if matches!(screen, Screen::Compare { .. })
        && crate::document::lines::peers(&app.catalog, guide, item).len() < 2
    {
        app.stack.push(Screen::Item {
            guide,
            item,
            scroll: 0,
        });
        app.stack.push(Screen::Notice {
            text: "其他指南没有收录这一事项，暂无可对比的内容。".into(),
        });
        return;
    }
    app.stack.push(screen);
}

/// Pages of the channels screen: one per QR code, then one listing the
/// channels without a web address.
pub(crate) fn channel_pages(app: &App, guide: usize, item: usize) -> usize {
    let Some((_, item)) = app.item(guide, item) else {
        return 1;
    };
    let online = item.channels.iter().flat_map(|c| &c.online);
    let linked = online.clone().filter(|o| o.url.is_some()).count();
    let unlinked = online.filter(|o| o.url.is_none()).count();
    (linked + usize::from(unlinked > 0)).max(1)
}

fn turn_channel(app: &mut App, d: i32) {
    let Screen::Channels { guide, item, page } = *app.screen() else {
        return;
    };
    let pages = channel_pages(app, guide, item);
    let page = (page as i64 + i64::from(d)).clamp(0, pages as i64 - 1) as usize;
    *top(app) = Screen::Channels { guide, item, page };
}

fn rate_here(app: &mut App) {
    match app.current_item() {
        Some((guide, item)) => start_rating(app, RateTarget::Item { guide, item }, false),
        None => start_rating(app, RateTarget::Hall, false),
    }
}

fn start_rating(app: &mut App, target: RateTarget, then_home: bool) {
    if matches!(app.screen(), Screen::Rate { .. } | Screen::Thanks { .. }) {
        return;
    }
    if app.visit.rated.contains(&target) {
        app.stack.push(already_rated());
        return;
    }
    app.stack.push(Screen::Rate {
        target,
        step: RateStep::Level,
        then_home,
    });
}

fn choose_level(app: &mut App, level: Level) -> Vec<Effect> {
    let reasons = app.opts.bad_reasons.len();
    let Screen::Rate { step, .. } = top(app) else {
        return Vec::new();
    };
    if *step != RateStep::Level {
        return Vec::new();
    }
    if level.is_bad() {
        *step = RateStep::Reasons {
            level,
            chosen: vec![false; reasons],
        };
        return Vec::new();
    }
    record(app, level, Vec::new())
}

fn toggle_reason(app: &mut App, i: usize) {
    if let Screen::Rate {
        step: RateStep::Reasons { chosen, .. },
        ..
    } = top(app)
        && let Some(c) = chosen.get_mut(i)
    {
        *c = !*c;
    }
}

fn submit(app: &mut App) -> Vec<Effect> {
    let Screen::Rate {
        step: RateStep::Reasons { level, chosen },
        ..
    } = app.screen().clone()
    else {
        return Vec::new();
    };
    let reasons = app
        .opts
        .bad_reasons
        .iter()
        .zip(&chosen)
        .filter(|(_, c)| **c)
        .map(|(r, _)| r.clone())
        .collect();
    record(app, level, reasons)
}

/// 一次一评: what a second rating of the same service in a visit gets.
fn already_rated() -> Screen {
    Screen::Notice {
        text: "您已评价过，感谢您的参与！每次服务只评价一次。".into(),
    }
}

/// Asks the runtime to write the rating; the thank-you waits for the write.
fn record(app: &mut App, level: Level, reasons: Vec<Reason>) -> Vec<Effect> {
    let Screen::Rate { target, .. } = *app.screen() else {
        return Vec::new();
    };
    if app.visit.rated.contains(&target) {
        // A second rating screen, opened over this one (查找 → 评价), was
        // answered first: this one may no longer record.
        *top(app) = already_rated();
        return Vec::new();
    }
    if let Screen::Rate { step, .. } = top(app) {
        *step = RateStep::Saving;
    }
    let (guide, item, code) = match target {
        RateTarget::Item { guide, item } => match app.item(guide, item) {
            Some((c, i)) => (
                Some(c.id.clone()),
                Some((i.id.clone(), i.name.clone())),
                i.rating_code().map(str::to_owned),
            ),
            None => (None, None, None),
        },
        RateTarget::Hall => (None, None, None),
    };
    vec![Effect::Record(RatingDraft {
        guide,
        item,
        code,
        level,
        reasons,
    })]
}

fn recorded(app: &mut App, result: Result<(), String>) {
    let Screen::Rate {
        target,
        step: RateStep::Saving,
        then_home,
    } = *app.screen()
    else {
        return;
    };
    app.visit.rated.insert(target);
    *top(app) = Screen::Thanks {
        until: app.clock.mono + THANKS_FOR,
        saved: result.is_ok(),
        then_home,
    };
}

fn finish_thanks(app: &mut App) {
    if let Screen::Thanks { then_home, .. } = *app.screen() {
        app.stack.pop();
        if then_home {
            app.stack.truncate(1);
        }
    }
}

fn skip_rating(app: &mut App) {
    if let Screen::Rate {
        step, then_home, ..
    } = app.screen()
    {
        if *step == RateStep::Saving {
            return;
        }
        let home = *then_home;
        app.stack.pop();
        if home {
            app.stack.truncate(1);
        }
    }
}

fn is_operator_screen(screen: &Screen) -> bool {
    matches!(
        screen,
        Screen::Pin { .. }
            | Screen::Operator { .. }
            | Screen::OperatorStats { .. }
            | Screen::OperatorMessages { .. }
            | Screen::ConfirmQuit
            | Screen::QrTest
    )
}

fn corner_tap(app: &mut App) {
    let now = app.clock.mono;
    app.corner_taps
        .retain(|&t| now.saturating_sub(t) <= TAP_WINDOW);
    app.corner_taps.push(now);
    if app.corner_taps.len() >= app.opts.operator_taps as usize {
        app.corner_taps.clear();
        open_pin(app);
    }
}

fn open_pin(app: &mut App) {
    if !is_operator_screen(app.screen()) {
        app.stack.push(Screen::Pin {
            digits: String::new(),
            error: None,
        });
    }
}

fn pin_edit(app: &mut App, edit: impl FnOnce(&mut String)) {
    if let Screen::Pin { digits, error } = top(app) {
        edit(digits);
        *error = None;
    }
}

fn pin_digit(app: &mut App, d: u8) {
    pin_edit(app, |digits| {
        if digits.len() < 12 {
            digits.push(char::from(b'0' + d % 10));
        }
    });
}

fn check_pin(app: &mut App) -> Vec<Effect> {
    let now = app.clock.wall;
    let Screen::Pin { digits, .. } = app.screen().clone() else {
        return Vec::new();
    };
    // A lock longer than PIN_LOCK_WALL is a clock set back: it does not hold.
    let locked = app
        .pin_guard
        .locked_until
        .is_some_and(|t| now < t && t - now <= PIN_LOCK_WALL);
    let verdict = if locked {
        Err("输入错误次数过多，请一分钟后再试")
    } else {
        match app
            .opts
            .pin
            .as_deref()
            .and_then(crate::config::PinHash::parse)
        {
            None => Err("未设置运维密码（kiosk.ron 的 operator_pin_hash）"),
            Some(hash) if hash.verify(&digits) => Ok(()),
            Some(_) => Err("密码错误"),
        }
    };
    let before = app.pin_guard;
    match verdict {
        Ok(()) => {
            app.pin_guard = PinGuard::default();
            *top(app) = Screen::Operator { selected: 0 };
        }
        Err(e) => {
            if e == "密码错误" {
                let guard = &mut app.pin_guard;
                guard.failures += 1;
                if guard.failures >= PIN_TRIES {
                    guard.failures = 0;
                    guard.locked_until = Some(now + PIN_LOCK_WALL);
                }
            }
            *top(app) = Screen::Pin {
                digits: String::new(),
                error: Some(e.to_string()),
            };
        }
    }
    if app.pin_guard == before {
        Vec::new()
    } else {
        vec![Effect::SavePinGuard(app.pin_guard)]
    }
}

fn operator_choice(app: &mut App, i: usize) -> Vec<Effect> {
    match i {
        0 => vec![Effect::Reload],
        1 => vec![Effect::LoadFigures],
        2 => vec![Effect::ExportToday],
        3 => {
            app.stack.push(Screen::QrTest);
            Vec::new()
        }
        // Held ratings are safe in the spare file, or only in memory:
        // either way the operator should know before the program ends.
        4 if app.status.held != Held::None => {
            app.stack.push(Screen::ConfirmQuit);
            Vec::new()
        }
        4 => vec![Effect::Quit],
        _ => Vec::new(),
    }
}

/// An operator message: a title, a plain sentence, the raw messages below.
fn message(app: &mut App, title: &str, plain: &str, detail: Vec<String>) {
    app.stack.push(Screen::OperatorMessages {
        title: title.to_string(),
        plain: plain.to_string(),
        detail,
        scroll: 0,
    });
}

/// A new catalog replaces the old one only when it is valid; indices into
/// the old one are gone, so everything but the operator menu starts afresh.
fn reloaded(app: &mut App, result: Result<Box<Catalog>, Vec<String>>) {
    match result {
        Ok(catalog) => {
            app.catalog = *catalog;
            app.guide_order = app.home_order();
            app.index = crate::search::SearchIndex::new(&app.catalog, &app.guide_order);
            app.visit = Visit::default();
            app.stack = vec![
                Screen::Home { selected: 0 },
                Screen::Operator { selected: 0 },
            ];
            let lines = app.catalog.guides.iter().map(crate::cli::summary).collect();
            message(app, "目录已重新加载", "新目录已检查无误并启用。", lines);
        }
        Err(problems) => message(
            app,
            "目录有误，未加载，仍使用原目录",
            "新目录有下列问题，没有启用；终端继续使用原来的目录。请维护人员按下列位置（文件:行:列）修改后再加载。",
            problems,
        ),
    }
}
