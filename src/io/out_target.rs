//! Which folder renfort may replace by its output. An output folder is replaced as a whole
//! (see `output`), so renfort only writes to a new folder, an empty one, or one it wrote
//! itself and that holds nothing else, unchanged: each output folder holds a marker file
//! (`MARKER`) listing every file renfort put there with its checksum, so that a `plan.csv`
//! edited by hand is not lost. A planner's own folder given as `--out` (their
//! desktop, a dataset, an agreed plan they added notes to) gets an error, never emptied.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::{Code, InputError};

/// The file that marks a folder as one renfort wrote, and lists what it wrote there.
pub const MARKER: &str = ".renfort";

const MARKER_HEAD: &str = "# This folder was written by renfort, which replaces it as a whole \
when asked to write here again. It holds the files below (CRC-32 checksum, then path) and \
nothing else: renfort refuses to replace it once anything else is put in it or a file is \
changed.\n";

/// The marker's text for the files of `root` (paths relative to it).
pub(super) fn marker_text(root: &Path, files: &[String]) -> io::Result<String> {
    let mut text = MARKER_HEAD.to_string();
    for f in files {
        let crc = checksum(&root.join(f))?;
        text.push_str(&format!("{crc:08x}  {f}\n"));
    }
    Ok(text)
}

/// CRC-32 of a file's bytes: enough to notice an edit by hand (not a forgery, which
/// renfort does not have to resist: the planner owns the folder).
fn checksum(path: &Path) -> io::Result<u32> {
    Ok(crc32fast::hash(&fs::read(path)?))
}

/// A marker line: (checksum, path). Markers written before the checksums list paths alone.
fn marker_line(line: &str) -> (Option<u32>, &str) {
    match line.split_once("  ") {
        Some((crc, path)) if crc.len() == 8 => match u32::from_str_radix(crc, 16) {
            Ok(crc) => (Some(crc), path),
            Err(_) => (None, line),
        },
        _ => (None, line),
    }
}

/// The document an Office lock file stands for: Excel writes `~$plan.xlsx` beside an open
/// `plan.xlsx`, LibreOffice `.~lock.plan.xlsx#`. They come and go with the planner opening
/// the workbook, say nothing about the folder's owner, and must not block the next run.
pub fn office_lock_target(file_name: &str) -> Option<&str> {
    file_name.strip_prefix("~$").or_else(|| {
        file_name
            .strip_prefix(".~lock.")
            .and_then(|n| n.strip_suffix('#'))
    })
}

/// The name of the last part of a relative path `a/b/c` (as `relative_files` gives them).
fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The documents of `root` that are open in Excel or LibreOffice (their lock file is beside
/// them), as paths relative to `root`.
pub(super) fn open_documents(root: &Path) -> Vec<String> {
    let Ok(paths) = walk(root) else {
        return Vec::new();
    };
    relative_files(root, &paths)
        .iter()
        .filter_map(|f| {
            let doc = office_lock_target(base_name(f))?;
            Some(match f.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{doc}"),
                None => doc.to_owned(),
            })
        })
        .collect()
}

/// Every file and folder under `root` (root included), folders before their contents, each
/// with whether it is a folder (read once, from the listing).
pub(super) fn walk(root: &Path) -> io::Result<Vec<(PathBuf, bool)>> {
    let mut paths = vec![(root.to_path_buf(), fs::symlink_metadata(root)?.is_dir())];
    let mut i = 0;
    while i < paths.len() {
        if paths[i].1 {
            let mut entries = fs::read_dir(&paths[i].0)?
                .map(|e| e.and_then(|e| Ok((e.path(), e.file_type()?.is_dir()))))
                .collect::<io::Result<Vec<_>>>()?;
            entries.sort();
            paths.extend(entries);
        }
        i += 1;
    }
    Ok(paths)
}

/// The files among `paths` (from `walk(root)`), as paths relative to `root` with `/`
/// between folders.
pub(super) fn relative_files(root: &Path, paths: &[(PathBuf, bool)]) -> Vec<String> {
    paths
        .iter()
        .filter(|(_, is_dir)| !is_dir)
        .map(|(p, _)| {
            let rel = p.strip_prefix(root).unwrap_or(p);
            let parts: Vec<_> = rel.iter().map(|c| c.to_string_lossy()).collect();
            parts.join("/")
        })
        .collect()
}

/// The folders among `paths` (from `walk(root)`), root excepted, relative to `root`.
fn relative_folders(root: &Path, paths: &[(PathBuf, bool)]) -> Vec<String> {
    let folders: Vec<(PathBuf, bool)> = paths
        .iter()
        .filter(|(p, is_dir)| *is_dir && p != root)
        .map(|(p, _)| (p.clone(), false))
        .collect();
    relative_files(root, &folders)
}

/// Whether renfort may write its output at `target`: nothing is there, or an empty folder,
/// or a folder renfort wrote that holds only what its marker lists; and `target` is none of
/// the command's `inputs` (a dataset or plan folder) nor a folder holding one. `flag` names
/// the option the path came from, for the message.
pub(super) fn check_target(target: &Path, flag: &str, inputs: &[&Path]) -> Result<(), InputError> {
    let refuse = |why: String| {
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
    // The folder renfort runs in (`--out .`), or one above it, cannot be replaced: this
    // used to fail only after solving, when the rename was refused.
    let cwd = std::env::current_dir().and_then(|d| d.canonicalize());
    let last = target.components().next_back();
    if matches!(
        last,
        None | Some(Component::CurDir | Component::ParentDir | Component::RootDir)
    ) || matches!((&cwd, target.canonicalize()), (Ok(c), Ok(t)) if c.starts_with(&t))
    {
        return refuse("this is the folder renfort runs in, or holds it".into());
    }
    let Ok(meta) = fs::symlink_metadata(target) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return refuse("this is a file, not a folder".into());
    }
    if let Ok(canonical) = target.canonicalize() {
        for input in inputs {
            match input.canonicalize() {
                Ok(i) if i == canonical => {
                    return refuse(format!("this is the input {} itself", input.display()));
                }
                Ok(i) if i.starts_with(&canonical) => {
                    return refuse(format!("this folder holds the input {}", input.display()));
                }
                _ => {}
            }
        }
    }
    let (files, folders) = match walk(target) {
        Ok(paths) => (
            // An open workbook's lock file is the planner's reading, not their writing.
            relative_files(target, &paths)
                .into_iter()
                .filter(|f| office_lock_target(base_name(f)).is_none())
                .collect::<Vec<_>>(),
            relative_folders(target, &paths),
        ),
        Err(e) => return refuse(format!("this folder cannot be read ({e})")),
    };
    if files.is_empty() && folders.is_empty() {
        return Ok(());
    }
    let Ok(marker) = fs::read_to_string(target.join(MARKER)) else {
        // Written before the marker existed: the planner removes it once.
        if ["summary.json", "compare.csv"]
            .iter()
            .any(|f| target.join(f).is_file())
        {
            return refuse(
                "this folder has no .renfort file (an earlier version of renfort wrote it?)".into(),
            );
        }
        return refuse(if files.is_empty() {
            "this folder holds folders renfort did not make".into()
        } else {
            "this folder holds files renfort did not write".into()
        });
    };
    let listed: Vec<(Option<u32>, &str)> = marker
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(marker_line)
        .collect();
    // Only files found in the folder are read (never a path of the marker as such, which
    // could name anything), and only plain files (a link could lead to /dev/zero).
    let unchanged = |crc: u32, f: &str| {
        let path = target.join(f);
        files.iter().any(|x| x == f)
            && fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
            && checksum(&path).ok() == Some(crc)
    };
    let changed: Vec<&str> = listed
        .iter()
        .filter(|(crc, f)| crc.is_some_and(|crc| !unchanged(crc, f)))
        .map(|(_, f)| *f)
        .collect();
    if let [first, rest @ ..] = changed.as_slice() {
        let which = match rest.len() {
            0 => format!("{first} was"),
            n => format!("{first} and {n} more files were"),
        };
        return refuse(format!(
            "{which} changed or removed since renfort wrote it (copy your changes elsewhere \
             first)"
        ));
    }
    let paths: Vec<&str> = listed.iter().map(|(_, f)| *f).collect();
    // A folder is renfort's when it holds a file renfort wrote.
    let foreign_folder = folders
        .iter()
        .find(|d| !paths.iter().any(|f| f.starts_with(&format!("{d}/"))));
    if let Some(d) = foreign_folder {
        return refuse(format!(
            "this folder holds the folder {d}/, which renfort did not make"
        ));
    }
    let foreign: Vec<&String> = files
        .iter()
        .filter(|f| f.as_str() != MARKER && !paths.contains(&f.as_str()))
        .collect();
    match foreign.as_slice() {
        [] => Ok(()),
        [one] => refuse(format!(
            "this folder holds {one}, which renfort did not write"
        )),
        [one, rest @ ..] => refuse(format!(
            "this folder holds {one} and {} more files renfort did not write",
            rest.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_file_a_foreign_folder_and_an_input_folder() {
        let root = tempfile::tempdir().unwrap();
        let mine = root.path().join("desktop");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("notes.txt"), "precious").unwrap();
        let file = root.path().join("plan.csv");
        fs::write(&file, "precious").unwrap();
        for target in [&mine, &file] {
            let e = check_target(target, "--out", &[]).unwrap_err();
            assert_eq!(e.code, Code::BadArgument);
            assert!(e.message.contains("--out"), "{}", e.message);
        }

        // A folder renfort wrote, with a file added since.
        let out = root.path().join("out");
        fs::create_dir_all(out.join("calendars")).unwrap();
        fs::write(out.join("plan.csv"), "x").unwrap();
        fs::write(out.join("calendars/a.ics"), "x").unwrap();
        let listed = vec!["calendars/a.ics".to_string(), "plan.csv".to_string()];
        fs::write(out.join(MARKER), marker_text(&out, &listed).unwrap()).unwrap();
        check_target(&out, "--out", &[]).unwrap();
        fs::write(out.join("calendars/notes.txt"), "precious").unwrap();
        let e = check_target(&out, "--out", &[]).unwrap_err();
        assert!(e.message.contains("calendars/notes.txt"), "{}", e.message);
        fs::remove_file(out.join("calendars/notes.txt")).unwrap();

        // ... or the command's own input, or a folder holding it.
        let input = out.join("calendars");
        let e = check_target(&out, "--out", &[&input]).unwrap_err();
        assert!(e.message.contains("holds the input"), "{}", e.message);
        let e = check_target(&input, "--out", &[&input]).unwrap_err();
        assert!(e.message.contains("itself"), "{}", e.message);

        // A new or empty folder is fine.
        check_target(&root.path().join("new"), "--out", &[&input]).unwrap();
        let empty = root.path().join("empty");
        fs::create_dir(&empty).unwrap();
        check_target(&empty, "--out", &[&input]).unwrap();
    }

    /// Regression (issue 33 #8): Excel's `~$plan.xlsx` beside an open workbook made renfort
    /// refuse to replace its own folder.
    #[test]
    fn regression_excel_lock_file_blocks_the_next_run() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        fs::create_dir_all(out.join("calendars")).unwrap();
        fs::write(out.join("plan.xlsx"), "x").unwrap();
        fs::write(out.join("calendars/a.ics"), "x").unwrap();
        let listed = vec!["calendars/a.ics".to_string(), "plan.xlsx".to_string()];
        fs::write(out.join(MARKER), marker_text(&out, &listed).unwrap()).unwrap();
        fs::write(out.join("~$plan.xlsx"), "Alice").unwrap();
        fs::write(out.join(".~lock.plan.xlsx#"), "Alice").unwrap();
        fs::write(out.join("calendars/.~lock.a.ics#"), "Alice").unwrap();
        check_target(&out, "--out", &[]).unwrap();
        assert_eq!(
            open_documents(&out),
            ["plan.xlsx", "plan.xlsx", "calendars/a.ics"]
        );
        // Only the lock files' own names: a planner's file named like one part is theirs.
        fs::write(out.join("plan.xlsx#"), "mine").unwrap();
        assert!(check_target(&out, "--out", &[]).is_err());
    }

    #[test]
    fn office_lock_files_name_their_document() {
        assert_eq!(office_lock_target("~$plan.xlsx"), Some("plan.xlsx"));
        assert_eq!(office_lock_target(".~lock.plan.xlsx#"), Some("plan.xlsx"));
        assert_eq!(office_lock_target("plan.xlsx"), None);
        assert_eq!(office_lock_target(".~lock.plan.xlsx"), None);
    }

    #[test]
    fn relative_files_lists_nested_files_with_slashes() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("a/b")).unwrap();
        fs::write(root.path().join("a/b/c.txt"), "").unwrap();
        fs::write(root.path().join("d.txt"), "").unwrap();
        let files = relative_files(root.path(), &walk(root.path()).unwrap());
        assert_eq!(files, vec!["d.txt".to_string(), "a/b/c.txt".to_string()]);
    }
}
