//! The settings of renfort's own branch-and-bound (its work budget, when it runs, what it
//! does out of budget), each with what it was measured on, and the developer aids that
//! change a setting or pass options to HiGHS for experiments (`Tuning`).

use std::time::Instant;

/// Developer aids for experiments, carried in `SolveOptions::tuning`: the settings below
/// changed, options passed to HiGHS, its log shown. The default is the settings as
/// measured; `renfort`'s command line fills it from its `RENFORT_*` environment variables.
#[derive(Clone, Debug, Default)]
pub struct Tuning {
    /// Show HiGHS's log and renfort's own steps on stdout.
    pub highs_log: bool,
    /// HiGHS options ("name", "value") for the whole model's MIP.
    pub highs_options: Vec<(String, String)>,
    /// HiGHS options for the restricted MIP of the LP-guided start (see `rens`).
    pub rens_options: Vec<(String, String)>,
    /// Write the whole model, as HiGHS receives it, to this file (MPS by its extension).
    pub write_model: Option<String>,
    /// Renfort's own search (see `bnb`).
    pub search: SearchSettings,
    /// No start from regional parts on large models (see `regional`; only to measure it).
    pub no_regional: bool,
    /// Over several months, keep one hull per volunteer over the whole horizon instead of
    /// one per calendar month (see `schedules::month_parts`; only to measure them).
    pub no_month_parts: bool,
}

/// The settings of renfort's own branch-and-bound and its root cuts (see `bnb`, `cuts`).
#[derive(Clone, Debug)]
pub struct SearchSettings {
    /// The work budget in root LPs (see `BNB_BUDGET`).
    pub budget: f64,
    /// What a node costs, as a share of the root LP (see `NODE_SHARE`).
    pub node_share: f64,
    /// The share of the budget granted again from each better plan (see `BNB_RENEW`; 0:
    /// never).
    pub renew: f64,
    /// The share of the budget granted after a better polished plan (see `BNB_POLISH`; 0:
    /// no polish in the search).
    pub polish: f64,
    /// Branching candidates priced by their penalties per node (see `BNB_PRICE`).
    pub price: usize,
    /// Prune children on their penalties (off only to measure them).
    pub penalties: bool,
    /// Branch on the most fractional column instead of by pseudocosts.
    pub most_fractional: bool,
    /// Print a line per node.
    pub trace: bool,
    /// HiGHS options for the nodes' LPs.
    pub highs_options: Vec<(String, String)>,
    /// Rounds of zero-half cuts at the root (see `CUT_ROUNDS`; 0: none).
    pub cut_rounds: usize,
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings {
            budget: BNB_BUDGET,
            node_share: NODE_SHARE as f64,
            renew: BNB_RENEW,
            polish: BNB_POLISH,
            price: BNB_PRICE,
            penalties: true,
            most_fractional: false,
            trace: false,
            highs_options: Vec::new(),
            cut_rounds: CUT_ROUNDS,
        }
    }
}

impl SearchSettings {
    /// The branch-and-bound's work budget (see `bnb::search`): `budget` times the simplex
    /// iterations of the root LP (HiGHS's MIP solver spends that whole LP again before its
    /// first cut).
    pub(super) fn work_budget(&self, lp_iterations: i64) -> i64 {
        (lp_iterations.max(1) as f64 * self.budget) as i64
    }

    /// What a node of the branch-and-bound counts in its budget beyond its iterations (see
    /// `NODE_SHARE`).
    pub(super) fn node_work(&self, lp_iterations: i64) -> i64 {
        (lp_iterations as f64 / self.node_share.max(1.0)) as i64
    }
}

/// Passes `options` to HiGHS (`what` names them in a refusal): as integers, numbers or
/// text, whichever parses first.
pub(super) fn pass_options(model: &mut highs::Model, options: &[(String, String)], what: &str) {
    for (k, v) in options {
        let k = k.as_str();
        let ok = match (v.parse::<i32>(), v.parse::<f64>()) {
            (Ok(i), _) => model.try_set_option(k, i).is_ok(),
            (_, Ok(f)) => model.try_set_option(k, f).is_ok(),
            _ => model.try_set_option(k, v.as_str()).is_ok(),
        };
        if !ok {
            eprintln!("{what}: HiGHS refused {k}={v}");
        }
    }
}

/// What one node of the branch-and-bound costs beyond its simplex iterations, as a share of
/// the root LP's iterations: a node costs 1/`NODE_SHARE` of the root LP's time, whatever the
/// model's size, since HiGHS's fixed cost per `run` (rebuild, initialisation, KKT check)
/// grows with the model as the root LP does. Measured with the node trace
/// (RENFORT_BNB_TRACE=1): y260-s66 nodes of 3.2 ms against an LP of 57 ms (1/18), a150-s11
/// 3.5 against 85 ms (1/24), x185-s52 4.4 against 118 ms (1/27), the national instance
/// 59.5 against 1,160 ms (1/20). This replaced a time cap (6 times the LP's time): the
/// search then stopped on the clock in 9 of the 11 AuRA-size searches it left unproved,
/// so a busy machine gave another search, another time and sometimes another plan
/// (a150-s11: proved in 0.7 s, or stopped and handed to HiGHS for 8 s, from run to run).
pub const NODE_SHARE: i64 = 20;

/// How many branching candidates the search prices by their penalties at each node (see
/// `bnb::search`): the best by pseudocosts, whose estimates start as the mean over all
/// columns and so say little in a tree of 20 to 100 nodes; a penalty is what the child's
/// LP gains at least, read from the node's basis (one row of B⁻¹ per candidate). Measured
/// (`scripts/sweep.sh`, sweeps of 0, 4 and 8 in turn, 73 datasets):
/// at 10x against plain 63, 65 and 66 with none, 68, 68 and 68 with 4, 67 and 68 with 8;
/// time with 4 is 0.904 times the time with none over three sweeps (geometric mean of the
/// per-dataset medians; 41 faster, 25 slower; the shipped dataset 0.35, a250-s13 2.02),
/// with 8 0.888 over two (q295-s87 3.26 times slower). On single runs, nodes: p265-s96 83 -> 58, y260-s66
/// 66 -> 29, a300-s27 50 -> 22.
pub const BNB_PRICE: usize = 4;

/// The share of the branch-and-bound's work budget granted again, from that moment, each
/// time it finds a better plan (see `bnb::Limits`). A search that still improves its plan
/// is often close to a proof: a150-s11 finds its optimum at node 55 to 62 and proves it a
/// few nodes later. Measured under the earlier time cap (`renfort plan /tmp/ds/a150-s11
/// --solver ilp --threads 1`, most fractional branching): 10.6 s in 5 of 5 runs without
/// renewal (the cap stops the search, HiGHS then takes 10 s), 0.67 s in 5 of 5 with it;
/// the cost where the better plan doesn't lead to a proof: a300-s27 0.65 -> 0.87 s (3 runs
/// each). Developer aid: RENFORT_BNB_RENEW=F sets it (0: never).
pub const BNB_RENEW: f64 = 1.0;

/// Out of budget, the branch-and-bound polishes its best plan once (the local search
/// `rens::polish`, which ran after it anyway) and, from a better plan, goes on with this
/// share of its budget instead of handing over to HiGHS: the better plan prunes open nodes
/// and tightens the reduced-cost fixing. Measured (`scripts/sweep.sh`, one run each, twice,
/// 65 datasets, against plain medians measured before): without it 55 and 61 at 10x (29.2x,
/// 32.6x); share 1: 60 and 60 (32.3x, 32.7x); 0.5: 59 and 61 (32.9x, 33.2x); 0.25: 60 and
/// 61 (32.1x, 33.3x). Where the search runs out (seconds, without -> 0.5): x165-s51 2.09,
/// 1.82 -> 0.74, 0.71; x185-s52 1.69, 1.50 -> 1.01, 1.03; p205-s93 1.34, 1.08 -> 0.71,
/// 0.66; w170-s41 1.07, 1.00 -> 1.13, 1.15 (the better plan, then no proof: the share
/// spent for nothing, 1.43 and 1.58 s at share 1); at 0.25 x185-s52 loses it (1.62, 1.52).
/// Developer aid: RENFORT_BNB_POLISH=F sets the share (0: no polish in the search).
pub const BNB_POLISH: f64 = 0.5;

/// The branch-and-bound's work budget, in root-LP iterations, nodes counted at
/// `NODE_SHARE` (so 6 is about six times the root LP's time). Swept on 57 AuRA-size datasets
/// (`scripts/sweep.sh`, one run each, twice): 5 -> 51 and 48 at 10x
/// against plain, 6 -> 53 and 54, 8 -> 51 and 51, 10 -> 51 and 50; geometric means 28.1x
/// to 31.4x, 30.6x and 31.3x at 6. The same sweep with the earlier rule (2 root LPs of
/// iterations, 40 per node, and a cap of 6 root LPs' time): 51 and 49 (29.5x, 27.1x).
pub const BNB_BUDGET: f64 = 6.0;

/// The search runs only on models whose root LP took at most this many simplex
/// iterations: AuRA-size ones (117 to 4,234 on the 73 datasets of the sweeps), not the
/// large component of a national instance (26,204 to 34,664), where it proved nothing and
/// only delayed HiGHS (`renfort speed DIR --time-limit 60 --no-branch-and-bound`, the default
/// beside the search left out): the 4,000-volunteer month of `generate --national --seed
/// 2026` proven optimal at 60.1 and 60.4 s
/// against 48.0 and 48.5 s; two more made by `generate --national --seed 7|8`: 32.6 against
/// 23.3 s, and feasible at the limit (gap 0.028 %) against proven optimal at 49.4 s.
pub(super) const BNB_MAX_LP_ITERATIONS: i64 = 15_000;

/// Whether renfort's own search runs on a root LP that took `lp_iterations` from scratch:
/// asked for, regional size (`BNB_MAX_LP_ITERATIONS`), and no bias (the LP's objective is
/// then objective + bias). `rens` adds the root's cuts only then; `ilp::solve` searches.
pub(super) fn search_runs(opts: &crate::solve::SolveOptions, lp_iterations: i64) -> bool {
    opts.branch_and_bound && lp_iterations <= BNB_MAX_LP_ITERATIONS && opts.bias.is_none()
}

/// Rounds of zero-half cuts at the root of the search (see `cuts`), stopped early when a
/// round raises the LP value by less than `CUT_MIN_GAIN` times it. On p265-s96 three
/// rounds reach the optimum; r195-s103 still gains at the fifth (191,611.6 -> 191,681.1).
/// Measured (three interleaved one-run sweeps of the 73 AuRA-size
/// datasets, median per dataset): at 10x against plain, 67 with no cuts, 71 with 3 rounds,
/// 69 with 5; time against none 0.672 with 3, 0.710 with 5 (3 against 5: 0.947; r195-s103
/// 2.1 times slower with 3, q175-s81 5 times faster); 8 rounds (two sweeps) as 5, 1.011.
/// Developer aid: RENFORT_CUT_ROUNDS=N sets it (0: no cuts, as `renfort speed --no-root-cuts`).
pub const CUT_ROUNDS: usize = 3;

/// See `CUT_ROUNDS`.
pub(super) const CUT_MIN_GAIN: f64 = 1e-5;

/// Candidates good_lp and HiGHS take in a second when the model is built (measured: a dense
/// instance of 644,000 candidates, 820,000 columns and 4.4 million nonzeros, built in 2.9 s
/// on a busy 2-core machine; rounded down so the estimate errs on the slow side).
const BUILD_CANDIDATES_PER_SECOND: f64 = 200_000.0;

/// Whether building `inst`'s model now would likely end past `deadline`. Building is not
/// interruptible, and on dense data (millions of candidates) it takes longer than the whole
/// limit and gigabytes: the exact path then stops before building (see `ilp::solve`).
pub(super) fn no_time_to_build(inst: &crate::rules::Instance, deadline: Option<Instant>) -> bool {
    let Some(deadline) = deadline else {
        return false;
    };
    let estimate = inst.candidates().len() as f64 / BUILD_CANDIDATES_PER_SECOND;
    let left = deadline.saturating_duration_since(Instant::now());
    left.as_secs_f64() <= estimate
}
