//! A start for large models from regional parts: the sites are grouped into parts of
//! regional size, each volunteer is given to one part, each part is solved exactly on its
//! own (the whole exact path, small and fast), and the parts' plans are joined. Any such
//! plan is valid for the whole (a volunteer works in one part only, and every rule is per
//! volunteer or per site), and often better than the LP-guided start: the restricted MIP
//! around the LP optimum keeps every binary the LP sets, whereas a part may move any of its
//! volunteers among its sites.
//!
//! Why: on a national month the whole model's LP bound is within a few hundredths of a
//! percent of the optimum, and HiGHS proves it at its root node once it holds a plan close
//! enough; what it lacks is that plan (its own sub-MIPs take most of its time to find it).
//!
//! Parts: sites are joined, heaviest link first, while a part has at most a round's number
//! of candidates (`ROUNDS`). Two sites are linked by the volunteers who can reach both, much
//! more by those the LP relaxation or the plan in hand splits between them (a part then
//! keeps what they do), and in a second round much more again when the first round's parts
//! kept them apart (so its borders fall inside the new parts). A volunteer goes to the part
//! where the plan in hand puts their days, else where the LP puts the most of them, else
//! where they have the most candidates; their days in the plan at other parts stay as they
//! are (see `part_dataset`).
//!
//! Measured on the two national months (`RENFORT_HIGHS_LOG=1 renfort plan DIR --solver ilp`,
//! the plan handed to HiGHS; 2 shared cores under load): datasets/france-2026-12, polished
//! start 198,064.0, parts of 4,000 then 8,000 candidates 198,007.4, of 8,000 then 16,000
//! 198,005.0 (HiGHS then proves it at its first cut round: 39 s and 0.38 GB in all, against
//! 133 s and 1.9 GB without the parts); fr-4000 (`generate --national --volunteers 4000
//! --seed 2026`), start 199,750.3: 4,000 then 8,000 199,648.9 (one part took 17 s, HiGHS
//! then needed its sub-MIPs), 8,000 then 16,000 199,632.4 in 3.8 s, below the plan HiGHS
//! had stopped at within its gap. Parts solved to a tenth of the asked gap
//! (`PART_GAP_SHARE`): at the full gap, each part may stop above the plan in hand and the
//! rounds lose what they gain (198,020.5, then 198,024.2).

use super::fixing::LpOptimum;
use super::SolveOptions;
use crate::model::restrict::Restricted;
use crate::model::{Assignment, Plan};
use crate::rules::{hard, metrics, Instance};
use crate::solve::decompose::find;
use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

/// The most candidates a part holds, per round (a single site with more is a part of its
/// own): a few AuRA months, whose exact path ends in a second or so each (see the module).
const ROUNDS: [usize; 2] = [8_000, 16_000];

/// The gap each part is solved to, as a share of the whole solve's (see the module).
const PART_GAP_SHARE: f64 = 0.1;

/// A link kept apart by the round before weighs this many times more (see the module).
const BORDER_WEIGHT: f64 = 1e4;

/// How much more a volunteer the LP or the plan splits between two sites links them than
/// one who could only reach both.
const SPLIT_WEIGHT: f64 = 100.0;

/// The parts of `inst`: their sites (original indices, only sites with candidates), the part
/// of each site and the part each volunteer is given to.
pub(super) struct Parts {
    pub sites: Vec<Vec<usize>>,
    pub of_site: Vec<Option<usize>>,
    pub home: Vec<Option<usize>>,
}

/// The parts of at most `cap` candidates (see the module); `before`: the previous round's,
/// whose borders the new parts should cross.
pub(super) fn parts(
    inst: &Instance,
    lp: &LpOptimum,
    plan: &Plan,
    cap: usize,
    before: Option<&Parts>,
) -> Parts {
    let ds = inst.dataset;
    let (n_sites, n_vols) = (ds.sites.len(), ds.volunteers.len());
    // Per volunteer, per site they reach: candidates, LP mass, days in the plan.
    let mut reach: Vec<HashMap<usize, (usize, f64, f64)>> = vec![HashMap::new(); n_vols];
    let mut site_size = vec![0usize; n_sites];
    for (k, c) in inst.candidates().iter().enumerate() {
        let e = reach[c.volunteer].entry(c.site).or_default();
        e.0 += 1;
        e.1 += lp.x_cols[k].map_or(0.0, |col| lp.values[col].max(0.0));
        site_size[c.site] += 1;
    }
    for a in plan.assignments() {
        if let Some(e) = reach[a.volunteer].get_mut(&a.site) {
            e.2 += 1.0;
        }
    }
    let mut links: HashMap<(usize, usize), f64> = HashMap::new();
    for sites in &reach {
        let mut list: Vec<(&usize, &(usize, f64, f64))> = sites.iter().collect();
        list.sort_by_key(|(s, _)| **s);
        for (i, (s, a)) in list.iter().enumerate() {
            for (t, b) in &list[i + 1..] {
                let split = a.1.min(b.1) + a.2.min(b.2);
                *links.entry((**s, **t)).or_default() += 1.0 + SPLIT_WEIGHT * split;
            }
        }
    }
    if let Some(b) = before {
        for ((s, t), w) in links.iter_mut() {
            if b.of_site[*s] != b.of_site[*t] {
                *w *= BORDER_WEIGHT;
            }
        }
    }
    let mut links: Vec<((usize, usize), f64)> = links.into_iter().collect();
    links.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut parent: Vec<usize> = (0..n_sites).collect();
    let mut size = site_size.clone();
    for ((s, t), _) in links {
        let (a, b) = (find(&mut parent, s), find(&mut parent, t));
        if a != b && size[a] + size[b] <= cap {
            parent[a.max(b)] = a.min(b);
            size[a.min(b)] += size[a.max(b)];
        }
    }
    // Parts numbered by their first site.
    let mut number: HashMap<usize, usize> = HashMap::new();
    let mut sites: Vec<Vec<usize>> = Vec::new();
    let mut of_site = vec![None; n_sites];
    for s in (0..n_sites).filter(|&s| site_size[s] > 0) {
        let r = find(&mut parent, s);
        let q = *number.entry(r).or_insert_with(|| {
            sites.push(Vec::new());
            sites.len() - 1
        });
        sites[q].push(s);
        of_site[s] = Some(q);
    }
    let home = reach
        .iter()
        .map(|reached| {
            let mut by_part: HashMap<usize, (f64, f64, usize)> = HashMap::new();
            for (&s, &(n, mass, days)) in reached {
                let e = by_part.entry(of_site[s]?).or_default();
                e.0 += days;
                e.1 += mass;
                e.2 += n;
            }
            let best = by_part.into_iter().max_by(|(qa, a), (qb, b)| {
                (a.0.total_cmp(&b.0))
                    .then(a.1.total_cmp(&b.1))
                    .then(a.2.cmp(&b.2))
                    .then(qb.cmp(qa))
            });
            best.map(|(q, _)| q)
        })
        .collect();
    Parts {
        sites,
        of_site,
        home,
    }
}

/// Part `q` as a dataset of its own: its sites, the volunteers given to it, and the
/// volunteers given to other parts whose days in the plan in hand fall in it (guests).
/// A guest keeps exactly those days (pinned, offered on those days only); a volunteer's
/// days in the plan at other parts count towards their cap (`History::elsewhere`) and are
/// no longer offered here. So every plan of a part joins with the others' into a valid plan.
fn part_dataset(inst: &Instance, parts: &Parts, plan: &Plan, q: usize) -> Restricted {
    let in_part = |s: usize| parts.of_site[s] == Some(q);
    let mut vols: Vec<usize> = (0..inst.dataset.volunteers.len())
        .filter(|&v| parts.home[v] == Some(q))
        .collect();
    let guests: BTreeSet<usize> = plan
        .assignments()
        .iter()
        .filter(|a| in_part(a.site) && parts.home[a.volunteer] != Some(q))
        .map(|a| a.volunteer)
        .collect();
    vols.extend(&guests);
    vols.sort_unstable();
    let mut sub = inst.dataset.restrict(&parts.sites[q], &vols);
    let new_index: HashMap<usize, usize> = vols.iter().enumerate().map(|(n, &v)| (v, n)).collect();
    let new_site: HashMap<usize, usize> = parts.sites[q]
        .iter()
        .enumerate()
        .map(|(n, &s)| (s, n))
        .collect();
    let ds = &mut sub.dataset;
    for g in &guests {
        let n = new_index[g];
        ds.availability.retain(|&(v, _)| v != n);
    }
    for a in plan.assignments() {
        let Some(&n) = new_index.get(&a.volunteer) else {
            continue;
        };
        if guests.contains(&a.volunteer) {
            if in_part(a.site) {
                ds.availability.insert((n, a.date));
                let pin = Assignment {
                    date: a.date,
                    site: new_site[&a.site],
                    volunteer: n,
                };
                ds.pinned.entry(pin).or_insert(0);
            }
        } else if !in_part(a.site) {
            ds.availability.remove(&(n, a.date));
            let id = ds.volunteers[n].id.clone();
            ds.history.elsewhere.push((id, a.date));
        }
    }
    sub
}

/// The plan after each round of `ROUNDS`: the joined plan of the parts, each solved exactly
/// from what `plan` does in it, where better than `plan`. `until`: when the parts must be
/// done.
pub(super) fn start(
    inst: &Instance,
    opts: &SolveOptions,
    lp: &LpOptimum,
    mut plan: Plan,
    until: Option<Instant>,
) -> Plan {
    let mut before = None;
    for cap in ROUNDS {
        let (p, parts) = round(inst, opts, lp, plan, until, cap, before.as_ref());
        plan = p;
        before = parts;
    }
    plan
}

/// One round: the joined plan of the parts and the parts, or `plan` itself when it is no
/// worse (or the parts are one, or a part found nothing in time).
fn round(
    inst: &Instance,
    opts: &SolveOptions,
    lp: &LpOptimum,
    plan: Plan,
    until: Option<Instant>,
    cap: usize,
    before: Option<&Parts>,
) -> (Plan, Option<Parts>) {
    let t = Instant::now();
    let parts = parts(inst, lp, &plan, cap, before);
    let n = parts.sites.len();
    if n < 2 {
        return (plan, None);
    }
    let sizes: Vec<usize> = parts.sites.iter().map(|s| s.len().max(1)).collect();
    let mut size_left: usize = sizes.iter().sum();
    let mut assignments = Vec::new();
    for (q, &size) in sizes.iter().enumerate() {
        let sub = part_dataset(inst, &parts, &plan, q);
        let sub_inst = Instance::new(&sub.dataset, inst.policy, inst.horizon);
        let given = sub.project(&plan);
        let mut sub_opts = SolveOptions {
            initial: Some(std::sync::Arc::new(given.clone())),
            decompose: false,
            mip_rel_gap: opts.mip_rel_gap * PART_GAP_SHARE,
            observer: None,
            // The whole model's LP is solved by now: the parts' own LPs have the regional
            // share of the time (`until`), not `auto`'s deadline for that first LP.
            lp_deadline: None,
            ..opts.clone()
        };
        sub_opts.tuning.highs_log = false;
        if let Some(until) = until {
            let left = until.saturating_duration_since(Instant::now());
            let share = size as f64 / size_left as f64;
            sub_opts.time_limit = Some(left.mul_f64(share).max(Duration::from_millis(10)));
        }
        size_left -= size;
        let Some(sub_plan) = super::solve(&sub_inst, &sub_opts).plan else {
            return (plan, None);
        };
        // The part's solve ends within its gap of its bound, which may be above the plan in
        // hand: keep whichever is better in the part.
        let o = |p: &Plan| metrics::compute(&sub_inst, p).objective(&sub_inst);
        let sub_plan = if o(&sub_plan) <= o(&given) {
            sub_plan
        } else {
            given
        };
        // Every assignment is at a site of one part, so in that part's plan only.
        assignments.extend(sub_plan.assignments().iter().map(|a| sub.lift(a)));
    }
    let joined = Plan::new(assignments);
    let objective = |p: &Plan| metrics::compute(inst, p).objective(inst);
    let (before, after) = (objective(&plan), objective(&joined));
    if opts.tuning.highs_log {
        println!(
            "regional start: {n} parts, {before:.3} -> {after:.3}, {:.3} s",
            t.elapsed().as_secs_f64()
        );
    }
    // Every part keeps to its share of the rules, so the joined plan is valid: checked, not
    // assumed.
    if after < before && hard::check(inst, &joined).is_empty() {
        (joined, Some(parts))
    } else {
        (plan, Some(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Horizon, Policy};
    use crate::solve::{greedy, SolveOptions};

    /// A round of small parts from the greedy plan, on the shipped months (January with its
    /// history, whose days count towards the caps as the other parts' days do): the joined
    /// plan keeps every rule, improves on the plan in hand, and some volunteer's days fall
    /// in two parts (a guest), so that case is exercised.
    #[test]
    fn parts_join_into_a_valid_better_plan() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
        let policy = Policy::default();
        for name in ["aura-2026-12", "aura-2027-01"] {
            let ds = crate::io::load_dataset(&root.join(name)).expect("shipped");
            let inst = Instance::new(&ds, &policy, Horizon::parse_month(&ds.month).unwrap());
            let opts = SolveOptions {
                threads: Some(1),
                ..Default::default()
            };
            let start = super::super::rens::start_plan(&inst, &opts, Instant::now()).unwrap();
            let given = greedy::solve(&inst, &opts).plan.unwrap();
            let parts = parts(&inst, &start.lp, &given, 300, None);
            assert!(
                parts.sites.len() >= 3,
                "{name}: {} parts",
                parts.sites.len()
            );
            let guests = given
                .assignments()
                .iter()
                .filter(|a| parts.of_site[a.site] != parts.home[a.volunteer])
                .count();
            assert!(guests > 0, "{name}: no volunteer's days in two parts");
            let (joined, _) = round(&inst, &opts, &start.lp, given.clone(), None, 300, None);
            assert!(hard::check(&inst, &joined).is_empty(), "{name}");
            let objective = |p: &Plan| metrics::compute(&inst, p).objective(&inst);
            assert!(objective(&joined) < objective(&given), "{name}");
        }
    }
}
