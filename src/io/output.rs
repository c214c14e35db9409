//! Writing an output folder atomically: everything goes to a hidden temporary folder beside
//! the target, which replaces the target only once every file is complete. A reader never
//! sees a half-written file and a failed run leaves the previous folder as it was.
//!
//! Only a folder renfort wrote is ever replaced: each output folder holds a marker file
//! (`MARKER`), and an existing target without it must be empty. A planner who gives an
//! existing folder of their own as `--out` (their desktop, say) gets an error, not that
//! folder replaced by a plan.
//!
//! Files are flushed to disk once, all together, just before the folder is moved into place:
//! a national plan writes about 1,700 files (one calendar per volunteer), and one `fsync`
//! after each file, in turn, made the writing take seconds on a slow disk, longer than the
//! solve itself at a short time limit.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Code, InputError};

/// The file that marks a folder as one renfort wrote and may replace.
pub const MARKER: &str = ".renfort";

const MARKER_TEXT: &str = "This folder was written by renfort. renfort replaces it as a \
whole when asked to write here again: keep nothing else in it.\n";

/// Whether renfort may write its output at `target`: nothing is there, or an empty folder,
/// or a folder renfort wrote (it holds `MARKER`). `flag` names the option the path came
/// from, for the message.
pub fn check_target(target: &Path, flag: &str) -> Result<(), InputError> {
    let refuse = |why: &str| {
        Err(InputError::new(
            Code::BadArgument,
            "command line",
            format!(
                "{flag} {}: {why}; renfort replaces its output folder as a whole, so it \
                 only writes to a new folder, an empty one or one it wrote itself \
                 (choose another folder, or remove this one)",
                target.display()
            ),
        ))
    };
    match fs::symlink_metadata(target) {
        Err(_) => Ok(()),
        Ok(m) if !m.is_dir() => refuse("this is a file, not a folder"),
        Ok(_) if target.join(MARKER).is_file() => Ok(()),
        Ok(_) => match fs::read_dir(target).map(|mut entries| entries.next().is_none()) {
            Ok(true) => Ok(()),
            // Written before the marker existed: the planner removes it once.
            Ok(false)
                if ["summary.json", "compare.csv"]
                    .iter()
                    .any(|f| target.join(f).is_file()) =>
            {
                refuse("this folder has no .renfort file (an earlier version of renfort wrote it?)")
            }
            Ok(false) => refuse("this folder holds files renfort did not write"),
            Err(e) => refuse(&format!("this folder cannot be read ({e})")),
        },
    }
}

/// An output folder being written.
pub struct OutputDir {
    target: PathBuf,
    staging: tempfile::TempDir,
}

impl OutputDir {
    /// Starts writing `target`. Refuses a target `check_target` refuses (callers check it
    /// first, before any work, for a better message).
    pub fn create(target: &Path) -> io::Result<OutputDir> {
        if let Err(e) = check_target(target, "output") {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, e.message));
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let staging = tempfile::Builder::new()
            .prefix(".renfort-tmp-")
            .tempdir_in(&parent)?;
        Ok(OutputDir {
            target: target.to_path_buf(),
            staging,
        })
    }

    /// Path of a file inside the staging folder (for writers that want a path).
    pub fn path(&self, name: &str) -> PathBuf {
        self.staging.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(name);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let mut f = fs::File::create(path)?;
        f.write_all(bytes)
    }

    /// Moves the finished folder into place, replacing any previous one.
    pub fn commit(self) -> io::Result<PathBuf> {
        self.write(MARKER, MARKER_TEXT.as_bytes())?;
        sync_tree(self.staging.path())?;
        let staging = self.staging.keep();
        if self.target.exists() {
            let old = tempfile::Builder::new()
                .prefix(".renfort-old-")
                .tempdir_in(staging.parent().unwrap_or(Path::new(".")))?
                .keep();
            // rename() onto an existing directory is refused; move the old one aside first.
            fs::rename(&self.target, old.join("previous"))?;
            if let Err(e) = fs::rename(&staging, &self.target) {
                let _ = fs::rename(old.join("previous"), &self.target);
                let _ = fs::remove_dir_all(&staging);
                return Err(e);
            }
            let _ = fs::remove_dir_all(old);
        } else {
            fs::rename(&staging, &self.target)?;
        }
        if let Some(parent) = self.target.parent() {
            // The renames above are durable once their folder is.
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            sync_path(parent)?;
        }
        Ok(self.target)
    }
}

/// Flushes every file and folder under `root` to disk, several at a time: the file system
/// can then commit them together instead of one journal commit per file.
fn sync_tree(root: &Path) -> io::Result<()> {
    let mut paths = vec![root.to_path_buf()];
    let mut i = 0;
    while i < paths.len() {
        if paths[i].is_dir() {
            for entry in fs::read_dir(&paths[i])? {
                paths.push(entry?.path());
            }
        }
        i += 1;
    }
    // fsync waits on the disk, not the CPU: more threads than cores keeps the disk busy.
    const SYNC_THREADS: usize = 16;
    let chunk = paths.len().div_ceil(SYNC_THREADS).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = paths
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().try_for_each(|p| sync_path(p))))
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .unwrap_or_else(|_| Err(io::Error::other("sync failed")))
        })
    })
}

/// `fsync` on a file or a folder (a folder is opened read-only, which Linux allows).
fn sync_path(path: &Path) -> io::Result<()> {
    fs::File::open(path)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_atomically_and_leaves_nothing_on_drop() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out/plan");
        let o = OutputDir::create(&target).unwrap();
        o.write("a.txt", b"1").unwrap();
        assert!(!target.exists());
        o.commit().unwrap();
        assert_eq!(fs::read(target.join("a.txt")).unwrap(), b"1");

        let o = OutputDir::create(&target).unwrap();
        o.write("b.txt", b"2").unwrap();
        drop(o); // a failed run
        assert!(target.join("a.txt").exists() && !target.join("b.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(root.path().join("out")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the committed folder remains");

        let o = OutputDir::create(&target).unwrap();
        o.write("b.txt", b"2").unwrap();
        o.commit().unwrap();
        assert!(!target.join("a.txt").exists() && target.join("b.txt").exists());
    }

    #[test]
    fn never_replaces_a_folder_or_file_it_did_not_write() {
        let root = tempfile::tempdir().unwrap();
        let mine = root.path().join("desktop");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("notes.txt"), "precious").unwrap();
        let file = root.path().join("plan.csv");
        fs::write(&file, "precious").unwrap();
        for target in [&mine, &file] {
            let e = check_target(target, "--out").unwrap_err();
            assert_eq!(e.code, Code::BadArgument);
            assert!(e.message.contains("--out"), "{}", e.message);
            assert!(OutputDir::create(target).is_err());
        }
        assert_eq!(fs::read(mine.join("notes.txt")).unwrap(), b"precious");
        assert_eq!(fs::read(&file).unwrap(), b"precious");

        // An empty folder, or one renfort wrote, may be replaced.
        let empty = root.path().join("empty");
        fs::create_dir(&empty).unwrap();
        check_target(&empty, "--out").unwrap();
        let o = OutputDir::create(&empty).unwrap();
        o.write("a.txt", b"1").unwrap();
        o.commit().unwrap();
        assert!(empty.join(MARKER).is_file());
        check_target(&empty, "--out").unwrap();
    }
}
