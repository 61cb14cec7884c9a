use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::read::BATCH;
use super::*;

fn hall_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

fn origin() -> Origin {
    Origin {
        hall_id: "zz01".into(),
        terminal_id: "T01".into(),
        region_code: Some("430202".into()),
        rating_channel: Some("政务大厅其他终端".into()),
        taxonomy_version: "t1".into(),
        catalog_version: "abc123".into(),
        ..Origin::default()
    }
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A rating of item `item` of 株洲 at 10:00 hall time on 2026-11-23.
fn rating(level: Level, item: &str) -> Rating {
    let reasons = if level.is_bad() {
        vec![Reason::new("S05", "等候时间长", About::Service)]
    } else {
        Vec::new()
    };
    Rating::new(
        new_id(),
        at("2026-11-23T02:00:00Z"),
        hall_offset(),
        &origin(),
        Subject::Item {
            guide_id: "zhuzhou",
            item_id: item,
            code: Some(item),
            name: "城乡居民医保参保登记",
        },
        level,
        &reasons,
    )
}

fn read_all(dir: &Path) -> (Vec<Rating>, Vec<Skipped>) {
    let mut good = Vec::new();
    let mut skipped = Vec::new();
    for item in records(dir, NaiveDate::MIN, NaiveDate::MAX).unwrap() {
        match item {
            Ok(r) => good.push(r),
            Err(s) => skipped.push(s),
        }
    }
    (good, skipped)
}

/// The ratings of `dir`, without a spare file.
fn files(dir: &Path) -> RatingFiles {
    RatingFiles {
        dir: dir.to_path_buf(),
        spare: None,
    }
}

fn native() -> Profile {
    Profile::shipped("native").unwrap()
}

/// Exports `settings`' ratings of `d` as the CLI does: CSV by the native
/// profile, or the records as JSON Lines.
fn export_to(
    settings: &Hall,
    d: &str,
    format: Format,
    output: Output,
) -> Result<Exported, ExportError> {
    let native = native();
    let layout = match format {
        Format::Csv => Layout::Profile(&native),
        Format::Jsonl => Layout::Records,
    };
    export(
        &Sources::Terminal(settings.rating_files()),
        day(d)..=day(d),
        layout,
        settings.offset,
        output,
    )
}

/// A new file, not replacing one.
fn new_file(path: PathBuf) -> Output {
    Output::File {
        path,
        replace: false,
    }
}

fn day_file(dir: &Path, d: &str) -> PathBuf {
    dir.join(format!("{d}.jsonl"))
}

fn append_raw(path: &Path, bytes: &[u8]) {
    let mut f = OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .unwrap();
    f.write_all(bytes).unwrap();
}

#[test]
fn levels_keep_both_numberings_apart() {
    let labels: Vec<&str> = Level::ALL.iter().map(|l| l.label()).collect();
    assert_eq!(
        labels,
        ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    );
    let codes: Vec<u8> = Level::ALL.iter().map(|l| l.code()).collect();
    assert_eq!(codes, [5, 4, 3, 2, 1]);
    for (i, level) in Level::ALL.into_iter().enumerate() {
        assert_eq!(Level::from_key(i as u8 + 1), Some(level));
        assert_eq!(Level::from_code(level.code()), Some(level));
        assert_eq!(level.is_bad(), i >= 3);
    }
    assert_eq!(Level::from_key(1), Some(Level::VerySatisfied));
    assert_eq!(Level::from_code(1), Some(Level::VeryDissatisfied));
    for bad in [0, 6, 255] {
        assert_eq!(Level::from_key(bad), None);
        assert_eq!(Level::from_code(bad), None);
    }
}

#[test]
fn a_rating_keeps_the_minute_and_the_hall_day() {
    // 23:59:59 in UTC is already the next morning in the hall.
    let r = Rating::new(
        new_id(),
        at("2026-11-23T16:30:59.999Z"),
        hall_offset(),
        &origin(),
        Subject::Hall,
        Level::Basic,
        &[],
    );
    assert_eq!(r.time, at("2026-11-23T16:30:00Z"));
    assert_eq!(r.day, day("2026-11-24"));
    assert_eq!((r.guide_id, r.item_id, r.item_code), (None, None, None));
    assert_eq!(r.taxonomy_version, None, "not a 差评");
    assert_eq!(r.item_name, HALL_ITEM_NAME);
    assert_eq!(r.catalog_version, "abc123");
}

#[test]
fn the_stored_line_names_code_label_and_flag() {
    let r = rating(Level::Dissatisfied, "002036001001");
    let line = serde_json::to_string(&r).unwrap();
    for field in [
        r#""schema":2"#,
        r#""region_code":"430202""#,
        r#""rating_channel":"政务大厅其他终端""#,
        r#""item_code":"002036001001""#,
        r#""reasons":[{"code":"S05","label":"等候时间长","about":"service"}]"#,
        r#""taxonomy_version":"t1""#,
        r#""level_code":2"#,
        r#""level_label":"不满意""#,
        r#""is_bad":true"#,
        r#""time":"2026-11-23T02:00:00Z""#,
        r#""day":"2026-11-23""#,
    ] {
        assert!(line.contains(field), "{field} in {line}");
    }
    let mismatched = line.replace(r#""level_label":"不满意""#, r#""level_label":"一般""#);
    assert!(serde_json::from_str::<Rating>(&mismatched).is_err());
}

#[test]
fn appended_records_read_back_from_their_day_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ratings");
    let (mut log, reports) = RatingLog::open(&dir);
    assert!(reports.is_empty());
    let mut written = Vec::new();
    for (i, level) in Level::ALL.into_iter().enumerate() {
        let mut r = rating(level, &format!("item{i}"));
        if i == 4 {
            r = Rating {
                day: day("2026-11-24"),
                ..r
            };
        }
        log.append(&r).unwrap();
        written.push(r);
    }
    assert_eq!(log.pending_count(), 0);
    let (read, skipped) = read_all(&dir);
    assert_eq!(read, written);
    assert!(skipped.is_empty(), "{skipped:?}");
    let text = fs::read_to_string(day_file(&dir, "2026-11-23")).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(text.ends_with('\n'));
    assert!(day_file(&dir, "2026-11-24").is_file());
    let one_day: Vec<_> = records(&dir, day("2026-11-24"), day("2026-11-24"))
        .unwrap()
        .collect();
    assert_eq!(one_day, vec![Ok(written[4].clone())]);
}

#[test]
fn a_torn_tail_is_quarantined_at_open_and_the_log_continues() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (mut log, _) = RatingLog::open(dir);
    for i in 0..3 {
        log.append(&rating(Level::Satisfied, &format!("i{i}")))
            .unwrap();
    }
    drop(log);
    let path = day_file(dir, "2026-11-23");
    let full = fs::read(&path).unwrap();
    let cut = full.len() - 40;
    fs::write(&path, &full[..cut]).unwrap();

    let (mut log, reports) = RatingLog::open(dir);
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(
        reports[0].contains("quarantined a torn last line"),
        "{reports:?}"
    );
    let quarantined = fs::read(dir.join(QUARANTINE_DIR).join("2026-11-23.jsonl")).unwrap();
    let torn_start = full[..full.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    assert_eq!(quarantined, [&full[torn_start..cut], b"\n"].concat());
    assert_eq!(fs::read(&path).unwrap(), &full[..torn_start]);

    log.append(&rating(Level::Basic, "after")).unwrap();
    let (read, skipped) = read_all(dir);
    assert!(skipped.is_empty(), "{skipped:?}");
    let items: Vec<_> = read.iter().map(|r| r.item_id.clone().unwrap()).collect();
    assert_eq!(items, ["i0", "i1", "after"]);
}

#[test]
fn zeros_left_by_a_power_cut_are_quarantined_even_after_a_newline() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (mut log, _) = RatingLog::open(dir);
    log.append(&rating(Level::Satisfied, "kept")).unwrap();
    drop(log);
    let path = day_file(dir, "2026-11-23");
    append_raw(&path, &[0u8; 300]);
    append_raw(&path, b"\n");
    let (_, reports) = RatingLog::open(dir);
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(reports[0].contains("(301 bytes)"), "{reports:?}");
    let (read, skipped) = read_all(dir);
    assert_eq!((read.len(), skipped.len()), (1, 0));
}

#[test]
fn a_torn_line_from_another_writer_is_repaired_before_the_next_append() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (mut log, _) = RatingLog::open(dir);
    log.append(&rating(Level::Satisfied, "first")).unwrap();
    append_raw(
        &day_file(dir, "2026-11-23"),
        br#"{"schema":1,"hall_id":"zz"#,
    );
    log.append(&rating(Level::Satisfied, "second")).unwrap();
    let notices = log.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    let (read, skipped) = read_all(dir);
    assert_eq!((read.len(), skipped.len()), (2, 0));
}

#[test]
fn damaged_and_foreign_lines_and_files_are_skipped_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (mut log, _) = RatingLog::open(dir);
    log.append(&rating(Level::VerySatisfied, "before")).unwrap();
    let path = day_file(dir, "2026-11-23");
    let good = serde_json::to_string(&rating(Level::Satisfied, "x")).unwrap();
    append_raw(&path, b"not json at all\n");
    let newer = good.replace(r#""schema":2"#, r#""schema":3,"mood":"?""#);
    append_raw(&path, format!("{newer}\n").as_bytes());
    let mut huge = vec![b'{'; 10 << 20];
    huge.push(b'\n');
    append_raw(&path, &huge);
    let elsewhere = good.replace("2026-11-23", "2026-11-20");
    append_raw(&path, format!("{elsewhere}\n").as_bytes());
    log.append(&rating(Level::Basic, "after")).unwrap();
    fs::create_dir(day_file(dir, "2026-11-22")).unwrap();
    fs::write(dir.join("notes.txt"), "an operator's notes").unwrap();

    let (mut log, reports) = RatingLog::open(dir);
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(reports[0].contains("2026-11-22.jsonl: not checked: is not a regular file"));
    assert!(log.take_notices().is_empty());

    let (read, skipped) = read_all(dir);
    let items: Vec<_> = read.iter().map(|r| r.item_id.clone().unwrap()).collect();
    assert_eq!(items, ["before", "after"]);
    let reasons: Vec<String> = skipped.iter().map(Skipped::to_string).collect();
    assert_eq!(reasons.len(), 5, "{reasons:#?}");
    assert!(
        reasons[0].ends_with("2026-11-22.jsonl: skipped the whole file: is not a regular file")
    );
    assert!(reasons[1].contains("2026-11-23.jsonl:2: skipped a line that is not a rating record"));
    assert!(reasons[2].ends_with(":3: skipped schema 3 (this program reads schemas 1 and 2)"));
    assert!(
        reasons[3].ends_with(":4: skipped a line of 10485760 bytes (at most 65536 are accepted)")
    );
    assert!(reasons[4].ends_with(":5: skipped a record of 2026-11-20 in the file of 2026-11-23"));
}

#[test]
fn failed_appends_wait_in_memory_until_a_retry_succeeds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ratings");
    let (mut log, _) = RatingLog::open(&dir);
    // The folder is gone and a file stands in its way: every write fails,
    // even for root, as a full or unplugged disk would.
    fs::remove_dir(&dir).unwrap();
    fs::write(&dir, "").unwrap();
    for item in ["a", "b"] {
        let err = log.append(&rating(Level::Satisfied, item)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotADirectory);
    }
    assert_eq!(log.pending_count(), 2);
    assert_eq!(
        log.last_error().unwrap().to_string(),
        format!("{}: is not a folder", dir.display())
    );
    assert!(log.retry_pending().is_err());
    assert_eq!(log.pending_count(), 2);

    fs::remove_file(&dir).unwrap();
    fs::create_dir(&dir).unwrap();
    log.append(&rating(Level::Satisfied, "c")).unwrap();
    assert_eq!(log.pending_count(), 0);
    assert!(log.last_error().is_none());
    assert_eq!(log.retry_pending().unwrap(), 0);
    let (read, _) = read_all(&dir);
    let items: Vec<_> = read.iter().map(|r| r.item_id.clone().unwrap()).collect();
    assert_eq!(items, ["a", "b", "c"], "older records first");
}

#[test]
fn records_that_could_not_be_read_back_are_refused_not_queued() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut log, _) = RatingLog::open(tmp.path());
    let mut praised = rating(Level::Satisfied, "x");
    praised.reasons = vec![Reason::legacy("服务态度")];
    let mut seconds = rating(Level::Satisfied, "x");
    seconds.time = at("2026-11-23T02:00:07Z");
    let mut huge = rating(Level::Satisfied, "x");
    huge.item_name = "名".repeat(MAX_LINE);
    for r in [praised, seconds, huge] {
        let err = log.append(&r).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
    }
    assert_eq!(log.pending_count(), 0);
    assert!(read_all(tmp.path()).0.is_empty());
}

/// Two 非常满意, one 满意, one 基本满意 (hall), one 不满意 and one
/// 非常不满意 (another guide, the next day).
fn known_log(dir: &Path) {
    let (mut log, _) = RatingLog::open(dir);
    let hall = Rating::new(
        new_id(),
        at("2026-11-23T03:00:00Z"),
        hall_offset(),
        &origin(),
        Subject::Hall,
        Level::Basic,
        &[],
    );
    let mut elsewhere = rating(Level::VeryDissatisfied, "002036001001");
    elsewhere.guide_id = Some("yongzhou".into());
    elsewhere.day = day("2026-11-24");
    for r in [
        rating(Level::VerySatisfied, "002036001001"),
        rating(Level::VerySatisfied, "002036001002"),
        rating(Level::Satisfied, "002036001001"),
        hall,
        rating(Level::Dissatisfied, "002036001001"),
        elsewhere,
    ] {
        log.append(&r).unwrap();
    }
}

#[test]
fn stats_count_levels_and_give_the_rate_with_its_formula() {
    let tmp = tempfile::tempdir().unwrap();
    known_log(tmp.path());
    let s = stats(
        &Sources::Terminal(files(tmp.path())),
        day("2026-11-23"),
        day("2026-11-24"),
        &[],
    )
    .unwrap();
    assert_eq!(s.overall.counts(), [2, 1, 1, 1, 1]);
    assert_eq!((s.overall.total(), s.overall.bad()), (6, 2));
    assert_eq!(s.overall.satisfaction_rate(), Some(4.0 / 6.0));
    assert_eq!(
        s.overall.rate_formula(),
        "满意率 = (非常满意+满意+基本满意)/总数 = (2+1+1)/6 = 66.67%"
    );
    assert!(s.groups.is_empty());

    let one_day = stats(
        &Sources::Terminal(files(tmp.path())),
        day("2026-11-23"),
        day("2026-11-23"),
        &[],
    )
    .unwrap();
    assert_eq!(one_day.overall.counts(), [2, 1, 1, 1, 0]);

    let empty = stats(
        &Sources::Terminal(files(tmp.path())),
        day("2026-11-25"),
        day("2026-11-30"),
        &[],
    )
    .unwrap();
    assert_eq!(empty.overall.satisfaction_rate(), None);
    assert!(empty.overall.rate_formula().ends_with("= 无（总数为 0）"));
}

#[test]
fn stats_group_by_item_guide_and_day() {
    let tmp = tempfile::tempdir().unwrap();
    known_log(tmp.path());
    let group = |by| {
        let s = stats(
            &Sources::Terminal(files(tmp.path())),
            day("2026-11-23"),
            day("2026-11-24"),
            &[by],
        )
        .unwrap();
        s.groups
            .into_iter()
            .map(|g| (g.label, g.stats.counts()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        group(GroupBy::Item),
        [
            (HALL_ITEM_NAME.to_string(), [0, 0, 1, 0, 0]),
            (
                "yongzhou 002036001001 城乡居民医保参保登记".into(),
                [0, 0, 0, 0, 1]
            ),
            (
                "zhuzhou 002036001001 城乡居民医保参保登记".into(),
                [1, 1, 0, 1, 0]
            ),
            (
                "zhuzhou 002036001002 城乡居民医保参保登记".into(),
                [1, 0, 0, 0, 0]
            ),
        ]
    );
    assert_eq!(
        group(GroupBy::Guide),
        [
            (HALL_ITEM_NAME.to_string(), [0, 0, 1, 0, 0]),
            ("yongzhou".into(), [0, 0, 0, 0, 1]),
            ("zhuzhou".into(), [2, 1, 0, 1, 0]),
        ]
    );
    assert_eq!(
        group(GroupBy::Day),
        [
            ("2026-11-23".to_string(), [2, 1, 1, 1, 0]),
            ("2026-11-24".into(), [0, 0, 0, 0, 1]),
        ]
    );
}

#[test]
fn the_stats_table_aligns_chinese_labels() {
    let tmp = tempfile::tempdir().unwrap();
    known_log(tmp.path());
    let s = stats(
        &Sources::Terminal(files(tmp.path())),
        day("2026-11-23"),
        day("2026-11-24"),
        &[GroupBy::Day],
    )
    .unwrap();
    let lines = s.lines();
    assert_eq!(
        lines,
        [
            "评价统计 2026-11-23 至 2026-11-24",
            "            非常满意  满意  基本满意  不满意  非常不满意  总数  差评  满意率",
            "2026-11-23         2     1         1       1           0     5     1  80.00%",
            "2026-11-24         0     0         0       0           1     1     1   0.00%",
            "合计               2     1         1       1           1     6     2  66.67%",
            "满意率 = (非常满意+满意+基本满意)/总数 = (2+1+1)/6 = 66.67%",
        ]
    );
}

/// A hall's ratings and export folders under `dir`, as kiosk.ron names them.
fn settings_in(dir: &Path) -> Hall {
    Hall {
        root: dir.to_path_buf(),
        offset: hall_offset(),
    }
}

/// What the export tests need of a terminal's configuration.
struct Hall {
    root: PathBuf,
    offset: FixedOffset,
}

impl Hall {
    fn ratings_dir(&self) -> PathBuf {
        self.root.join("r")
    }

    fn export_dir(&self) -> PathBuf {
        self.root.join("e")
    }

    fn default_export(&self, d: NaiveDate, layout: Layout<'_>) -> PathBuf {
        self.export_dir()
            .join(default_file_name("zz01", "T01", d, layout))
    }

    fn rating_files(&self) -> RatingFiles {
        RatingFiles {
            dir: self.ratings_dir(),
            spare: None,
        }
    }
}

/// Ratings whose item names a spreadsheet would misread.
fn awkward_log(settings: &Hall) -> Vec<&'static str> {
    let names = vec![
        "普通, 带逗号",
        "带\"引号\"",
        "两\n行",
        "=HYPERLINK(\"http://x\")",
        "+1",
        "-无-",
        "@SUM(A1)",
        "\t制表",
        "\r回车",
    ];
    let (mut log, _) = RatingLog::open(settings.ratings_dir());
    for name in &names {
        let mut r = rating(Level::VeryDissatisfied, "002036001001");
        r.item_name = name.to_string();
        r.reasons = vec![Reason::legacy("流程繁琐"), Reason::legacy("等候时间长")];
        log.append(&r).unwrap();
    }
    names
}

#[test]
fn csv_export_opens_in_excel_and_defuses_formulas() {
    let tmp = tempfile::tempdir().unwrap();
    let settings = settings_in(tmp.path());
    let names = awkward_log(&settings);
    fs::create_dir(settings.export_dir()).unwrap();
    let default = Output::File {
        path: settings.default_export(day("2026-11-23"), Layout::Profile(&native())),
        replace: true,
    };
    let done = export_to(&settings, "2026-11-23", Format::Csv, default).unwrap();
    let path = done.path.unwrap();
    assert_eq!(path, tmp.path().join("e/zz01-T01-2026-11-23.csv"));
    assert_eq!(done.records, names.len() as u64);
    let bytes = fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert_eq!(
        text.split("\r\n").next().unwrap(),
        "时间(UTC+08:00),日期,大厅,终端,城市,事项编码,事项名称,评价等级,等级代码,是否差评,差评原因,目录版本"
    );
    assert!(text.ends_with("\r\n"));
    assert!(text.contains("\r\n2026-11-23 10:00,2026-11-23,zz01,T01,zhuzhou,002036001001,\"普通, 带逗号\",非常不满意,1,是,流程繁琐；等候时间长,abc123\r\n"));
    assert!(text.contains(",\"带\"\"引号\"\"\","));
    assert!(text.contains(",\"两\n行\","));

    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let got: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[6].to_string())
        .collect();
    let expected: Vec<String> = names
        .iter()
        .map(|n| match n.chars().next() {
            Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{n}"),
            _ => n.to_string(),
        })
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn jsonl_export_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let settings = settings_in(tmp.path());
    awkward_log(&settings);
    let out = tmp.path().join("day.jsonl");
    let done = export_to(
        &settings,
        "2026-11-23",
        Format::Jsonl,
        new_file(out.clone()),
    )
    .unwrap();
    let text = fs::read_to_string(&out).unwrap();
    let back: Vec<Rating> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(back, read_all(&settings.ratings_dir()).0);
    assert_eq!(done.records, back.len() as u64);
}

#[test]
fn an_export_that_cannot_be_written_says_where_and_leaves_no_file() {
    let tmp = tempfile::tempdir().unwrap();
    let settings = settings_in(tmp.path());
    awkward_log(&settings);
    let blocked = tmp.path().join("file");
    fs::write(&blocked, "").unwrap();
    let err = export_to(
        &settings,
        "2026-11-23",
        Format::Csv,
        new_file(blocked.join("out.csv")),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: cannot use its folder: it is not a folder",
            blocked.join("out.csv").display()
        )
    );
    let full = export_to(
        &settings,
        "2026-11-23",
        Format::Csv,
        new_file("/dev/full".into()),
    )
    .unwrap_err();
    assert!(full.action.starts_with("cannot write"), "{full}");
}

#[test]
fn a_whole_overlong_last_line_is_left_for_the_reader_and_a_torn_one_is_cut() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = day_file(dir, "2026-11-23");
    let mut huge = vec![b'x'; 3 * MAX_LINE];
    huge.push(b'\n');
    append_raw(&path, &huge);
    let (mut log, reports) = RatingLog::open(dir);
    assert!(reports.is_empty(), "{reports:?}");
    log.append(&rating(Level::Satisfied, "after")).unwrap();
    assert!(log.take_notices().is_empty());
    append_raw(&path, &huge[..2 * MAX_LINE]);
    let (_, reports) = RatingLog::open(dir);
    assert!(
        reports[0].contains(&format!("({} bytes)", 2 * MAX_LINE)),
        "{reports:?}"
    );
    let (read, skipped) = read_all(dir);
    assert_eq!((read.len(), skipped.len()), (1, 1));
}

#[test]
fn an_export_into_the_ratings_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let settings = settings_in(tmp.path());
    awkward_log(&settings);
    let day_file = day_file(&settings.ratings_dir(), "2026-11-23");
    let before = fs::read(&day_file).unwrap();
    let spelt = tmp.path().join("e/../r/./2026-11-23.jsonl");
    fs::create_dir_all(tmp.path().join("e")).unwrap();
    let err = export_to(&settings, "2026-11-23", Format::Jsonl, new_file(spelt)).unwrap_err();
    assert_eq!(err.action, "refused");
    assert_eq!(fs::read(&day_file).unwrap(), before);
}

/// Runs `f` on its own thread and fails if it takes longer than `limit`:
/// a FIFO or a symlink to a device must never stall the kiosk's start-up.
fn within<T: Send + 'static>(
    limit: std::time::Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(limit).expect("finished in time")
}

#[test]
fn a_hostile_folder_is_reported_and_skipped_at_open_and_read_and_good_records_survive() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let (mut log, _) = RatingLog::open(&dir);
    log.append(&rating(Level::Satisfied, "good")).unwrap();
    drop(log);
    let path = day_file(&dir, "2026-11-23");
    append_raw(&path, b"\xff\xfe\x80 not UTF-8 \xc3\x28\n");
    // Several MB of garbage with no newline: a torn tail as far as it knows.
    append_raw(&path, &vec![b'7'; 5 << 20]);
    let fifo = day_file(&dir, "2026-11-24");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.unwrap().success(), "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", day_file(&dir, "2026-11-25")).unwrap();
    let locked = day_file(&dir, "2026-11-26");
    let mut other = rating(Level::Basic, "locked");
    other.day = day("2026-11-26");
    append_raw(
        &locked,
        format!("{}\n", serde_json::to_string(&other).unwrap()).as_bytes(),
    );
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads a mode-000 file anyway; then its record must be read too.
    let readable = fs::File::open(&locked).is_ok();
    eprintln!("a mode-000 day file is readable here (root): {readable}");

    let opened = within(std::time::Duration::from_secs(20), {
        let dir = dir.clone();
        move || RatingLog::open(&dir).1
    });
    let reports = opened.join("\n");
    assert!(
        reports.contains("2026-11-24.jsonl: not checked: is not a regular file"),
        "{reports}"
    );
    assert!(
        reports.contains("2026-11-25.jsonl: not checked: is not a regular file"),
        "{reports}"
    );
    assert!(
        reports.contains(&format!("({} bytes)", 5 << 20)),
        "{reports}"
    );
    assert_eq!(
        reports.contains("2026-11-26.jsonl: not checked"),
        !readable,
        "{reports}"
    );

    let (read, skipped) = within(std::time::Duration::from_secs(20), move || read_all(&dir));
    let items: Vec<_> = read.iter().map(|r| r.item_id.clone().unwrap()).collect();
    let skipped: Vec<String> = skipped.iter().map(Skipped::to_string).collect();
    assert_eq!(
        items,
        if readable {
            vec!["good", "locked"]
        } else {
            vec!["good"]
        }
    );
    assert!(
        skipped[0].contains("2026-11-23.jsonl:2: skipped a line that is not a rating record"),
        "{skipped:#?}"
    );
    assert!(
        skipped[1].ends_with("2026-11-24.jsonl: skipped the whole file: is not a regular file"),
        "{skipped:#?}"
    );
    assert!(
        skipped[2].ends_with("2026-11-25.jsonl: skipped the whole file: is not a regular file"),
        "{skipped:#?}"
    );
    assert_eq!(skipped.len(), 3 + usize::from(!readable), "{skipped:#?}");
}

/// A record that could not reach its day file is kept in the spare at once,
/// survives the program (here: the log dropped), is counted by exports
/// meanwhile, and is written to its day file — once — by the next run.
#[test]
fn held_records_survive_a_restart_through_the_spare() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ratings");
    let spare = tmp.path().join("logs/held-ratings.jsonl");
    let files = RatingFiles {
        dir: dir.clone(),
        spare: Some(spare.clone()),
    };
    // A folder where the day file should be: every write fails, even for root.
    let blocked = day_file(&dir, "2026-11-23");
    fs::create_dir_all(&blocked).unwrap();
    let (mut log, _) = RatingLog::open(&dir);
    assert!(log.hold_in(&spare).is_empty());
    for item in ["a", "b"] {
        assert!(log.append(&rating(Level::Satisfied, item)).is_err());
    }
    assert_eq!(
        log.held(),
        Held::Spared {
            count: 2,
            path: spare.clone()
        }
    );
    drop(log);
    let held = |files: &RatingFiles| -> Vec<String> {
        let records = files.records(day("2026-11-23"), day("2026-11-23")).unwrap();
        records
            .filter_map(|r| Some(r.ok()?.item_id?.into()))
            .collect()
    };
    assert_eq!(held(&files), ["a", "b"], "exports count held records");

    fs::remove_dir(&blocked).unwrap();
    let (mut log, _) = RatingLog::open(&dir);
    let notes = log.hold_in(&spare);
    assert!(
        notes[0].starts_with("2 ratings held by an earlier run"),
        "{notes:?}"
    );
    assert_eq!(log.held(), Held::None);
    assert_eq!(read_all(&dir).0.len(), 2);
    assert!(
        held_lines(&spare).unwrap().is_empty(),
        "the spare is emptied"
    );
    assert_eq!(held(&files), ["a", "b"], "and nothing is counted twice");
}

/// When even the spare cannot be made, the operator is told that the held
/// records are only in memory.
#[test]
fn without_a_spare_held_records_are_said_to_be_in_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ratings");
    fs::write(&dir, "").unwrap();
    let (mut log, _) = RatingLog::open(&dir);
    let blocked = tmp.path().join("ratings/held.jsonl");
    assert!(log.hold_in(&blocked)[0].contains("cannot reserve space for held ratings"));
    assert!(log.append(&rating(Level::Basic, "a")).is_err());
    assert!(matches!(log.held(), Held::InMemory { count: 1, .. }));
}

/// An export never writes through a link to a ratings file, never replaces
/// a file unless told to, and a failed one leaves the old file as it was.
#[test]
fn an_export_never_clobbers_what_it_must_not() {
    let tmp = tempfile::tempdir().unwrap();
    let settings = settings_in(tmp.path());
    awkward_log(&settings);
    let day_path = day_file(&settings.ratings_dir(), "2026-11-23");
    let before = fs::read(&day_path).unwrap();
    let symlink = tmp.path().join("link.csv");
    std::os::unix::fs::symlink(&day_path, &symlink).unwrap();
    let hard = tmp.path().join("hard.csv");
    fs::hard_link(&day_path, &hard).unwrap();
    for (target, replace) in [(&symlink, true), (&hard, true), (&symlink, false)] {
        let output = Output::File {
            path: target.clone(),
            replace,
        };
        let err = export_to(&settings, "2026-11-23", Format::Csv, output).unwrap_err();
        assert_eq!(err.action, "refused", "{target:?}: {err}");
    }
    assert_eq!(fs::read(&day_path).unwrap(), before);

    let other = tmp.path().join("kiosk.ron");
    fs::write(&other, "(hall_id: \"zz01\")").unwrap();
    let err = export_to(
        &settings,
        "2026-11-23",
        Format::Csv,
        new_file(other.clone()),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("the file exists (give --force to replace it)"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&other).unwrap(), "(hall_id: \"zz01\")");
    let forced = Output::File {
        path: other.clone(),
        replace: true,
    };
    export_to(&settings, "2026-11-23", Format::Csv, forced).unwrap();
    assert!(fs::read(&other).unwrap().starts_with(b"\xEF\xBB\xBF"));
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".export-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A run that ended between writing a held record to its day file and
/// emptying the spare leaves it in both: it is counted once meanwhile, and
/// the next start does not write it again.
#[test]
fn a_record_both_written_and_held_is_counted_and_written_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ratings");
    let spare_path = tmp.path().join("logs/held-ratings.jsonl");
    let both = rating(Level::Satisfied, "both");
    let held_only = rating(Level::Basic, "held");
    let (mut log, _) = RatingLog::open(&dir);
    log.append(&both).unwrap();
    drop(log);
    let line = |r: &Rating| format!("{}\n", serde_json::to_string(r).unwrap()).into_bytes();
    let (mut spare, _) = Spare::open(&spare_path).unwrap();
    spare
        .store([line(&both).as_slice(), line(&held_only).as_slice()])
        .unwrap();
    drop(spare);

    let files = RatingFiles {
        dir: dir.clone(),
        spare: Some(spare_path.clone()),
    };
    let mut records = files.records(day("2026-11-23"), day("2026-11-23")).unwrap();
    let ids: Vec<String> = records.by_ref().map(|r| r.unwrap().id).collect();
    assert_eq!(ids, [both.id.clone(), held_only.id.clone()]);
    assert_eq!(records.duplicates(), 1);

    let (mut log, _) = RatingLog::open(&dir);
    let notes = log.hold_in(&spare_path);
    assert!(
        notes[0].starts_with("1 ratings held by an earlier run were already in their day files"),
        "{notes:?}"
    );
    let (read, _) = read_all(&dir);
    let ids: Vec<&str> = read.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, [both.id.as_str(), held_only.id.as_str()]);
    assert!(held_lines(&spare_path).unwrap().is_empty());
}

/// A fleet's files as collected: a terminal's spare file among them is read
/// up to its reserved zeros, and its records count once with the day files.
#[test]
fn a_fleet_reads_a_copied_spare_and_counts_its_records_once() {
    let tmp = tempfile::tempdir().unwrap();
    let terminal = tmp.path().join("T01");
    fs::create_dir(&terminal).unwrap();
    let (mut log, _) = RatingLog::open(terminal.join("ratings"));
    let written = rating(Level::Satisfied, "written");
    log.append(&written).unwrap();
    let held = rating(Level::VeryDissatisfied, "held");
    let line = |r: &Rating| format!("{}\n", serde_json::to_string(r).unwrap()).into_bytes();
    let (mut spare, _) = Spare::open(&terminal.join("logs/held-ratings.jsonl")).unwrap();
    spare
        .store([line(&written).as_slice(), line(&held).as_slice()])
        .unwrap();
    let mut records = fleet(
        &[terminal.clone(), terminal],
        NaiveDate::MIN,
        NaiveDate::MAX,
    )
    .unwrap();
    let read: Vec<_> = records.by_ref().collect();
    assert!(read.iter().all(Result::is_ok), "{read:?}");
    let mut ids: Vec<String> = read.into_iter().map(|r| r.unwrap().id).collect();
    ids.sort();
    let mut expected = vec![written.id, held.id];
    expected.sort();
    assert_eq!(ids, expected);
    assert_eq!(records.duplicates(), 4);
}

#[test]
fn an_export_of_many_batches_writes_what_reading_record_by_record_yields() {
    // Enough lines for the export's two threads to share the decoding, and
    // what only read order decides spread over the batches: damaged lines,
    // identical schema 1 lines (numbered in order), a record twice.
    let tmp = tempfile::tempdir().unwrap();
    let v1 = r#"{"schema":1,"hall_id":"zz01","terminal_id":"T01","time":"2026-11-23T02:07:00Z","day":"2026-11-23","city_id":"zhuzhou","item_id":"002036001001","item_name":"职工参保登记","level_code":2,"level_label":"不满意","is_bad":true,"reasons":["流程繁琐"],"catalog_version":"abc"}"#;
    let twice = serde_json::to_string(&rating(Level::Satisfied, "002036001002")).unwrap();
    let mut text = String::new();
    for i in 0..10 * BATCH {
        let line = match i % 997 {
            0 => "{\"damaged".to_string(),
            1 | 500 => v1.to_string(),
            2 => twice.clone(),
            _ => serde_json::to_string(&rating(Level::ALL[i % 5], "002036001001")).unwrap(),
        };
        text.push_str(&line);
        text.push('\n');
    }
    let file = day_file(tmp.path(), "2026-11-23");
    fs::write(&file, text).unwrap();
    let sources = Sources::Fleet(vec![file.clone()]);
    let d = day("2026-11-23");

    let mut one_by_one = sources.records(d, d).unwrap();
    let (mut expected, mut skipped) = (String::new(), Vec::new());
    for item in one_by_one.by_ref() {
        match item {
            Ok(r) => expected.push_str(&(serde_json::to_string(&r).unwrap() + "\n")),
            Err(s) => skipped.push(s),
        }
    }
    let out = tmp.path().join("out.jsonl");
    let done = export(
        &sources,
        d..=d,
        Layout::Records,
        hall_offset(),
        new_file(out.clone()),
    )
    .unwrap();
    assert_eq!(fs::read_to_string(&out).unwrap(), expected);
    assert_eq!(done.skips.count, skipped.len() as u64);
    assert_eq!(
        done.skips.first,
        skipped[..skipped.len().min(done.skips.first.len())]
    );
    assert_eq!(done.duplicates, one_by_one.duplicates());
    // Every line is a record or a skip, or the record met before.
    let lines = 10 * BATCH as u64;
    assert_eq!(done.records + done.skips.count + done.duplicates, lines);
    let repeats = (0..10 * BATCH).filter(|i| i % 997 == 2).count() as u64 - 1;
    assert_eq!(done.duplicates, repeats);
    assert!(
        expected.contains("-2\""),
        "identical schema 1 lines numbered"
    );
}
