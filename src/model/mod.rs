//! The domain: what a dataset, a policy, a horizon and a plan *are*, apart from any file
//! format or solver. Everything here is plain data; meaning lives in `rules`.

pub mod calendar;
pub mod policy;
pub mod restrict;

use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use calendar::Horizon;
pub use policy::Policy;

/// Index of a zone in `Dataset::zones`.
pub type ZoneIdx = usize;
/// Index of a site in `Dataset::sites`.
pub type SiteIdx = usize;
/// Index of a volunteer in `Dataset::volunteers`.
pub type VolIdx = usize;

/// A weekday set, bit 0 = Monday ... bit 6 = Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Weekdays(pub u8);

impl Weekdays {
    pub const NAMES: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    pub fn contains(self, weekday: chrono::Weekday) -> bool {
        self.0 & (1 << weekday.num_days_from_monday()) != 0
    }

    /// No weekday at all: a site that never opens.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn insert(&mut self, index_from_monday: u32) {
        self.0 |= 1 << index_from_monday;
    }

    /// The contract's spelling: `mon tue wed`.
    pub fn to_contract_string(self) -> String {
        (0..7)
            .filter(|i| self.0 & (1 << i) != 0)
            .map(|i| Self::NAMES[i])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// How to reach a volunteer or a site: optional extra columns (`email`, `phone`, and a site's
/// `address`), carried into the workbook and the convocations. Not part of the contract.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub id: String,
    pub name: String,
    pub department: String,
    /// Weight of an uncovered doctor-day in this zone (≥ 0).
    pub priority: f64,
    /// Where the zone's place in the scheme comes from, as the dataset says it (e.g.
    /// `confirmed`, `inferred`, `illustrative`); None when the dataset does not say.
    pub source_status: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub id: String,
    pub zone: ZoneIdx,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub open_days: Weekdays,
    pub rooms: u32,
    /// Doctors wanted on an ordinary service day (≤ rooms).
    pub demand: u32,
    pub beds: u32,
    pub bed_cost_eur: f64,
    /// Optional extra column `commune` (shown in reports when present).
    pub commune: Option<String>,
    /// Optional extra columns `address`, `email`, `phone`: the site's contact for doctors.
    pub contact: Contact,
}

/// A volunteer. `Z` names a zone: an index into the dataset's zones once the dataset is
/// read (the default, what the planning uses), its id in a row written before any dataset
/// exists (`io::volunteer_row::VolunteerRow`: `generate`, `import-volunteers`).
#[derive(Debug, Clone, PartialEq)]
pub struct Volunteer<Z = ZoneIdx> {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// CDOM authorisation granted.
    pub authorized: bool,
    pub max_days: u32,
    pub max_km: f64,
    /// Accepts to sleep near a site.
    pub overnight: bool,
    /// Preferred zones; empty = no preference (never a miss).
    pub zones: Vec<Z>,
    /// Optional extra columns `email`, `phone`.
    pub contact: Contact,
}

/// One (volunteer, site, date) assignment: the unit of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Assignment {
    pub date: NaiveDate,
    pub site: SiteIdx,
    pub volunteer: VolIdx,
}

/// A vacation worked or agreed before the horizon (`history.csv`, or a previous plan given
/// with `--history`). Ordered by date first: the history is read in date order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PastVisit {
    pub date: NaiveDate,
    pub site: SiteIdx,
    /// The doctor's id as the history has it: a doctor who no longer volunteers (absent from
    /// `volunteers.csv`) still counts for the site's continuity.
    pub volunteer: String,
}

/// Where a history row was read, so that one outside the horizon can be pointed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryOrigin {
    /// Index into `History::files`.
    pub file: usize,
    pub line: u64,
}

/// One file the history was read from, as errors name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryFile {
    pub name: String,
    /// The date column's label (`date (C)`).
    pub date_column: String,
}

/// The vacations before the horizon (contract v2): continuity across the horizon's start,
/// caps with days already worked that month, returning doctors. Empty: v1's meaning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// Each vacation once (a repeated row, e.g. two concatenated months that overlap, counts
    /// once), with its first origin.
    pub visits: BTreeMap<PastVisit, HistoryOrigin>,
    pub files: Vec<HistoryFile>,
    /// In a part of a dataset (`restrict`): the part's doctors' vacations at sites outside
    /// it, (doctor id, date), which still count towards their monthly cap (H3).
    pub elsewhere: Vec<(String, NaiveDate)>,
}

impl History {
    pub fn is_empty(&self) -> bool {
        self.visits.is_empty()
    }

    pub fn len(&self) -> usize {
        self.visits.len()
    }
}

/// Where each offer was read, so that offers outside the horizon can be pointed at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfferOrigins {
    /// The file as errors name it.
    pub file: String,
    /// The date column's label (`date (B)`).
    pub date_column: String,
    /// The line of each offer (its first, when repeated).
    pub lines: HashMap<(VolIdx, NaiveDate), u64>,
}

/// A whole dataset folder, validated: every reference resolves, every value is in range.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub name: String,
    /// Default horizon, `YYYY-MM`.
    pub month: String,
    pub description: Option<String>,
    pub zones: Vec<Zone>,
    pub sites: Vec<Site>,
    pub volunteers: Vec<Volunteer>,
    /// Days each volunteer offers.
    pub availability: BTreeSet<(VolIdx, NaiveDate)>,
    pub closures: BTreeSet<(SiteIdx, NaiveDate)>,
    /// Daily demand overrides.
    pub demand_overrides: HashMap<(SiteIdx, NaiveDate), u32>,
    /// Assignments already agreed (must be in the plan), with their line in `pinned.csv`
    /// (0 when they come from elsewhere), so that a bad pin can be pointed at.
    pub pinned: BTreeMap<Assignment, u64>,
    /// Road distances that replace the computed ones.
    pub distances: HashMap<(VolIdx, SiteIdx), f64>,
    /// Vacations before the horizon (`history.csv`, or plans given with `--history`).
    pub history: History,
    /// Where the offers were read (empty for a dataset built in memory).
    pub offer_origins: OfferOrigins,
}

impl Dataset {
    pub fn zone_of(&self, s: SiteIdx) -> &Zone {
        &self.zones[self.sites[s].zone]
    }

    pub fn site_index(&self, id: &str) -> Option<SiteIdx> {
        self.sites.iter().position(|s| s.id == id)
    }

    pub fn volunteer_index(&self, id: &str) -> Option<VolIdx> {
        self.volunteers.iter().position(|v| v.id == id)
    }

    /// The agreed assignments alone: always a valid plan once the pins are validated (every
    /// other rule only limits assignments), the fallback when a solver stops without one.
    pub fn pinned_plan(&self) -> Plan {
        Plan::new(self.pinned.keys().copied().collect())
    }

    pub fn zone_index(&self, id: &str) -> Option<ZoneIdx> {
        self.zones.iter().position(|z| z.id == id)
    }

    /// Whether `other` states the same problem: every field but the name, the description
    /// and where the offers were read (a restricted copy forgets that).
    pub fn same_problem(&self, other: &Dataset) -> bool {
        // Destructured whole, so that a new field has to be placed on one side or the other.
        let Dataset {
            name: _,
            month,
            description: _,
            zones,
            sites,
            volunteers,
            availability,
            closures,
            demand_overrides,
            pinned,
            distances,
            history,
            offer_origins: _,
        } = self;
        *month == other.month
            && *zones == other.zones
            && *sites == other.sites
            && *volunteers == other.volunteers
            && *availability == other.availability
            && *closures == other.closures
            && *demand_overrides == other.demand_overrides
            && *pinned == other.pinned
            && *distances == other.distances
            && *history == other.history
    }
}

/// A plan: a set of assignments, kept sorted by date, site, volunteer (the output order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    assignments: Vec<Assignment>,
}

impl Plan {
    pub fn new(mut assignments: Vec<Assignment>) -> Self {
        assignments.sort();
        assignments.dedup();
        Plan { assignments }
    }

    pub fn assignments(&self) -> &[Assignment] {
        &self.assignments
    }

    pub fn len(&self) -> usize {
        self.assignments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.assignments.is_empty()
    }

    pub fn contains(&self, a: &Assignment) -> bool {
        self.assignments.binary_search(a).is_ok()
    }
}
