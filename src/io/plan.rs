//! Reading a plan folder's `plan.csv` (the engine's, or one made by hand).

use super::error::{Code, InputError, InputErrors};
use super::table::Table;
use crate::model::{Assignment, Dataset, Horizon, Plan};
use crate::rules::month_key;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A plan read from a file, with the rows that repeat an earlier one.
pub struct ReadPlan {
    pub plan: Plan,
    /// (line, first line) of each duplicate row.
    pub duplicates: Vec<(u64, u64)>,
}

/// Reads `plan_dir/plan.csv` against the dataset's ids. Dates outside the horizon are kept
/// (`check` reports them as rules broken); see `read_plan_for` for commands that change a
/// plan.
pub fn read_plan(ds: &Dataset, plan_dir: &Path) -> Result<ReadPlan, InputErrors> {
    let path = plan_dir.join("plan.csv");
    let name = path.display().to_string();
    let table = Table::read(&path, &name, &["date", "site_id", "volunteer_id"])?;
    let sites: HashMap<&str, usize> = ds
        .sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let vols: HashMap<&str, usize> = ds
        .volunteers
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    let mut errors = Vec::new();
    let mut seen: HashMap<Assignment, u64> = HashMap::new();
    let mut duplicates = Vec::new();
    let mut rows = Vec::new();
    for row in table.rows() {
        let date = row.date("date").map_err(|e| errors.push(e)).ok();
        let site = match sites.get(row.raw("site_id")) {
            Some(&s) => Some(s),
            None => {
                errors.push(row.error(
                    Code::UnknownReference,
                    "site_id",
                    format!("unknown site '{}'", row.raw("site_id")),
                ));
                None
            }
        };
        let volunteer = match vols.get(row.raw("volunteer_id")) {
            Some(&v) => Some(v),
            None => {
                errors.push(row.error(
                    Code::UnknownReference,
                    "volunteer_id",
                    format!("unknown volunteer '{}'", row.raw("volunteer_id")),
                ));
                None
            }
        };
        if let (Some(date), Some(site), Some(volunteer)) = (date, site, volunteer) {
            let a = Assignment {
                date,
                site,
                volunteer,
            };
            match seen.get(&a) {
                Some(&first) => duplicates.push((row.line, first)),
                None => {
                    seen.insert(a, row.line);
                    rows.push(a);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(ReadPlan {
            plan: Plan::new(rows),
            duplicates,
        })
    } else {
        Err(InputErrors(errors))
    }
}

/// `read_plan` for a command that starts from the plan (repair, marginal): a plan with days
/// outside `horizon` is refused, one error for all such rows, as the plan of another month
/// (repairing it used to change every day of it, exit 0).
pub fn read_plan_for(
    ds: &Dataset,
    plan_dir: &Path,
    horizon: &Horizon,
) -> Result<ReadPlan, InputErrors> {
    let read = read_plan(ds, plan_dir)?;
    match another_month(&read.plan, horizon) {
        None => Ok(read),
        Some(why) => {
            let file = plan_dir.join("plan.csv").display().to_string();
            Err(InputErrors(vec![InputError::new(
                Code::OutOfRange,
                file,
                why,
            )]))
        }
    }
}

/// When some of `plan`'s vacations fall outside `horizon`: how many, when, and the question
/// the planner should ask (the plan of another month?), naming the month most of them are in.
pub fn another_month(plan: &Plan, horizon: &Horizon) -> Option<String> {
    let outside: Vec<_> = plan
        .assignments()
        .iter()
        .map(|a| a.date)
        .filter(|&d| !horizon.contains(d))
        .collect();
    let (first, last) = (outside.iter().min()?, outside.iter().max()?);
    let mut months: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    for d in &outside {
        *months.entry(month_key(*d)).or_default() += 1;
    }
    // The month holding most of them, the earliest on a tie (max_by_key keeps the last).
    let (y, m) = months
        .iter()
        .rev()
        .max_by_key(|(_, n)| **n)
        .map(|(k, _)| *k)?;
    let month = format!("{y}-{m:02}");
    Some(format!(
        "{} of its {} vacations fall outside {} to {} (from {first} to {last}): is it the \
         plan of another month? (most are in {month}: give --month {month})",
        outside.len(),
        plan.assignments().len(),
        horizon.first,
        horizon.last
    ))
}

/// An error about the plan folder itself.
pub fn plan_dir_error(dir: &Path, message: &str) -> InputError {
    InputError::new(Code::MissingFile, dir.display().to_string(), message)
}
