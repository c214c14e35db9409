//! The immutable side of the incremental evaluator: every candidate's fixed costs and the
//! groups it belongs to (its (site, day) slot, its volunteer-day, its volunteer-month), laid
//! out as flat vectors so that the mutable `State` is a handful of counters indexed by them.
//! Built once per solve and shared (read-only) by every search stream.

use crate::model::{SiteIdx, VolIdx};
use crate::rules::{month_key, Candidate, Instance};
use chrono::NaiveDate;
use std::ops::Range;

/// Index of a candidate in `Instance::candidates()`.
pub type Cand = usize;
/// Index of a (site, service day) pair; the slots of a site are contiguous, in date order.
pub type Slot = usize;

/// Marks "no such candidate" in the compact `prev`/`next` links.
const NONE: u32 = u32::MAX;

/// What never changes about one candidate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CandInfo {
    pub slot: u32,
    /// Volunteer-date group (H2).
    pub vd: u32,
    /// Volunteer-month group (H3).
    pub vm: u32,
    /// The same volunteer at the same site the calendar day before / after, if eligible:
    /// the stayer block rule only ever looks at these two.
    pub prev: u32,
    pub next: u32,
    pub stayer: bool,
    pub pinned: bool,
    /// Objective cost that does not depend on the rest of the plan: preference miss, bed
    /// night, and a commuter's round trip.
    pub own: f64,
    /// A stayer's round trip (weighted), paid once per block of consecutive dates; 0 for commuters.
    pub block: f64,
    /// The `new_pair` weight when the history does not hold (volunteer, site), paid once
    /// per pair however many days; 0 otherwise.
    pub pair: f64,
}

/// What never changes about one (site, service day).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SlotInfo {
    pub site: u32,
    pub demand: u32,
    pub rooms: u32,
    pub beds: u32,
    /// Weight of one uncovered doctor there: `uncovered` × zone priority.
    pub weight: f64,
}

/// Flat, read-only facts about an instance, for fast objective deltas.
pub struct Index<'a> {
    pub inst: &'a Instance<'a>,
    pub(crate) cand: Vec<CandInfo>,
    pub(crate) slot: Vec<SlotInfo>,
    /// Candidates of each slot (CSR: `slot_list[slot_off[i]..slot_off[i + 1]]`).
    slot_off: Vec<u32>,
    slot_list: Vec<u32>,
    /// The same lists, each sorted by the candidate's cost alone (`alone_cost`), then by
    /// candidate: the greedy's best offer is the first feasible one (see `greedy`).
    slot_by_cost: Vec<u32>,
    /// Slots of site s: `site_off[s]..site_off[s + 1]`.
    site_off: Vec<usize>,
    /// Candidates of volunteer v: `vol_off[v]..vol_off[v + 1]` (candidates are sorted by volunteer).
    vol_off: Vec<usize>,
    /// Monthly cap of each volunteer-month group.
    pub(crate) vm_cap: Vec<u32>,
    pub(crate) n_vd: usize,
    /// Candidates that are pinned, in candidate order.
    pub(crate) pins: Vec<Cand>,
    pub(crate) gap_tolerance: u32,
    /// The carried gap c(s) of each site (None: no history there).
    pub(crate) carried: Vec<Option<u32>>,
    pub(crate) w_break: f64,
    pub(crate) w_long_gap: f64,
}

impl<'a> Index<'a> {
    pub fn new(inst: &'a Instance<'a>) -> Self {
        let ds = inst.dataset;
        let w = &inst.policy.objective;
        let cands = inst.candidates();

        let mut site_off = Vec::with_capacity(ds.sites.len() + 1);
        let mut slot = Vec::new();
        for s in 0..ds.sites.len() {
            site_off.push(slot.len());
            let site = &ds.sites[s];
            let weight = w.uncovered * inst.priority(s);
            for sd in inst.service_days(s) {
                slot.push(SlotInfo {
                    site: s as u32,
                    demand: sd.demand,
                    rooms: site.rooms,
                    beds: site.beds,
                    weight,
                });
            }
        }
        site_off.push(slot.len());

        let mut vol_off = vec![0usize; ds.volunteers.len() + 1];
        for c in cands {
            vol_off[c.volunteer + 1] += 1;
        }
        for v in 0..ds.volunteers.len() {
            vol_off[v + 1] += vol_off[v];
        }

        let mut cand = Vec::with_capacity(cands.len());
        let (mut n_vd, mut vm_cap) = (0usize, Vec::new());
        for (k, c) in cands.iter().enumerate() {
            let prev_c = k.checked_sub(1).map(|j| &cands[j]);
            if prev_c.is_none_or(|p| (p.volunteer, p.date) != (c.volunteer, c.date)) {
                n_vd += 1;
            }
            if prev_c.is_none_or(|p| {
                (p.volunteer, month_key(p.date)) != (c.volunteer, month_key(c.date))
            }) {
                vm_cap.push(inst.cap_in_month(c.volunteer, month_key(c.date)));
            }
            let range = vol_off[c.volunteer]..vol_off[c.volunteer + 1];
            let link = |d: Option<NaiveDate>| {
                d.and_then(|d| find(cands, range.clone(), d, c.site))
                    .map_or(NONE, |j| j as u32)
            };
            let km = inst.km(c.volunteer, c.site);
            let stayer = inst.is_stayer(c.volunteer, c.site);
            let trip = w.travel * 2.0 * km;
            let mut own = if inst.preference_miss(c.volunteer, c.site) {
                w.preference
            } else {
                0.0
            };
            own += if stayer { w.bed_night } else { trip };
            cand.push(CandInfo {
                slot: (site_off[c.site] + c.day) as u32,
                vd: (n_vd - 1) as u32,
                vm: (vm_cap.len() - 1) as u32,
                prev: link(c.date.pred_opt()),
                next: link(c.date.succ_opt()),
                stayer,
                pinned: false,
                own,
                block: if stayer { trip } else { 0.0 },
                pair: if inst.returning(c.volunteer, c.site) {
                    0.0
                } else {
                    w.new_pair
                },
            });
        }

        let mut slot_off = vec![0u32; slot.len() + 1];
        for c in &cand {
            slot_off[c.slot as usize + 1] += 1;
        }
        for i in 0..slot.len() {
            slot_off[i + 1] += slot_off[i];
        }
        let mut fill = slot_off.clone();
        let mut slot_list = vec![0u32; cand.len()];
        for (k, c) in cand.iter().enumerate() {
            let at = &mut fill[c.slot as usize];
            slot_list[*at as usize] = k as u32;
            *at += 1;
        }

        let mut slot_by_cost = slot_list.clone();
        let costs: Vec<f64> = cand.iter().map(alone_cost).collect();
        for i in 0..slot.len() {
            let r = slot_off[i] as usize..slot_off[i + 1] as usize;
            slot_by_cost[r].sort_unstable_by(|&a, &b| {
                costs[a as usize]
                    .total_cmp(&costs[b as usize])
                    .then(a.cmp(&b))
            });
        }

        // Pins that are not candidates cannot be planned by any solver; `hard::check` reports them.
        let mut pins: Vec<Cand> = ds
            .pinned
            .keys()
            .filter_map(|p| {
                find(
                    cands,
                    vol_off[p.volunteer]..vol_off[p.volunteer + 1],
                    p.date,
                    p.site,
                )
            })
            .collect();
        pins.sort_unstable();
        for &k in &pins {
            cand[k].pinned = true;
        }

        Index {
            inst,
            cand,
            slot,
            slot_off,
            slot_list,
            slot_by_cost,
            site_off,
            vol_off,
            vm_cap,
            n_vd,
            pins,
            gap_tolerance: w.gap_tolerance,
            carried: (0..ds.sites.len()).map(|s| inst.carried_gap(s)).collect(),
            w_break: w.break_,
            w_long_gap: w.long_gap,
        }
    }

    pub fn n_cands(&self) -> usize {
        self.cand.len()
    }

    pub fn n_slots(&self) -> usize {
        self.slot.len()
    }

    pub fn n_sites(&self) -> usize {
        self.site_off.len() - 1
    }

    pub fn candidate(&self, k: Cand) -> &Candidate {
        &self.inst.candidates()[k]
    }

    pub fn slot_of(&self, k: Cand) -> Slot {
        self.cand[k].slot as usize
    }

    pub fn site_of_slot(&self, slot: Slot) -> SiteIdx {
        self.slot[slot].site as usize
    }

    pub fn is_pinned(&self, k: Cand) -> bool {
        self.cand[k].pinned
    }

    pub fn pins(&self) -> &[Cand] {
        &self.pins
    }

    /// The candidates that could fill a slot.
    pub fn slot_cands(&self, slot: Slot) -> impl Iterator<Item = Cand> + '_ {
        let r = self.slot_off[slot] as usize..self.slot_off[slot + 1] as usize;
        self.slot_list[r].iter().map(|&k| k as usize)
    }

    /// The candidates of a slot by `alone_cost`, then by index.
    pub(crate) fn slot_by_cost(&self, slot: Slot) -> &[u32] {
        &self.slot_by_cost[self.slot_off[slot] as usize..self.slot_off[slot + 1] as usize]
    }

    /// What adding k costs on its own when its volunteer works nowhere near it: its fixed
    /// costs, a stayer's trip, a new pair's weight (`State::own_add_delta` in an empty plan).
    pub(crate) fn alone_cost(&self, k: Cand) -> f64 {
        alone_cost(&self.cand[k])
    }

    /// Number of candidates of a slot.
    pub fn slot_len(&self, slot: Slot) -> usize {
        (self.slot_off[slot + 1] - self.slot_off[slot]) as usize
    }

    pub fn site_slots(&self, s: SiteIdx) -> Range<Slot> {
        self.site_off[s]..self.site_off[s + 1]
    }

    /// Every candidate of volunteer v, by date then site.
    pub fn vol_cands(&self, v: VolIdx) -> Range<Cand> {
        self.vol_off[v]..self.vol_off[v + 1]
    }

    /// Volunteer v's candidate at (date, site), if any.
    pub(crate) fn find(&self, v: VolIdx, date: NaiveDate, site: SiteIdx) -> Option<Cand> {
        find(self.inst.candidates(), self.vol_cands(v), date, site)
    }

    pub(crate) fn prev(&self, k: Cand) -> Option<Cand> {
        let p = self.cand[k].prev;
        (p != NONE).then_some(p as usize)
    }

    pub(crate) fn next(&self, k: Cand) -> Option<Cand> {
        let n = self.cand[k].next;
        (n != NONE).then_some(n as usize)
    }
}

/// See `Index::alone_cost`; the sum is formed as `State::own_add_delta` forms it, so that
/// the two agree to the last bit.
fn alone_cost(c: &CandInfo) -> f64 {
    let mut own = c.own;
    if c.pair != 0.0 {
        own += c.pair;
    }
    if c.block == 0.0 {
        return own;
    }
    own + c.block * 1.0
}

/// The candidate (v, site, date) within v's candidate range, if it exists.
fn find(cands: &[Candidate], range: Range<usize>, date: NaiveDate, site: SiteIdx) -> Option<Cand> {
    let start = range.start;
    cands[range]
        .binary_search_by(|c| (c.date, c.site).cmp(&(date, site)))
        .ok()
        .map(|i| start + i)
}
