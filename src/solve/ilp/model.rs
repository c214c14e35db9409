//! The part of the MIP both formulations share: one binary per candidate assignment, its
//! costs, the hard rules H2–H5 and the exact link between assignments and covered days.

use super::super::{Bias, Formulation};
use crate::model::Assignment;
use crate::rules::{month_key, Candidate, Instance};
use chrono::NaiveDate;
use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable};
use std::collections::{HashMap, HashSet};

/// A model under construction. Column indices follow creation order (good_lp's).
pub struct Builder<'i, 'a> {
    pub inst: &'i Instance<'a>,
    pub formulation: Formulation,
    pub vars: ProblemVariables,
    pub objective: Expression,
    /// Constant part of the objective (HiGHS receives only the linear part).
    pub offset: f64,
    pub rows: Vec<Constraint>,
    /// x variable and its column, per candidate (None: removed as useless).
    pub x: Vec<Option<(Variable, usize)>>,
    /// Candidates at each (site, service day index).
    pub at_site_day: HashMap<(usize, usize), Vec<usize>>,
    /// Covered-day variable and column per site and service day (None: can't be covered).
    pub c: Vec<Vec<Option<(Variable, usize)>>>,
    /// Caller's extra cost per candidate (`SolveOptions::bias`), added to its x.
    pub bias: Option<&'i Bias>,
    /// Volunteers whose schedules are listed (formulation `schedules`): their costs and
    /// H2/H3 sit on the schedules, not on x.
    pub scheduled: Vec<bool>,
    /// Schedules (by rank in the listing) to leave out (see `fixing`).
    pub dropped: Option<&'i HashSet<usize>>,
    /// Columns of the schedule variables λ, by rank among those kept.
    pub lambda_cols: Vec<usize>,
    /// Put the volunteers it applies to on the block-pair hull (see `pairs`).
    pub block_pairs: bool,
    /// Volunteers put on the block-pair hull.
    pub paired: usize,
    /// Over several calendar months, give each volunteer's months their own hull where the
    /// months are independent (see `schedules::month_parts`).
    pub month_parts: bool,
    /// Schedules listed in all, and volunteers given a hull per month (see `schedules`), for
    /// the log (`Tuning::highs_log`).
    pub listed: usize,
    pub split: usize,
    /// New (volunteer, site) pairs with two candidates or more (when `new_pair` > 0): their
    /// cost is paid once per pair, through a pair variable or the schedules. A new pair with
    /// one candidate pays it in that candidate's linear cost.
    pub new_pairs: HashSet<(usize, usize)>,
}

impl<'i, 'a> Builder<'i, 'a> {
    pub fn add(&mut self, def: good_lp::VariableDefinition) -> (Variable, usize) {
        let col = self.vars.len();
        (self.vars.add(def), col)
    }

    /// Each volunteer's candidates that have an x (indices into `inst.candidates()`).
    pub fn candidates_by_volunteer(&self) -> Vec<Vec<usize>> {
        let mut per_v = vec![Vec::new(); self.inst.dataset.volunteers.len()];
        for (i, k) in self.inst.candidates().iter().enumerate() {
            if self.x[i].is_some() {
                per_v[k.volunteer].push(i);
            }
        }
        per_v
    }

    /// Σ x over candidates `ks`.
    pub fn sum_x(&self, ks: &[usize]) -> Expression {
        ks.iter().filter_map(|&k| self.x[k].map(|(v, _)| v)).sum()
    }

    pub fn new(
        inst: &'i Instance<'a>,
        formulation: Formulation,
        bias: Option<&'i Bias>,
        dropped: Option<&'i HashSet<usize>>,
        block_pairs: bool,
        month_parts: bool,
    ) -> Self {
        let mut b = Builder {
            inst,
            formulation,
            vars: ProblemVariables::new(),
            objective: Expression::default(),
            offset: 0.0,
            rows: Vec::new(),
            x: Vec::new(),
            at_site_day: HashMap::new(),
            c: Vec::new(),
            bias,
            scheduled: vec![false; inst.dataset.volunteers.len()],
            dropped,
            lambda_cols: Vec::new(),
            block_pairs,
            paired: 0,
            month_parts,
            listed: 0,
            split: 0,
            new_pairs: HashSet::new(),
        };
        b.assignments();
        b.volunteer_rules();
        b.coverage();
        b
    }

    /// Whether a candidate can ever be in a valid plan (the tight model drops the others:
    /// a stayer at a site without beds, a volunteer whose cap is 0).
    fn useful(&self, k: &Candidate) -> bool {
        let inst = self.inst;
        self.formulation == Formulation::Plain
            || (inst.cap_in_month(k.volunteer, month_key(k.date)) > 0
                && (!inst.is_stayer(k.volunteer, k.site) || inst.dataset.sites[k.site].beds > 0))
    }

    fn assignments(&mut self) {
        let inst = self.inst;
        let w = &inst.policy.objective;
        let cands: &[Candidate] = inst.candidates();
        let pinned: HashSet<(usize, usize, NaiveDate)> = inst
            .dataset
            .pinned
            .keys()
            .map(|p| (p.volunteer, p.site, p.date))
            .collect();
        for k in cands {
            let x = if self.useful(k) || pinned.contains(&(k.volunteer, k.site, k.date)) {
                let lo = if pinned.contains(&(k.volunteer, k.site, k.date)) {
                    1.0
                } else {
                    0.0
                };
                Some(self.add(variable().integer().min(lo).max(1.0)))
            } else {
                None
            };
            self.x.push(x);
        }
        let mut by_vsd: HashMap<(usize, usize, NaiveDate), usize> = HashMap::new();
        let mut by_pair: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (i, k) in cands.iter().enumerate() {
            if self.x[i].is_some() {
                self.at_site_day.entry((k.site, k.day)).or_default().push(i);
                by_vsd.insert((k.volunteer, k.site, k.date), i);
                if w.new_pair > 0.0 && !inst.returning(k.volunteer, k.site) {
                    by_pair.entry((k.volunteer, k.site)).or_default().push(i);
                }
            }
        }
        by_pair.retain(|_, ks| ks.len() > 1);
        self.new_pairs = by_pair.keys().copied().collect();
        if self.formulation == Formulation::Schedules {
            self.list_schedules();
        }
        // Travel, beds, preferences. A stayer pays the round trip once per block of
        // consecutive days: z ≥ x_today − x_yesterday marks a block start.
        for (i, k) in cands.iter().enumerate() {
            let Some((xi, _)) = self.x[i] else { continue };
            if self.scheduled[k.volunteer] {
                continue;
            }
            let km = inst.km(k.volunteer, k.site);
            let mut cost = self.linear_cost(i);
            if inst.is_stayer(k.volunteer, k.site) {
                let prev = k
                    .date
                    .pred_opt()
                    .and_then(|p| by_vsd.get(&(k.volunteer, k.site, p)));
                match prev.and_then(|&j| self.x[j]) {
                    Some((xj, _)) if w.travel > 0.0 => {
                        let (z, _) = self.add(variable().min(0.0));
                        self.objective += 2.0 * km * w.travel * z;
                        self.rows.push((z - xi + xj).geq(0.0));
                    }
                    _ => cost += 2.0 * km * w.travel,
                }
            }
            if cost != 0.0 {
                self.objective += cost * xi;
            }
        }
        // A new pair's cost, once: y ≥ x for each of its days (the schedules carry it
        // themselves).
        let mut pairs: Vec<_> = by_pair.into_iter().collect();
        pairs.sort_unstable();
        for ((v, _), ks) in pairs {
            if self.scheduled[v] {
                continue;
            }
            let (y, _) = self.add(variable().min(0.0));
            self.objective += w.new_pair * y;
            for k in ks {
                let (xk, _) = self.x[k].expect("pairs list candidates with x");
                self.rows.push((y - xk).geq(0.0));
            }
        }
    }

    /// A candidate's cost that does not depend on the rest of the schedule: a commuter's
    /// travel, a stayer's bed night, a preference miss, a new pair with no other candidate,
    /// the caller's bias. (A stayer's travel is per block; see `new_pairs` for the others.)
    pub(super) fn linear_cost(&self, i: usize) -> f64 {
        let inst = self.inst;
        let w = &inst.policy.objective;
        let k = &inst.candidates()[i];
        let mut cost = if inst.is_stayer(k.volunteer, k.site) {
            w.bed_night
        } else {
            2.0 * inst.km(k.volunteer, k.site) * w.travel
        };
        if inst.preference_miss(k.volunteer, k.site) {
            cost += w.preference;
        }
        if !inst.returning(k.volunteer, k.site) && !self.new_pairs.contains(&(k.volunteer, k.site))
        {
            cost += w.new_pair;
        }
        let a = Assignment {
            date: k.date,
            site: k.site,
            volunteer: k.volunteer,
        };
        cost + self.bias.and_then(|b| b.get(&a)).copied().unwrap_or(0.0)
    }

    /// H2 (one place a day) and H3 (monthly cap).
    fn volunteer_rules(&mut self) {
        let cands = self.inst.candidates();
        let mut per_vd: HashMap<(usize, NaiveDate), Vec<usize>> = HashMap::new();
        let mut per_vm: HashMap<(usize, (i32, u32)), Vec<usize>> = HashMap::new();
        for (i, k) in cands.iter().enumerate() {
            if self.x[i].is_some() && !self.scheduled[k.volunteer] {
                per_vd.entry((k.volunteer, k.date)).or_default().push(i);
                per_vm
                    .entry((k.volunteer, month_key(k.date)))
                    .or_default()
                    .push(i);
            }
        }
        let mut keys: Vec<_> = per_vd.keys().copied().collect();
        keys.sort();
        for key in keys {
            let ks = &per_vd[&key];
            if ks.len() > 1 {
                let e = self.sum_x(ks);
                self.rows.push(e.leq(1.0));
            }
        }
        let mut keys: Vec<_> = per_vm.keys().copied().collect();
        keys.sort();
        for key in keys {
            let ks = &per_vm[&key];
            let cap = self.inst.cap_in_month(key.0, key.1) as usize;
            if ks.len() > cap {
                let e = self.sum_x(ks);
                self.rows.push(e.leq(cap as f64));
            }
        }
    }

    /// Per site and service day: covered c (exact both ways), uncovered doctors, rooms (H4)
    /// and beds (H5).
    fn coverage(&mut self) {
        let inst = self.inst;
        let ds = inst.dataset;
        let w = &inst.policy.objective;
        let cands = inst.candidates();
        for s in 0..ds.sites.len() {
            let site = &ds.sites[s];
            let weight = w.uncovered * inst.priority(s);
            let mut cs = Vec::with_capacity(inst.service_days(s).len());
            for (i, sd) in inst.service_days(s).iter().enumerate() {
                let ks = self.at_site_day.get(&(s, i)).cloned().unwrap_or_default();
                let dem = sd.demand as f64;
                if ks.is_empty() {
                    cs.push(None);
                    self.offset += weight * dem;
                    continue;
                }
                let a = self.sum_x(&ks);
                let (ci, col) = self.add(variable().binary());
                cs.push(Some((ci, col)));
                // c ≤ a, and c ≥ x_k for each k. When at most one doctor can be there
                // (demand 1 and the dominance cut, or one room: the usual case), c = a
                // instead: one equality row in place of one row per candidate and c ≤ a
                // (a smaller basis for every LP the search solves).
                let cap = match self.formulation {
                    Formulation::Plain => None,
                    _ => self.dominance_cap(s, i, &ks),
                };
                let most = ks
                    .len()
                    .min(site.rooms as usize)
                    .min(cap.unwrap_or(usize::MAX));
                let single = self.formulation != Formulation::Plain && most == 1;
                if single {
                    self.rows.push((ci - a.clone()).eq(0.0));
                } else {
                    self.rows.push((ci - a.clone()).leq(0.0));
                    for &k in &ks {
                        let (xk, _) = self.x[k].expect("listed candidates have x");
                        self.rows.push((xk - ci).leq(0.0));
                    }
                }
                let stayers: Vec<usize> = ks
                    .iter()
                    .copied()
                    .filter(|&k| inst.is_stayer(cands[k].volunteer, s))
                    .collect();
                if stayers.len() > site.beds as usize {
                    let b = self.sum_x(&stayers);
                    self.rows.push(b.leq(site.beds as f64));
                }
                if weight <= 0.0 {
                    if ks.len() > site.rooms as usize {
                        self.rows.push(a.leq(site.rooms as f64));
                    }
                    continue;
                }
                match self.formulation {
                    Formulation::Plain => {
                        if ks.len() > site.rooms as usize {
                            self.rows.push(a.clone().leq(site.rooms as f64));
                        }
                        let (u, _) = self.add(variable().min(0.0));
                        self.objective += weight * u;
                        self.rows.push((u + a).geq(dem));
                    }
                    Formulation::Tight | Formulation::Schedules => {
                        self.tight_uncovered(s, &ks, cap, a, ci, weight, dem)
                    }
                }
            }
            self.c.push(cs);
        }
    }

    /// Uncovered doctors without an extra variable where an optimal plan allows it:
    /// - when no more than `demand` doctors can come, uncovered = demand − a exactly;
    /// - else, a doctor beyond demand only adds cost (unless removing them would split a
    ///   stayer's block of three days, or they are pinned), so some optimal plan has
    ///   a ≤ max(demand, pins): add that cut and uncovered = demand − a again;
    /// - else, with demand 1, uncovered = 1 − c.
    #[allow(clippy::too_many_arguments)]
    fn tight_uncovered(
        &mut self,
        s: usize,
        ks: &[usize],
        cap: Option<usize>,
        a: Expression,
        ci: Variable,
        weight: f64,
        dem: f64,
    ) {
        let inst = self.inst;
        let rooms = inst.dataset.sites[s].rooms as f64;
        let pins = ks.iter().filter(|&&k| self.is_pinned(k)).count() as f64;
        let exact_linear = (ks.len() as f64) <= dem;
        if exact_linear || cap.is_some() {
            if let Some(cap) = cap {
                self.rows.push(a.clone().leq((cap as f64).min(rooms)));
            }
            if pins < dem {
                self.offset += weight * dem;
                self.objective -= weight * a;
            }
            return;
        }
        if ks.len() as f64 > rooms {
            self.rows.push(a.clone().leq(rooms));
        }
        if dem == 1.0 {
            self.offset += weight;
            self.objective -= weight * ci;
        } else {
            let (u, _) = self.add(variable().min(0.0));
            self.objective += weight * u;
            self.rows.push((u + a).geq(dem));
        }
    }

    /// The dominance cut of the tight model at (s, day i), when it applies: a doctor beyond
    /// demand only adds cost (positive uncovered weight, more candidates than demand, no
    /// stayer's block to split), so some optimal plan has a ≤ max(demand, pins).
    fn dominance_cap(&self, s: usize, i: usize, ks: &[usize]) -> Option<usize> {
        let inst = self.inst;
        let dem = inst.service_days(s)[i].demand as usize;
        let weight = inst.policy.objective.uncovered * inst.priority(s);
        if weight <= 0.0 || ks.len() <= dem || self.may_split_block(s, i) {
            return None;
        }
        let pins = ks.iter().filter(|&&k| self.is_pinned(k)).count();
        Some(dem.max(pins))
    }

    pub(super) fn is_pinned(&self, k: usize) -> bool {
        self.inst.is_pinned(&self.inst.candidates()[k])
    }

    /// Could removing an assignment at (s, day i) split a stayer's block? Only if some
    /// stayer can work the calendar days before and after it at s as well.
    fn may_split_block(&self, s: usize, i: usize) -> bool {
        let inst = self.inst;
        let d = inst.service_days(s)[i].date;
        let (Some(prev), Some(next)) = (d.pred_opt(), d.succ_opt()) else {
            return false;
        };
        let (Some(ip), Some(inx)) = (inst.service_index(s, prev), inst.service_index(s, next))
        else {
            return false;
        };
        let vols = |day: usize| -> HashSet<usize> {
            self.at_site_day
                .get(&(s, day))
                .into_iter()
                .flatten()
                .map(|&k| inst.candidates()[k].volunteer)
                .collect()
        };
        let (before, after) = (vols(ip), vols(inx));
        self.at_site_day
            .get(&(s, i))
            .into_iter()
            .flatten()
            .any(|&k| {
                let v = inst.candidates()[k].volunteer;
                let three_fit = if month_key(prev) == month_key(next) {
                    inst.monthly_cap(v) >= 3
                } else {
                    inst.monthly_cap(v) >= 2
                };
                inst.is_stayer(v, s) && before.contains(&v) && after.contains(&v) && three_fit
            })
    }
}
