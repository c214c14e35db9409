//! `plan.csv`: one row per assignment, sorted by date, site id, volunteer id (contract §7),
//! with readable extra columns for the planner.

use crate::model::Plan;
use crate::rules::Instance;

/// Assignments in output order: by date, then site id, then volunteer id (ids as text).
pub fn output_order<'p>(inst: &Instance, plan: &'p Plan) -> Vec<&'p crate::model::Assignment> {
    let ds = inst.dataset;
    let mut rows: Vec<_> = plan.assignments().iter().collect();
    rows.sort_by(|a, b| {
        (a.date, &ds.sites[a.site].id, &ds.volunteers[a.volunteer].id).cmp(&(
            b.date,
            &ds.sites[b.site].id,
            &ds.volunteers[b.volunteer].id,
        ))
    });
    rows
}

pub fn to_csv(inst: &Instance, plan: &Plan) -> Vec<u8> {
    let ds = inst.dataset;
    let header = [
        "date",
        "site_id",
        "volunteer_id",
        "zone_id",
        "site_name",
        "volunteer_name",
        "km_one_way",
        "overnight",
    ];
    let rows = output_order(inst, plan).into_iter().map(|a| {
        let (s, v) = (&ds.sites[a.site], &ds.volunteers[a.volunteer]);
        [
            a.date.to_string(),
            s.id.clone(),
            v.id.clone(),
            ds.zones[s.zone].id.clone(),
            // Free text a spreadsheet could compute (`=...`): shown as typed. Ids stay as
            // they are (the contract's columns).
            super::publish::spreadsheet_safe(&s.name).into_owned(),
            super::publish::spreadsheet_safe(&v.name).into_owned(),
            format!("{:.1}", inst.km(a.volunteer, a.site)),
            inst.is_stayer(a.volunteer, a.site).to_string(),
        ]
    });
    crate::io::csv_out::csv_bytes(&header, rows)
}
