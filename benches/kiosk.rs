//! `cargo bench --bench kiosk`: the kiosk's own figures on the full shipped
//! catalog, against the targets in BENCHMARKS.md: start-up by parts, one
//! keystroke's re-ranking (on the catalog and on one 20 times larger), drawing
//! every screen at 120×40, the real binary under a pseudo-terminal (first
//! frame, memory, idle CPU and redraws), and the catalog 1, 20 and 100 times
//! over side by side (first frame, memory, search, `kiosk check`), and how
//! long the screen waits while such a catalog is reloaded or picked up off
//! its thread. Where `fzf` is installed, the same
//! queries through `fzf --filter` are timed beside ours. Prints figures;
//! asserts nothing about them.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use kiosk::app::{self, Action, App, Clock, Options};
use kiosk::catalog::{self, Catalog};
use kiosk::config::{self, Settings};
use kiosk::ratings::Level;
use kiosk::snapshot;
use kiosk::ui;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

#[path = "../tests/common/scale.rs"]
mod scale;

const COLS: u16 = 120;
const ROWS: u16 = 40;
const AREA: Rect = Rect::new(0, 0, COLS, ROWS);
/// Runs of the in-process start-up; the first is reported on its own (cold).
const STARTS: usize = 30;
const DRAWS: usize = 300;
/// Queries typed letter by letter, as visitors spell them on the letter pad.
const QUERIES: [&str; 12] = [
    "canbao",
    "cb",
    "changsha",
    "cs",
    "yidijiuyi",
    "ydjy",
    "shengyujintie",
    "menzhen",
    "zhuanyijiexu",
    "mtb",
    "002036",
    "baoxiao",
];
/// How long the real binary is left alone to measure idling: over a minute,
/// so the clock's once-a-minute redraw falls inside.
const IDLE: Duration = Duration::from_secs(65);
/// On Home once the catalog is drawn.
const HOME: &str = "请选择城市或指南";

/// `cargo bench --bench kiosk -- search draw` runs only the sections named
/// (startup, search, draw, live, scale, reload); with no name, all of them.
fn main() {
    let chosen: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |section: &str| chosen.is_empty() || chosen.iter().any(|c| c == section);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    machine();
    let settings = config::load(&root.join("kiosk.ron"), true).expect("the shipped kiosk.ron");
    if wanted("startup") {
        startup(&root.join("kiosk.ron"), &settings);
    }
    let catalog = load(&settings);
    if wanted("search") {
        search(&settings, &catalog);
    }
    if wanted("draw") {
        draw(&settings, catalog);
    }
    if wanted("live") {
        live(root);
    }
    if wanted("scale") {
        scales(root, &settings);
    }
    if wanted("reload") {
        reloads(root);
    }
}

fn machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("machine: {cores} cores, {cpu}");
}

fn load(settings: &Settings) -> Catalog {
    let catalog = catalog::load_dir(&settings.catalog_dir()).expect("the shipped catalog");
    assert!(settings.check_against(&catalog).is_empty());
    catalog
}

fn clock() -> Clock {
    Clock {
        mono: Duration::ZERO,
        wall: Utc::now(),
    }
}

fn new_app(settings: &Settings, catalog: Catalog) -> App {
    App::new(catalog, Options::from_settings(settings), AREA, clock())
}

/// Median, 99th percentile and maximum of `times`.
fn spread(mut times: Vec<Duration>) -> String {
    times.sort();
    let at = |q: usize| times[(times.len() - 1) * q / 100];
    format!(
        "median {:.3?}, p99 {:.3?}, max {:.3?} (n = {})",
        at(50),
        at(99),
        times[times.len() - 1],
        times.len()
    )
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// What the binary does before its first frame, part by part: config, the
/// catalog (from its snapshot; the first run finds none, so it parses,
/// validates and writes it), the app with the snapshot's search index, the
/// first draw.
fn startup(path: &Path, settings: &Settings) {
    let cache = tempfile::tempdir().unwrap();
    let mut parts: [Vec<Duration>; 5] = Default::default();
    for _ in 0..STARTS {
        let (_, config) = timed(|| config::load(path, true).unwrap());
        let (ready, open) = timed(|| {
            snapshot::open(&settings.catalog_dir(), cache.path()).expect("the shipped catalog")
        });
        let (app, index) = timed(|| {
            let opts = Options::from_settings(settings);
            App::with_index(ready.catalog, ready.index, opts, AREA, clock())
        });
        let (_, first) = timed(|| ui::draw_buffer(&app, &mut Buffer::empty(AREA)));
        let total = config + open + index + first;
        for (v, t) in parts.iter_mut().zip([config, open, index, first, total]) {
            v.push(t);
        }
    }
    println!("\nstart-up to the first frame, in process ({STARTS} runs; first run in brackets)");
    let names = [
        "config",
        "catalog (snapshot)",
        "app + search index",
        "first draw 120×40",
        "total",
    ];
    for (name, times) in names.iter().zip(parts) {
        let first = times[0];
        println!("  {name:<26} [{first:>9.3?}]  {}", spread(times));
    }
}

/// One keystroke as the app takes it: the query grows by a letter and the
/// results are re-ranked.
/// The times of first letters and of the letters after them, apart: the
/// first is matched against every entry, the others only against the last
/// matches.
fn keystrokes(app: &mut App) -> [Vec<Duration>; 2] {
    let _ = app::update(app, Action::OpenSearch, clock());
    let mut times: [Vec<Duration>; 2] = Default::default();
    for _round in 0..10 {
        for q in QUERIES {
            for (i, c) in q.chars().enumerate() {
                let t = timed(|| app::update(app, Action::Type(c), clock())).1;
                times[usize::from(i > 0)].push(t);
            }
            let _ = app::update(app, Action::ClearQuery, clock());
        }
    }
    times
}

fn search(settings: &Settings, catalog: &Catalog) {
    println!("\nsearch: one keystroke's re-ranking (app::update with a typed letter)");
    for n in [1, 20] {
        let big = scale::times_over(catalog, n);
        let items = big.item_count();
        let mut app = new_app(settings, big);
        let [first, later] = keystrokes(&mut app);
        let all = first.iter().chain(&later).copied().collect();
        println!("  {n:>2}× catalog, {items:>5} items: {}", spread(all));
        println!("      first letters only:        {}", spread(first));
        println!("      later letters only:        {}", spread(later));
    }
    fzf(catalog);
}

/// The same queries through `fzf --filter` on the item names, one process per
/// keystroke as a shell script at a kiosk would run it.
fn fzf(catalog: &Catalog) {
    if Command::new("fzf").arg("--version").output().is_err() {
        println!("  fzf --filter: fzf is not installed, not compared");
        return;
    }
    let names: String = catalog
        .guides
        .iter()
        .flat_map(|c| c.items.iter().map(|i| format!("{}\n", i.name)))
        .collect();
    let mut times = Vec::new();
    for q in QUERIES {
        for end in q.char_indices().map(|(i, c)| i + c.len_utf8()) {
            times.push(timed(|| run_fzf(&q[..end], &names)).1);
        }
    }
    println!(
        "  fzf --filter, same queries on the {} item names (process per keystroke): {}",
        names.lines().count(),
        spread(times)
    );
    let hits = run_fzf("canbao", &names);
    println!("  (fzf finds {hits} names for \"canbao\": it has no pinyin)");
}

fn run_fzf(query: &str, names: &str) -> usize {
    let mut child = Command::new("fzf")
        .args(["--filter", query])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("fzf starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(names.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    out.stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count()
}

/// Every screen a visitor or operator reaches, by the actions that reach it.
fn screens() -> Vec<(&'static str, Vec<Action>)> {
    use Action::*;
    let item = || vec![Choose(0), Choose(0), Choose(0)];
    let then = |mut first: Vec<Action>, more: &[Action]| {
        first.extend_from_slice(more);
        first
    };
    let pin = [
        OperatorChord,
        PinDigit(2),
        PinDigit(4),
        PinDigit(6),
        PinDigit(8),
    ];
    vec![
        ("home", vec![]),
        ("guide", vec![Choose(0)]),
        ("part", vec![Choose(0), Choose(0)]),
        ("item", item()),
        ("flow", then(item(), &[ShowChart])),
        ("channels (QR)", then(item(), &[ShowChannels])),
        ("compare", then(item(), &[ShowCompare])),
        ("search \"cb\"", vec![OpenSearch, Type('c'), Type('b')]),
        ("rate", then(item(), &[Rate])),
        (
            "rate reasons",
            then(item(), &[Rate, ChooseLevel(Level::Dissatisfied)]),
        ),
        ("pin pad", vec![OperatorChord]),
        ("operator menu", pin.to_vec()),
    ]
}

fn draw(settings: &Settings, catalog: Catalog) {
    println!("\ndrawing each screen at 120×40 (ui::draw_buffer, {DRAWS} draws each)");
    let mut app = new_app(settings, catalog);
    for (name, actions) in screens() {
        let _ = app::update(&mut app, Action::GoHome, clock());
        for a in actions {
            let _ = app::update(&mut app, a, clock());
        }
        let mut buf = Buffer::empty(AREA);
        let times = (0..DRAWS)
            .map(|_| {
                buf.reset();
                timed(|| ui::draw_buffer(&app, &mut buf)).1
            })
            .collect();
        println!("  {name:<16} {}", spread(times));
    }
}

/// The real binary in a pseudo-terminal of 120×40.
struct Live {
    /// When each chunk of output arrived, and its length.
    chunks: Arc<Mutex<Vec<(Instant, usize)>>>,
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Live {
    fn start(config: &Path) -> Live {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: AREA.height,
                cols: AREA.width,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kiosk"));
        cmd.args(["--config".as_ref(), config.as_os_str()]);
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("kiosk starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let chunks = Arc::new(Mutex::new(Vec::new()));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            ROWS.try_into().unwrap(),
            COLS.try_into().unwrap(),
            0,
        )));
        let (c, s) = (Arc::clone(&chunks), Arc::clone(&screen));
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                c.lock().unwrap().push((Instant::now(), n));
                s.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Live {
            chunks,
            screen,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self
            .screen
            .lock()
            .unwrap()
            .screen()
            .contents()
            .contains(needle)
        {
            if Instant::now() > deadline {
                let screen = self.screen.lock().unwrap().screen().contents();
                panic!("{needle:?} never appeared; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn proc(&self, file: &str) -> String {
        let pid = self.child.process_id().expect("a pid");
        std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default()
    }

    /// A `VmRSS:`-style line of /proc/<pid>/status, in kB.
    fn status_kb(&self, key: &str) -> u64 {
        self.proc("status")
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// User plus system CPU time so far, in clock ticks (1/100 s on Linux).
    fn cpu_ticks(&self) -> u64 {
        let stat = self.proc("stat");
        // Fields after the command name, which may itself hold spaces.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<u64> = rest
            .split_whitespace()
            .filter_map(|f| f.parse().ok())
            .collect();
        // utime and stime are fields 14 and 15; `rest` starts at field 3.
        fields.get(11).zip(fields.get(12)).map_or(0, |(u, s)| u + s)
    }

    /// Bursts of output after `since`: chunks closer than 50 ms are one frame.
    fn frames_since(&self, since: Instant) -> usize {
        let chunks = self.chunks.lock().unwrap();
        let mut frames = 0;
        let mut last: Option<Instant> = None;
        for &(t, _) in chunks.iter().filter(|(t, _)| *t >= since) {
            if last.is_none_or(|l| t.duration_since(l) > Duration::from_millis(50)) {
                frames += 1;
            }
            last = Some(t);
        }
        frames
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// kiosk.ron as shipped, with the catalog found from anywhere and the
/// ratings and logs kept out of the repository.
fn live_config(root: &Path, dir: &Path) -> PathBuf {
    scaled_config(root, dir, &root.join("catalog"))
}

/// kiosk.ron as shipped, in `dir`, for the catalog folder `catalog`.
fn scaled_config(root: &Path, dir: &Path, catalog: &Path) -> PathBuf {
    let shipped = std::fs::read_to_string(root.join("kiosk.ron")).unwrap();
    let catalog = format!("catalog: {:?},", catalog.display().to_string());
    let text = shipped.replace("catalog: \"catalog\",", &catalog);
    let path = dir.join("kiosk.ron");
    std::fs::write(&path, text).unwrap();
    path
}

fn live(root: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let config = live_config(root, tmp.path());
    println!("\nthe real binary in a 120×40 pseudo-terminal");
    let firsts: Vec<Duration> = (0..10)
        .map(|_| {
            let (k, t) = timed(|| {
                let k = Live::start(&config);
                k.wait_for(HOME);
                k
            });
            drop(k);
            t
        })
        .collect();
    println!("  spawn to first frame on screen: {}", spread(firsts));

    let mut k = Live::start(&config);
    k.wait_for(HOME);
    std::thread::sleep(Duration::from_millis(300));
    let rss_start = k.status_kb("VmRSS:");
    // A visit: an item, its flow and QR page, a search; home, no rating.
    for (keys, then) in [
        ("1", "请选择部分"),
        ("4", "异地安置退休人员备案"),
        ("1", "【受理单位】"),
        ("f", "判断是否受理"),
        ("\x1b", "【受理单位】"),
        ("c", "在微信中搜索公众号"),
        ("\x1b", "【受理单位】"),
        ("/", "请输入拼音或首字母"),
        ("canbao", "查找：canbao"),
        ("1", "单位参保登记"),
        ("1", "【受理单位】"),
        ("\x1b[H", "作出评价"),
        ("\x1b", "请选择城市或指南"),
    ] {
        k.send(keys);
        k.wait_for(then);
    }
    println!(
        "  memory: VmRSS {} kB after start, {} kB after a visit; peak (VmHWM) {} kB",
        rss_start,
        k.status_kb("VmRSS:"),
        k.status_kb("VmHWM:")
    );

    std::thread::sleep(Duration::from_secs(1));
    let (since, wall, ticks) = (Instant::now(), Utc::now(), k.cpu_ticks());
    std::thread::sleep(IDLE);
    let cpu = (k.cpu_ticks() - ticks) as f64 / 100.0;
    let minutes = (Utc::now().timestamp() / 60 - wall.timestamp() / 60) as usize;
    println!(
        "  idle on Home for {:?}: CPU {cpu:.2} s = {:.3}%; {} frames drawn, {minutes} minute change(s) of the clock",
        IDLE,
        100.0 * cpu / IDLE.as_secs_f64(),
        k.frames_since(since),
    );
}

/// The catalog sizes of a hall: the shipped guides, a province, a nation.
const SCALES: [usize; 3] = [1, 20, 100];
/// Starts of the real binary per scale; the first, which finds no earlier
/// start's files in the page cache or the log folder, is reported apart.
const LIVE_STARTS: usize = 10;
const CHECKS: usize = 5;

/// One scale's figures: items, first frame (median of the later starts),
/// VmRSS in kB, search p99, `kiosk check` median.
struct Figures {
    items: usize,
    first_frame: Duration,
    rss_kb: u64,
    search_p99: Duration,
    check: Duration,
}

/// The figures of issue 15, side by side at each of [`SCALES`]: the real
/// binary's first frame and memory, `kiosk check`, a keystroke's search.
fn scales(root: &Path, settings: &Settings) {
    let tmp = tempfile::tempdir().unwrap();
    println!("\nscale: the shipped catalog 1×, 20×, 100× (tests/common/scale.rs), the real binary");
    let mut rows = Vec::new();
    let mut figures = Vec::new();
    for n in SCALES {
        let dir = tmp.path().join(format!("x{n}"));
        let catalog_dir = dir.join("catalog");
        let items = scale::write_catalog(n, &catalog_dir);
        let config = scaled_config(root, &dir, &catalog_dir);
        let bytes: u64 = std::fs::read_dir(&catalog_dir)
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum();
        println!("  {n}×: {items} items, {:.1} MB of RON", bytes as f64 / 1e6);
        let check = kiosk_check(&config);
        let (first, later, rss, hwm) = live_starts(&config);
        let catalog = catalog::load_dir(&catalog_dir).expect("the scaled catalog");
        let mut app = new_app(settings, catalog);
        let [a, b] = keystrokes(&mut app);
        let keys: Vec<Duration> = a.into_iter().chain(b).collect();
        rows.push(format!(
            "| {n}× ({items}) | {first:.1?} / {} | {rss} kB (peak {hwm} kB) | {} | {} |",
            median_p99(&later),
            median_p99(&keys),
            median_p99(&check),
        ));
        figures.push(Figures {
            items,
            first_frame: quantile(&later, 50),
            rss_kb: rss,
            search_p99: quantile(&keys, 99),
            check: quantile(&check, 50),
        });
    }
    println!(
        "\n| scale (items) | first frame: first start / later starts, median (p99) | VmRSS after start | search keystroke, median (p99) | kiosk check, median (p99) |"
    );
    println!("|---|---|---|---|---|");
    rows.iter().for_each(|r| println!("{r}"));
    if let [.., a, b] = &figures[..] {
        let per = |x: f64, y: f64| (y - x) * 1000.0 / (b.items - a.items) as f64;
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "\ngrowth per 1 000 items ({} → {} items): first frame {:.2} ms, VmRSS {:.0} kB, \
             search p99 {:.2} ms, kiosk check {:.1} ms",
            a.items,
            b.items,
            per(ms(a.first_frame), ms(b.first_frame)),
            per(a.rss_kb as f64, b.rss_kb as f64),
            per(ms(a.search_p99), ms(b.search_p99)),
            per(ms(a.check), ms(b.check)),
        );
    }
}

/// The `q`th percentile of `times`.
fn quantile(times: &[Duration], q: usize) -> Duration {
    let mut times = times.to_vec();
    times.sort();
    times[(times.len() - 1) * q / 100]
}

fn median_p99(times: &[Duration]) -> String {
    format!("{:.2?} ({:.2?})", quantile(times, 50), quantile(times, 99))
}

/// `kiosk check` on the config's catalog, [`CHECKS`] times: full validation.
fn kiosk_check(config: &Path) -> Vec<Duration> {
    (0..CHECKS)
        .map(|_| {
            let (out, t) = timed(|| {
                Command::new(env!("CARGO_BIN_EXE_kiosk"))
                    .arg("--config")
                    .arg(config)
                    .arg("check")
                    .output()
                    .expect("kiosk check runs")
            });
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            t
        })
        .collect()
}

/// The first start's first frame, the later starts', and the memory of the
/// last start a moment after its first frame (VmRSS, VmHWM in kB).
fn live_starts(config: &Path) -> (Duration, Vec<Duration>, u64, u64) {
    let mut firsts = Vec::new();
    let mut memory = (0, 0);
    for _ in 0..LIVE_STARTS {
        let (k, t) = timed(|| {
            let k = Live::start(config);
            k.wait_for(HOME);
            k
        });
        firsts.push(t);
        std::thread::sleep(Duration::from_millis(300));
        memory = (k.status_kb("VmRSS:"), k.status_kb("VmHWM:"));
    }
    let first = firsts.remove(0);
    (first, firsts, memory.0, memory.1)
}

/// The scales at which reloading is measured.
const RELOAD_SCALES: [usize; 2] = [20, 100];
/// Between two keys while a catalog loads: a quick visitor's pace.
const KEY_GAP: Duration = Duration::from_millis(30);

/// The operator's reload and a pick-up of the 20× and 100× catalogs in the
/// real binary, with keys arriving every [`KEY_GAP`] meanwhile: the loop's
/// longest busy stretch as the kiosk logs it, and each key's time to the
/// screen as seen from outside.
fn reloads(root: &Path) {
    println!(
        "\nreload: the operator's reload and a pick-up, keys every {KEY_GAP:?} meanwhile (the real binary)"
    );
    for n in RELOAD_SCALES {
        let tmp = tempfile::tempdir().unwrap();
        let catalog = tmp.path().join("catalog");
        let items = scale::write_catalog(n, &catalog);
        let config = scaled_config(root, tmp.path(), &catalog);
        // Looks every second; the idle reset after 10 + 5 s.
        let text = std::fs::read_to_string(&config).unwrap();
        let text = text
            .replace("catalog_check_secs: 300", "catalog_check_secs: 1")
            .replace("idle_timeout_secs: 90", "idle_timeout_secs: 10")
            .replace("idle_warning_secs: 20", "idle_warning_secs: 5");
        std::fs::write(&config, text).unwrap();
        let log = tmp.path().join("logs/kiosk.log");
        let mut k = Live::start(&config);
        k.wait_for(HOME);
        k.send("\x1b[24~");
        k.wait_for("请输入密码");
        k.send("2468\r");
        k.wait_for("运维菜单");
        k.send("1");
        k.wait_for("正在加载");
        let reload = k.keys_until(&log, "now in use");
        // A maintainer's update: one file changed (a comment added).
        k.send("\x1b");
        k.wait_for("运维菜单");
        k.send("\x1b");
        k.wait_for(HOME);
        let file = catalog.join("zhuzhou.ron");
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str("\n// updated\n");
        std::fs::write(&file, text).unwrap();
        let pickup = k.keys_until(&log, "goes into use at the next idle reset");
        // Left alone: in use at the idle reset.
        let before = std::fs::read_to_string(&log)
            .unwrap()
            .matches("now in use")
            .count();
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::fs::read_to_string(&log)
            .unwrap()
            .matches("now in use")
            .count()
            == before
        {
            assert!(Instant::now() < deadline, "never picked up");
            std::thread::sleep(Duration::from_millis(50));
        }
        println!("  {n}× ({items} items):");
        println!("    operator's reload, key to screen: {}", spread(reload));
        println!("    pick-up, key to screen: {}", spread(pickup));
        for line in std::fs::read_to_string(&log).unwrap().lines() {
            if line.contains("busy at most") {
                println!("    log: {}", line.split_once(' ').map_or(line, |(_, l)| l));
            }
        }
    }
}

impl Live {
    /// Sends Down and Up in turn every [`KEY_GAP`] until `log` has
    /// `needle`: each key's time until the screen changed.
    fn keys_until(&mut self, log: &Path, needle: &str) -> Vec<Duration> {
        let mut times = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        let logged = || std::fs::read_to_string(log).is_ok_and(|l| l.contains(needle));
        while !logged() {
            assert!(Instant::now() < deadline, "{needle:?} never logged");
            let key = ["\x1b[B", "\x1b[A"][times.len() % 2];
            let sent = Instant::now();
            self.send(key);
            while sent.elapsed() < Duration::from_secs(2) {
                let answer = self
                    .chunks
                    .lock()
                    .unwrap()
                    .iter()
                    .find(|(t, _)| *t >= sent)
                    .map(|(t, _)| *t);
                if let Some(t) = answer {
                    times.push(t - sent);
                    break;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(KEY_GAP);
        }
        times
    }
}
