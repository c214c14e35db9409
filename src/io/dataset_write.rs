//! Writing a dataset back to the contract's files (for what-if scenarios and tests).

use super::csv_out::csv_bytes;
use crate::model::Dataset;

/// The dataset's files as (name, bytes); optional files only when they have rows.
/// `csv_bytes`, with the contact columns (`email`, `phone`, `address`) appended when `with`.
fn csv_rows<'c>(
    with: bool,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
    contacts: impl IntoIterator<Item = &'c crate::model::Contact>,
) -> Vec<u8> {
    if !with {
        return csv_bytes(header, rows);
    }
    let mut header = header.to_vec();
    header.extend(["email", "phone", "address"]);
    let rows = rows.into_iter().zip(contacts).map(|(mut r, c)| {
        for x in [&c.email, &c.phone, &c.address] {
            r.push(x.clone().unwrap_or_default());
        }
        r
    });
    csv_bytes(&header, rows)
}

pub fn dataset_files(ds: &Dataset) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut toml = format!("name = {:?}\nmonth = {:?}\n", ds.name, ds.month);
    if let Some(d) = &ds.description {
        toml += &format!("description = {d:?}\n");
    }
    out.push(("dataset.toml".to_owned(), toml.into_bytes()));
    // The source status column only when some zone has one (an extra column).
    let zone_status = ds.zones.iter().any(|z| z.source_status.is_some());
    let mut zone_header = super::dataset::ZONE_COLUMNS.to_vec();
    if zone_status {
        zone_header.push(super::dataset::ZONE_SOURCE_STATUS);
    }
    out.push((
        "zones.csv".into(),
        csv_bytes(
            &zone_header,
            ds.zones.iter().map(|z| {
                let mut r = vec![
                    z.id.clone(),
                    z.name.clone(),
                    z.department.clone(),
                    z.priority.to_string(),
                ];
                if zone_status {
                    r.push(z.source_status.clone().unwrap_or_default());
                }
                r
            }),
        ),
    ));
    // Contact columns only when some row has one (they are not part of the contract).
    let vol_contacts = ds
        .volunteers
        .iter()
        .any(|v| v.contact != Default::default());
    let site_contacts = ds.sites.iter().any(|s| s.contact != Default::default());
    out.push((
        "sites.csv".into(),
        csv_rows(
            site_contacts,
            &super::dataset::site_header(false),
            ds.sites.iter().map(|s| {
                vec![
                    s.id.clone(),
                    ds.zones[s.zone].id.clone(),
                    s.name.clone(),
                    s.lat.to_string(),
                    s.lon.to_string(),
                    s.open_days.to_contract_string(),
                    s.rooms.to_string(),
                    s.demand.to_string(),
                    s.beds.to_string(),
                    s.bed_cost_eur.to_string(),
                    s.commune.clone().unwrap_or_default(),
                ]
            }),
            ds.sites.iter().map(|s| &s.contact),
        ),
    ));
    out.push((
        "volunteers.csv".into(),
        csv_rows(
            vol_contacts,
            super::dataset::VOLUNTEER_COLUMNS,
            ds.volunteers.iter().map(|v| {
                vec![
                    v.id.clone(),
                    v.name.clone(),
                    v.lat.to_string(),
                    v.lon.to_string(),
                    v.authorized.to_string(),
                    v.max_days.to_string(),
                    v.max_km.to_string(),
                    v.overnight.to_string(),
                    v.zones
                        .iter()
                        .map(|&z| ds.zones[z].id.as_str())
                        .collect::<Vec<_>>()
                        .join(";"),
                ]
            }),
            ds.volunteers.iter().map(|v| &v.contact),
        ),
    ));
    out.push((
        "availability.csv".into(),
        csv_bytes(
            &["volunteer_id", "date"],
            ds.availability
                .iter()
                .map(|(v, d)| vec![ds.volunteers[*v].id.clone(), d.to_string()]),
        ),
    ));
    if !ds.closures.is_empty() {
        out.push((
            "closures.csv".into(),
            csv_bytes(
                &["site_id", "date"],
                ds.closures
                    .iter()
                    .map(|(s, d)| vec![ds.sites[*s].id.clone(), d.to_string()]),
            ),
        ));
    }
    if !ds.demand_overrides.is_empty() {
        let mut rows: Vec<_> = ds.demand_overrides.iter().collect();
        rows.sort();
        out.push((
            "demand.csv".into(),
            csv_bytes(
                &["site_id", "date", "demand"],
                rows.into_iter()
                    .map(|((s, d), n)| vec![ds.sites[*s].id.clone(), d.to_string(), n.to_string()]),
            ),
        ));
    }
    if !ds.pinned.is_empty() {
        out.push((
            "pinned.csv".into(),
            csv_bytes(
                &["volunteer_id", "site_id", "date"],
                ds.pinned.keys().map(|p| {
                    vec![
                        ds.volunteers[p.volunteer].id.clone(),
                        ds.sites[p.site].id.clone(),
                        p.date.to_string(),
                    ]
                }),
            ),
        ));
    }
    if !ds.distances.is_empty() {
        let mut rows: Vec<_> = ds.distances.iter().collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        out.push((
            "distances.csv".into(),
            csv_bytes(
                &["volunteer_id", "site_id", "km"],
                rows.into_iter().map(|((v, s), km)| {
                    vec![
                        ds.volunteers[*v].id.clone(),
                        ds.sites[*s].id.clone(),
                        km.to_string(),
                    ]
                }),
            ),
        ));
    }
    if !ds.history.is_empty() {
        // In plan.csv's shape: a plan is a month of history for the next one.
        out.push((
            "history.csv".into(),
            csv_bytes(
                &["date", "site_id", "volunteer_id"],
                ds.history.visits.keys().map(|p| {
                    vec![
                        p.date.to_string(),
                        ds.sites[p.site].id.clone(),
                        p.volunteer.clone(),
                    ]
                }),
            ),
        ));
    }
    out
}

/// Writes the dataset's files into `dir` (created if needed).
pub fn write_dataset(ds: &Dataset, dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in dataset_files(ds) {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}
