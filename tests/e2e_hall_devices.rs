//! The hall's optional hardware with the real binary in a pseudo-terminal:
//! reading aloud through the real espeak-ng (the speech command a wrapper
//! that keeps a copy of what it is given and has espeak-ng write a WAV
//! file, measured with sox), and the 一次性告知单 printed to a plain file
//! standing in for the printer's device, its ESC/POS decoded back. Missing,
//! failing and hung hardware is told to the visitor and never blocks the
//! screen; a hall with neither shows neither.
//!
//! espeak-ng and sox come from Debian (`apt-get install espeak-ng sox`);
//! under CI (`CI=true`) their absence fails the reading test.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::escpos::decode;
use common::{Kiosk, config_plus, have};
use kiosk::catalog::{self, Catalog};
use kiosk::document::sections;
use kiosk::ratings::Level;
use kiosk::speech::{self, Chunk, Script};
use nix::sys::signal::killpg;
use nix::unistd::Pid;

const COLS: u16 = 100;
const ROWS: u16 = 30;

fn shipped() -> Catalog {
    catalog::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog")).unwrap()
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "{what} after {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The speech command: what it is given is kept in `heard.txt`, espeak-ng
/// makes it `spoken.wav`, and while the file `hold` exists it stays, as a
/// player would while the audio plays.
const SPEAK: &str = r#"dir=$1
echo $$ > "$dir/pid.tmp" && mv "$dir/pid.tmp" "$dir/pid"
cat > "$dir/heard.tmp" && mv "$dir/heard.tmp" "$dir/heard.txt"
espeak-ng -v cmn -w "$dir/spoken.wav" -f "$dir/heard.txt" && touch "$dir/done"
while [ -e "$dir/hold" ]; do sleep 0.1; done
"#;

/// One reading, as the speech program got it.
struct Heard {
    text: String,
    /// The audio espeak-ng made of it.
    seconds: f64,
    /// The speech program's process group.
    group: i32,
}

/// Presses `v` and waits until espeak-ng has spoken what it was given.
fn read_aloud(k: &mut Kiosk, dir: &Path, hold: bool) -> Heard {
    for f in ["pid", "heard.txt", "spoken.wav", "done", "hold"] {
        let _ = fs::remove_file(dir.join(f));
    }
    if hold {
        fs::write(dir.join("hold"), "").unwrap();
    }
    k.send("v");
    wait_until("espeak-ng never finished", Duration::from_secs(60), || {
        dir.join("done").exists()
    });
    let group = fs::read_to_string(dir.join("pid")).unwrap();
    Heard {
        text: fs::read_to_string(dir.join("heard.txt")).unwrap(),
        seconds: common::audio_seconds(&dir.join("spoken.wav")),
        group: group.trim().parse().unwrap(),
    }
}

/// Audio of a plausible length for the text: the cmn voice takes about
/// 0.3 s a syllable at its default rate (tests/speech.rs).
fn plausible(heard: &Heard) {
    let syllables = heard.text.chars().filter(|c| c.is_alphanumeric()).count() as f64;
    assert!(
        (0.1 * syllables..0.6 * syllables + 2.0).contains(&heard.seconds),
        "{} s of audio for {syllables} syllables",
        heard.seconds
    );
}

fn gone(group: i32) {
    wait_until(
        "the speech program lives on",
        Duration::from_secs(5),
        || killpg(Pid::from_raw(group), None).is_err(),
    );
}

/// The fields of `titles` whose 【title】 is on screen.
fn on_screen(k: &Kiosk, titles: &[&str]) -> Vec<String> {
    let screen = k.text();
    let shown = titles
        .iter()
        .filter(|t| screen.contains(&format!("【{t}】")));
    shown.map(|t| t.to_string()).collect()
}

/// The fields of `titles` read, as sentences of their own.
fn read_fields(heard: &Heard, titles: &[&str]) -> Vec<String> {
    let read = titles
        .iter()
        .filter(|t| heard.text.contains(&format!("\n{t}。\n")));
    read.map(|t| t.to_string()).collect()
}

#[test]
fn espeak_reads_what_is_on_screen_and_stops_when_the_visitor_leaves_taps_or_goes_idle() {
    if !have("espeak-ng") || !have("sox") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let script = dir.join("speak.sh");
    fs::write(&script, SPEAK).unwrap();
    let speech = format!("speech: Command([\"sh\", {script:?}, {dir:?}]),");
    let mut k = Kiosk::start(&config_plus(dir, &speech), COLS, ROWS);
    k.wait_for("请选择城市或指南");
    k.wait_for("v 朗读");

    // Home: the title, then each guide with the digit that picks it.
    let catalog = shipped();
    let guides = ["株洲市", "长沙市", "咸安区", "永州市", "公共服务事项指南"];
    let choices = guides.iter().enumerate().map(|(i, name)| {
        let count = catalog.guide(name).unwrap().items.len();
        Chunk::Choice {
            key: i + 1,
            text: format!("{name}，{count}个事项"),
        }
    });
    let home = Script {
        title: "请选择城市或指南".into(),
        chunks: choices.collect(),
    };
    let heard = read_aloud(&mut k, dir, true);
    assert_eq!(heard.text, speech::spoken(&home));
    assert!(heard.text.contains("按一，株洲市，三十五个事项。\n"));
    plausible(&heard);
    // Reading, the key says how to stop; read to the end, it says 朗读 again.
    k.wait_for("v 停止朗读");
    fs::remove_file(dir.join("hold")).unwrap();
    gone(heard.group);
    k.wait_for("v 朗读");

    // A part's items, a page of them: leaving for an item stops the reading.
    k.send("1");
    k.wait_for("株洲市：请选择部分");
    k.send("4");
    k.wait_for("异地安置退休人员备案");
    let heard = read_aloud(&mut k, dir, true);
    let part = catalog.guide("zhuzhou").unwrap().parts[3].display_title();
    assert!(
        heard.text.starts_with(&format!(
            "{}。\n按一，异地安置退休人员备案。\n",
            speech::say(&part)
        )),
        "{}",
        heard.text
    );
    k.send("1");
    k.wait_for("【受理单位】");
    gone(heard.group);
    k.wait_for("v 朗读");

    // The item: its name, then exactly the fields on screen; a tap on
    // 停止朗读 stops it.
    let guide = catalog.guide("zhuzhou").unwrap();
    let item = guide.find_item("异地安置退休人员备案").unwrap();
    let all = sections::sections(item, Some("市本级"));
    let titles: Vec<&str> = all.iter().map(|s| s.title).collect();
    let heard = read_aloud(&mut k, dir, true);
    assert!(
        heard
            .text
            .starts_with("异地安置退休人员备案。\n受理单位。\n"),
        "{}",
        heard.text
    );
    let shown = on_screen(&k, &titles);
    assert!(shown.len() >= 2 && shown.len() < titles.len(), "{shown:?}");
    assert_eq!(read_fields(&heard, &titles), shown);
    assert!(
        !heard
            .text
            .chars()
            .any(|c| c.is_ascii_digit() || "【】〔〕".contains(c))
    );
    plausible(&heard);
    k.tap("停止朗读");
    gone(heard.group);
    k.wait_for("v 朗读");

    // A page down: the fields now on screen, none of those below; v stops.
    k.send("\x1b[6~");
    std::thread::sleep(Duration::from_millis(300));
    let shown = on_screen(&k, &titles);
    let heard = read_aloud(&mut k, dir, true);
    let read = read_fields(&heard, &titles);
    assert!(
        shown.iter().all(|t| read.contains(t)),
        "{shown:?} on screen, {read:?} read"
    );
    let last = titles
        .iter()
        .position(|t| shown.last() == Some(&t.to_string()))
        .unwrap();
    assert!(
        titles[last + 1..]
            .iter()
            .all(|t| !read.contains(&t.to_string())),
        "{read:?}"
    );
    k.send("v");
    gone(heard.group);

    // The rating: the question and the five levels with their digits.
    k.send("r");
    k.wait_for("请您对“异地安置退休人员备案”的服务作出评价");
    let heard = read_aloud(&mut k, dir, true);
    let levels: String = Level::ALL
        .iter()
        .enumerate()
        .map(|(i, l)| format!("按{}，{}。\n", speech::number(i as u64 + 1), l.label()))
        .collect();
    assert!(heard.text.contains(&levels), "{}", heard.text);
    // Left to itself, the idle reset ends the visit and the reading.
    k.wait_for("还需要更多时间吗？");
    assert!(
        killpg(Pid::from_raw(heard.group), None).is_ok(),
        "stopped too early"
    );
    k.wait_for("请选择城市或指南");
    gone(heard.group);
}

#[test]
fn reading_aloud_that_cannot_run_says_so() {
    let failing = [
        r#"speech: Command(["no-such-speech-program-16"]),"#,
        r#"speech: Command(["sh", "-c", "cat > /dev/null; exit 3"]),"#,
    ];
    for speech in failing {
        let tmp = tempfile::tempdir().unwrap();
        let mut k = Kiosk::start(&config_plus(tmp.path(), speech), COLS, ROWS);
        k.wait_for("v 朗读");
        k.send("v");
        k.wait_for("朗读不可用");
        assert!(k.alive());
        // Said on the page it was asked on; the next page is quiet.
        k.send("1");
        k.wait_for("株洲市：请选择部分");
        wait_until("朗读不可用 stays", Duration::from_secs(5), || {
            !k.text().contains("朗读不可用")
        });
        let log = fs::read_to_string(tmp.path().join("logs/kiosk.log")).unwrap();
        assert!(log.contains("reading aloud: "), "{log}");
    }
}

#[test]
fn a_hall_with_neither_shows_neither_target() {
    let tmp = tempfile::tempdir().unwrap();
    let mut k = Kiosk::start(&config_plus(tmp.path(), "speech: Off,"), COLS, ROWS);
    for key in ["1", "4", "1"] {
        k.send(key);
    }
    k.wait_for("【受理单位】");
    k.wait_for("流程图 f");
    k.send("v");
    k.send("p");
    let screen = k.text();
    for absent in ["朗读", "打印", "告知单"] {
        assert!(!screen.contains(absent), "{absent} on:\n{screen}");
    }
    assert!(screen.contains("测试大厅"));
}

fn printer_at(device: &Path) -> String {
    format!("printer: (device: {device:?}, columns: 32),")
}

#[test]
fn the_ticket_goes_to_the_device_as_escpos_and_the_visitor_is_told() {
    let tmp = tempfile::tempdir().unwrap();
    let device = tmp.path().join("lp0");
    fs::write(&device, b"").unwrap();
    let fields = format!("speech: Off, {}", printer_at(&device));
    let mut k = Kiosk::start(&config_plus(tmp.path(), &fields), COLS, ROWS);
    common::yongzhou_item(&mut k);
    k.tap("打印告知单");
    k.wait_for("告知单已打印，请取走");

    let catalog = shipped();
    let guide = catalog.guide("yongzhou").unwrap();
    let item = guide.items_in(&guide.parts[0].id).next().unwrap();
    let d = decode(&fs::read(&device).unwrap());
    assert_eq!(d.lines[0].trim(), "测试大厅");
    assert_eq!(d.lines[1].trim(), "一次性告知单");
    let text: String = d.lines.concat().split_whitespace().collect();
    for want in [
        format!("事项：{}", item.name),
        format!("目录版本：{}", catalog.version),
        item.time_limit.clone().unwrap(),
    ] {
        let want: String = want.split_whitespace().collect();
        assert!(text.contains(&want), "{want} not on the ticket");
    }
    let url = item.linked_channels().next().unwrap().url.clone().unwrap();
    assert_eq!(d.qr, [url]);
    // One ticket per tap: a second one is a second ticket, not a repeat of the bytes.
    let once = fs::read(&device).unwrap().len();
    k.send("p");
    wait_until("the second ticket", Duration::from_secs(10), || {
        fs::metadata(&device).unwrap().len() as usize == 2 * once
    });
}

#[test]
fn a_missing_failing_or_hung_printer_is_told_and_never_blocks_the_screen() {
    let cases = [
        ("missing", "打印机未连接，请到窗口咨询"),
        ("paper out", "打印失败（可能缺纸），请到窗口咨询"),
        ("hung", "打印机没有响应，请到窗口咨询"),
    ];
    for (printer, told) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let printer = match printer {
            "missing" => printer_at(&tmp.path().join("usb/lp0")),
            "paper out" => {
                r#"printer: (command: ["sh", "-c", "cat > /dev/null; echo 'lp: paper out' >&2; exit 1"]),"#
                    .into()
            }
            _ => r#"printer: (command: ["sh", "-c", "exec sleep 600"], timeout_secs: 5),"#.into(),
        };
        let fields = format!("speech: Off, {printer}");
        let mut k = Kiosk::start(&config_plus(tmp.path(), &fields), COLS, ROWS);
        common::yongzhou_item(&mut k);
        let tapped = Instant::now();
        k.tap("打印告知单");
        if printer.contains("sleep 600") {
            // While the printer hangs the visitor is told so, and goes on.
            k.wait_for("正在打印告知单，请稍候");
            k.send("\x1b");
            wait_until("back to the part's items", Duration::from_secs(2), || {
                !k.text().contains("【受理单位】")
            });
            k.wait_for("1  单位参保登记");
            assert!(
                tapped.elapsed() < Duration::from_secs(4),
                "{:?}",
                tapped.elapsed()
            );
            assert!(k.text().contains("正在打印告知单"));
        }
        k.wait_for(told);
        let log = fs::read_to_string(tmp.path().join("logs/kiosk.log")).unwrap();
        assert!(log.contains("printing a ticket failed: "), "{log}");
        assert!(
            !tmp.path().join("usb").exists(),
            "a missing device is never created"
        );
    }
}
