//! Why a site-day stays (partly) without a doctor in a given plan.
//!
//! A planner shown an uncovered day first asks "could anyone have come?". The answer is
//! computed from the dataset and the plan, never guessed: the volunteers who offered the
//! day are filtered step by step (authorised and available, within reach, under their
//! monthly cap, free that day, a bed if they must sleep there) and the first step that
//! leaves nobody is the reason. When somebody is left, the day was uncovered by choice of
//! the optimiser: covering it would have cost more elsewhere.

use super::{month_key, Instance};
use crate::model::{Plan, SiteIdx, VolIdx};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The reason a service day of a site has fewer doctors than its demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UncoveredReason {
    /// No authorised volunteer (beyond those already there) offered that day.
    NoOffer,
    /// Volunteers offered that day, but none is within their `max_km` of the site, or the
    /// site is a stay and none of them accepts overnight stays.
    OutOfReach,
    /// Every volunteer within reach that day has used their monthly days in this plan.
    AtMonthlyCap,
    /// Every volunteer within reach that day already works at another site that day (the
    /// others, if any, are at their monthly cap).
    BusyElsewhere,
    /// As many doctors as rooms: nobody else fits. Cannot happen with demand ≤ rooms (the
    /// contract's rule), kept so that the explanation never lies on other data.
    RoomsFull,
    /// Only volunteers who must sleep near the site could still come, and its beds are all
    /// taken (or it has none).
    NoBed,
    /// Someone could have come: the optimiser left the day uncovered because covering it
    /// would cost more elsewhere (continuity, travel, zone priority).
    OptimiserChoice,
}

impl UncoveredReason {
    pub const ALL: [UncoveredReason; 7] = [
        UncoveredReason::NoOffer,
        UncoveredReason::OutOfReach,
        UncoveredReason::AtMonthlyCap,
        UncoveredReason::BusyElsewhere,
        UncoveredReason::RoomsFull,
        UncoveredReason::NoBed,
        UncoveredReason::OptimiserChoice,
    ];

    /// A stable machine name (for files and styles).
    pub fn code(self) -> &'static str {
        match self {
            UncoveredReason::NoOffer => "no_offer",
            UncoveredReason::OutOfReach => "out_of_reach",
            UncoveredReason::AtMonthlyCap => "at_monthly_cap",
            UncoveredReason::BusyElsewhere => "busy_elsewhere",
            UncoveredReason::RoomsFull => "rooms_full",
            UncoveredReason::NoBed => "no_bed",
            UncoveredReason::OptimiserChoice => "optimiser_choice",
        }
    }

    /// The full sentence, in French (the planners' language).
    pub fn label_fr(self) -> &'static str {
        match self {
            UncoveredReason::NoOffer => "aucun volontaire autorisé ne s'est proposé ce jour-là",
            UncoveredReason::OutOfReach => "des volontaires se sont proposés ce jour-là, mais aucun n'est à portée (distance maximale) ou prêt à dormir sur place",
            UncoveredReason::AtMonthlyCap => "tous les volontaires à portée ce jour-là ont atteint leur plafond mensuel dans ce planning",
            UncoveredReason::BusyElsewhere => "tous les volontaires à portée ce jour-là travaillent déjà sur un autre site ce jour-là (ou ont atteint leur plafond)",
            UncoveredReason::RoomsFull => "toutes les salles sont occupées",
            UncoveredReason::NoBed => "seuls des volontaires devant dormir sur place pouvaient venir, et il ne reste aucun lit",
            UncoveredReason::OptimiserChoice => "laissé sans médecin par l'optimiseur : le couvrir coûterait plus ailleurs (continuité, trajets, priorité)",
        }
    }

    /// The full sentence, in English.
    pub fn label_en(self) -> &'static str {
        match self {
            UncoveredReason::NoOffer => "no authorised volunteer offered that day",
            UncoveredReason::OutOfReach => "volunteers offered that day, but none is within their max_km or willing to stay overnight",
            UncoveredReason::AtMonthlyCap => "every volunteer within reach that day is already at their monthly cap in this plan",
            UncoveredReason::BusyElsewhere => "every volunteer within reach that day already works at another site that day (or is at their cap)",
            UncoveredReason::RoomsFull => "all rooms are taken",
            UncoveredReason::NoBed => "only volunteers who must stay overnight could come, and no bed is left",
            UncoveredReason::OptimiserChoice => "left uncovered by the optimiser: covering it would cost more elsewhere (continuity, travel, priority)",
        }
    }

    /// A few words for a calendar cell, in French.
    pub fn short_fr(self) -> &'static str {
        match self {
            UncoveredReason::NoOffer => "aucune offre",
            UncoveredReason::OutOfReach => "hors de portée",
            UncoveredReason::AtMonthlyCap => "plafonds atteints",
            UncoveredReason::BusyElsewhere => "déjà ailleurs",
            UncoveredReason::RoomsFull => "salles pleines",
            UncoveredReason::NoBed => "pas de lit",
            UncoveredReason::OptimiserChoice => "choix de l'optimiseur",
        }
    }

    /// A few words for a calendar cell, in English.
    pub fn short_en(self) -> &'static str {
        match self {
            UncoveredReason::NoOffer => "no offer",
            UncoveredReason::OutOfReach => "out of reach",
            UncoveredReason::AtMonthlyCap => "caps reached",
            UncoveredReason::BusyElsewhere => "busy elsewhere",
            UncoveredReason::RoomsFull => "rooms full",
            UncoveredReason::NoBed => "no bed",
            UncoveredReason::OptimiserChoice => "optimiser's choice",
        }
    }
}

/// One (site, service day) with fewer doctors than its demand, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UncoveredDay {
    pub site: SiteIdx,
    pub date: NaiveDate,
    pub demand: u32,
    pub assigned: u32,
    pub reason: UncoveredReason,
    /// Authorised volunteers who offered the day and are not already at this site.
    pub offered: u32,
    /// Of those, the ones within reach of the site (`Instance::eligibility` holds).
    pub reachable: u32,
}

impl UncoveredDay {
    pub fn missing(&self) -> u32 {
        self.demand.saturating_sub(self.assigned)
    }
}

/// What a plan already uses, indexed for the questions asked of each uncovered day.
struct Usage {
    at_site: HashMap<(SiteIdx, NaiveDate), Vec<VolIdx>>,
    working: HashSet<(VolIdx, NaiveDate)>,
    per_month: HashMap<(VolIdx, (i32, u32)), u32>,
}

impl Usage {
    fn new(plan: &Plan) -> Usage {
        let mut u = Usage {
            at_site: HashMap::new(),
            working: HashSet::new(),
            per_month: HashMap::new(),
        };
        for a in plan.assignments() {
            u.at_site
                .entry((a.site, a.date))
                .or_default()
                .push(a.volunteer);
            u.working.insert((a.volunteer, a.date));
            *u.per_month
                .entry((a.volunteer, month_key(a.date)))
                .or_default() += 1;
        }
        u
    }
}

/// Every (site, service day) of the horizon where the plan leaves demand uncovered, with the
/// reason; ordered by site (dataset order), then date.
pub fn uncovered_days(inst: &Instance, plan: &Plan) -> Vec<UncoveredDay> {
    let ds = inst.dataset;
    let usage = Usage::new(plan);
    let mut offers: BTreeMap<NaiveDate, Vec<VolIdx>> = BTreeMap::new();
    for &(v, d) in &ds.availability {
        if ds.volunteers[v].authorized && inst.horizon.contains(d) {
            offers.entry(d).or_default().push(v);
        }
    }
    let mut out = Vec::new();
    for s in 0..ds.sites.len() {
        for sd in inst.service_days(s) {
            let here = usage
                .at_site
                .get(&(s, sd.date))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let assigned = here.len() as u32;
            if assigned >= sd.demand {
                continue;
            }
            let offered: Vec<VolIdx> = offers
                .get(&sd.date)
                .map(|vs| vs.iter().copied().filter(|v| !here.contains(v)).collect())
                .unwrap_or_default();
            let reachable: Vec<VolIdx> = offered
                .iter()
                .copied()
                .filter(|&v| inst.eligibility(v, s, sd.date).is_ok())
                .collect();
            let reason = explain(inst, &usage, s, sd.date, here, &offered, &reachable);
            out.push(UncoveredDay {
                site: s,
                date: sd.date,
                demand: sd.demand,
                assigned,
                reason,
                offered: offered.len() as u32,
                reachable: reachable.len() as u32,
            });
        }
    }
    out
}

/// The first filter that leaves nobody who could add a doctor to (s, d).
fn explain(
    inst: &Instance,
    usage: &Usage,
    s: SiteIdx,
    d: NaiveDate,
    here: &[VolIdx],
    offered: &[VolIdx],
    reachable: &[VolIdx],
) -> UncoveredReason {
    let site = &inst.dataset.sites[s];
    if here.len() as u32 >= site.rooms {
        return UncoveredReason::RoomsFull;
    }
    if offered.is_empty() {
        return UncoveredReason::NoOffer;
    }
    if reachable.is_empty() {
        return UncoveredReason::OutOfReach;
    }
    let used = |v: VolIdx| {
        usage
            .per_month
            .get(&(v, month_key(d)))
            .copied()
            .unwrap_or(0)
    };
    let under_cap: Vec<VolIdx> = reachable
        .iter()
        .copied()
        .filter(|&v| used(v) < inst.cap_in_month(v, month_key(d)))
        .collect();
    if under_cap.is_empty() {
        return UncoveredReason::AtMonthlyCap;
    }
    let free: Vec<VolIdx> = under_cap
        .into_iter()
        .filter(|&v| !usage.working.contains(&(v, d)))
        .collect();
    if free.is_empty() {
        return UncoveredReason::BusyElsewhere;
    }
    let stayers_here = here.iter().filter(|&&v| inst.is_stayer(v, s)).count() as u32;
    if free.iter().all(|&v| inst.is_stayer(v, s)) && stayers_here >= site.beds {
        return UncoveredReason::NoBed;
    }
    UncoveredReason::OptimiserChoice
}

#[cfg(test)]
mod tests;
