//! The import's outputs in the contract's CSV format (§2): what `renfort check` reads back.

use std::fmt::Write as _;

/// One output volunteer.
pub struct Out {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub authorized: bool,
    pub max_days: u32,
    pub max_km: f64,
    pub overnight: bool,
    pub zones: Vec<String>,
}

/// Quotes a CSV cell when it needs it.
pub fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

pub fn volunteers_csv(outs: &[Out]) -> String {
    let mut s = "volunteer_id,name,lat,lon,authorized,max_days,max_km,overnight,zones\n".to_owned();
    for v in outs {
        let _ = writeln!(
            s,
            "{},{},{:.5},{:.5},{},{},{},{},{}",
            quote(&v.id),
            quote(&v.name),
            v.lat,
            v.lon,
            v.authorized,
            v.max_days,
            v.max_km,
            v.overnight,
            quote(&v.zones.join(";"))
        );
    }
    s
}
