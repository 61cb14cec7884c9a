//! Rating: the five levels, reasons for a 差评, and waiting for the log.

use super::*;
use crate::ratings::Reason;

pub(super) fn rate_here(app: &mut App) {
    match app.current_item() {
        Some((guide, item)) => start_rating(app, RateTarget::Item { guide, item }, false),
        None => start_rating(app, RateTarget::Hall, false),
    }
}

pub(super) fn start_rating(app: &mut App, target: RateTarget, then_home: bool) {
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

pub(super) fn choose_level(app: &mut App, level: Level) -> Vec<Effect> {
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

pub(super) fn toggle_reason(app: &mut App, i: usize) {
    if let Screen::Rate {
        step: RateStep::Reasons { chosen, .. },
        ..
    } = top(app)
        && let Some(c) = chosen.get_mut(i)
    {
        *c = !*c;
    }
}

pub(super) fn submit(app: &mut App) -> Vec<Effect> {
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
pub(super) fn already_rated() -> Screen {
    Screen::Notice {
        notice: Notice::AlreadyRated,
    }
}

/// Asks the runtime to write the rating; the thank-you waits for the write.
pub(super) fn record(app: &mut App, level: Level, reasons: Vec<Reason>) -> Vec<Effect> {
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

pub(super) fn recorded(app: &mut App, result: Result<(), String>) {
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

pub(super) fn finish_thanks(app: &mut App) {
    if let Screen::Thanks { then_home, .. } = *app.screen() {
        app.stack.pop();
        if then_home {
            app.stack.truncate(1);
        }
    }
}

pub(super) fn skip_rating(app: &mut App) {
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
