//! The memory of reading a large CSV file (issue 27, #9), measured by counting this test
//! binary's allocations: proportional to the file and to the rows kept, not to a vector of
//! every row's cells (a 200 MB availability.csv took 5.6 GB).

use renfort::io::table::Table;
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = IN_USE.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call goes to `System`, with the caller's own layout.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            IN_USE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Regression: `Table` kept every row as a vector of cells, about 100 bytes a row beyond the
/// file's own bytes; rows are now parsed as they are read.
#[test]
fn a_large_availability_csv_is_read_without_a_vector_of_its_rows() {
    // 1,000,000 rows (16 MB), 700 of them distinct.
    let mut text = String::from("volunteer_id,date\n");
    for i in 0..1_000_000 {
        let _ = writeln!(text, "V{:04},2026-12-{:02}", i % 100, i % 28 + 1);
    }
    let bytes = text.into_bytes();
    let before = IN_USE.load(Relaxed);
    PEAK.store(before, Relaxed);

    let table = Table::parse(&bytes, "availability.csv", &["volunteer_id", "date"]).unwrap();
    assert_eq!(table.len(), 1_000_000);
    let mut kept = HashSet::new();
    let mut last_line = 0;
    for row in table.rows() {
        last_line = row.line;
        kept.insert((
            row.raw("volunteer_id").to_owned(),
            row.raw("date").to_owned(),
        ));
    }
    assert_eq!((kept.len(), last_line), (700, 1_000_001));

    let peak = PEAK.load(Relaxed) - before;
    eprintln!("a {} MB file: {} MB at most", bytes.len() >> 20, peak >> 20);
    // The decoded text (one file's worth) and what is kept; a row vector was 8 files' worth.
    assert!(
        peak < 2 * bytes.len(),
        "{peak} bytes to read a file of {} bytes",
        bytes.len()
    );
}
