//! Every word the screens show, in one place: to review the wording, to
//! keep one name for one thing, and (one day) to translate.

use crate::app::{Message, Notice, OperatorChoice, PinError};
use crate::ratings::About;
use crate::ticket::PrintFailure;

// The chrome on every screen.
pub const HOME: &str = "首页";
pub const BACK: &str = "返回";
pub const SEARCH: &str = "查找";
pub const RATE: &str = "评价";
pub const RATE_HALL: &str = "评价本厅";
pub const TOO_SMALL: &str = "窗口太小";
pub const CALL_STAFF: &str = "请联系工作人员";
pub const IDLE_QUESTION: &str = "还需要更多时间吗？";
pub const CONTINUE: &str = "继续";
pub const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

// Reading aloud (the hint bar's key, and the header while it cannot).
pub const READ_ALOUD: &str = "朗读";
pub const STOP_READING: &str = "停止朗读";
pub const SPEECH_UNAVAILABLE: &str = "朗读不可用";

/// `2026年11月24日 星期二 09:30`.
pub fn date_time(date: &str, weekday: &str, time: &str) -> String {
    format!("{date} 星期{weekday} {time}")
}

pub fn idle_countdown(secs: u64) -> String {
    format!("{secs} 秒后将返回首页")
}

// Where the visitor is (the breadcrumb's last steps).
pub const CHART: &str = "办理流程图";
pub const ONLINE: &str = "线上办理";
pub const COMPARE: &str = "各地对比";
pub const FIND: &str = "查找事项";
pub const RATING: &str = "服务评价";
pub const NOTICE: &str = "提示";
pub const OPERATOR: &str = "运维";
pub const SETUP: &str = "设置检查";

// Lists and pages.
pub const PAGE_UP: &str = "上一页";
pub const PAGE_DOWN: &str = "下一页";
pub const PAGE_UP_KEY: &str = "上一页 -";
pub const PAGE_DOWN_KEY: &str = "下一页 +";

pub fn page_of(title: &str, page: usize, pages: usize) -> String {
    format!("{title}（第{page}/{pages}页）")
}

pub fn lines_shown(first: usize, last: usize, total: usize) -> String {
    format!(" {first}-{last}/{total}行 ")
}

// Home.
pub const CHOOSE_GUIDE: &str = "请选择城市或指南";
pub const HOW_TO: &str = "触摸或按数字键选择，回车确认，退格返回；“查找”可用拼音首字母";
pub const FIND_ITEM: &str = "查找事项 /";
pub const LARGE_ON: &str = "大字模式";
pub const LARGE_OFF: &str = "标准字体";
pub const RATE_THE_HALL: &str = "评价本厅服务";
pub const END_VISIT: &str = "结束本次服务";

pub fn items_count(n: usize) -> String {
    format!("{n}个事项")
}

pub fn part_count(n: usize) -> String {
    format!("{n}项")
}

pub fn choose_part(guide: &str) -> String {
    format!("{guide}：请选择部分")
}

// An item.
pub const SHOW_CHART: &str = "流程图 f";
pub const SHOW_ONLINE: &str = "线上办理 c";
pub const SHOW_COMPARE: &str = "各地对比 m";
pub const RATE_ITEM: &str = "评价 r";
/// The item page's jump row, numbered as the keypad picks them; 电话 is
/// 查询方式, with 监督电话 right after it.
pub const JUMP_LABELS: [&str; 6] = [
    "1 受理单位",
    "2 办理渠道",
    "3 办理流程",
    "4 办理材料",
    "5 办理时限",
    "6 电话",
];
pub const PRINT_TICKET: &str = "打印告知单 p";

// The 一次性告知单 on its way (in the header, on every screen).
pub const PRINTING: &str = "正在打印告知单，请稍候……";
pub const PRINTED: &str = "告知单已打印，请取走";

/// Why the ticket did not come out, in words a visitor can act on.
pub fn print_failure(f: &PrintFailure) -> &'static str {
    match f {
        PrintFailure::Missing(_) => "打印机未连接，请到窗口咨询",
        PrintFailure::Busy(_) => "打印机正忙，请稍后再试",
        PrintFailure::Failed(_) => "打印失败（可能缺纸），请到窗口咨询",
        PrintFailure::TimedOut => "打印机没有响应，请到窗口咨询",
    }
}

// The online channels.
pub const PREVIOUS_CHANNEL: &str = "上一个";
pub const NEXT_CHANNEL: &str = "下一个";
pub const SCAN: &str = "请用手机扫描二维码，或在手机浏览器中输入：";
pub const CODE_TOO_BIG: &str = "窗口太小，无法显示完整的二维码。请在手机浏览器中输入：";
pub const ASK_THE_WINDOW: &str = "请咨询窗口工作人员";
pub const NO_ONLINE: &str = "本事项的办事指南未列出线上办理渠道，请到窗口办理。";
pub const NO_ADDRESS: &str = "本事项的办事指南未提供可扫码的网址；可通过以下方式办理或查询：";
pub const WITHOUT_ADDRESS: &str = "以下渠道没有网址，可按说明查找：";

pub fn channel_title(name: &str, kind: &str, count: &str) -> String {
    format!("{name}（{kind}） {count}")
}

/// `3/5`: the page shown of how many.
pub fn page_count(page: usize, pages: usize) -> String {
    format!("{page}/{pages}")
}

/// The districts a channel is listed for: `本厅 市本级、攸县`.
pub fn for_districts(districts: &[&str], own: bool) -> String {
    let mark = if own { "本厅 " } else { "" };
    format!("{mark}{}", districts.join("、"))
}

/// The heading of channels the guide lists for no district.
pub const NO_DISTRICT: &str = "未注明地区";

// Search.
pub const TYPE_PINYIN: &str = "请输入拼音或首字母，如 cb（参保）";
pub const NOTHING_FOUND: &str = "没有找到，请减少或修改字母";
pub const GUIDE_RESULT: &str = "城市/指南";
pub const DELETE: &str = "删除";
pub const CLEAR: &str = "清空";

pub fn query(q: &str) -> String {
    format!("查找：{q}")
}

/// `共 12 项，第 1/3 页`; when very many matched, only the best are listed.
pub fn results_count(total: usize, listed: usize, page: usize, pages: usize) -> String {
    if total > listed {
        format!("共 {total} 项，列出前 {listed} 项，第 {page}/{pages} 页")
    } else {
        format!("共 {total} 项，第 {page}/{pages} 页")
    }
}

// Rating.
pub const SKIP: &str = "跳过，不评价";
pub const SUBMIT: &str = "提交 Enter";
pub const BAD_ARE_LAST: &str = "后两项为差评，将请您选择原因。按数字键 1–5 选择。";
pub const SAVING: &str = "正在保存……";
pub const THANKS: &str = "感谢您的评价";
pub const SAVED: &str = "您的评价已保存。";
pub const HELD: &str = "评价已收到，系统正在暂存，稍后自动保存。";
pub const CONTINUE_KEY: &str = "继续 Enter";
pub const THE_HALL: &str = "本厅";

pub fn rate_what(subject: &str) -> String {
    format!("请您对{subject}的服务作出评价（匿名，不记录任何个人信息）")
}

pub fn quoted(name: &str) -> String {
    format!("“{name}”")
}

pub fn complain_to(phones: &str) -> String {
    format!("需要反映问题、得到答复，请拨打监督电话：{phones}")
}

pub fn choose_reasons(level: &str) -> String {
    format!("您选择了“{level}”。请选择原因（可多选），再点“提交”：")
}

/// A reason's button: `[x] 2 服务态度`.
pub fn reason_tag(on: bool, key: usize, label: &str) -> String {
    let mark = if on { "[x] " } else { "[ ] " };
    format!("{mark}{key} {label}")
}

/// The heading of a group of reasons on the rate screen.
pub fn reason_group(about: About) -> &'static str {
    match about {
        About::Service => "关于窗口服务",
        About::Item => "关于办理事项",
        About::Other => "其他",
    }
}

pub fn anonymous_complain_to(phones: &str) -> String {
    format!("评价为匿名，不能回访。需要反映问题请拨打监督电话：{phones}")
}

// Notices.
pub const GOT_IT: &str = "知道了";

pub fn notice(notice: Notice) -> &'static str {
    match notice {
        Notice::AlreadyRated => "您已评价过，感谢您的参与！每次服务只评价一次。",
        Notice::NothingToCompare => "其他指南没有收录这一事项，暂无可对比的内容。",
    }
}

// The operator.
pub const ENTER_PIN: &str = "运维：请输入密码";
pub const OK: &str = "确定";
pub const CANCEL: &str = "取消";
pub const OPERATOR_MENU: &str = "运维菜单";
pub const EXPORT_TODAY: &str = "导出今日评价";
pub const QR_TEST_TITLE: &str = "二维码测试：用手机扫描，应显示本厅名称";
pub const QR_TEST_TOO_SMALL: &str = "窗口太小，无法显示完整的二维码";
pub const CONFIRM_QUIT: &str = "确定要退出程序吗？";
pub const QUIT: &str = "确定退出";
pub const ALL_WRITTEN: &str = "评价都已写入日志。";
pub const SETUP_INTRO: &str =
    "本机设置有问题，请工作人员处理（修改 kiosk.ron 后重新启动）。下面是具体问题：";
pub const LOG_OK: &str = "评价日志正常";

pub fn pin_shown(digits: usize) -> String {
    format!("密码：{}", "*".repeat(digits))
}

pub fn pin_error(e: PinError) -> &'static str {
    match e {
        PinError::Wrong => "密码错误",
        PinError::Locked => "输入错误次数过多，请一分钟后再试",
        PinError::NotSet => "未设置运维密码（kiosk.ron 的 operator_pin_hash）",
    }
}

pub fn operator_choice(c: OperatorChoice) -> &'static str {
    match c {
        OperatorChoice::Reload => "重新加载目录",
        OperatorChoice::Figures => "今日评价统计",
        OperatorChoice::Export => "导出今日评价",
        OperatorChoice::QrTest => "二维码测试",
        OperatorChoice::Quit => "退出程序",
    }
}

/// A message's title and its plain-language sentence.
pub fn message(m: Message) -> (&'static str, &'static str) {
    match m {
        Message::Reloaded => ("目录已重新加载", "新目录已检查无误并启用。"),
        Message::ReloadRefused => (
            "目录有误，未加载，仍使用原目录",
            "新目录有下列问题，没有启用；终端继续使用原来的目录。请维护人员按下列位置（文件:行:列）修改后再加载。",
        ),
        Message::Exported => ("导出完成", "今日评价已导出。"),
        Message::ExportFailed => (
            "导出失败",
            "导出文件没有写成，原有的文件没有改动。请检查导出文件夹（或U盘）是否插好、可写、有空间，再试一次。",
        ),
        Message::FiguresFailed => (
            "统计失败",
            "评价日志读不出来，统计没有做成。评价本身不受影响。",
        ),
    }
}

/// The operator menu's title, with the catalog in use and since when.
pub fn operator_menu(version: &str, items: usize, since: &str) -> String {
    format!("{OPERATOR_MENU}　当前目录 {version}（{items} 项），{since}起使用")
}

pub const CATALOG_LOADING: &str = "正在加载…";

pub fn catalog_waiting(version: &str) -> String {
    format!("新目录 {version} 已检查，空闲时启用")
}

pub fn catalog_refused(problems: usize) -> String {
    format!("新目录有误未启用（{problems} 处，重新加载可查看）")
}

/// When the catalog went into use, in the hall's time: `11月23日 09:30`.
pub const SINCE_FORMAT: &str = "%m月%d日 %H:%M";

pub fn qr_test_data(hall: &str) -> String {
    format!("二维码测试 {hall}")
}

pub fn day_figures(day: &str, total: u64, bad: u64) -> String {
    format!("{day} 评价统计：共 {total} 条，差评 {bad} 条")
}

pub fn held_in_memory(count: usize, why: &str) -> String {
    format!("日志错误：{count}条评价仅在内存中，退出将丢失（{why}）")
}

pub fn held_spared(count: usize, path: &std::path::Path, error: &str) -> String {
    format!(
        "日志错误：{count}条评价已暂存于 {}，恢复后自动写入（{error}）",
        path.display()
    )
}

pub fn log_error(e: &str) -> String {
    format!("日志错误：{e}")
}

pub fn log_repaired(n: usize) -> String {
    format!("日志已修复 {n} 处，详见统计")
}

pub fn quit_with_spared(count: usize, path: &std::path::Path) -> String {
    format!(
        "有 {count} 条评价还没能写入评价日志，已暂存于 {}。退出后它们不会丢失，下次启动时自动写入日志。",
        path.display()
    )
}

pub fn quit_with_memory(count: usize) -> String {
    format!(
        "有 {count} 条评价还没能写入评价日志，也没能暂存到文件，只在内存中：现在退出，它们将丢失。请先处理磁盘或文件夹问题。"
    )
}

// Reading aloud: how a screen's parts are put into words.

/// The title of one of an item's views: `单位参保登记 办理流程图`.
pub fn view_of(item: &str, view: &str) -> String {
    format!("{item} {view}")
}

/// A list entry with what its row shows beside it: `株洲市，35个事项`.
pub fn entry_with(label: &str, detail: &str) -> String {
    if detail.is_empty() {
        label.to_string()
    } else {
        format!("{label}，{detail}")
    }
}

/// A point of comparison that every guide words alike.
pub fn same_everywhere(text: &str) -> String {
    format!("各地相同：{text}")
}

/// One guide's wording of a point of comparison.
pub fn guide_says(guide: &str, text: &str) -> String {
    format!("{guide}：{text}")
}

/// A reason tag the visitor has chosen.
pub fn chosen(reason: &str) -> String {
    format!("{reason}，已选")
}
