//! The metrics of contract §6, computed from a plan. Every figure renfort reports comes from
//! here (the solvers' own objective values are never reported).

use super::Instance;
use crate::model::{Plan, SiteIdx, VolIdx};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Section 6, key for key (`objective` apart).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    pub demand_doctor_days: u64,
    pub uncovered_doctor_days: u64,
    pub weighted_uncovered: f64,
    pub covered_site_days: u64,
    pub breaks: u64,
    pub long_gap_excess: u64,
    pub longest_gap: u64,
    pub travel_km: f64,
    pub bed_nights: u64,
    pub preference_misses: u64,
    /// Distinct (volunteer, site) pairs of the plan that the history does not hold.
    pub new_pairs: u64,
    pub assigned_days: u64,
    pub cost_eur: f64,
}

impl Metrics {
    /// Every metric's contract key, in the contract's order (the order of the fields, of
    /// summary.json and of every table that lists them all).
    pub const KEYS: [&'static str; 13] = [
        "demand_doctor_days",
        "uncovered_doctor_days",
        "weighted_uncovered",
        "covered_site_days",
        "breaks",
        "long_gap_excess",
        "longest_gap",
        "travel_km",
        "bed_nights",
        "preference_misses",
        "new_pairs",
        "assigned_days",
        "cost_eur",
    ];

    /// A metric by its contract key (`breaks`, `travel_km`, ...); None for another key. The
    /// tables that list metrics by key read them here.
    pub fn get(&self, key: &str) -> Option<f64> {
        Some(match key {
            "demand_doctor_days" => self.demand_doctor_days as f64,
            "uncovered_doctor_days" => self.uncovered_doctor_days as f64,
            "weighted_uncovered" => self.weighted_uncovered,
            "covered_site_days" => self.covered_site_days as f64,
            "breaks" => self.breaks as f64,
            "long_gap_excess" => self.long_gap_excess as f64,
            "longest_gap" => self.longest_gap as f64,
            "travel_km" => self.travel_km,
            "bed_nights" => self.bed_nights as f64,
            "preference_misses" => self.preference_misses as f64,
            "new_pairs" => self.new_pairs as f64,
            "assigned_days" => self.assigned_days as f64,
            "cost_eur" => self.cost_eur,
            _ => return None,
        })
    }

    /// The weighted sum the plan minimises.
    pub fn objective(&self, inst: &Instance) -> f64 {
        let w = &inst.policy.objective;
        w.uncovered * self.weighted_uncovered
            + w.break_ * self.breaks as f64
            + w.long_gap * self.long_gap_excess as f64
            + w.travel * self.travel_km
            + w.bed_night * self.bed_nights as f64
            + w.preference * self.preference_misses as f64
            + w.new_pair * self.new_pairs as f64
    }

    fn add(&mut self, o: &Metrics) {
        self.demand_doctor_days += o.demand_doctor_days;
        self.uncovered_doctor_days += o.uncovered_doctor_days;
        self.weighted_uncovered += o.weighted_uncovered;
        self.covered_site_days += o.covered_site_days;
        self.breaks += o.breaks;
        self.long_gap_excess += o.long_gap_excess;
        self.longest_gap = self.longest_gap.max(o.longest_gap);
        self.travel_km += o.travel_km;
        self.bed_nights += o.bed_nights;
        self.preference_misses += o.preference_misses;
        self.new_pairs += o.new_pairs;
        self.assigned_days += o.assigned_days;
        self.cost_eur += o.cost_eur;
    }
}

/// Continuity figures of one site: its runs and gaps over its service days.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Continuity {
    pub runs: u64,
    pub breaks: u64,
    /// Lengths of the maximal runs of uncovered service days in the horizon, in date order.
    pub gaps: Vec<u64>,
    pub long_gap_excess: u64,
    /// The longest gap, a first gap continuing the carried one counted with it.
    pub longest_gap: u64,
}

/// Runs and gaps of one site given which of its service days are covered (in date order),
/// and its carried gap c(s) (None: no history at the site, v1's meaning).
///
/// With history the horizon continues the site's past: a run is a break unless it is a
/// first run that continues the history's (c = 0 and the first day covered); a first gap
/// touching the start continues the carried one, and only the excess that accrues inside
/// the horizon counts, max(0, c + k − tol) − max(0, c − tol). So at a site with a vacation in
/// the history, planning month after month adds up to planning both months at once.
pub fn continuity(covered: &[bool], gap_tolerance: u32, carried: Option<u32>) -> Continuity {
    let mut c = Continuity::default();
    let mut prev = false;
    let mut gap = 0u64;
    for &cov in covered {
        if cov {
            if !prev {
                c.runs += 1;
            }
            if gap > 0 {
                c.gaps.push(gap);
            }
            gap = 0;
        } else {
            gap += 1;
        }
        prev = cov;
    }
    if gap > 0 {
        c.gaps.push(gap);
    }
    let tol = gap_tolerance as u64;
    let excess = |g: u64| g.saturating_sub(tol);
    let leading = covered.first() == Some(&false);
    let carried = carried.map(u64::from);
    // Each gap as it counts: (excess, length for the longest gap).
    let counted = c.gaps.iter().enumerate().map(|(i, &g)| match carried {
        Some(k) if i == 0 && leading => (excess(k + g) - excess(k), k + g),
        _ => (excess(g), g),
    });
    for (e, len) in counted {
        c.long_gap_excess += e;
        c.longest_gap = c.longest_gap.max(len);
    }
    c.breaks = match carried {
        None => c.runs.saturating_sub(1),
        Some(k) => c.runs - u64::from(k == 0 && covered.first() == Some(&true)),
    };
    c
}

/// Number of blocks of consecutive calendar dates in a sorted list of dates.
pub fn blocks(dates: &[NaiveDate]) -> u64 {
    if dates.is_empty() {
        return 0;
    }
    1 + dates
        .windows(2)
        .filter(|w| (w[1] - w[0]).num_days() != 1)
        .count() as u64
}

/// Metrics of a whole plan, plus the same broken down by site (travel, beds and preferences
/// are charged to the site worked at).
pub struct Breakdown {
    pub total: Metrics,
    pub per_site: Vec<Metrics>,
    pub continuity: Vec<Continuity>,
}

impl Breakdown {
    /// Metrics per zone (in zone order), summed from the sites.
    pub fn per_zone(&self, inst: &Instance) -> Vec<Metrics> {
        let mut zones = vec![Metrics::default(); inst.dataset.zones.len()];
        for (s, m) in self.per_site.iter().enumerate() {
            zones[inst.dataset.sites[s].zone].add(m);
        }
        zones
    }
}

pub fn compute(inst: &Instance, plan: &Plan) -> Metrics {
    breakdown(inst, plan).total
}

pub fn breakdown(inst: &Instance, plan: &Plan) -> Breakdown {
    let ds = inst.dataset;
    let n_sites = ds.sites.len();
    let mut per_site = vec![Metrics::default(); n_sites];
    let mut per_sd: HashMap<(SiteIdx, NaiveDate), u64> = HashMap::new();
    for a in plan.assignments() {
        *per_sd.entry((a.site, a.date)).or_default() += 1;
    }
    let tol = inst.policy.objective.gap_tolerance;
    let mut conts = Vec::with_capacity(n_sites);
    for (s, m) in per_site.iter_mut().enumerate() {
        let prio = inst.priority(s);
        let mut covered = Vec::with_capacity(inst.service_days(s).len());
        for sd in inst.service_days(s) {
            let a = per_sd.get(&(s, sd.date)).copied().unwrap_or(0);
            let un = (sd.demand as u64).saturating_sub(a);
            m.demand_doctor_days += sd.demand as u64;
            m.uncovered_doctor_days += un;
            m.weighted_uncovered += un as f64 * prio;
            covered.push(a >= 1);
        }
        let c = continuity(&covered, tol, inst.carried_gap(s));
        m.covered_site_days = covered.iter().filter(|&&c| c).count() as u64;
        m.breaks = c.breaks;
        m.long_gap_excess = c.long_gap_excess;
        m.longest_gap = c.longest_gap;
        conts.push(c);
    }
    // Travel, beds, preferences, per (volunteer, site).
    let mut by_vs: BTreeMap<(VolIdx, SiteIdx), Vec<NaiveDate>> = BTreeMap::new();
    for a in plan.assignments() {
        by_vs.entry((a.volunteer, a.site)).or_default().push(a.date);
    }
    let costs = &inst.policy.costs;
    for ((v, s), mut dates) in by_vs {
        dates.sort();
        let km = inst.km(v, s);
        let m = &mut per_site[s];
        let n = dates.len() as u64;
        if inst.is_stayer(v, s) {
            m.travel_km += 2.0 * km * blocks(&dates) as f64;
            m.bed_nights += n;
            m.cost_eur += n as f64 * ds.sites[s].bed_cost_eur;
        } else {
            m.travel_km += 2.0 * km * n as f64;
        }
        if inst.preference_miss(v, s) {
            m.preference_misses += n;
        }
        if !inst.returning(v, s) {
            m.new_pairs += 1;
        }
        m.assigned_days += n;
    }
    for m in &mut per_site {
        m.cost_eur +=
            costs.daily_allowance_eur * m.assigned_days as f64 + costs.km_rate_eur * m.travel_km;
    }
    let mut total = Metrics::default();
    for m in &per_site {
        total.add(m);
    }
    Breakdown {
        total,
        per_site,
        continuity: conts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `KEYS`, `get` and the serialised fields name the same metrics in the same order.
    #[test]
    fn keys_are_the_fields() {
        let json = serde_json::to_string(&Metrics::default()).unwrap();
        let mut at = 0;
        for key in Metrics::KEYS {
            assert!(Metrics::default().get(key).is_some(), "{key}");
            let found = json[at..].find(&format!("\"{key}\":")).expect(key);
            at += found + key.len();
        }
        assert_eq!(json.matches("\":").count(), Metrics::KEYS.len());
        assert_eq!(Metrics::default().get("objective"), None);
    }

    #[test]
    fn continuity_counts_runs_and_gaps() {
        // C C . . . . C . C  with tolerance 3: runs 3, breaks 2, gaps [4, 1], excess 1.
        let cov = [true, true, false, false, false, false, true, false, true];
        let c = continuity(&cov, 3, None);
        assert_eq!(
            (c.runs, c.breaks, c.long_gap_excess, c.longest_gap),
            (3, 2, 1, 4)
        );
        assert_eq!(c.gaps, vec![4, 1]);
    }

    #[test]
    fn gaps_touching_the_horizon_count() {
        let c = continuity(
            &[
                false, false, false, false, false, true, false, false, false, false,
            ],
            3,
            None,
        );
        assert_eq!(c.gaps, vec![5, 4]);
        assert_eq!((c.breaks, c.long_gap_excess), (0, 3));
    }

    #[test]
    fn site_never_covered_is_one_gap_and_no_break() {
        let c = continuity(&[false; 6], 2, None);
        assert_eq!(
            (c.runs, c.breaks, c.long_gap_excess, c.longest_gap),
            (0, 0, 4, 6)
        );
        let c = continuity(&[], 2, None);
        assert_eq!(c, Continuity::default());
    }

    /// Contract v2, worked by hand: tolerance 3, covered C, uncovered ".".
    #[test]
    fn history_continues_runs_and_gaps_across_the_start() {
        // c = 2, ". . C . . . . C": the first gap (2 days) continues the carried one: 4 days,
        // excess 1 (4 − 3) − 0; the second gap 4 days, excess 1; both runs are breaks.
        let cov = [false, false, true, false, false, false, false, true];
        let c = continuity(&cov, 3, Some(2));
        assert_eq!((c.breaks, c.long_gap_excess, c.longest_gap), (2, 2, 4));
        // c = 0 and the first day covered: that run continues the history's.
        let c = continuity(&[true, true, false, true], 3, Some(0));
        assert_eq!((c.runs, c.breaks), (2, 1));
        // c = 5 already beyond the tolerance: only the excess inside the horizon counts.
        let c = continuity(&[false, true], 3, Some(5));
        assert_eq!((c.breaks, c.long_gap_excess, c.longest_gap), (1, 1, 6));
        // The first day covered: the carried gap closed before the horizon, not counted.
        let c = continuity(&[true, false], 3, Some(9));
        assert_eq!((c.breaks, c.long_gap_excess, c.longest_gap), (1, 0, 1));
        // Never covered: one gap from the history on, no break.
        let c = continuity(&[false; 3], 3, Some(1));
        assert_eq!((c.breaks, c.long_gap_excess, c.longest_gap), (0, 1, 4));
    }

    #[test]
    fn blocks_are_consecutive_calendar_dates() {
        let d = |x| NaiveDate::from_ymd_opt(2026, 12, x).unwrap();
        assert_eq!(blocks(&[]), 0);
        assert_eq!(blocks(&[d(1)]), 1);
        assert_eq!(blocks(&[d(1), d(2)]), 1);
        assert_eq!(blocks(&[d(1), d(3)]), 2);
        assert_eq!(blocks(&[d(4), d(5), d(7), d(8), d(9)]), 2);
    }
}
