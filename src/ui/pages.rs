//! The body of each screen.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Bar, BarChart, BarGroup, Widget};

use super::Painter;
use crate::app::{Action, App, DayFigures, OPERATOR_MENU, RateStep, RateTarget, Screen};
use crate::catalog::trust;
use crate::layout::{self, ListLayout};
use crate::qr::Qr;
use crate::ratings::{About, Held, Level, Reason};
use crate::search::Target;
use crate::{document::sections, text};

pub fn body(app: &App, p: &mut Painter, area: Rect) {
    match app.screen() {
        Screen::Home { selected } => home(app, p, area, *selected),
        Screen::Guide { guide, selected } => guide_parts(app, p, area, *guide, *selected),
        Screen::Part {
            guide,
            part,
            selected,
        } => part_items(app, p, area, *guide, *part, *selected),
        Screen::Item { scroll, .. }
        | Screen::Chart { scroll, .. }
        | Screen::Compare { scroll, .. }
        | Screen::OperatorMessages { scroll, .. }
        | Screen::SetupNotice { scroll, .. } => text_page(app, p, area, *scroll),
        Screen::Channels { guide, item, page } => channels(app, p, area, *guide, *item, *page),
        Screen::Search {
            query,
            selected,
            hits,
        } => search(app, p, area, query, *selected, hits),
        Screen::Rate { target, step, .. } => rate(app, p, area, *target, step),
        Screen::Thanks { saved, .. } => thanks(p, area, *saved),
        Screen::Notice { text } => notice(p, area, text),
        Screen::Pin { digits, error } => pin(p, area, digits, error.as_deref()),
        Screen::Operator { selected } => operator(app, p, area, *selected),
        Screen::OperatorStats { figures } => stats(app, p, area, figures),
        Screen::QrTest => qr_test(app, p, area),
        Screen::ConfirmQuit => confirm_quit(app, p, area),
    }
}

/// One entry of a list.
struct Entry {
    label: String,
    detail: String,
}

/// Draws the page of `entries` holding `selected`, numbered 1… for the
/// keypad, each row a tap target for its absolute index.
fn list(
    p: &mut Painter,
    l: ListLayout,
    body: Rect,
    title: &str,
    entries: &[Entry],
    selected: usize,
) -> u16 {
    let page = layout::page_size(l.list, p.large, body);
    let first = selected / page * page;
    let pages = entries.len().div_ceil(page).max(1);
    let heading = if pages > 1 {
        format!("{title}（第{}/{}页）", first / page + 1, pages)
    } else {
        title.to_string()
    };
    let title_end =
        l.title.x + 1 + p.text(l.title, l.title.x + 1, l.title.y, &heading, p.theme.title());
    rows(
        p,
        l.list,
        layout::target_height(body, p.large),
        entries,
        selected,
        page,
    );
    title_end
}

/// The page of `entries` holding `selected` in rows `h` tall, numbered 1…
/// for the keypad, the label on the left and the detail on the right; each
/// row is a tap target for its absolute index.
fn rows(p: &mut Painter, area: Rect, h: u16, entries: &[Entry], selected: usize, page: usize) {
    let first = selected / page.max(1) * page.max(1);
    for (n, entry) in entries.iter().enumerate().skip(first).take(page) {
        let cell = Rect::new(
            area.x,
            area.y + (n - first) as u16 * h,
            area.width,
            h.max(1),
        );
        // Rows taller than one keep their last line blank, to stand apart.
        let row = Rect {
            height: cell.height - u16::from(cell.height > 1),
            ..cell
        };
        let style = if n == selected {
            p.theme.selected()
        } else {
            p.theme.row()
        };
        p.fill(row, style);
        let mid = row.y + row.height / 2;
        let number = format!(" {} ", n - first + 1);
        let used = p.text(row, row.x, mid, &number, style.add_modifier(Modifier::BOLD));
        let room = usize::from(row.width.saturating_sub(used + 1));
        let name = text::truncate(&entry.label, room);
        let used2 = p.text(
            row,
            row.x + used + 1,
            mid,
            &name,
            style.add_modifier(Modifier::BOLD),
        );
        let detail_room = usize::from(row.width.saturating_sub(used + used2 + 3));
        if !entry.detail.is_empty() && detail_room >= 4 {
            let detail = text::truncate(&entry.detail, detail_room);
            let x = row.right().saturating_sub(text::width(&detail) as u16 + 1);
            p.text(row, x, mid, &detail, style.remove_modifier(Modifier::BOLD));
        }
        p.hits.add(cell.intersection(area), Action::Choose(n));
    }
}

/// The row of buttons under a list: paging when there is more than a page.
fn list_buttons(p: &mut Painter, l: ListLayout, body: Rect, len: usize, extra: &[(&str, Action)]) {
    let page = layout::page_size(l.list, p.large, body);
    let mut buttons: Vec<(&str, Action)> = extra.to_vec();
    if len > page {
        buttons.push(("上一页 -", Action::Page(-1)));
        buttons.push(("下一页 +", Action::Page(1)));
    }
    button_row(p, l.buttons, &buttons);
}

fn button_row(p: &mut Painter, area: Rect, buttons: &[(&str, Action)]) {
    let per_row = layout::button_columns(area.width, buttons.len());
    for ((label, action), cell) in buttons
        .iter()
        .zip(layout::grid(area, buttons.len(), per_row))
    {
        p.button(cell, label, p.theme.button(), action.clone());
    }
}

fn home(app: &App, p: &mut Painter, area: Rect, selected: usize) {
    let l = layout::list_screen(area, p.large, true);
    let entries: Vec<Entry> = app
        .guide_order
        .iter()
        .filter_map(|&c| app.guide(c))
        .map(|c| Entry {
            label: c.name.clone(),
            detail: format!("{}个事项", c.items.len()),
        })
        .collect();
    let title_end = list(p, l, area, "请选择城市或指南", &entries, selected);
    // How to use the terminal: under the title where there is a row, else beside it.
    let how = "触摸或按数字键选择，回车确认，退格返回；“查找”可用拼音首字母";
    let (x, y) = if l.title.height > 1 {
        (l.title.x + 1, l.title.y + 1)
    } else {
        (title_end + 2, l.title.y)
    };
    let room = usize::from(l.title.right().saturating_sub(x + 1));
    if room >= 12 {
        p.text(l.title, x, y, &text::truncate(how, room), p.theme.muted());
    }
    let large = if app.large {
        "标准字体"
    } else {
        "大字模式"
    };
    list_buttons(
        p,
        l,
        area,
        entries.len(),
        &[
            ("查找事项 /", Action::OpenSearch),
            (large, Action::ToggleLarge),
            ("评价本厅服务", Action::RateHall),
            ("结束本次服务", Action::EndVisit),
        ],
    );
}

fn guide_parts(app: &App, p: &mut Painter, area: Rect, guide: usize, selected: usize) {
    let Some(c) = app.guide(guide) else { return };
    let l = layout::list_screen(area, p.large, true);
    let entries: Vec<Entry> = c
        .parts
        .iter()
        .map(|part| Entry {
            label: part.display_title(),
            detail: format!("{}项", c.items_in(&part.id).count()),
        })
        .collect();
    list(
        p,
        l,
        area,
        &format!("{}：请选择部分", c.name),
        &entries,
        selected,
    );
    list_buttons(p, l, area, entries.len(), &[("返回", Action::Back)]);
}

fn part_items(app: &App, p: &mut Painter, area: Rect, guide: usize, part: usize, selected: usize) {
    let Some(c) = app.guide(guide) else { return };
    let l = layout::list_screen(area, p.large, true);
    let entries: Vec<Entry> = app
        .part_items(guide, part)
        .into_iter()
        .map(|i| Entry {
            label: c.items[i].name.clone(),
            detail: c.items[i].code.clone().unwrap_or_default(),
        })
        .collect();
    let title = c
        .parts
        .get(part)
        .map(|p| p.display_title())
        .unwrap_or_default();
    list(p, l, area, &title, &entries, selected);
    list_buttons(p, l, area, entries.len(), &[("返回", Action::Back)]);
}

fn text_page(app: &App, p: &mut Painter, area: Rect, scroll: usize) {
    let Some(page) = app.text_page() else { return };
    let scroll = scroll.min(page.max_scroll());
    for (row, line) in page
        .lines
        .iter()
        .skip(scroll)
        .take(page.visible)
        .enumerate()
    {
        let y = page.area.y + row as u16;
        p.text(
            page.area,
            page.area.x + 1,
            y,
            &line.text,
            p.theme.line(line.role),
        );
    }
    if page.lines.len() > page.visible {
        // Where the page is, at the right of the breadcrumb above it.
        let shown = format!(
            " {}-{}/{}行 ",
            scroll + 1,
            (scroll + page.visible).min(page.lines.len()),
            page.lines.len()
        );
        let crumb = Rect {
            y: area.y.saturating_sub(1),
            height: 1,
            ..area
        };
        let x = crumb.right().saturating_sub(text::width(&shown) as u16);
        p.fill(
            Rect {
                x,
                width: crumb.right().saturating_sub(x),
                ..crumb
            },
            p.theme.crumb(),
        );
        p.text(
            crumb,
            x,
            crumb.y,
            &shown,
            p.theme.crumb().add_modifier(Modifier::BOLD),
        );
    }
    let buttons = app.page_buttons();
    let b = layout::text_page(area, p.large, buttons.len()).buttons;
    button_row(p, b, &buttons);
}

fn channels(app: &App, p: &mut Painter, area: Rect, guide: usize, item: usize, page: usize) {
    let Some((_, it)) = app.item(guide, item) else {
        return;
    };
    let online: Vec<_> = it.channels.iter().flat_map(|c| &c.online).collect();
    let linked: Vec<_> = online.iter().filter(|o| o.url.is_some()).collect();
    let pages = crate::app::channel_pages(app, guide, item);
    let mut buttons = vec![("返回", Action::Back)];
    if pages > 1 {
        buttons.insert(0, ("上一个", Action::Channel(-1)));
        buttons.insert(1, ("下一个", Action::Channel(1)));
    }
    let count = format!("{}/{}", page + 1, pages);
    match linked.get(page) {
        Some(o) if trust::shows_qr(o, &app.opts.trusted_hosts) => {
            qr_page(p, area, o, &count, &buttons)
        }
        Some(o) => untrusted_page(p, area, o, &count, &buttons),
        None => {
            let l = layout::text_page(area, p.large, buttons.len());
            let unlinked: Vec<_> = online.iter().filter(|o| o.url.is_none()).collect();
            channel_list(p, l.text, linked.is_empty(), &unlinked);
            button_row(p, l.buttons, &buttons);
        }
    }
}

/// Width of the text column beside a QR code.
const SIDE_TEXT: u16 = 30;

/// One online channel: its code beside its name and address when the
/// screen is wide enough, above them otherwise; never a cropped code.
fn qr_page(
    p: &mut Painter,
    area: Rect,
    o: &crate::catalog::OnlineChannel,
    count: &str,
    buttons: &[(&str, Action)],
) {
    let url = o.url.as_deref().unwrap_or_default();
    let Ok(qr) = Qr::new(url) else { return };
    let title = format!("{}（{}） {count}", o.name, o.kind.label());
    let left = Rect {
        width: area.width.saturating_sub(SIDE_TEXT + 1),
        ..area
    };
    let side =
        qr.fit(usize::from(left.width), usize::from(left.height)) != crate::qr::Fit::TooSmall;
    let (code_area, text_area, button_area) = if side {
        let text = Rect {
            x: left.right() + 1,
            width: SIDE_TEXT.min(area.width),
            ..area
        };
        let h = layout::target_height(area, p.large).min(3) * buttons.len() as u16;
        let [text, buttons] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Min(0),
            ratatui::layout::Constraint::Length(h),
        ])
        .areas(text);
        (left, text, buttons)
    } else {
        let l = layout::text_page(area, p.large, buttons.len());
        let lines = 2 + text::wrap(url, usize::from(l.text.width)).len() as u16;
        let code = Rect {
            height: l.text.height.saturating_sub(lines + 1),
            ..l.text
        };
        let text = Rect {
            y: code.bottom(),
            height: l.text.height.saturating_sub(code.height),
            ..l.text
        };
        (code, text, l.buttons)
    };
    let drawn = super::draw_qr(p.buf, code_area, &qr).is_some();
    let mut y = text_area.y;
    let inner = Rect {
        x: text_area.x + 1,
        width: text_area.width.saturating_sub(2),
        ..text_area
    };
    let mut say = |p: &mut Painter, s: &str, style: Style| {
        for l in text::wrap(s, usize::from(inner.width)) {
            p.text(inner, inner.x, y, &l, style);
            y += 1;
        }
    };
    say(p, &title, p.theme.title());
    if drawn {
        say(
            p,
            "请用手机扫描二维码，或在手机浏览器中输入：",
            p.theme.muted(),
        );
    } else {
        say(
            p,
            "窗口太小，无法显示完整的二维码。请在手机浏览器中输入：",
            p.theme.line(crate::document::lines::Role::Own),
        );
    }
    say(p, url, p.theme.title());
    let per_row = if side {
        1
    } else {
        layout::button_columns(button_area.width, buttons.len())
    };
    for ((label, action), cell) in
        buttons
            .iter()
            .zip(layout::grid(button_area, buttons.len(), per_row))
    {
        p.button(cell, label, p.theme.button(), action.clone());
    }
}

/// A channel whose address is outside the trusted hosts: neither a code
/// nor the address, only where to ask.
fn untrusted_page(
    p: &mut Painter,
    area: Rect,
    o: &crate::catalog::OnlineChannel,
    count: &str,
    buttons: &[(&str, Action)],
) {
    let l = layout::text_page(area, p.large, buttons.len());
    let inner = Rect {
        x: l.text.x + 1,
        width: l.text.width.saturating_sub(2),
        ..l.text
    };
    let title = format!("{}（{}） {count}", o.name, o.kind.label());
    let lines = [
        (title, p.theme.title()),
        ("请咨询窗口工作人员".into(), p.theme.body()),
    ];
    let mut y = inner.y;
    for (s, style) in lines {
        for l in text::wrap(&s, usize::from(inner.width)) {
            p.text(inner, inner.x, y, &l, style);
            y += 1;
        }
    }
    button_row(p, l.buttons, buttons);
}

/// The channels without a web address, and how to reach each.
fn channel_list(
    p: &mut Painter,
    area: Rect,
    none_linked: bool,
    unlinked: &[&&crate::catalog::OnlineChannel],
) {
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let intro = match (none_linked, unlinked.is_empty()) {
        (true, true) => "本事项的办事指南未列出线上办理渠道，请到窗口办理。",
        (true, false) => "本事项的办事指南未提供可扫码的网址；可通过以下方式办理或查询：",
        _ => "以下渠道没有网址，可按说明查找：",
    };
    let mut lines = vec![(intro.to_string(), p.theme.title())];
    for o in unlinked {
        lines.push((sections::how_to_reach(o), p.theme.body()));
    }
    let mut y = inner.y;
    for (s, style) in lines {
        for l in text::wrap_indent(&s, usize::from(inner.width), "", "  ") {
            p.text(inner, inner.x, y, &l, style);
            y += 1;
        }
    }
}

fn search(
    app: &App,
    p: &mut Painter,
    area: Rect,
    query: &str,
    selected: usize,
    hits: &[crate::search::Hit],
) {
    let s = layout::search(area, p.large);
    let prompt = if query.is_empty() {
        "请输入拼音或首字母，如 cb（参保）".to_string()
    } else {
        format!("查找：{query}")
    };
    p.fill(
        Rect {
            height: 1,
            ..s.query
        },
        p.theme.crumb(),
    );
    p.text(
        s.query,
        s.query.x + 1,
        s.query.y,
        &prompt,
        p.theme.crumb().add_modifier(Modifier::BOLD),
    );
    if hits.is_empty() && !query.is_empty() {
        let none = "没有找到，请减少或修改字母";
        p.text(
            s.results,
            s.results.x + 1,
            s.results.y,
            none,
            p.theme.muted(),
        );
    }
    let entries: Vec<Entry> = hits
        .iter()
        .map(|hit| {
            let (label, detail) = describe(app, hit.target);
            Entry { label, detail }
        })
        .collect();
    let h = layout::search_row_height(s.results, p.large);
    rows(
        p,
        s.results,
        h,
        &entries,
        selected,
        layout::search_page(app.area, p.large),
    );
    pad(p, s.pad);
}

/// A result's name, and which guide (and part) it belongs to.
fn describe(app: &App, target: Target) -> (String, String) {
    let guide = app.guide(target.guide());
    let city_name = guide.map(|c| c.name.clone()).unwrap_or_default();
    match target {
        Target::Guide { .. } => (city_name, "城市/指南".into()),
        Target::Part { part, .. } => {
            let title = guide
                .and_then(|c| c.parts.get(part))
                .map(|p| p.display_title())
                .unwrap_or_default();
            (title, city_name)
        }
        Target::Item { item, .. } => {
            let name = guide
                .and_then(|c| c.items.get(item))
                .map(|i| i.name.clone())
                .unwrap_or_default();
            (name, city_name)
        }
    }
}

/// The on-screen letter pad: A–Z, 0–9, 删除, 清空, 上页, 下页.
fn pad(p: &mut Painter, area: Rect) {
    let mut keys: Vec<(String, Action)> = ('A'..='Z')
        .chain('0'..='9')
        .map(|c| (c.to_string(), Action::Type(c.to_ascii_lowercase())))
        .collect();
    keys.push(("删除".into(), Action::DeleteChar));
    keys.push(("清空".into(), Action::ClearQuery));
    let cols = layout::pad_columns(area.width);
    for ((label, action), cell) in keys
        .into_iter()
        .zip(layout::grid(area, layout::PAD_KEYS, cols))
    {
        let style = if matches!(action, Action::Type(_)) {
            p.theme.row()
        } else {
            p.theme.button()
        };
        p.button(cell, &label, style, action);
    }
}

fn rate(app: &App, p: &mut Painter, area: Rect, target: RateTarget, step: &RateStep) {
    let subject = match target {
        RateTarget::Item { guide, item } => app
            .item(guide, item)
            .map(|(_, i)| format!("“{}”", i.name))
            .unwrap_or_default(),
        RateTarget::Hall => "本厅".into(),
    };
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let mut y = inner.y;
    let say = |p: &mut Painter, s: &str, style: Style, y: &mut u16| {
        for l in text::wrap(s, usize::from(inner.width)) {
            p.text(inner, inner.x, *y, &l, style);
            *y += 1;
        }
    };
    match step {
        RateStep::Level => {
            say(
                p,
                &format!("请您对{subject}的服务作出评价（匿名，不记录任何个人信息）"),
                p.theme.title(),
                &mut y,
            );
            let h = layout::target_height(area, p.large);
            let buttons: Vec<(String, Action)> = Level::ALL
                .iter()
                .enumerate()
                .map(|(i, l)| (format!("{} {}", i + 1, l.label()), Action::ChooseLevel(*l)))
                .collect();
            let per_row = if inner.width >= 60 { 5 } else { 1 };
            let rows = 5usize.div_ceil(per_row) as u16;
            let grid_area = Rect::new(
                inner.x,
                y + 1,
                inner.width,
                (rows * h).min(inner.bottom().saturating_sub(y + 1)),
            );
            for ((label, action), cell) in buttons.iter().zip(layout::grid(grid_area, 5, per_row)) {
                let style = if matches!(action, Action::ChooseLevel(l) if l.is_bad()) {
                    p.theme.row()
                } else {
                    p.theme.button()
                };
                p.button(cell, label, style, action.clone());
            }
            y = grid_area.bottom() + 1;
            say(
                p,
                "后两项为差评，将请您选择原因。按数字键 1–5 选择。",
                p.theme.muted(),
                &mut y,
            );
            let phones = supervision_line(app, target);
            say(
                p,
                &format!("需要反映问题、得到答复，请拨打监督电话：{phones}"),
                p.theme.muted(),
                &mut y,
            );
            let skip = Rect::new(
                inner.x,
                inner.bottom().saturating_sub(h.min(3)),
                inner.width.min(20),
                h.min(3),
            );
            if skip.y >= y {
                p.button(skip, "跳过，不评价", p.theme.row(), Action::Skip);
            }
        }
        RateStep::Reasons { level, chosen } => {
            say(
                p,
                &format!(
                    "您选择了“{}”。请选择原因（可多选），再点“提交”：",
                    level.label()
                ),
                p.theme.title(),
                &mut y,
            );
            let h = layout::target_height(area, p.large).min(3);
            y = reason_groups(p, inner, y, h, &app.opts.bad_reasons, chosen);
            let phones = supervision_line(app, target);
            say(
                p,
                &format!("评价为匿名，不能回访。需要反映问题请拨打监督电话：{phones}"),
                p.theme.line(crate::document::lines::Role::Own),
                &mut y,
            );
            let bar = Rect::new(inner.x, inner.bottom().saturating_sub(h), inner.width, h);
            if bar.y >= y {
                button_row(
                    p,
                    bar,
                    &[
                        ("提交 Enter", Action::Submit),
                        ("跳过，不评价", Action::Skip),
                    ],
                );
            }
        }
        RateStep::Saving => {
            p.centered(
                inner,
                inner.y + inner.height / 2,
                "正在保存……",
                p.theme.title(),
            );
        }
    }
}

/// The reason tags under a heading per group (about the service, about the
/// item, other), in the list's order, which is grouped. Fewer per row, or
/// lower buttons, where that lets every label be read whole. Returns the
/// line below them.
fn reason_groups(
    p: &mut Painter,
    inner: Rect,
    mut y: u16,
    h: u16,
    reasons: &[Reason],
    chosen: &[bool],
) -> u16 {
    let groups: Vec<(About, usize, usize)> = About::ALL
        .into_iter()
        .filter_map(|about| {
            let first = reasons.iter().position(|r| r.about == about)?;
            let n = reasons.iter().filter(|r| r.about == about).count();
            Some((about, first, n))
        })
        .collect();
    let label = |i: usize| {
        let on = chosen.get(i).copied().unwrap_or(false);
        let mark = if on { "[x] " } else { "[ ] " };
        (on, format!("{mark}{} {}", i + 1, reasons[i].label))
    };
    // Room for the headings, the supervision line and the 提交 bar.
    let room = inner
        .bottom()
        .saturating_sub(y + groups.len() as u16 + 3 + h);
    let most = if inner.width >= 60 { 3 } else { 2 };
    let shape = |per_row: usize| {
        let rows: u16 = groups.iter().map(|g| g.2.div_ceil(per_row) as u16).sum();
        let h = (room / rows.max(1)).clamp(1, h);
        let face = h - u16::from(h > 2);
        let width = usize::from(inner.width) / per_row;
        let readable = (0..reasons.len())
            .all(|i| text::wrap(&label(i).1, width.saturating_sub(3)).len() <= usize::from(face));
        (per_row, h, readable)
    };
    let (per_row, h, _) = (1..=most)
        .rev()
        .map(shape)
        .find(|s| s.2)
        .unwrap_or_else(|| shape(most));
    for (about, first, n) in groups {
        p.text(inner, inner.x, y, about.heading(), p.theme.muted());
        y += 1;
        let height = (n.div_ceil(per_row) as u16 * h).min(inner.bottom().saturating_sub(y));
        let area = Rect::new(inner.x, y, inner.width, height);
        for (i, cell) in (first..first + n).zip(layout::grid(area, n, per_row)) {
            let (on, text) = label(i);
            let style = if on {
                p.theme.selected()
            } else {
                p.theme.row()
            };
            p.button(cell, &text, style, Action::ToggleReason(i));
        }
        y = area.bottom();
    }
    y + 1
}

/// The 监督电话 a visitor with a complaint should call: the hall's own
/// district's first, else every number the item lists.
fn supervision_line(app: &App, target: RateTarget) -> String {
    let RateTarget::Item { guide, item } = target else {
        let home = app
            .opts
            .home_guide
            .as_deref()
            .and_then(|h| app.catalog.guide(h));
        return home
            .and_then(|c| c.items.iter().find_map(|i| i.supervision.as_ref()))
            .map(|s| phones_of(s, app.opts.home_district.as_deref()))
            .unwrap_or_else(|| "请咨询窗口工作人员".into());
    };
    app.item(guide, item)
        .and_then(|(_, i)| i.supervision.as_ref())
        .map(|s| phones_of(s, app.own_district(guide)))
        .unwrap_or_else(|| "请咨询窗口工作人员".into())
}

fn phones_of(s: &crate::catalog::Supervision, own: Option<&str>) -> String {
    let mine: Vec<&crate::catalog::Phone> = s
        .phones
        .iter()
        .filter(|p| p.district.as_deref() == own && own.is_some())
        .collect();
    let shown = if mine.is_empty() {
        s.phones.iter().collect()
    } else {
        mine
    };
    let list: Vec<String> = shown
        .iter()
        .map(|p| match p.district.as_deref().or(p.label.as_deref()) {
            Some(d) => format!("{d} {}", p.number),
            None => p.number.clone(),
        })
        .collect();
    if list.is_empty() {
        s.text
            .clone()
            .unwrap_or_else(|| "请咨询窗口工作人员".into())
    } else {
        list.join("，")
    }
}

fn thanks(p: &mut Painter, area: Rect, saved: bool) {
    let mid = area.y + area.height / 2;
    p.centered(area, mid.saturating_sub(2), "感谢您的评价", p.theme.title());
    let note = if saved {
        "您的评价已保存。"
    } else {
        "评价已收到，系统正在暂存，稍后自动保存。"
    };
    p.centered(area, mid.saturating_sub(1), note, p.theme.muted());
    let h = layout::target_height(area, p.large).min(3);
    let bar = Rect::new(
        area.x + 1,
        area.bottom().saturating_sub(h),
        area.width.saturating_sub(2),
        h,
    );
    button_row(
        p,
        bar,
        &[
            ("继续 Enter", Action::Back),
            ("结束本次服务", Action::EndVisit),
        ],
    );
}

fn notice(p: &mut Painter, area: Rect, message: &str) {
    let inner = Rect {
        x: area.x + 2,
        width: area.width.saturating_sub(4),
        ..area
    };
    for (i, l) in text::wrap(message, usize::from(inner.width))
        .iter()
        .enumerate()
    {
        p.text(inner, inner.x, inner.y + 1 + i as u16, l, p.theme.title());
    }
    let h = layout::target_height(area, p.large).min(3);
    let bar = Rect::new(
        inner.x,
        inner.bottom().saturating_sub(h),
        inner.width.min(24),
        h,
    );
    p.button(bar, "知道了", p.theme.button(), Action::Back);
}

fn pin(p: &mut Painter, area: Rect, digits: &str, error: Option<&str>) {
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    p.text(inner, inner.x, inner.y, "运维：请输入密码", p.theme.title());
    p.text(
        inner,
        inner.x,
        inner.y + 1,
        &format!("密码：{}", "*".repeat(digits.len())),
        p.theme.body(),
    );
    if let Some(e) = error {
        p.text(
            inner,
            inner.x + 24,
            inner.y + 1,
            e,
            p.theme.line(crate::document::lines::Role::Own),
        );
    }
    let keys: Vec<(String, Action)> = ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
        .iter()
        .map(|d| (d.to_string(), Action::PinDigit(d.parse().unwrap_or(0))))
        .chain([
            ("删除".into(), Action::PinBack),
            ("0".into(), Action::PinDigit(0)),
            ("确定".into(), Action::Open),
        ])
        .chain([("取消".into(), Action::Back)])
        .collect();
    let pad = Rect::new(
        inner.x,
        inner.y + 3,
        inner.width.min(48),
        inner.height.saturating_sub(3),
    );
    for ((label, action), cell) in keys.iter().zip(layout::grid(pad, keys.len(), 3)) {
        p.button(cell, label, p.theme.button(), action.clone());
    }
}

fn operator(app: &App, p: &mut Painter, area: Rect, selected: usize) {
    let l = layout::list_screen(area, p.large, true);
    let mut entries: Vec<Entry> = OPERATOR_MENU
        .iter()
        .map(|m| Entry {
            label: m.to_string(),
            detail: String::new(),
        })
        .collect();
    // What the operator should know, beside the entry that deals with it.
    entries[0].detail = format!(
        "当前目录 {}，{} 项",
        app.catalog.version,
        app.catalog.item_count()
    );
    entries[1].detail = log_status(app);
    list(p, l, area, "运维菜单", &entries, selected);
    list_buttons(p, l, area, entries.len(), &[("返回", Action::Back)]);
}

/// The ratings log's state in a few words.
fn log_status(app: &App) -> String {
    let s = &app.status;
    match (&s.held, &s.log_error) {
        (Held::InMemory { count, why }, _) => {
            format!("日志错误：{count}条评价仅在内存中，退出将丢失（{why}）")
        }
        (Held::Spared { count, path }, e) => format!(
            "日志错误：{count}条评价已暂存于 {}，恢复后自动写入（{}）",
            path.display(),
            e.as_deref().unwrap_or("")
        ),
        (Held::None, Some(e)) => format!("日志错误：{e}"),
        (Held::None, None) if !s.notes.is_empty() => {
            format!("日志已修复 {} 处，详见统计", s.notes.len())
        }
        (Held::None, None) => "评价日志正常".to_string(),
    }
}

/// 退出程序 while ratings are held: what happens to them, and a choice.
fn confirm_quit(app: &App, p: &mut Painter, area: Rect) {
    let inner = Rect {
        x: area.x + 2,
        width: area.width.saturating_sub(4),
        ..area
    };
    let what = match &app.status.held {
        Held::Spared { count, path } => format!(
            "有 {count} 条评价还没能写入评价日志，已暂存于 {}。退出后它们不会丢失，下次启动时自动写入日志。",
            path.display()
        ),
        Held::InMemory { count, .. } => format!(
            "有 {count} 条评价还没能写入评价日志，也没能暂存到文件，只在内存中：现在退出，它们将丢失。请先处理磁盘或文件夹问题。"
        ),
        Held::None => "评价都已写入日志。".to_string(),
    };
    let mut y = inner.y + 1;
    for line in ["确定要退出程序吗？".to_string(), what] {
        for l in text::wrap(&line, usize::from(inner.width)) {
            p.text(inner, inner.x, y, &l, p.theme.title());
            y += 1;
        }
    }
    let h = layout::target_height(area, p.large).min(3);
    let bar = Rect::new(inner.x, inner.bottom().saturating_sub(h), inner.width, h);
    if bar.y >= y {
        button_row(
            p,
            bar,
            &[("确定退出", Action::ConfirmQuit), ("取消", Action::Back)],
        );
    }
}

fn stats(app: &App, p: &mut Painter, area: Rect, f: &DayFigures) {
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let total = f.stats.total();
    let mut lines = vec![
        format!(
            "{} 评价统计：共 {total} 条，差评 {} 条",
            f.day,
            f.stats.bad()
        ),
        f.stats.rate_formula(),
        log_status(app),
    ];
    lines.extend(app.status.notes.iter().take(2).cloned());
    for (i, l) in lines.iter().enumerate() {
        p.text(inner, inner.x, inner.y + i as u16, l, p.theme.title());
    }
    let h = layout::target_height(area, p.large).min(3);
    let chart = Rect {
        y: inner.y + lines.len() as u16 + 1,
        height: inner.height.saturating_sub(lines.len() as u16 + 2 + h),
        ..inner
    };
    let bars: Vec<Bar> = Level::ALL
        .iter()
        .zip(f.stats.counts())
        .map(|(l, n)| {
            Bar::default()
                .value(n)
                .label(l.label())
                .text_value(n.to_string())
        })
        .collect();
    let width = (chart.width / 5).saturating_sub(1).clamp(1, 12);
    BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(1)
        .bar_style(p.theme.button())
        .value_style(p.theme.button().add_modifier(Modifier::BOLD))
        .label_style(p.theme.body())
        .style(p.theme.body())
        .render(chart.intersection(p.buf.area), p.buf);
    let bar = Rect::new(inner.x, inner.bottom().saturating_sub(h), inner.width, h);
    button_row(
        p,
        bar,
        &[
            ("导出今日评价", Action::ExportToday),
            ("返回", Action::Back),
        ],
    );
}

fn qr_test(app: &App, p: &mut Painter, area: Rect) {
    let data = format!("二维码测试 {}", app.opts.hall_name);
    let h = layout::target_height(area, p.large).min(3);
    let code_area = Rect {
        height: area.height.saturating_sub(h + 2),
        ..area
    };
    p.centered(
        area,
        area.y,
        "二维码测试：用手机扫描，应显示本厅名称",
        p.theme.title(),
    );
    let drawn = Qr::new(&data).ok().and_then(|qr| {
        super::draw_qr(
            p.buf,
            Rect {
                y: code_area.y + 1,
                height: code_area.height.saturating_sub(1),
                ..code_area
            },
            &qr,
        )
    });
    if drawn.is_none() {
        p.centered(
            area,
            area.y + 2,
            "窗口太小，无法显示完整的二维码",
            p.theme.title(),
        );
    }
    let bar = Rect::new(
        area.x + 1,
        area.bottom().saturating_sub(h),
        area.width.saturating_sub(2).min(24),
        h,
    );
    p.button(bar, "返回", p.theme.button(), Action::Back);
}
