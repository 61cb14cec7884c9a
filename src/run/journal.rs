//! The kiosk's own log files in the log folder: one line per event
//! (`kiosk.log`) and panic reports (`panic.log`). Both are bounded: a file
//! past [`MAX_BYTES`] is moved to `<name>.1` (replacing the older one) before
//! the next line, so a kiosk left alone for years never fills its disk.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A log file past this size is rotated.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// The event log's file name in the log folder.
pub const EVENTS: &str = "kiosk.log";
/// The panic reports' file name in the log folder.
pub const PANICS: &str = "panic.log";

/// Appends one timestamped line to the event log; failures are ignored,
/// since there is nowhere left to report them.
pub fn write(log_dir: &Path, line: &str) {
    let line = format!("{} {line}\n", chrono::Utc::now().to_rfc3339());
    let _ = append(log_dir, EVENTS, line.as_bytes());
}

/// Appends `text` to `log_dir/name`, durably, rotating the file first when
/// it has grown past [`MAX_BYTES`].
pub fn append(log_dir: &Path, name: &str, text: &[u8]) -> io::Result<()> {
    fs::create_dir_all(log_dir)?;
    let path = log_dir.join(name);
    if fs::metadata(&path).is_ok_and(|m| m.len() > MAX_BYTES) {
        fs::rename(&path, rotated(&path))?;
    }
    let mut file = OpenOptions::new().create(true).append(true).open(&path)?;
    file.write_all(text)?;
    file.sync_data()
}

/// Opens the event log for appending, rotated as [`append`] would: the
/// kiosk's standard error goes there while the terminal is its screen.
pub fn open_events(log_dir: &Path) -> io::Result<fs::File> {
    append(log_dir, EVENTS, b"")?;
    OpenOptions::new().append(true).open(log_dir.join(EVENTS))
}

fn rotated(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".1");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_log_is_rotated_and_both_stay_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let chunk = vec![b'x'; 300 * 1024];
        for _ in 0..20 {
            append(dir.path(), PANICS, &chunk).unwrap();
        }
        let size = |name: &str| fs::metadata(dir.path().join(name)).unwrap().len();
        assert!(size(PANICS) <= MAX_BYTES + chunk.len() as u64);
        assert!(size("panic.log.1") <= MAX_BYTES + chunk.len() as u64);
        let files = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(files, 2, "only the log and one older file");
    }

    #[test]
    fn events_are_timestamped_lines() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "terminal gone");
        let text = fs::read_to_string(dir.path().join(EVENTS)).unwrap();
        assert!(
            text.ends_with(" terminal gone\n") && text.starts_with("20"),
            "{text}"
        );
    }
}
