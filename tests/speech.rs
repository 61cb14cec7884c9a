//! Reading aloud with the real espeak-ng: the text a screen is spoken with
//! reaches the program exactly, the audio it makes is of a plausible length,
//! stopping silences the program and everything it started, and a missing
//! or failing program is reported, never a panic.
//!
//! espeak-ng and sox come from Debian (`apt-get install espeak-ng sox`).
//! Under CI (`CI=true`) a missing one fails these tests; elsewhere they say
//! they skip.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::have;
use kiosk::catalog;
use kiosk::config::Speech;
use kiosk::document::sections;
use kiosk::speech::{self, Script, Speaker, SpeechState};
use nix::sys::signal::killpg;
use nix::unistd::Pid;

/// What the item screen would read of 株洲's 单位参保登记: its title and
/// the first fields in view, the hall's district first.
fn item_screen() -> Script {
    let catalog =
        catalog::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog")).unwrap();
    let guide = catalog.guide("zhuzhou").unwrap();
    let item = guide.find_item("002036001001").unwrap();
    let sections = sections::sections(item, Some("市本级"));
    let in_view: Vec<_> = sections
        .into_iter()
        .filter(|s| ["办理材料", "办理时限", "监督电话"].contains(&s.title))
        .collect();
    Script::from_sections(item.name.clone(), &in_view)
}

/// Polls as the event loop would until the speaker is no longer speaking.
fn until_done(speaker: &mut Speaker, limit: Duration) -> SpeechState {
    let start = Instant::now();
    loop {
        let state = speaker.poll();
        if state != SpeechState::Speaking {
            return state;
        }
        assert!(start.elapsed() < limit, "still speaking after {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn argv(script: &str, args: &[&Path]) -> Vec<String> {
    let mut argv = vec!["sh".to_string(), "-c".into(), script.into()];
    argv.extend(args.iter().map(|p| p.display().to_string()));
    argv
}

/// Characters that make a syllable: ideographs, letters, digits.
fn syllables(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

#[test]
fn the_screens_spoken_text_reaches_espeak_exactly() {
    if !have("espeak-ng") || !have("sox") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (heard, wav) = (dir.path().join("heard.txt"), dir.path().join("heard.wav"));
    let text = speech::spoken(&item_screen());
    assert!(text.starts_with("单位参保登记。\n办理材料。\n第一，统一社会信用代码证书"));
    assert!(text.contains("办理时限。\n不超过五个工作日。\n"), "{text}");
    assert!(
        text.contains("本厅，市本级，零七三一，二八六八一六七五。\n"),
        "{text}"
    );
    assert!(
        !text
            .chars()
            .any(|c| c.is_ascii_digit() || "《》【】".contains(c))
    );

    // The speech command as a hall could configure it: a copy of its input
    // on the way to the real espeak-ng.
    let command = argv("tee \"$0\" | espeak-ng -v cmn -w \"$1\"", &[&heard, &wav]);
    let mut speaker = Speaker::new(Some(command));
    speaker.speak(&text);
    assert_eq!(
        until_done(&mut speaker, Duration::from_secs(60)),
        SpeechState::Idle
    );
    assert_eq!(fs::read_to_string(&heard).unwrap(), text);
    eprintln!("{text}");
    assert!(common::audio_seconds(&wav) > 5.0);
}

#[test]
fn espeak_speaks_an_item_for_a_plausible_time() {
    if !have("espeak-ng") || !have("sox") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("item.wav");
    let text = speech::spoken(&item_screen());
    let command = ["espeak-ng", "-v", "cmn", "-w"].map(String::from).to_vec();
    let mut speaker = Speaker::new(Some([command, vec![wav.display().to_string()]].concat()));
    speaker.speak(&text);
    assert_eq!(
        until_done(&mut speaker, Duration::from_secs(60)),
        SpeechState::Idle
    );
    // Measured: about 0.3 s a syllable with the cmn voice at its default rate.
    let n = syllables(&text) as f64;
    let got = common::audio_seconds(&wav);
    eprintln!("{got:.2} s of audio for {n} syllables");
    assert!(
        (0.1 * n..0.6 * n + 2.0).contains(&got),
        "{got} s for {n} syllables"
    );
}

/// The processes of group `pgid`, by name (from /proc).
fn group(pgid: i32) -> Vec<String> {
    let mut names = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp …: comm may hold spaces, so split after it.
        let Some((head, tail)) = stat.rsplit_once(") ") else {
            continue;
        };
        let fields: Vec<&str> = tail.split_whitespace().collect();
        // A zombie is already dead: only its parent's reaping is left.
        if fields.get(2) == Some(&pgid.to_string().as_str()) && fields[0] != "Z" {
            names.push(head.split_once(" (").map_or("", |x| x.1).to_string());
        }
    }
    names
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(10), "{what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn read_pid(file: &PathBuf) -> i32 {
    wait_for("the script wrote its pid", || {
        fs::read_to_string(file).is_ok_and(|s| s.ends_with('\n'))
    });
    fs::read_to_string(file).unwrap().trim().parse().unwrap()
}

#[test]
fn stop_silences_a_long_speech_and_all_it_started() {
    if !have("espeak-ng") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    // espeak-ng into a sink that never reads: it stays busy as it would
    // while a sound card plays a long text in real time.
    let command = argv(
        "echo $$ > \"$0\"; espeak-ng -v cmn --stdout | sleep 600",
        &[&pid_file],
    );
    let mut speaker = Speaker::new(Some(command));
    let long = speech::spoken(&item_screen()).repeat(20);
    speaker.speak(&long);
    let pgid = read_pid(&pid_file);
    wait_for("espeak-ng is running", || {
        group(pgid).iter().any(|n| n == "espeak-ng")
    });
    assert_eq!(speaker.poll(), SpeechState::Speaking);

    let start = Instant::now();
    speaker.stop();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(speaker.poll(), SpeechState::Idle);
    wait_for("every process of the speech is gone", || {
        killpg(Pid::from_raw(pgid), None).is_err() || group(pgid).is_empty()
    });

    // A new text stops the one being read.
    fs::remove_file(&pid_file).unwrap();
    speaker.speak(&long);
    let first = read_pid(&pid_file);
    fs::remove_file(&pid_file).unwrap();
    speaker.speak("第二段。");
    let second = read_pid(&pid_file);
    assert_ne!(first, second);
    wait_for("the first speech is gone", || group(first).is_empty());
    drop(speaker);
    wait_for("dropping the speaker ends the speech", || {
        group(second).is_empty()
    });
}

#[test]
fn a_missing_or_failing_program_is_reported() {
    let mut none = Speaker::new(None);
    assert!(!none.is_configured());
    none.speak("你好");
    assert!(matches!(none.poll(), SpeechState::Unavailable(_)));

    let mut missing = Speaker::new(Some(vec!["no-such-speech-program-16".into()]));
    assert!(missing.is_configured());
    missing.speak("你好");
    let state = missing.poll();
    assert!(matches!(state, SpeechState::Unavailable(_)), "{state:?}");
    assert!(state.is_unavailable());

    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    let command = argv("echo run >> \"$0\"; cat > /dev/null; exit 3", &[&runs]);
    let mut failing = Speaker::new(Some(command));
    for tries in 1..=2 {
        // Each text tries the program again.
        failing.speak("你好");
        let state = until_done(&mut failing, Duration::from_secs(10));
        assert!(
            matches!(&state, SpeechState::Failed(m) if m.contains('3')),
            "{state:?}"
        );
        assert!(state.is_unavailable());
        assert_eq!(fs::read_to_string(&runs).unwrap().lines().count(), tries);
    }
}

#[test]
fn the_default_is_espeak_when_it_is_installed() {
    assert_eq!(speech::command(&Speech::Off), None);
    let own = Speech::Command(vec!["say".into()]);
    assert_eq!(speech::command(&own), Some(vec!["say".into()]));
    if !have("espeak-ng") {
        return;
    }
    let want = ["espeak-ng", "-v", "cmn"].map(String::from).to_vec();
    assert_eq!(speech::command(&Speech::Auto), Some(want));
}
