use crate::helpers::Case;
use std::fs;

// ---------------------------------------------------------------------------------------------
// Mutations: whatever the bytes, no panic and a meaningful exit code

/// xorshift64*: deterministic, no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn line_spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        spans.push((start, bytes.len()));
    }
    spans
}

fn mutate(base: &[u8], rng: &mut Rng) -> Vec<u8> {
    const PALETTE: &[u8] = b"\"\"\0\xff,,;;\n\r \t-0912.e\xe9\xc3\xa9";
    let mut b = base.to_vec();
    for _ in 0..1 + rng.below(3) {
        match rng.below(5) {
            0 => {
                let at = rng.below(b.len() + 1);
                b.truncate(at);
            }
            1 | 2 => {
                let at = rng.below(b.len() + 1);
                let n = 1 + rng.below(6);
                let bytes: Vec<u8> = (0..n)
                    .map(|_| {
                        if rng.below(4) == 0 {
                            rng.next() as u8
                        } else {
                            PALETTE[rng.below(PALETTE.len())]
                        }
                    })
                    .collect();
                b.splice(at..at, bytes);
            }
            3 => {
                let spans = line_spans(&b);
                if !spans.is_empty() {
                    let (s, e) = spans[rng.below(spans.len())];
                    let line = b[s..e].to_vec();
                    let at = spans[rng.below(spans.len())].0;
                    b.splice(at..at, line);
                }
            }
            _ => {
                let spans = line_spans(&b);
                if !spans.is_empty() {
                    let (s, e) = spans[rng.below(spans.len())];
                    b.drain(s..e);
                }
            }
        }
    }
    b
}

#[test]
fn mutated_inputs_never_panic() {
    let c = Case::new();
    let mut files = c.csv_files();
    files.push("dataset.toml".to_owned());
    let started = std::time::Instant::now();
    let mut codes = [0usize; 3];
    for (k, f) in files.iter().enumerate() {
        let original = fs::read(c.path(f)).unwrap();
        let mut rng =
            Rng(0x9E37_79B9_7F4A_7C15 ^ (k as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        for i in 0..200 {
            let bytes = mutate(&original, &mut rng);
            c.write(f, &bytes);
            let run = c.check(&[]);
            let show = || {
                format!(
                    "{f}, mutation {i}: {:?}\n{}",
                    String::from_utf8_lossy(&bytes),
                    run.context()
                )
            };
            assert!(!run.stderr.contains("panicked"), "panic on {}", show());
            match run.code {
                Some(code @ 0..=2) => codes[code as usize] += 1,
                _ => panic!("unexpected exit on {}", show()),
            }
            if run.code == Some(2) {
                assert!(
                    !run.error_lines().is_empty(),
                    "exit 2 without a coded error on {}",
                    show()
                );
            }
        }
        c.write(f, &original);
    }
    let run = c.check(&[]);
    assert_eq!(run.code, Some(0), "restored dataset\n{}", run.context());
    assert!(
        codes[2] > 0,
        "the mutations should break something: {codes:?}"
    );
    eprintln!(
        "mutations: exit codes 0/1/2 = {codes:?} in {:.1?}",
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------------------------
// Byte mutations in the library (proptest), every input file type, spreadsheets included:
// whatever the bytes, no panic, and either Ok or errors naming their file. In process, a fixed
// number of cases with a fixed seed: seconds, run by `cargo test` (so by CI).

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed, TestCaseError};
use renfort::io::{load_dataset_with_warnings, load_policy, read_plan, validate_for_horizon};
use renfort::io::{InputError, InputErrors};
use renfort::whatif::{apply::apply, scenario::Scenario};
use renfort::{Horizon, Instance, Policy};
use std::path::Path;

/// Bytes that break parsers more often than random ones: quotes, separators, line ends,
/// NUL, signs, digits, a lone UTF-8 lead byte, TOML's and XML's own marks.
const PALETTE: &[u8] = b"\"',;\n\r \t\0-+.0129e\xc3\xe9\xff[]={}<>&#/";

#[derive(Debug, Clone)]
enum Edit {
    Cut(Index),
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    /// Copies `len` bytes from the first position to the second (a line pasted twice).
    Copy(Index, Index, usize),
    Set(Index, u8),
}

fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![3 => prop::sample::select(PALETTE), 1 => any::<u8>()]
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        1 => any::<Index>().prop_map(Edit::Cut),
        3 => (any::<Index>(), prop::collection::vec(byte(), 1..8)).prop_map(|(i, b)| Edit::Insert(i, b)),
        2 => (any::<Index>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        2 => (any::<Index>(), any::<Index>(), 1usize..80).prop_map(|(a, b, n)| Edit::Copy(a, b, n)),
        2 => (any::<Index>(), byte()).prop_map(|(i, b)| Edit::Set(i, b)),
    ];
    prop::collection::vec(edit, 1..5)
}

fn mutated(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = base.to_vec();
    // A position in 0..=len (Index needs a size above 0).
    let at = |i: &Index, b: &Vec<u8>| i.index(b.len() + 1);
    for e in edits {
        match e {
            Edit::Cut(i) => b.truncate(at(i, &b)),
            Edit::Insert(i, bytes) => {
                let p = at(i, &b);
                b.splice(p..p, bytes.iter().copied());
            }
            Edit::Delete(i, n) => {
                let p = at(i, &b);
                b.drain(p..(p + n).min(b.len()));
            }
            Edit::Copy(from, to, n) => {
                let p = at(from, &b);
                let part = b[p..(p + n).min(b.len())].to_vec();
                let q = at(to, &b);
                b.splice(q..q, part);
            }
            Edit::Set(i, v) => {
                if !b.is_empty() {
                    let p = i.index(b.len());
                    b[p] = *v;
                }
            }
        }
    }
    b
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(27),
        ..Config::default()
    }
}

/// An error names its file and says something.
fn located(e: &InputError) -> Result<(), TestCaseError> {
    prop_assert!(
        !e.at.file.is_empty() && !e.message.trim().is_empty(),
        "an error without its file or words: {e:?}"
    );
    Ok(())
}

fn all_located(r: Result<(), InputErrors>) -> Result<(), TestCaseError> {
    match r {
        Ok(()) => Ok(()),
        Err(InputErrors(es)) => es.iter().try_for_each(located),
    }
}

/// The small dataset with a history.csv (so that every dataset file is there to break).
fn dataset() -> Case {
    let c = Case::new();
    c.write(
        "history.csv",
        "date,site_id,volunteer_id\n2026-11-30,S1,V1\n2026-11-27,S2,V2\n",
    );
    c
}

/// What `check` does with a dataset: load it, then what needs the horizon.
fn check_dataset(dir: &Path) -> Result<(), TestCaseError> {
    let loaded = match load_dataset_with_warnings(dir) {
        Ok(l) => l,
        Err(e) => return all_located(Err(e)),
    };
    let ds = loaded.dataset;
    let Some(horizon) = Horizon::parse_month(&ds.month) else {
        return Ok(());
    };
    let policy = Policy::default();
    let inst = Instance::new(&ds, &policy, horizon);
    all_located(validate_for_horizon(&inst, dir))
}

const SCENARIO: &str = "name = \"s\"\nseed = 3\nruns = 5\nremove_sites = [\"S3\"]\n\
    remove_volunteers = [\"V6\"]\n\n[policy.rules]\nmax_days_per_month = 3\n\n\
    [[close_site]]\nsite = \"S1\"\ndates = [\"2026-12-07\"]\n\n\
    [[demand]]\nsite = \"S2\"\ndates = \"all\"\ndemand = 1\n\n\
    [[add_site]]\nid = \"S9\"\nname = \"New\"\nlat = 45.2\nlon = 3.1\nzone = \"Z1\"\n\
    open_days = \"mon thu\"\n\n\
    [[add_volunteers]]\ncount = 3\nlat = 45.2\nlon = 3.1\nradius_km = 30\n\n\
    [dropout]\nvolunteer = 0.1\n";

const PLAN: &[u8] =
    b"date,site_id,volunteer_id\n2026-12-01,S1,V1\n2026-12-03,S2,V2\n2026-12-04,S3,V5\n";

#[test]
fn fuzz_base_inputs_are_valid() {
    // Otherwise the suites below would only ever mutate a broken input.
    let c = dataset();
    let ds = load_dataset_with_warnings(&c.dir())
        .expect("the small dataset with its history loads")
        .dataset;
    let path = c.tmp.path().join("scenario.toml");
    fs::write(&path, SCENARIO).unwrap();
    let sc = Scenario::load(&path, false).expect("the scenario parses");
    let horizon = Horizon::parse_month(&ds.month).unwrap();
    apply(&ds, &Policy::default(), &sc, None, &horizon, 1).expect("the scenario applies");
    let plan = c.tmp.path().join("plan");
    fs::create_dir(&plan).unwrap();
    fs::write(plan.join("plan.csv"), PLAN).unwrap();
    read_plan(&ds, &plan).expect("the plan reads");
    for ods in [false, true] {
        let c = Case::new();
        let (name, bytes) = spreadsheet(&c, ods, None);
        c.remove("sites.csv");
        fs::write(c.path(name), bytes).unwrap();
        load_dataset_with_warnings(&c.dir()).expect("sites as a spreadsheet loads");
    }
}

/// The small dataset's sites.csv as the files of a workbook (name, bytes): an .xlsx written
/// by rust_xlsxwriter, or an .ods written here (its XML by hand, as LibreOffice lays it).
fn workbook_files(c: &Case, ods: bool) -> Vec<(String, Vec<u8>)> {
    let text = c.read("sites.csv");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    if ods {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
             <office:body><office:spreadsheet><table:table table:name=\"sites\">",
        );
        for r in &rows {
            xml += "<table:table-row>";
            for cell in r {
                xml += &format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{cell}</text:p></table:table-cell>"
                );
            }
            xml += "</table:table-row>";
        }
        xml += "</table:table></office:spreadsheet></office:body></office:document-content>";
        let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest \
            xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
            <manifest:file-entry manifest:full-path=\"/\" \
            manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
            <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
            </manifest:manifest>";
        return vec![
            (
                "mimetype".into(),
                b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            ),
            ("META-INF/manifest.xml".into(), manifest.as_bytes().to_vec()),
            ("content.xml".into(), xml.into_bytes()),
        ];
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (i, r) in rows.iter().enumerate() {
        for (j, cell) in r.iter().enumerate() {
            sheet.write_string(i as u32, j as u16, *cell).unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

/// A workbook of sites (file name, bytes), with `edit` applied to one of its XML files
/// (`Index` picks which) before it is zipped.
fn spreadsheet(c: &Case, ods: bool, edit: Option<(&Index, &[Edit])>) -> (&'static str, Vec<u8>) {
    let mut files = workbook_files(c, ods);
    if let Some((which, e)) = edit {
        let xml: Vec<usize> = (0..files.len())
            .filter(|&i| files[i].0.ends_with(".xml"))
            .collect();
        let i = xml[which.index(xml.len())];
        files[i].1 = mutated(&files[i].1, e);
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in &files {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name.as_str(), options).unwrap();
        std::io::Write::write_all(&mut out, bytes).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    (if ods { "sites.ods" } else { "sites.xlsx" }, bytes)
}

proptest! {
    #![proptest_config(config(160))]

    /// Every file of a dataset: its CSV tables, history.csv and dataset.toml.
    #[test]
    fn fuzz_dataset_files(file in prop::sample::select(&[
        "zones.csv", "sites.csv", "volunteers.csv", "availability.csv", "closures.csv",
        "demand.csv", "pinned.csv", "history.csv", "dataset.toml",
    ][..]), e in edits()) {
        let c = dataset();
        let bytes = mutated(&fs::read(c.path(file)).unwrap(), &e);
        c.write(file, &bytes);
        check_dataset(&c.dir())?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn fuzz_policy_file(e in edits()) {
        let tmp = tempfile::tempdir().unwrap();
        let base = fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default.toml")).unwrap();
        let path = tmp.path().join("model.toml");
        fs::write(&path, mutated(&base, &e)).unwrap();
        if let Err(err) = load_policy(Some(&path)) {
            located(&err)?;
        }
    }

    /// plan.csv as `check DATASET PLAN_DIR` reads it.
    #[test]
    fn fuzz_plan_csv(e in edits()) {
        let c = Case::new();
        let plan = c.tmp.path().join("plan");
        fs::create_dir(&plan).unwrap();
        fs::write(plan.join("plan.csv"), mutated(PLAN, &e)).unwrap();
        let ds = load_dataset_with_warnings(&c.dir()).unwrap().dataset;
        all_located(read_plan(&ds, &plan).map(|_| ()))?;
    }

    /// A what-if scenario, parsed then applied to the dataset.
    #[test]
    fn fuzz_scenario(e in edits()) {
        let c = Case::new();
        let path = c.tmp.path().join("scenario.toml");
        fs::write(&path, mutated(SCENARIO.as_bytes(), &e)).unwrap();
        let ds = load_dataset_with_warnings(&c.dir()).unwrap().dataset;
        let horizon = Horizon::parse_month(&ds.month).unwrap();
        match Scenario::load(&path, false) {
            Err(err) => located(&err)?,
            Ok(sc) => {
                if let Err(err) = apply(&ds, &Policy::default(), &sc, None, &horizon, 1) {
                    located(&err)?;
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// sites.xlsx or sites.ods: the bytes of one of its XML files (the sheet, the shared
    /// strings, the manifest...), or of the archive itself.
    #[test]
    fn fuzz_spreadsheets(ods in any::<bool>(), inside in any::<bool>(), which in any::<Index>(), e in edits()) {
        let c = Case::new();
        let (name, bytes) = if inside {
            spreadsheet(&c, ods, Some((&which, &e)))
        } else {
            let (name, bytes) = spreadsheet(&c, ods, None);
            (name, mutated(&bytes, &e))
        };
        c.remove("sites.csv");
        fs::write(c.path(name), bytes).unwrap();
        check_dataset(&c.dir())?;
    }
}
