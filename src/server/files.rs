//! A dataset as the web app receives it (a zip of its files, one workbook, or files one by
//! one) and as it loads it: the files are kept under the contract's names only, so that no
//! uploaded name ever reaches a path, then written to a private temporary folder and read
//! by `io::load_dataset` exactly as the command line reads a dataset folder.

use crate::io::error::InputError;
use crate::io::sheet::SPREADSHEET_EXTENSIONS;
use crate::io::warning::Warning;
use crate::model::Dataset;
use serde::Serialize;
use std::io::Read;
use std::path::Path;

/// The tables a dataset may hold (contract §2), each as CSV or a spreadsheet.
const TABLES: [&str; 9] = [
    "zones",
    "sites",
    "volunteers",
    "availability",
    "closures",
    "demand",
    "distances",
    "pinned",
    "history",
];

/// At most this many files in an upload, and this many bytes once unpacked: a zip of a
/// few KB can unpack to gigabytes.
pub const MAX_FILES: usize = 64;
pub const MAX_UNPACKED: u64 = 256 * 1024 * 1024;

/// The contract's name for an uploaded file name (its last path component, any case), or
/// None when the dataset has no such file.
pub fn canonical_name(uploaded: &str) -> Option<String> {
    let base = uploaded.rsplit(['/', '\\']).next()?.to_ascii_lowercase();
    let (stem, ext) = base.rsplit_once('.')?;
    let known_ext = ext == "csv" || SPREADSHEET_EXTENSIONS.contains(&ext);
    let ok = match stem {
        "dataset" => ext == "toml" || SPREADSHEET_EXTENSIONS.contains(&ext),
        s => TABLES.contains(&s) && known_ext,
    };
    ok.then_some(base)
}

/// One problem with an upload itself (not with the dataset's content).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UploadProblem {
    pub file: String,
    pub message: String,
}

/// The dataset's files, under their contract names, and the names left out.
#[derive(Debug, Default)]
pub struct Upload {
    pub files: Vec<(String, Vec<u8>)>,
    pub ignored: Vec<String>,
}

impl Upload {
    /// Adds one uploaded file; a second file of the same name is an error.
    pub fn add(&mut self, uploaded: &str, bytes: Vec<u8>) -> Result<(), UploadProblem> {
        let Some(name) = canonical_name(uploaded) else {
            self.ignored.push(uploaded.to_string());
            return Ok(());
        };
        if self.files.iter().any(|(n, _)| *n == name) {
            return Err(UploadProblem {
                file: uploaded.to_string(),
                message: format!("two files named {name}: give one"),
            });
        }
        if self.files.len() >= MAX_FILES {
            return Err(UploadProblem {
                file: uploaded.to_string(),
                message: format!("more than {MAX_FILES} files"),
            });
        }
        self.files.push((name, bytes));
        Ok(())
    }

    /// The files of a zip archive, at its root or in one folder.
    pub fn from_zip(bytes: &[u8]) -> Result<Upload, UploadProblem> {
        let bad = |message: String| UploadProblem {
            file: "(zip)".into(),
            message,
        };
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| bad(format!("not a readable zip archive ({e})")))?;
        let mut up = Upload::default();
        let mut total = 0u64;
        for i in 0..zip.len() {
            let mut entry = zip
                .by_index(i)
                .map_err(|e| bad(format!("entry {i} cannot be read ({e})")))?;
            if entry.is_dir() {
                continue;
            }
            let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
            if canonical_name(&name).is_none() {
                up.ignored.push(name);
                continue;
            }
            // Read at most what is left of the budget, plus one byte to know it is over.
            let left = MAX_UNPACKED - total;
            let mut data = Vec::new();
            (&mut entry)
                .take(left + 1)
                .read_to_end(&mut data)
                .map_err(|e| bad(format!("{name} cannot be unpacked ({e})")))?;
            total += data.len() as u64;
            if total > MAX_UNPACKED {
                return Err(bad(format!(
                    "unpacks to more than {} MB",
                    MAX_UNPACKED / (1024 * 1024)
                )));
            }
            up.add(&name, data)?;
        }
        Ok(up)
    }

    /// True if the upload holds a history of its own.
    pub fn has_history(&self) -> bool {
        self.files.iter().any(|(n, _)| n.starts_with("history."))
    }
}

/// An input error or warning as the page shows it: the CLI's code, the file (as uploaded,
/// without the server's folder), line, column and message.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub code: String,
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    fn of(code: &str, at: &crate::io::error::Location, message: &str, dir: &Path) -> Problem {
        let prefix = format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
        let strip = |t: &str| {
            t.replace(&prefix, "")
                .replace(&dir.display().to_string(), "")
        };
        Problem {
            code: code.to_string(),
            file: strip(&at.file),
            line: at.line,
            column: at.column.clone(),
            message: strip(message),
        }
    }
    pub fn from_error(e: &InputError, dir: &Path) -> Problem {
        Problem::of(e.code.as_str(), &e.at, &e.message, dir)
    }
    pub fn from_warning(w: &Warning, dir: &Path) -> Problem {
        Problem::of(w.code.as_str(), &w.at, &w.message, dir)
    }
}

/// A dataset read from its files, with the folder they were written to (alive as long as
/// this value, for the checks that read the folder again: pins).
pub struct Materialised {
    pub dir: tempfile::TempDir,
    pub result: Result<Dataset, Vec<Problem>>,
    pub warnings: Vec<Problem>,
}

/// Writes `files` (contract names only) to a private folder and loads the dataset.
pub fn materialise(files: &[(String, Vec<u8>)]) -> std::io::Result<Materialised> {
    let dir = tempfile::tempdir()?;
    for (name, bytes) in files {
        // Defence in depth: names were made canonical on the way in.
        let name = canonical_name(name).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "unexpected file name")
        })?;
        std::fs::write(dir.path().join(name), bytes)?;
    }
    let (result, warnings) = match crate::io::load_dataset_with_warnings(dir.path()) {
        Ok(l) => (
            Ok(l.dataset),
            l.warnings
                .iter()
                .map(|w| Problem::from_warning(w, dir.path()))
                .collect(),
        ),
        Err(errs) => (
            Err(errs
                .0
                .iter()
                .map(|e| Problem::from_error(e, dir.path()))
                .collect()),
            Vec::new(),
        ),
    };
    Ok(Materialised {
        dir,
        result,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_contract_names_are_kept_whatever_the_upload_calls_them() {
        assert_eq!(
            canonical_name("aura/Sites.CSV").as_deref(),
            Some("sites.csv")
        );
        assert_eq!(
            canonical_name("dataset.xlsx").as_deref(),
            Some("dataset.xlsx")
        );
        assert_eq!(
            canonical_name("dataset.toml").as_deref(),
            Some("dataset.toml")
        );
        for hostile in [
            "../../etc/passwd",
            "sites.csv/..",
            "notes.txt",
            "..\\x.csv",
            "dataset.csv",
        ] {
            assert_eq!(canonical_name(hostile), None, "{hostile}");
        }
        // A traversal in the folder part is dropped with the folder.
        assert_eq!(
            canonical_name("../../zones.csv").as_deref(),
            Some("zones.csv")
        );
    }

    #[test]
    fn regression_a_zip_bomb_is_refused_before_it_fills_memory() {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file("availability.csv", opts).unwrap();
            let zeros = vec![b'0'; 1 << 20];
            for _ in 0..(MAX_UNPACKED / (1 << 20) + 2) {
                std::io::Write::write_all(&mut w, &zeros).unwrap();
            }
            w.finish().unwrap();
        }
        let bytes = buf.into_inner();
        assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
        let err = Upload::from_zip(&bytes).unwrap_err();
        assert!(err.message.contains("more than"), "{}", err.message);
    }
}
