//! A previous plan folder, for publishing the changes since (`--previous`, `renfort repair`):
//! its `plan.csv` and the SEQUENCE of every event of its calendars (`calendars/**/*.ics`,
//! absent for a hand-made plan: then every SEQUENCE was 0).

use super::error::InputErrors;
use super::plan::read_plan_for;
use crate::model::{Dataset, Horizon};
use crate::report::ics::{read_sequences, Previous};
use std::path::Path;

pub fn read_previous(ds: &Dataset, dir: &Path, horizon: &Horizon) -> Result<Previous, InputErrors> {
    let plan = read_plan_for(ds, dir, horizon)?.plan;
    let mut sequences = std::collections::HashMap::new();
    for sub in ["volunteers", "sites"] {
        let Ok(entries) = std::fs::read_dir(dir.join("calendars").join(sub)) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ics") && p.is_file())
            .collect();
        paths.sort();
        for p in paths {
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            // The same event is in a volunteer's and a site's calendar: keep the highest.
            for (uid, (seq, cancelled)) in read_sequences(&text) {
                let e = sequences.entry(uid).or_insert((seq, cancelled));
                if seq > e.0 {
                    *e = (seq, cancelled);
                }
            }
        }
    }
    Ok(Previous { plan, sequences })
}
