//! `coverage.csv`: one row per (site, service day) with demand, doctors assigned, uncovered.

use crate::io::csv_out::csv_bytes;
use crate::model::Plan;
use crate::rules::Instance;
use std::collections::HashMap;

pub fn to_csv(inst: &Instance, plan: &Plan) -> Vec<u8> {
    let ds = inst.dataset;
    let mut assigned: HashMap<(usize, chrono::NaiveDate), u32> = HashMap::new();
    for a in plan.assignments() {
        *assigned.entry((a.site, a.date)).or_default() += 1;
    }
    let mut order: Vec<usize> = (0..ds.sites.len()).collect();
    order.sort_by(|&a, &b| ds.sites[a].id.cmp(&ds.sites[b].id));
    let header = [
        "site_id",
        "date",
        "demand",
        "assigned",
        "uncovered",
        "zone_id",
        "weekday",
    ];
    let assigned = &assigned;
    let rows = order.into_iter().flat_map(|s| {
        inst.service_days(s).iter().map(move |sd| {
            let a = assigned.get(&(s, sd.date)).copied().unwrap_or(0);
            [
                ds.sites[s].id.clone(),
                sd.date.to_string(),
                sd.demand.to_string(),
                a.to_string(),
                sd.demand.saturating_sub(a).to_string(),
                ds.zones[ds.sites[s].zone].id.clone(),
                sd.date.format("%a").to_string().to_lowercase(),
            ]
        })
    });
    csv_bytes(&header, rows)
}
