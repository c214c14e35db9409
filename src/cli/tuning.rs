//! The developer aids of the exact solve, read from the environment once per command into
//! `SolveOptions::tuning` (the library reads no environment variable). For experiments,
//! never needed to plan:
//!
//! - `RENFORT_HIGHS_LOG` (set): HiGHS's log and renfort's own steps on stdout;
//! - `RENFORT_HIGHS_OPTIONS`, `RENFORT_RENS_OPTIONS`, `RENFORT_BNB_OPTIONS`
//!   ("name=value,name=value"): HiGHS options for the whole model's MIP, the start's
//!   restricted MIP, the branch-and-bound's node LPs;
//! - `RENFORT_WRITE_MODEL=FILE.mps`: the whole model as HiGHS receives it;
//! - `RENFORT_BNB_BUDGET`, `RENFORT_BNB_NODE_SHARE`, `RENFORT_BNB_RENEW`, `RENFORT_BNB_POLISH`,
//!   `RENFORT_BNB_PRICE`, `RENFORT_CUT_ROUNDS` (numbers), `RENFORT_BNB_PENALTY=0` (no
//!   penalties), `RENFORT_BNB_BRANCH=fractional`, `RENFORT_BNB_TRACE` (set): the search's
//!   settings (`renfort::solve::ilp::SearchSettings`);
//! - `RENFORT_NO_REGIONAL` (set): no start from regional parts on large models;
//! - `RENFORT_NO_MONTH_PARTS` (set): over several months, one hull per volunteer over the
//!   whole horizon instead of one per calendar month (to measure what it gives).

use renfort::solve::ilp::{SearchSettings, Tuning};

/// The tuning the environment asks for; the measured settings where it says nothing.
pub fn from_env() -> Tuning {
    let d = SearchSettings::default();
    Tuning {
        highs_log: set("RENFORT_HIGHS_LOG"),
        highs_options: options("RENFORT_HIGHS_OPTIONS"),
        rens_options: options("RENFORT_RENS_OPTIONS"),
        write_model: std::env::var("RENFORT_WRITE_MODEL").ok(),
        no_month_parts: set("RENFORT_NO_MONTH_PARTS"),
        search: SearchSettings {
            budget: number("RENFORT_BNB_BUDGET", d.budget),
            node_share: number("RENFORT_BNB_NODE_SHARE", d.node_share),
            renew: number("RENFORT_BNB_RENEW", d.renew),
            polish: number("RENFORT_BNB_POLISH", d.polish),
            price: number("RENFORT_BNB_PRICE", d.price as f64) as usize,
            penalties: number("RENFORT_BNB_PENALTY", 1.0) > 0.0,
            most_fractional: std::env::var_os("RENFORT_BNB_BRANCH")
                .is_some_and(|v| v == "fractional"),
            trace: set("RENFORT_BNB_TRACE"),
            highs_options: options("RENFORT_BNB_OPTIONS"),
            cut_rounds: number("RENFORT_CUT_ROUNDS", d.cut_rounds as f64) as usize,
        },
        no_regional: set("RENFORT_NO_REGIONAL"),
    }
}

fn set(var: &str) -> bool {
    std::env::var_os(var).is_some()
}

/// The number in `var`, else `default` (unset or not a number).
fn number(var: &str, default: f64) -> f64 {
    std::env::var(var)
        .ok()
        .and_then(|f| f.parse::<f64>().ok())
        .unwrap_or(default)
}

/// The "name=value" pairs in `var`, separated by commas (a pair without '=' is skipped).
fn options(var: &str) -> Vec<(String, String)> {
    let Ok(text) = std::env::var(var) else {
        return Vec::new();
    };
    text.split(',')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}
