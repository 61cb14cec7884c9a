//! A small tmpfs of the test's own: a disk that fills up, or one mounted
//! read-only, as a hall's USB stick or full system disk would be. Mounting
//! needs root (CI runs as root); elsewhere the test says it skipped, but
//! under `CI=true` a test that cannot mount fails rather than pass unrun.

// Shared by several test files, each of which uses only part of it.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TmpFs {
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

impl TmpFs {
    /// A tmpfs of `kib` KiB at a new folder, or `None` where this process may
    /// not mount one.
    pub fn mount(kib: u64) -> Option<TmpFs> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("disk");
        fs::create_dir(&path).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must be able to mount a tmpfs (run as root)"
            );
            eprintln!("skipped: this test needs root to mount a tmpfs");
            return None;
        }
        Some(TmpFs { path, _dir: dir })
    }

    /// Fills the disk to the last byte.
    pub fn fill(&self) {
        let mut filler = fs::File::create(self.path.join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while filler.write_all(&block).is_ok() {}
        while filler.write_all(&block[..1]).is_ok() {}
    }

    /// Gives the filled space back.
    pub fn free(&self) {
        fs::remove_file(self.path.join("filler")).unwrap();
    }

    /// Makes the disk read-only, as a write-protected stick is.
    pub fn read_only(&self) {
        let remounted = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.path)
            .status()
            .unwrap();
        assert!(remounted.success(), "remount read-only");
    }

    pub fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.path.join(p)
    }
}

impl Drop for TmpFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}
