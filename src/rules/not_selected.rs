//! Volunteers who offered days in the horizon but got none, and why: the ARS thanks them or
//! asks them elsewhere. One reason per volunteer, the first that applies:
//!
//! - not authorised (CDOM);
//! - no day left under their cap (a cap of 0, or the history's days of the month);
//! - out of reach: on none of their offered days does a site within their distance (and
//!   overnight) limits work;
//! - sites covered: every site day they could work already had all the doctors it wanted;
//! - another choice: some site day they could work was short, but the plan covered it or
//!   left it for a better whole (travel, beds, continuity elsewhere).

use super::{month_key, Instance};
use crate::model::{Plan, SiteIdx, VolIdx};
use chrono::NaiveDate;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    NotAuthorised,
    NoDayLeft,
    OutOfReach,
    SitesCovered,
    OtherChoice,
}

impl Reason {
    pub fn key(self) -> &'static str {
        match self {
            Reason::NotAuthorised => "not_authorised",
            Reason::NoDayLeft => "no_day_left",
            Reason::OutOfReach => "out_of_reach",
            Reason::SitesCovered => "sites_covered",
            Reason::OtherChoice => "other_choice",
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Reason::NotAuthorised => "pas encore d'autorisation du CDOM",
            Reason::NoDayLeft => "plafond mensuel déjà atteint",
            Reason::OutOfReach => "aucun site ouvert à sa portée les jours proposés",
            Reason::SitesCovered => "les sites à sa portée étaient déjà pourvus ces jours-là",
            Reason::OtherChoice => {
                "d'autres médecins ont été retenus (trajets, nuitées ou continuité ailleurs)"
            }
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Reason::NotAuthorised => "not yet authorised by the CDOM",
            Reason::NoDayLeft => "monthly cap already reached",
            Reason::OutOfReach => "no site within reach works on the days offered",
            Reason::SitesCovered => "the sites within reach were already staffed on those days",
            Reason::OtherChoice => {
                "other doctors were chosen (travel, beds or continuity elsewhere)"
            }
        }
    }
}

/// One volunteer who offered days in the horizon and got none.
#[derive(Debug, Clone, PartialEq)]
pub struct NotSelected {
    pub volunteer: VolIdx,
    pub offered: Vec<NaiveDate>,
    pub reason: Reason,
}

/// Every volunteer with an offered day in the horizon and no assignment, by volunteer index.
pub fn not_selected(inst: &Instance, plan: &Plan) -> Vec<NotSelected> {
    let ds = inst.dataset;
    let mut working = vec![false; ds.volunteers.len()];
    let mut per_slot: HashMap<(SiteIdx, NaiveDate), u32> = HashMap::new();
    for a in plan.assignments() {
        working[a.volunteer] = true;
        *per_slot.entry((a.site, a.date)).or_default() += 1;
    }
    let mut offered: Vec<Vec<NaiveDate>> = vec![Vec::new(); ds.volunteers.len()];
    for &(v, d) in &ds.availability {
        if inst.horizon.contains(d) && !working[v] {
            offered[v].push(d);
        }
    }
    let mut cands: Vec<Vec<(SiteIdx, NaiveDate)>> = vec![Vec::new(); ds.volunteers.len()];
    for c in inst.candidates() {
        cands[c.volunteer].push((c.site, c.date));
    }
    let mut out = Vec::new();
    for (v, days) in offered.into_iter().enumerate() {
        if days.is_empty() {
            continue;
        }
        let reason = if !ds.volunteers[v].authorized {
            Reason::NotAuthorised
        } else if days
            .iter()
            .all(|&d| inst.cap_in_month(v, month_key(d)) == 0)
        {
            Reason::NoDayLeft
        } else if cands[v].is_empty() {
            Reason::OutOfReach
        } else if cands[v].iter().all(|&(s, d)| {
            let demand = inst
                .service_index(s, d)
                .map_or(0, |i| inst.service_days(s)[i].demand);
            per_slot.get(&(s, d)).copied().unwrap_or(0) >= demand
        }) {
            Reason::SitesCovered
        } else {
            Reason::OtherChoice
        };
        out.push(NotSelected {
            volunteer: v,
            offered: days,
            reason,
        });
    }
    out
}
