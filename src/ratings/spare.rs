//! The spare file: where records that the day files cannot take yet (a full
//! disk, a ratings folder that went away) are kept durably until they can.
//!
//! A visitor who was thanked for a rating must never lose it, so its space is
//! reserved when the kiosk starts: a disk that fills up later still has room
//! for what was acknowledged. The file holds whole record lines followed by a
//! NUL byte; the rest of the reserved space is zeros. It is rewritten in
//! place, never shrunk (shrinking would give the reserved blocks back).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// Space reserved at start-up: some 180 records, far more than a hall's
/// visitors give while a disk is being cleared.
pub const SPARE_BYTES: u64 = 64 * 1024;

/// A spare larger than this is not ours (or is damage) and is not read whole.
const MAX_SPARE_BYTES: u64 = 16 * 1024 * 1024;

/// The spare file, open for this kiosk.
#[derive(Debug)]
pub struct Spare {
    path: PathBuf,
    file: File,
    /// Bytes the file may hold without allocating: its reserved length.
    reserved: u64,
}

impl Spare {
    /// Opens `path` (creating it and its folder), reserves its space, and
    /// returns the record lines an earlier run left in it.
    pub fn open(path: &Path) -> io::Result<(Spare, Vec<Vec<u8>>)> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        if !file.metadata()?.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "is not a regular file",
            ));
        }
        let earlier = read_lines(&file)?;
        let reserved = reserve(&file, SPARE_BYTES)?;
        let spare = Spare {
            path: path.to_path_buf(),
            file,
            reserved,
        };
        Ok((spare, earlier))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces what the spare holds with `lines` (each ending in a newline),
    /// durably. Space beyond the reservation is reserved first, so a full
    /// disk fails here, before a byte is written, and leaves the old content.
    pub fn store<'a>(&mut self, lines: impl IntoIterator<Item = &'a [u8]>) -> io::Result<()> {
        let mut content: Vec<u8> = lines.into_iter().flatten().copied().collect();
        content.push(0);
        let needed = content.len() as u64;
        if needed > self.reserved {
            self.reserved = reserve(&self.file, needed)?;
        }
        self.file.lock()?;
        let written = self
            .file
            .write_all_at(&content, 0)
            .and_then(|()| self.file.sync_data());
        let _ = self.file.unlock();
        written
    }
}

/// Makes `len` bytes of `file` allocated on disk (never shrinking it), so
/// writing within them cannot fail for want of space. Returns the length now
/// reserved.
fn reserve(file: &File, len: u64) -> io::Result<u64> {
    let have = file.metadata()?.len();
    if have >= len {
        return Ok(have);
    }
    match rustix::fs::fallocate(file, rustix::fs::FallocateFlags::empty(), 0, len) {
        Ok(()) => {}
        // A file system without fallocate: real zeros take real blocks.
        Err(e) if e == rustix::io::Errno::OPNOTSUPP => {
            let zeros = vec![0u8; (len - have) as usize];
            file.write_all_at(&zeros, have)?;
        }
        Err(e) => return Err(e.into()),
    }
    file.sync_all()?;
    Ok(len)
}

/// The record lines held in the spare at `path`, without their newlines;
/// none when there is no spare. For exports and statistics, which must count
/// what the kiosk holds there too.
pub fn held_lines(path: &Path) -> io::Result<Vec<Vec<u8>>> {
    match File::open(path) {
        Ok(file) => {
            file.lock_shared()?;
            let lines = read_lines(&file);
            let _ = file.unlock();
            lines
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// The lines before the first NUL, each with its newline, skipping blanks.
fn read_lines(file: &File) -> io::Result<Vec<Vec<u8>>> {
    let mut bytes = Vec::new();
    file.take(MAX_SPARE_BYTES).read_to_end(&mut bytes)?;
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    Ok(bytes[..end]
        .split_inclusive(|&b| b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty())
        .map(|l| {
            let mut line = l.to_vec();
            if line.last() != Some(&b'\n') {
                line.push(b'\n');
            }
            line
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_lines_come_back_and_the_space_stays_reserved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs/held.jsonl");
        let (mut spare, earlier) = Spare::open(&path).unwrap();
        assert!(earlier.is_empty());
        assert_eq!(fs::metadata(&path).unwrap().len(), SPARE_BYTES);
        spare
            .store([&b"{\"a\":1}\n"[..], &b"{\"b\":2}\n"[..]])
            .unwrap();
        spare.store([&b"{\"b\":2}\n"[..]]).unwrap();
        assert_eq!(held_lines(&path).unwrap(), [b"{\"b\":2}\n".to_vec()]);
        drop(spare);
        let (_, earlier) = Spare::open(&path).unwrap();
        assert_eq!(earlier, [b"{\"b\":2}\n".to_vec()]);
        assert_eq!(fs::metadata(&path).unwrap().len(), SPARE_BYTES);
    }

    #[test]
    fn content_beyond_the_reservation_grows_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("held.jsonl");
        let (mut spare, _) = Spare::open(&path).unwrap();
        let mut line = vec![b'x'; 1000];
        line.push(b'\n');
        let lines: Vec<&[u8]> = (0..100).map(|_| line.as_slice()).collect();
        spare.store(lines.iter().copied()).unwrap();
        assert_eq!(held_lines(&path).unwrap().len(), 100);
        spare.store([]).unwrap();
        assert!(held_lines(&path).unwrap().is_empty());
    }

    #[test]
    fn no_spare_holds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(held_lines(&dir.path().join("none")).unwrap().is_empty());
    }
}
