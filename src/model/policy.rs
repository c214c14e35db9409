//! The policy (the contract's "model file"): rules, costs and objective weights.
//! `Policy::default()` is exactly `models/default.toml`.

/// Hard rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// National cap of solidarity days per volunteer per calendar month.
    pub max_days_per_month: u32,
    /// Road km = great-circle km × road_factor (when no distances.csv row).
    pub road_factor: f64,
    /// One-way road km up to which a volunteer goes home every evening.
    pub commute_km: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Costs {
    pub daily_allowance_eur: f64,
    pub km_rate_eur: f64,
}

/// Weights of the objective (section 6 of the contract).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub uncovered: f64,
    pub break_: f64,
    pub long_gap: f64,
    pub gap_tolerance: u32,
    pub travel: f64,
    pub bed_night: f64,
    pub preference: f64,
    /// Per (volunteer, site) pair of the plan that the history does not hold (contract v2).
    pub new_pair: f64,
}

/// How `renfort repair` weighs changes to an agreed plan (the optional `[repair]` section;
/// not part of the contract, so models/default.toml does not carry it).
#[derive(Debug, Clone, PartialEq)]
pub struct Repair {
    /// Objective cost of each assignment of the previous plan that is not kept.
    pub change: f64,
}

impl Default for Repair {
    fn default() -> Self {
        Repair { change: 500.0 }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub rules: Rules,
    pub costs: Costs,
    pub objective: Weights,
    pub repair: Repair,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            rules: Rules {
                max_days_per_month: 2,
                road_factor: 1.3,
                commute_km: 60.0,
            },
            costs: Costs {
                daily_allowance_eur: 200.0,
                km_rate_eur: 0.35,
            },
            objective: Weights {
                uncovered: 1000.0,
                break_: 50.0,
                long_gap: 100.0,
                gap_tolerance: 3,
                travel: 0.1,
                bed_night: 5.0,
                preference: 20.0,
                new_pair: 0.0,
            },
            repair: Repair::default(),
        }
    }
}
