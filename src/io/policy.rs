//! Loading a policy file (contract §3): every key optional, unknown keys refused, values
//! checked (a negative weight would turn minimisation into nonsense).

use super::error::{Code, InputError};
use super::table::MAX_WEIGHT;
use super::toml_span::{at_span, toml_error};
use crate::model::Policy;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// A policy file as written (also the `[policy]` table of a what-if scenario, whose spans
/// are offsets in the scenario file: see `apply_raw`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    costs: RawCosts,
    #[serde(default)]
    objective: RawObjective,
    /// Optional, renfort's own (not in the contract: the shared checker refuses it).
    #[serde(default)]
    repair: RawRepair,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRepair {
    change: Option<Spanned<f64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRules {
    max_days_per_month: Option<Spanned<i64>>,
    road_factor: Option<Spanned<f64>>,
    commute_km: Option<Spanned<f64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCosts {
    daily_allowance_eur: Option<Spanned<f64>>,
    km_rate_eur: Option<Spanned<f64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawObjective {
    uncovered: Option<Spanned<f64>>,
    #[serde(rename = "break")]
    break_: Option<Spanned<f64>>,
    long_gap: Option<Spanned<f64>>,
    gap_tolerance: Option<Spanned<i64>>,
    travel: Option<Spanned<f64>>,
    bed_night: Option<Spanned<f64>>,
    preference: Option<Spanned<f64>>,
    new_pair: Option<Spanned<f64>>,
}

/// Reads a policy file; `None` path means the built-in defaults (= models/default.toml).
pub fn load_policy(path: Option<&Path>) -> Result<Policy, InputError> {
    let Some(path) = path else {
        return Ok(Policy::default());
    };
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        let code = if e.kind() == std::io::ErrorKind::NotFound {
            Code::MissingFile
        } else {
            Code::Unreadable
        };
        InputError::new(code, &file, format!("cannot read the policy file: {e}"))
    })?;
    parse_policy(&text, &file)
}

pub fn parse_policy(text: &str, file: &str) -> Result<Policy, InputError> {
    let raw: RawPolicy = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    apply_raw(&raw, Policy::default(), text, file)
}

/// The keys set in `raw` applied on top of `base`, checked; `text` is the whole file the
/// spans point into, `file` its name for messages.
pub fn apply_raw(
    raw: &RawPolicy,
    base: Policy,
    text: &str,
    file: &str,
) -> Result<Policy, InputError> {
    let mut p = base;
    let bad = |s: &std::ops::Range<usize>, key: &str, what: &str, found: String| {
        at_span(
            Code::BadValue,
            file,
            text,
            Some(s.clone()),
            format!("{key}: expected {what}, found {found}"),
        )
    };
    let nonneg =
        |v: &Option<Spanned<f64>>, key: &str, target: &mut f64| -> Result<(), InputError> {
            if let Some(x) = v {
                let val = *x.get_ref();
                if !(val.is_finite() && (0.0..=MAX_WEIGHT).contains(&val)) {
                    let what = "a number from 0 to 1,000,000";
                    return Err(bad(&x.span(), key, what, val.to_string()));
                }
                *target = val;
            }
            Ok(())
        };
    let count = |v: &Option<Spanned<i64>>, key: &str, target: &mut u32| -> Result<(), InputError> {
        if let Some(x) = v {
            let val = *x.get_ref();
            *target = u32::try_from(val)
                .map_err(|_| bad(&x.span(), key, "a whole number ≥ 0", val.to_string()))?;
        }
        Ok(())
    };
    count(
        &raw.rules.max_days_per_month,
        "rules.max_days_per_month",
        &mut p.rules.max_days_per_month,
    )?;
    if let Some(x) = &raw.rules.road_factor {
        let val = *x.get_ref();
        if !(val.is_finite() && val > 0.0 && val <= 10.0) {
            return Err(bad(
                &x.span(),
                "rules.road_factor",
                "a number above 0 and at most 10",
                val.to_string(),
            ));
        }
        p.rules.road_factor = val;
    }
    nonneg(
        &raw.rules.commute_km,
        "rules.commute_km",
        &mut p.rules.commute_km,
    )?;
    nonneg(
        &raw.costs.daily_allowance_eur,
        "costs.daily_allowance_eur",
        &mut p.costs.daily_allowance_eur,
    )?;
    nonneg(
        &raw.costs.km_rate_eur,
        "costs.km_rate_eur",
        &mut p.costs.km_rate_eur,
    )?;
    let o = &raw.objective;
    nonneg(
        &o.uncovered,
        "objective.uncovered",
        &mut p.objective.uncovered,
    )?;
    nonneg(&o.break_, "objective.break", &mut p.objective.break_)?;
    nonneg(&o.long_gap, "objective.long_gap", &mut p.objective.long_gap)?;
    count(
        &o.gap_tolerance,
        "objective.gap_tolerance",
        &mut p.objective.gap_tolerance,
    )?;
    nonneg(&o.travel, "objective.travel", &mut p.objective.travel)?;
    nonneg(
        &o.bed_night,
        "objective.bed_night",
        &mut p.objective.bed_night,
    )?;
    nonneg(
        &o.preference,
        "objective.preference",
        &mut p.objective.preference,
    )?;
    nonneg(&o.new_pair, "objective.new_pair", &mut p.objective.new_pair)?;
    nonneg(&raw.repair.change, "repair.change", &mut p.repair.change)?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_defaults() {
        assert_eq!(parse_policy("", "m.toml").unwrap(), Policy::default());
    }

    #[test]
    fn shipped_default_is_the_builtin_default() {
        let text = include_str!("../../models/default.toml");
        assert_eq!(
            parse_policy(text, "default.toml").unwrap(),
            Policy::default()
        );
    }

    #[test]
    fn subset_overrides() {
        let p = parse_policy(
            "[rules]\nmax_days_per_month = 4\ncommute_km = 80\n[objective]\nbreak = 0\n",
            "m",
        )
        .unwrap();
        assert_eq!(p.rules.max_days_per_month, 4);
        assert_eq!(p.rules.commute_km, 80.0);
        assert_eq!(p.objective.break_, 0.0);
        assert_eq!(p.objective.uncovered, 1000.0);
    }

    #[test]
    fn unknown_key_is_refused_with_its_line() {
        let e = parse_policy("[objective]\nuncovred = 3.0\n", "m.toml").unwrap_err();
        assert_eq!(e.code, Code::UnknownKey);
        assert_eq!(e.at.line, Some(2));
        let e = parse_policy("[rule]\nroad_factor = 1.2\n", "m.toml").unwrap_err();
        assert_eq!(e.code, Code::UnknownKey);
    }

    #[test]
    fn repair_section_is_optional_and_checked() {
        assert_eq!(parse_policy("", "m").unwrap().repair.change, 500.0);
        let p = parse_policy("[repair]\nchange = 120.5\n", "m").unwrap();
        assert_eq!(p.repair.change, 120.5);
        let e = parse_policy("[repair]\nchange = -1\n", "m").unwrap_err();
        assert_eq!((e.code, e.at.line), (Code::BadValue, Some(2)));
        let e = parse_policy("[repair]\nchang = 1\n", "m").unwrap_err();
        assert_eq!((e.code, e.at.line), (Code::UnknownKey, Some(2)));
    }

    #[test]
    fn bad_values_are_refused() {
        let e = parse_policy("[objective]\ntravel = -1.0\n", "m.toml").unwrap_err();
        assert_eq!((e.code, e.at.line), (Code::BadValue, Some(2)));
        let e = parse_policy("[rules]\nmax_days_per_month = 2.5\n", "m.toml").unwrap_err();
        assert_eq!(e.code, Code::BadValue);
        let e = parse_policy("[rules]\nroad_factor = 0\n", "m.toml").unwrap_err();
        assert_eq!(e.code, Code::BadValue);
        let e = parse_policy("[rules\n", "m.toml").unwrap_err();
        assert_eq!(e.code, Code::TomlSyntax);
    }

    /// Regression: `uncovered = 1e308` or `road_factor = 1e308` made the objective `inf`.
    #[test]
    fn weights_too_large_to_add_up_are_refused() {
        for text in [
            "[objective]\nuncovered = 1e308\n",
            "[objective]\nuncovered = 1000001\n",
            "[rules]\nroad_factor = 1e308\n",
            "[costs]\nkm_rate_eur = 1e308\n",
        ] {
            let e = parse_policy(text, "m.toml").unwrap_err();
            assert_eq!(e.code, Code::BadValue, "{text}");
        }
        assert!(parse_policy("[objective]\nuncovered = 1000000\n", "m.toml").is_ok());
    }
}
