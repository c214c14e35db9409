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
