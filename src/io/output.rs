//! Writing an output folder atomically: everything goes to a hidden temporary folder beside
//! the target, which replaces the target only once every file is complete. A reader never
//! sees a half-written file and a failed run leaves the previous folder as it was.
//!
//! Which existing folder may be replaced: see `out_target`. Replacing it is one exchange of
//! the two folders (`swap`), so `--out` is never missing, even if the process is killed; the
//! hidden folders a killed run leaves are removed by the next run beside it (`clean_stale`).
//!
//! Files are flushed to disk once, all together, just before the folder is moved into place:
//! a national plan writes about 1,700 files (one calendar per volunteer), and one `fsync`
//! after each file, in turn, made the writing take seconds on a slow disk, longer than the
//! solve itself at a short time limit.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::out_target::{self, check_target, MARKER};
use super::swap;
use super::InputError;

/// Why an output folder cannot be started.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The target is a folder renfort may not replace (see `out_target`).
    #[error(transparent)]
    Refused(#[from] InputError),
    /// The system refused to make the staging folder beside the target.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// An output folder being written.
pub struct OutputDir {
    target: PathBuf,
    /// None once committed.
    staging: Option<tempfile::TempDir>,
    /// The folders above the target that `create` made, deepest first: removed again (when
    /// still empty) if the folder is never committed, so a failed run leaves nothing.
    made: Vec<PathBuf>,
}

impl OutputDir {
    /// Starts writing `target`, unless it is a folder renfort may not replace
    /// (`out_target::check_target`: `flag` names where the path came from, `inputs` are the
    /// command's input files and folders).
    pub fn create(target: &Path, flag: &str, inputs: &[&Path]) -> Result<OutputDir, CreateError> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // First, so that a folder a killed run left moved aside is back in place before it
        // is checked.
        swap::clean_stale(&parent);
        check_target(target, flag, inputs)?;
        // The system's own words ("Read-only file system (os error 30)"), without the
        // hidden staging folder's name that tempfile adds: the caller names the target.
        let plain = |e: io::Error| match e.to_string().split_once(" at path ") {
            Some((words, _)) => io::Error::new(e.kind(), words.to_string()),
            None => e,
        };
        let made: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
            .map(Path::to_path_buf)
            .collect();
        let mut out = OutputDir {
            target: target.to_path_buf(),
            staging: None,
            made,
        };
        // On an error below, dropping `out` removes the folders made so far.
        fs::create_dir_all(&parent).map_err(plain)?;
        out.staging = Some(
            tempfile::Builder::new()
                .prefix(&swap::prefix(swap::STAGING))
                .tempdir_in(&parent)
                .map_err(plain)?,
        );
        Ok(out)
    }

    fn staging(&self) -> &Path {
        self.staging
            .as_ref()
            .expect("only commit takes the staging folder, and commit consumes self")
            .path()
    }

    /// Path of a file inside the staging folder (for writers that want a path).
    pub fn path(&self, name: &str) -> PathBuf {
        self.staging().join(name)
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
    pub fn commit(mut self) -> io::Result<PathBuf> {
        let root = self.staging();
        let walked = out_target::walk(root)?;
        let files = out_target::relative_files(root, &walked);
        self.write(MARKER, out_target::marker_text(root, &files)?.as_bytes())?;
        let mut paths: Vec<PathBuf> = walked.into_iter().map(|(p, _)| p).collect();
        paths.push(root.join(MARKER));
        sync_all(&paths)?;
        let staging = self.staging.take().expect("not yet committed").keep();
        // From here the folders made above the target hold the result (or, on a failed
        // rename, whatever was there before): never removed.
        self.made.clear();
        if self.target.exists() {
            if let Err(e) = swap::replace(&staging, &self.target) {
                let _ = fs::remove_dir_all(&staging);
                return Err(explain_open_documents(e, &self.target));
            }
        } else if let Err(e) = fs::rename(&staging, &self.target) {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        if let Some(parent) = self.target.parent() {
            // The renames above are durable once their folder is.
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            // Best effort: the folder is in place and whole either way.
            let _ = sync_path(parent);
        }
        Ok(self.target.clone())
    }
}

impl Drop for OutputDir {
    /// Not committed (an error after `create`): the staging folder goes, then the folders
    /// `create` made above it, if nothing else was put in them meanwhile.
    fn drop(&mut self) {
        drop(self.staging.take());
        for dir in &self.made {
            // remove_dir refuses a folder that is not empty: someone else's files stay.
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

/// A folder that cannot be replaced while a workbook in it is open (Windows refuses to move
/// a folder holding an open file): the planner reads which file to close, not only the
/// system's "permission denied".
fn explain_open_documents(e: io::Error, target: &Path) -> io::Error {
    let open = out_target::open_documents(target);
    let Some(first) = open.first() else {
        return e;
    };
    let names = open.join(", ");
    let verb = if open.len() == 1 { "is" } else { "are" };
    io::Error::new(
        e.kind(),
        format!(
            "{e}: {names} {verb} open in Excel or LibreOffice; close {first}{}, then run \
             renfort again (the previous plan is still in {})",
            if open.len() > 1 {
                " and the others"
            } else {
                ""
            },
            target.display()
        ),
    )
}

/// Flushes `paths` (files and folders) to disk, several at a time: the file system can then
/// commit them together instead of one journal commit per file.
fn sync_all(paths: &[PathBuf]) -> io::Result<()> {
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

/// `fsync` on a file or a folder (a folder is opened read-only, which Linux allows). A
/// folder's is best effort: some file systems refuse `fsync` on a folder, and its files'
/// contents, which are what a reader needs whole, are flushed anyway.
fn sync_path(path: &Path) -> io::Result<()> {
    let file = fs::File::open(path)?;
    match file.sync_all() {
        Err(_) if path.is_dir() => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (issue 27, #5): the folder was replaced by two renames, and a reader (or a
    /// crash) between them found nothing at `--out`.
    #[test]
    fn replacing_the_output_folder_never_leaves_it_missing() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        let write = |n: u32| {
            let o = OutputDir::create(&target, "--out", &[]).unwrap();
            o.write("plan.csv", n.to_string().as_bytes()).unwrap();
            o.commit().unwrap();
        };
        write(0);
        let stop = std::sync::atomic::AtomicBool::new(false);
        let missing = std::thread::scope(|scope| {
            let watcher = scope.spawn(|| {
                let mut missing = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    if !target.join("plan.csv").exists() {
                        missing += 1;
                    }
                }
                missing
            });
            for n in 1..=300 {
                write(n);
            }
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            watcher.join().unwrap()
        });
        assert_eq!(missing, 0, "the output folder was missing {missing} times");
        assert_eq!(fs::read(target.join("plan.csv")).unwrap(), b"300");
        let names: Vec<_> = fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no hidden folder left");
    }

    #[test]
    fn replaces_atomically_and_leaves_nothing_on_drop() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out/plan");
        let o = OutputDir::create(&target, "--out", &[]).unwrap();
        o.write("a.txt", b"1").unwrap();
        assert!(!target.exists());
        o.commit().unwrap();
        assert_eq!(fs::read(target.join("a.txt")).unwrap(), b"1");

        let o = OutputDir::create(&target, "--out", &[]).unwrap();
        o.write("b.txt", b"2").unwrap();
        drop(o); // a failed run
        assert!(target.join("a.txt").exists() && !target.join("b.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(root.path().join("out")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the committed folder remains");

        let o = OutputDir::create(&target, "--out", &[]).unwrap();
        o.write("b.txt", b"2").unwrap();
        o.commit().unwrap();
        assert!(!target.join("a.txt").exists() && target.join("b.txt").exists());
    }

    /// Regression: a run that failed after starting its output (an input error, the
    /// solver stopped) left the empty `out/` folder it had made.
    #[test]
    fn a_failed_run_removes_the_folders_it_made_but_no_others() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out/may/plan");
        let o = OutputDir::create(&target, "--out", &[]).unwrap();
        o.write("a.txt", b"1").unwrap();
        drop(o);
        assert!(!root.path().join("out").exists());

        // A folder that was there before, or got a file meanwhile, stays.
        fs::create_dir(root.path().join("out")).unwrap();
        let o = OutputDir::create(&target, "--out", &[]).unwrap();
        fs::write(root.path().join("out/may/notes.txt"), b"mine").unwrap();
        drop(o);
        assert!(root.path().join("out/may/notes.txt").exists());
        assert!(!target.exists());
    }

    /// Issue 33 #8: where the system refuses to replace a folder holding an open workbook
    /// (Windows), the planner reads which file to close.
    #[test]
    fn a_folder_with_an_open_workbook_says_close_plan_xlsx() {
        let root = tempfile::tempdir().unwrap();
        let denied = || io::Error::new(io::ErrorKind::PermissionDenied, "Access is denied");
        let e = explain_open_documents(denied(), root.path());
        assert_eq!(
            e.to_string(),
            "Access is denied",
            "nothing open: the system's words"
        );
        fs::write(root.path().join("~$plan.xlsx"), "Alice").unwrap();
        let e = explain_open_documents(denied(), root.path());
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
        let text = e.to_string();
        assert!(
            text.starts_with("Access is denied: plan.xlsx is open"),
            "{text}"
        );
        assert!(
            text.contains("close plan.xlsx, then run renfort again"),
            "{text}"
        );
    }

    #[test]
    fn the_marker_lists_what_was_written() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        let o = OutputDir::create(&target, "--out", &[]).unwrap();
        o.write("plan.csv", b"1").unwrap();
        o.write("calendars/sites/S1.ics", b"2").unwrap();
        o.commit().unwrap();
        let marker = fs::read_to_string(target.join(MARKER)).unwrap();
        let listed: Vec<&str> = marker
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split_once("  ").unwrap().1)
            .collect();
        assert_eq!(listed, vec!["plan.csv", "calendars/sites/S1.ics"]);
        // Rewriting it is allowed; once a file of the planner's is added, it is not.
        OutputDir::create(&target, "--out", &[]).unwrap();
        fs::write(target.join("notes.txt"), "precious").unwrap();
        assert!(OutputDir::create(&target, "--out", &[]).is_err());
    }
}
