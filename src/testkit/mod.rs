//! Random instances for tests and examples, not part of the planner's API: the one generator
//! of the unit tests (`crate::testkit`), the integration tests and the examples
//! (`renfort::testkit`).
//!
//! In the library because unit tests reach only the crate's own modules and integration
//! tests and examples only its public API: one generator for both has to be public, so it is
//! hidden from the documentation instead. No cargo feature gates it: `rand` and
//! `rand_chacha` are dependencies of the library already (`generate`, the local search), so
//! it adds none, while a feature would have to be switched on for the crate's own tests and
//! examples through a dev-dependency of the crate on itself.
//!
//! An instance is a seed, a [`Size`] and a [`Mix`], the ranges and odds its draws take:
//! [`Mix::CONTRACT`] for the integration tests and examples, [`Mix::SOLVER`] for the
//! solvers' unit tests. The same three always give the same instance, so a test may name
//! the seed that once found a bug (and [`add_history`] the same of a history). The order of
//! the draws is part of the tests: a draw moved, or one taken where nothing is to draw
//! (hence `pick` with a single option), changes every instance, and several unit tests check
//! their properties on a fixed range of seeds that other seeds do not all pass.

mod history;
mod instance;

pub use history::add_history;
pub use instance::{random_instance, random_instance_with};

use crate::model::{Dataset, Horizon, Policy};
use chrono::NaiveDate;
use std::ops::{Range, RangeInclusive};

/// A date, for tests that write their own.
pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The first day of every random instance.
fn first_day() -> NaiveDate {
    ymd(2026, 12, 1)
}

/// Size of a random instance.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub zones: usize,
    pub sites: usize,
    pub volunteers: usize,
    /// Days in the horizon, from 2026-12-01.
    pub days: u32,
    /// Probability that a volunteer offers a given day.
    pub offer: f64,
}

/// The horizon of an instance of `size`: its days from 2026-12-01.
pub fn horizon_of(size: Size) -> Horizon {
    let first = first_day();
    Horizon::range(first, first + chrono::Days::new(u64::from(size.days) - 1)).unwrap()
}

/// The ranges and odds of a random instance's draws. Sites and homes sit around 45° N, 3° E
/// (the Massif central), homes within 0.6° of latitude and 0.8° of longitude, so that
/// commuters and stayers both occur; 9 doctors in 10 are authorised; the gap tolerance is
/// 0 to 3 days.
#[derive(Debug, Clone)]
pub struct Mix {
    /// A zone's priority, one of these.
    pub priorities: &'static [f64],
    /// A site's rooms (its demand is 0 to its rooms).
    pub rooms: RangeInclusive<u32>,
    /// How far a site lies from 45° N, 3° E: degrees of latitude, of longitude.
    pub site_spread: (f64, f64),
    /// The weekdays a site opens.
    pub open_days: OpenDays,
    /// A site's cost of a bed night, one of these.
    pub bed_costs_eur: &'static [f64],
    /// A site's day is closed one time in this many, its demand overridden one time in
    /// this many.
    pub one_in_days: u32,
    /// A volunteer's `max_days`.
    pub max_days: RangeInclusive<u32>,
    /// A volunteer's `max_km`.
    pub max_km: Range<f64>,
    /// Odds that a volunteer stays overnight.
    pub overnight: f64,
    /// Odds that a volunteer prefers a given zone.
    pub prefers_zone: f64,
    /// A volunteer's distance to a site is given (`distances.csv`) one time in this many;
    /// None: never.
    pub given_distance_one_in: Option<u32>,
    /// The policy's `max_days_per_month`.
    pub cap: RangeInclusive<u32>,
    /// The policy's `commute_km`, one of these.
    pub commute_km: &'static [f64],
    /// The objective's weights.
    pub weights: Weights,
    /// Odds of one pinned assignment, on an eligible candidate (0: no pins).
    pub pin: f64,
    /// A history ([`add_history`]): the horizon starts up to this many days later, so that
    /// the history may hold days of its first month.
    pub history_late_start: u64,
    /// A history's days before the horizon's first day.
    pub history_days: u64,
    /// A history's visits at a site that has any (3 sites in 4).
    pub history_visits: RangeInclusive<u32>,
}

/// How a random site's opening weekdays are drawn.
#[derive(Debug, Clone, Copy)]
pub enum OpenDays {
    /// Every non-empty set of weekdays as likely.
    AnySet,
    /// Each weekday with these odds (one drawn when none is).
    EachDay(f64),
}

/// How a random instance's objective weights are drawn.
#[derive(Debug, Clone, Copy)]
pub enum Weights {
    /// The model's defaults, or with these odds harsh continuity weights (break 400, long
    /// gap 300, uncovered 200).
    DefaultOrHarsh(f64),
    /// Each drawn: break 0, 50 or 400; long gap 0, 100 or 300; travel 0.1 or 1.
    Drawn,
}

impl Mix {
    /// The integration tests' and the examples' instances: every kind of input the contract
    /// has (pins, given distances, bed costs from 0 to 30 €), sites open most days.
    pub const CONTRACT: Mix = Mix {
        priorities: &[0.0, 0.5, 1.0, 1.0, 1.5, 2.0],
        rooms: 1..=2,
        site_spread: (0.45, 0.6),
        open_days: OpenDays::EachDay(0.7),
        bed_costs_eur: &[0.0, 10.0, 20.0, 30.0],
        one_in_days: 20,
        max_days: 0..=3,
        max_km: 20.0..160.0,
        overnight: 0.5,
        prefers_zone: 0.3,
        given_distance_one_in: Some(15),
        cap: 1..=3,
        commute_km: &[30.0, 60.0, 90.0],
        weights: Weights::DefaultOrHarsh(0.3),
        pin: 0.5,
        history_late_start: 2,
        history_days: 6,
        history_visits: 1..=2,
    };

    /// The solvers' unit tests' instances: no pins (a test adds what it plans from scratch),
    /// up to 3 rooms, more closures and every weight drawn, so that the models' rows for
    /// demand and continuity all come into play.
    pub const SOLVER: Mix = Mix {
        priorities: &[0.0, 0.5, 1.0, 2.0],
        rooms: 1..=3,
        site_spread: (0.4, 0.5),
        open_days: OpenDays::AnySet,
        bed_costs_eur: &[10.0],
        one_in_days: 12,
        max_days: 0..=4,
        max_km: 30.0..200.0,
        overnight: 0.6,
        prefers_zone: 0.4,
        given_distance_one_in: None,
        cap: 1..=4,
        commute_km: &[20.0, 40.0, 60.0],
        weights: Weights::Drawn,
        pin: 0.0,
        history_late_start: 3,
        history_days: 8,
        history_visits: 1..=3,
    };
}

/// A solver unit test's instance ([`Mix::SOLVER`], two zones, offers on half the days)
/// with its horizon.
pub fn solver_instance(
    seed: u64,
    sites: usize,
    volunteers: usize,
    days: u32,
) -> (Dataset, Policy, Horizon) {
    let size = solver_size(sites, volunteers, days);
    let (ds, policy) = random_instance_with(seed, size, &Mix::SOLVER);
    (ds, policy, horizon_of(size))
}

/// [`solver_instance`] with a history ([`add_history`]), and the horizon it leaves.
pub fn solver_instance_with_history(
    seed: u64,
    sites: usize,
    volunteers: usize,
    days: u32,
) -> (Dataset, Policy, Horizon) {
    let (mut ds, mut policy, horizon) = solver_instance(seed, sites, volunteers, days);
    let horizon = add_history(seed, &mut ds, &mut policy, horizon, &Mix::SOLVER);
    (ds, policy, horizon)
}

fn solver_size(sites: usize, volunteers: usize, days: u32) -> Size {
    Size {
        zones: 2,
        sites,
        volunteers,
        days,
        offer: 0.5,
    }
}
