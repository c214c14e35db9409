use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_renfort");
const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

// ---------------------------------------------------------------------------------------------
// Helpers

/// A copy of the small dataset in a temporary folder: `TMP/data`, plans go to `TMP/out`.
pub struct Case {
    pub tmp: tempfile::TempDir,
}

/// One run of the binary.
pub struct Run {
    what: String,
    pub code: Option<i32>,
    stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn context(&self) -> String {
        format!(
            "{}\n--- exit code: {:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.what, self.code, self.stdout, self.stderr
        )
    }

    pub fn assert_no_panic(&self) {
        assert!(
            !self.stderr.contains("panicked"),
            "the binary panicked\n{}",
            self.context()
        );
    }

    /// Exit code 2 and one stderr line that contains every needle.
    pub fn assert_input_error(&self, needles: &[&str]) {
        self.assert_no_panic();
        assert_eq!(
            self.code,
            Some(2),
            "expected exit code 2 (unreadable input)\n{}",
            self.context()
        );
        assert!(
            self.stderr
                .lines()
                .any(|l| needles.iter().all(|n| l.contains(n))),
            "no stderr line contains all of {needles:?}\n{}",
            self.context()
        );
        assert!(
            self.stderr.contains("Nothing was written."),
            "{}",
            self.context()
        );
    }

    /// Exit code 0, and a stderr line `warning: ...` that contains every needle.
    pub fn assert_warning(&self, needles: &[&str]) {
        self.assert_no_panic();
        assert_eq!(self.code, Some(0), "expected success\n{}", self.context());
        assert!(
            self.stderr
                .lines()
                .any(|l| l.starts_with("warning: ") && needles.iter().all(|n| l.contains(n))),
            "no warning line contains all of {needles:?}\n{}",
            self.context()
        );
    }

    /// Lines of stderr that are warnings.
    pub fn warning_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("warning: "))
            .collect()
    }

    /// Lines of stderr that report one input error (`... [E0xx]`).
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.trim_end().ends_with(']') && l.contains("[E0"))
            .collect()
    }
}

impl Case {
    pub fn new() -> Case {
        let tmp = tempfile::tempdir().expect("temporary folder");
        let data = tmp.path().join("data");
        fs::create_dir(&data).unwrap();
        for entry in fs::read_dir(Path::new(MANIFEST).join("tests/data/small")).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), data.join(entry.file_name())).unwrap();
        }
        Case { tmp }
    }

    pub fn dir(&self) -> PathBuf {
        self.tmp.path().join("data")
    }

    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir().join(file)
    }

    pub fn read(&self, file: &str) -> String {
        fs::read_to_string(self.path(file)).unwrap()
    }

    /// A file of the output folder `TMP/out`.
    pub fn read_out(&self, file: &str) -> String {
        fs::read_to_string(self.out().join(file))
            .unwrap_or_else(|e| panic!("cannot read {file} of the output: {e}"))
    }

    pub fn write(&self, file: &str, bytes: impl AsRef<[u8]>) {
        fs::write(self.path(file), bytes).unwrap();
    }

    pub fn remove(&self, file: &str) {
        fs::remove_file(self.path(file)).unwrap();
    }

    pub fn append(&self, file: &str, line: &str) {
        let mut text = self.read(file);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
        self.write(file, text);
    }

    /// Replaces the text of one line (1-based; line 1 is the header).
    pub fn set_line(&self, file: &str, line: usize, new: &str) {
        let text = self.read(file);
        let mut lines: Vec<&str> = text.lines().collect();
        assert!(
            line >= 1 && line <= lines.len(),
            "{file} has no line {line}"
        );
        lines[line - 1] = new;
        self.write(file, lines.join("\n") + "\n");
    }

    /// Replaces one cell of a (comma-separated, unquoted) file of the small dataset.
    pub fn set_cell(&self, file: &str, line: usize, column: &str, value: &str) {
        let text = self.read(file);
        let lines: Vec<&str> = text.lines().collect();
        let index = lines[0]
            .split(',')
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("{file} has no column {column}"));
        let mut cells: Vec<&str> = lines[line - 1].split(',').collect();
        cells[index] = value;
        self.set_line(file, line, &cells.join(","));
    }

    /// Every line of a text file through `f`.
    pub fn map_lines(&self, file: &str, f: impl Fn(usize, &str) -> String) {
        let text = self.read(file);
        let out: Vec<String> = text.lines().enumerate().map(|(i, l)| f(i + 1, l)).collect();
        self.write(file, out.join("\n") + "\n");
    }

    pub fn csv_files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv"))
            .collect();
        names.sort();
        names
    }

    /// `renfort ARGS...`, run in `TMP`.
    pub fn run_args(&self, args: &[&std::ffi::OsStr]) -> Run {
        self.run(args.iter().map(|a| a.to_os_string()).collect())
    }

    /// `renfort whatif DIR --scenario SCENARIO --out TMP/out --quiet --time-limit 10 EXTRA...`
    pub fn whatif(&self, scenario: &Path, extra: &[&str]) -> Run {
        let mut args: Vec<OsString> = vec![
            "whatif".into(),
            self.dir().into(),
            "--scenario".into(),
            scenario.into(),
            "--out".into(),
            self.out().into(),
        ];
        args.extend(["--quiet", "--time-limit", "10"].map(OsString::from));
        args.extend(extra.iter().map(OsString::from));
        self.run(args)
    }

    fn run(&self, args: Vec<OsString>) -> Run {
        self.run_in(self.tmp.path(), args)
    }

    /// `renfort ARGS...` run in the folder `cwd`.
    pub fn run_in(&self, cwd: &Path, args: Vec<OsString>) -> Run {
        let what = format!(
            "renfort {}",
            args.iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let out = Command::new(BIN)
            .args(&args)
            .current_dir(cwd)
            .env("RUST_BACKTRACE", "0")
            .output()
            .expect("the renfort binary runs");
        Run {
            what,
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `renfort plan DIR --out TMP/out --quiet --time-limit 10 EXTRA...`
    pub fn plan(&self, extra: &[&str]) -> Run {
        let mut args: Vec<OsString> = vec![
            "plan".into(),
            self.dir().into(),
            "--out".into(),
            self.out().into(),
        ];
        args.extend(["--quiet", "--time-limit", "10"].map(OsString::from));
        args.extend(extra.iter().map(OsString::from));
        self.run(args)
    }

    /// `renfort check DIR EXTRA...`
    pub fn check(&self, extra: &[&str]) -> Run {
        let mut args: Vec<OsString> = vec!["check".into(), self.dir().into()];
        args.extend(extra.iter().map(OsString::from));
        self.run(args)
    }

    /// No output folder, no staging folder left behind.
    pub fn assert_nothing_written(&self, run: &Run) {
        assert!(
            !self.out().exists(),
            "the output folder was written despite the error\n{}",
            run.context()
        );
        let leftovers: Vec<String> = fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".renfort-"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "staging leftovers {leftovers:?}\n{}",
            run.context()
        );
    }

    /// Both `plan` and `check` (with the same extra arguments) refuse the input with exit
    /// code 2, one stderr line holding every needle, and write nothing.
    pub fn expect_input_error(&self, extra: &[&str], needles: &[&str]) {
        let run = self.plan(extra);
        run.assert_input_error(needles);
        self.assert_nothing_written(&run);
        let run = self.check(extra);
        run.assert_input_error(needles);
        self.assert_nothing_written(&run);
    }

    /// `plan` succeeds, writes a complete folder, finds the same plan as the pristine
    /// dataset, and (when `checker`) the reference checker accepts it.
    pub fn expect_plan_ok(&self, checker: bool) {
        let run = self.plan(&[]);
        run.assert_no_panic();
        assert_eq!(run.code, Some(0), "expected success\n{}", run.context());
        let plan = fs::read_to_string(self.out().join("plan.csv")).expect("plan.csv written");
        let summary =
            fs::read_to_string(self.out().join("summary.json")).expect("summary.json written");
        let leftovers: Vec<_> = fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".renfort-"))
            .collect();
        assert!(leftovers.is_empty(), "staging leftovers {leftovers:?}");
        let (base_plan, base_objective) = baseline();
        assert_eq!(
            objective(&summary),
            *base_objective,
            "the variant was not read as the original dataset"
        );
        assert_eq!(
            &plan, base_plan,
            "the variant was not read as the original dataset"
        );

        let run = self.check(&[]);
        run.assert_no_panic();
        assert_eq!(run.code, Some(0), "{}", run.context());

        let validator = Path::new(MANIFEST).join("../shared/tools/validate_plan.py");
        assert!(
            !checker || validator.exists() || std::env::var_os("CI").is_none(),
            "../shared/tools/validate_plan.py is missing: CI must run this check"
        );
        if checker && validator.exists() {
            let out = Command::new("python3")
                .arg(&validator)
                .arg(self.dir())
                .arg(Path::new(MANIFEST).join("models/default.toml"))
                .arg(self.out())
                .output()
                .expect("python3 runs");
            assert!(
                out.status.success(),
                "validate_plan.py refused the plan\n--- stdout:\n{}\n--- stderr:\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

fn objective(summary_json: &str) -> f64 {
    let v: serde_json::Value = serde_json::from_str(summary_json).expect("summary.json is JSON");
    v["objective"]
        .as_f64()
        .expect("summary.json has a numeric objective")
}

/// plan.csv and objective of the pristine small dataset (computed once).
fn baseline() -> &'static (String, f64) {
    static BASE: OnceLock<(String, f64)> = OnceLock::new();
    BASE.get_or_init(|| {
        let c = Case::new();
        let run = c.plan(&[]);
        assert_eq!(
            run.code,
            Some(0),
            "the pristine dataset must plan\n{}",
            run.context()
        );
        let plan = fs::read_to_string(c.out().join("plan.csv")).unwrap();
        let summary = fs::read_to_string(c.out().join("summary.json")).unwrap();
        (plan, objective(&summary))
    })
}

/// Windows-1252 bytes of a text whose characters are all in Latin-1's printable range.
pub fn to_cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c as u32 {
            x @ (0..=0x7F | 0xA0..=0xFF) => x as u8,
            _ => panic!("{c:?} has no single-byte Windows-1252 form in this helper"),
        })
        .collect()
}

/// A comma-separated line of the small dataset (no quotes there) re-written with `;`,
/// quoting cells that contain a `;` (the volunteers' `zones`), as a spreadsheet does.
pub fn to_semicolons(line: &str) -> String {
    line.split(',')
        .map(|c| {
            if c.contains(';') {
                format!("\"{c}\"")
            } else {
                c.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}
