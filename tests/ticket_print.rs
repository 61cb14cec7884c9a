//! The 一次性告知单 as printers get it: the ESC/POS stream `kiosk print`
//! writes, decoded back (commands, GB18030 text, the QR payload) and held
//! against the catalog; and printing through a command, a device file, and
//! printers that are missing, failing or hung.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output as Ran;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use chrono::TimeZone;
use common::escpos::decode;
use kiosk::catalog::{self, Catalog, Item};
use kiosk::text;
use kiosk::ticket::{self, Hall, Output, PrintFailure, PrintState, Printer, escpos};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shipped() -> Catalog {
    catalog::load_dir(&repo().join("catalog")).unwrap()
}

/// A terminal in 长沙's 芙蓉区 hall, on the shipped catalog.
fn config(dir: &Path) -> PathBuf {
    let path = dir.join("kiosk.ron");
    let text = format!(
        "(hall_name: \"芙蓉区政务服务中心\", catalog: {:?}, home_guide: \"changsha\", home_district: \"芙蓉区\")",
        repo().join("catalog")
    );
    fs::write(&path, text).unwrap();
    path
}

fn kiosk_print(dir: &Path, args: &[&str]) -> Ran {
    Command::cargo_bin("kiosk")
        .unwrap()
        .arg("--config")
        .arg(config(dir))
        .arg("print")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn item<'a>(catalog: &'a Catalog, guide: &str, id: &str) -> &'a Item {
    catalog.guide(guide).unwrap().find_item(id).unwrap()
}

/// The ticket's lines joined without the spaces wrapping breaks at.
fn joined(lines: &[String]) -> String {
    lines.concat().split_whitespace().collect()
}

fn has(text: &str, want: &str) -> bool {
    text.contains(&want.split_whitespace().collect::<String>())
}

#[test]
fn the_escpos_ticket_decodes_to_the_catalogs_fields() {
    let catalog = shipped();
    let item = item(&catalog, "changsha", "002036001002");
    for columns in ["32", "48"] {
        let dir = tempfile::tempdir().unwrap();
        let ran = kiosk_print(
            dir.path(),
            &[
                "长沙市",
                "职工参保登记",
                "--out",
                "t.bin",
                "--columns",
                columns,
            ],
        );
        assert!(
            ran.status.success(),
            "{}",
            String::from_utf8_lossy(&ran.stderr)
        );
        let bytes = fs::read(dir.path().join("t.bin")).unwrap();
        let d = decode(&bytes);

        // ESC @ (init), FS & (Chinese mode) first; GS V 66 0 (feed and cut) last.
        assert!(bytes.starts_with(&[0x1B, 0x40, 0x1C, 0x26]));
        assert!(bytes.ends_with(&[0x1D, 0x56, 66, 0]));
        let cuts = d.commands.iter().filter(|c| c.starts_with(&[0x1D, 0x56]));
        assert_eq!(cuts.count(), 1);
        // The QR code: model 2, error correction M, printed after it is stored.
        let qr: Vec<&[u8]> = d
            .commands
            .iter()
            .filter(|c| c.starts_with(b"\x1d(k"))
            .map(|c| &c[5..7])
            .collect();
        assert_eq!(qr, [b"1A", b"1C", b"1E", b"1P", b"1Q"]);
        assert!(
            d.commands
                .contains(&vec![0x1D, b'(', b'k', 4, 0, 49, 65, 50, 0])
        );
        assert!(
            d.commands
                .contains(&vec![0x1D, b'(', b'k', 3, 0, 49, 69, 49])
        );
        let url = item.linked_channels().next().unwrap().url.clone().unwrap();
        assert_eq!(d.qr, std::slice::from_ref(&url));

        let text = joined(&d.lines);
        assert_eq!(d.lines[0].trim(), "芙蓉区政务服务中心");
        assert_eq!(d.lines[1].trim(), "一次性告知单");
        let phone = &item.supervision.as_ref().unwrap().phones[0].number;
        let window = item.channels.as_ref().unwrap().onsite.iter();
        let own = window
            .clone()
            .find(|w| w.district.as_deref() == Some("芙蓉区"));
        let fields = [
            format!("事项：{}", item.name),
            format!("事项编码：{}", item.code.as_deref().unwrap()),
            item.time_limit.clone().unwrap(),
            phone.clone(),
            own.unwrap().address.clone(),
            url,
            format!("目录版本：{}", catalog.version),
        ];
        let materials = item
            .all_materials()
            .flat_map(|g| g.group.iter().chain(&g.entries));
        for want in fields.iter().chain(materials) {
            assert!(
                has(&text, want),
                "{want} not on the {columns}-column ticket"
            );
        }
        // Only the hall's own district's window.
        for other in window.filter(|w| w.district.as_deref() != Some("芙蓉区")) {
            assert!(!has(&text, &other.address), "{} printed", other.address);
        }
        let printed = d
            .lines
            .iter()
            .find(|l| l.starts_with("打印时间："))
            .unwrap();
        let today = chrono::Utc::now()
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
            .format("%Y年%m月%d日")
            .to_string();
        assert!(printed.contains(&today), "{printed}");

        let width: usize = columns.parse().unwrap();
        for line in &d.lines {
            assert!(text::width(line) <= width, "{line:?} wider than {width}");
        }
        assert!(
            d.lines.iter().any(|l| text::width(l) > 26),
            "paper not used"
        );
    }
}

#[test]
fn the_text_ticket_goes_to_standard_output_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let ran = kiosk_print(
        dir.path(),
        &[
            "changsha",
            "002036001002",
            "--out",
            "-",
            "--format",
            "text",
            "--columns",
            "48",
        ],
    );
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let text = String::from_utf8(ran.stdout).unwrap();
    assert!(text.contains("一次性告知单\n"));
    assert!(text.contains("http://www.cs12333.com\n"));
    assert!(
        !text.bytes().any(|b| b < 0x20 && b != b'\n'),
        "no printer commands"
    );
    assert!(text.lines().all(|l| text::width(l) <= 48));
    assert!(text.lines().any(|l| text::width(l) > 40));
}

#[test]
fn print_refuses_an_unknown_item_and_a_width_of_no_paper() {
    let dir = tempfile::tempdir().unwrap();
    let ran = kiosk_print(dir.path(), &["changsha", "no-such-item", "--out", "t.bin"]);
    assert_eq!(ran.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&ran.stderr).contains("no item \"no-such-item\" in 长沙市"));
    let ran = kiosk_print(
        dir.path(),
        &["changsha", "002036001002", "--out", "-", "--columns", "40"],
    );
    assert_eq!(ran.status.code(), Some(2));
    assert!(!dir.path().join("t.bin").exists());
}

fn sample() -> ticket::Ticket {
    let catalog = shipped();
    let guide = catalog.guide("changsha").unwrap();
    let hall = Hall {
        name: "芙蓉区政务服务中心",
        district: Some("芙蓉区"),
        now: chrono::FixedOffset::east_opt(8 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 24, 9, 30, 0)
            .unwrap(),
        catalog_version: &catalog.version,
    };
    ticket::compose(guide, item(&catalog, "changsha", "002036001002"), &hall, 32)
}

fn printer(output: Output, timeout: Duration) -> Printer {
    Printer {
        output,
        columns: 32,
        timeout,
    }
}

/// Polls as the event loop would, returning the outcome and how long it took.
fn finish(printer: &Printer, ticket: &ticket::Ticket) -> (PrintState, Duration) {
    let start = Instant::now();
    let mut job = printer.start(ticket);
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "start blocked"
    );
    loop {
        let state = job.poll();
        if state != PrintState::Printing {
            return (state, start.elapsed());
        }
        assert!(start.elapsed() < Duration::from_secs(20), "never finished");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn sh(script: &str, args: &[&Path]) -> Output {
    let mut argv = vec!["sh".to_string(), "-c".into(), script.into()];
    argv.extend(args.iter().map(|p| p.display().to_string()));
    Output::Command(argv)
}

#[test]
fn a_command_printer_is_fed_the_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("printed.txt");
    let ticket = sample();
    let p = printer(sh("cat > \"$0\"", &[&out]), Duration::from_secs(10));
    assert_eq!(finish(&p, &ticket).0, PrintState::Done);
    assert_eq!(fs::read_to_string(&out).unwrap(), ticket.plain_text());
}

#[test]
fn a_device_file_gets_the_escpos_stream() {
    let dir = tempfile::tempdir().unwrap();
    let device = dir.path().join("lp0");
    fs::write(&device, b"").unwrap();
    let ticket = sample();
    let p = printer(Output::Device(device.clone()), Duration::from_secs(10));
    assert_eq!(finish(&p, &ticket).0, PrintState::Done);
    let bytes = fs::read(&device).unwrap();
    assert_eq!(bytes, escpos::encode(&ticket));
    assert_eq!(decode(&bytes).qr, ["http://www.cs12333.com"]);
}

#[test]
fn missing_printers_are_told_apart_from_failing_ones() {
    let dir = tempfile::tempdir().unwrap();
    let ticket = sample();
    let absent = printer(
        Output::Device(dir.path().join("usb/lp0")),
        Duration::from_secs(5),
    );
    let (state, _) = finish(&absent, &ticket);
    assert!(
        matches!(state, PrintState::Failed(PrintFailure::Missing(_))),
        "{state:?}"
    );
    assert!(
        !dir.path().join("usb").exists(),
        "a missing device is never created"
    );

    let no_program = printer(
        Output::Command(vec!["no-such-print-command-16".into()]),
        Duration::from_secs(5),
    );
    let (state, _) = finish(&no_program, &ticket);
    assert!(
        matches!(state, PrintState::Failed(PrintFailure::Missing(_))),
        "{state:?}"
    );

    let failing = printer(
        sh(
            "cat > /dev/null; echo 'lp: Error - paper out' >&2; exit 1",
            &[],
        ),
        Duration::from_secs(5),
    );
    let (state, _) = finish(&failing, &ticket);
    let PrintState::Failed(failure) = state else {
        panic!("{state:?}")
    };
    assert!(matches!(failure, PrintFailure::Failed(_)));
    assert!(failure.detail().contains("paper out"), "{failure:?}");
}

#[test]
fn a_hung_printer_times_out_without_blocking_the_caller() {
    let dir = tempfile::tempdir().unwrap();
    let ticket = sample();
    let pid_file = dir.path().join("pid");
    // A command that never finishes, and whose children must die with it.
    let hung = printer(
        sh("echo $$ > \"$0\"; sleep 600 & sleep 600", &[&pid_file]),
        Duration::from_millis(700),
    );
    let (state, took) = finish(&hung, &ticket);
    assert_eq!(state, PrintState::Failed(PrintFailure::TimedOut));
    assert!(took < Duration::from_secs(3), "{took:?}");
    let group: i32 = fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let gone = Instant::now();
    while nix::sys::signal::killpg(nix::unistd::Pid::from_raw(group), None).is_ok() {
        assert!(
            gone.elapsed() < Duration::from_secs(5),
            "the command's group lives on"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // A device that takes no data (a FIFO nobody reads) hangs in open().
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let stuck = printer(Output::Device(fifo), Duration::from_millis(500));
    let (state, took) = finish(&stuck, &ticket);
    assert_eq!(state, PrintState::Failed(PrintFailure::TimedOut));
    assert!(took < Duration::from_secs(3), "{took:?}");
}
