//! Putting a finished output folder in place of the previous one without a moment where
//! `--out` is missing, and tidying what a killed run left beside it.
//!
//! On Linux the two folders are exchanged in one step (`renameat2` with `RENAME_EXCHANGE`).
//! Where that is refused (another system, a file system without it), the previous folder is
//! moved aside into a hidden folder named after this process, then the new one into place:
//! a run killed between the two moves leaves `--out` missing until the next run beside it,
//! which finds the process gone and moves the previous folder back (`clean_stale`).

use std::fs;
use std::io;
use std::path::Path;

/// The hidden folder a run writes its output in before it is put in place.
pub const STAGING: &str = ".renfort-tmp-";
/// The hidden folder the previous output waits in, in the fallback.
pub const ASIDE: &str = ".renfort-old-";

/// The name prefix of this process's hidden folders: `kind`, then the process id, so that
/// the next run knows whether their owner still runs.
pub fn prefix(kind: &str) -> String {
    format!("{kind}{}-", std::process::id())
}

/// Replaces the folder `target` by `staging` (both in the same folder).
pub fn replace(staging: &Path, target: &Path) -> io::Result<()> {
    match exchange(staging, target) {
        Ok(()) => {
            // `staging` now holds the previous folder.
            let _ = fs::remove_dir_all(staging);
            Ok(())
        }
        Err(e) if unsupported(&e) => move_aside_then_in(staging, target),
        Err(e) => Err(e),
    }
}

fn unsupported(e: &io::Error) -> bool {
    #[cfg(unix)]
    if let Some(code) = e.raw_os_error() {
        return [libc::EINVAL, libc::ENOSYS, libc::EOPNOTSUPP, libc::EXDEV].contains(&code);
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// Exchanges two paths in one step (Linux 3.15+).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // The raw system call rather than glibc's wrapper, which older glibc (< 2.28) lacks.
    // SAFETY: both paths are NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The fallback: `target` moved into a hidden folder of this process (under its own name, so
/// that `clean_stale` can put it back), then `staging` into place.
fn move_aside_then_in(staging: &Path, target: &Path) -> io::Result<()> {
    let parent = staging.parent().unwrap_or(Path::new("."));
    let aside = tempfile::Builder::new()
        .prefix(&prefix(ASIDE))
        .tempdir_in(parent)?
        .keep();
    let name = target.file_name().unwrap_or("previous".as_ref());
    let previous = aside.join(name);
    fs::rename(target, &previous)?;
    if let Err(e) = fs::rename(staging, target) {
        let _ = fs::rename(&previous, target);
        let _ = fs::remove_dir_all(&aside);
        return Err(e);
    }
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}

/// Removes the hidden folders of runs that no longer run, in `parent`: a staging folder is
/// dropped (an output never finished), a folder moved aside is first put back where it was if
/// nothing took its place. Folders of a run still going (another `renfort` writing beside
/// this one) and those this version did not name are left alone. Best effort: an error only
/// leaves a hidden folder.
pub fn clean_stale(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((kind, rest)) = [STAGING, ASIDE]
            .iter()
            .find_map(|k| name.strip_prefix(k).map(|rest| (*k, rest)))
        else {
            continue;
        };
        let Some(pid) = rest
            .split_once('-')
            .and_then(|(p, _)| p.parse::<u32>().ok())
        else {
            continue;
        };
        if running(pid) {
            continue;
        }
        if kind == ASIDE {
            for moved in fs::read_dir(entry.path()).into_iter().flatten().flatten() {
                let back = parent.join(moved.file_name());
                if !back.exists() {
                    let _ = fs::rename(moved.path(), back);
                }
            }
        }
        let _ = fs::remove_dir_all(entry.path());
    }
}

/// Whether process `pid` exists (signal 0 checks without sending anything). A process id
/// reused since only keeps a hidden folder one run longer.
#[cfg(unix)]
fn running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: kill with signal 0 has no effect besides its return value.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn running(_: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process id no process has (above Linux's largest, 2^22).
    const GONE: u32 = i32::MAX as u32;

    /// Regression (issue 27, #5): a run killed between the two renames left `--out` missing
    /// (its plan only in `.renfort-old-*/previous`) and hidden folders forever.
    #[test]
    fn a_killed_runs_leftovers_are_cleaned_and_the_previous_folder_put_back() {
        let root = tempfile::tempdir().unwrap();
        let aside = root.path().join(format!("{ASIDE}{GONE}-abc"));
        fs::create_dir_all(aside.join("out")).unwrap();
        fs::write(aside.join("out/plan.csv"), "kept").unwrap();
        let staging = root.path().join(format!("{STAGING}{GONE}-def"));
        fs::create_dir_all(&staging).unwrap();
        fs::write(staging.join("half.csv"), "x").unwrap();
        // A run still going (this one) and a folder of someone else stay.
        let live = root.path().join(format!("{}xyz", prefix(STAGING)));
        fs::create_dir(&live).unwrap();
        fs::create_dir(root.path().join(".renfort-tmp-mine")).unwrap();

        clean_stale(root.path());
        assert_eq!(fs::read(root.path().join("out/plan.csv")).unwrap(), b"kept");
        assert!(!aside.exists() && !staging.exists());
        assert!(live.exists() && root.path().join(".renfort-tmp-mine").exists());
    }

    #[test]
    fn the_fallback_replaces_the_folder() {
        let root = tempfile::tempdir().unwrap();
        let (new, target) = (root.path().join("new"), root.path().join("out"));
        fs::create_dir(&new).unwrap();
        fs::write(new.join("a"), "new").unwrap();
        fs::create_dir(&target).unwrap();
        fs::write(target.join("a"), "old").unwrap();
        move_aside_then_in(&new, &target).unwrap();
        assert_eq!(fs::read(target.join("a")).unwrap(), b"new");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }
}
