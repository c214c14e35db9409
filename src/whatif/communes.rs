//! The communes file (`shared/data/communes_fr.csv`): where a new site or new volunteers
//! are, by INSEE code or department, and how many people live there (new volunteers are
//! drawn where people live, like `renfort generate` does).

pub use crate::io::communes::{Commune, Communes};

/// The columns what-if needs beyond the communes file's required ones: new volunteers are
/// drawn by population.
pub const NEEDS: [&str; 1] = ["population"];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Three communes of Haute-Loire and one of Allier (real codes and points).
    pub fn sample() -> Communes {
        let c = |insee: &str, name: &str, dep: &str, pop, lat, lon| Commune {
            insee: insee.into(),
            name: name.into(),
            department: dep.into(),
            epci_siren: format!("2000{dep}"),
            epci_name: format!("CC {name}"),
            population: pop,
            lat,
            lon,
            ..Commune::default()
        };
        Communes::new(vec![
            c("43080", "Craponne-sur-Arzon", "43", 1982, 45.3297, 3.84526),
            c("43157", "Le Puy-en-Velay", "43", 18995, 45.04294, 3.88462),
            c("43234", "Saugues", "43", 1736, 44.9601, 3.54628),
            c("03168", "Meaulne-Vitray", "03", 889, 46.59818, 2.617),
        ])
    }

    #[test]
    fn lookups() {
        let cs = sample();
        assert_eq!(cs.get("43234").unwrap().name, "Saugues");
        assert!(cs.get("99999").is_none());
        assert_eq!(cs.in_department("43").len(), 3);
        let near: Vec<_> = cs
            .within(45.04, 3.88, 40.0)
            .iter()
            .map(|c| c.insee.as_str())
            .collect();
        assert_eq!(near, ["43080", "43157", "43234"]);
    }

    #[test]
    fn reads_the_shared_file_shape() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.csv");
        std::fs::write(&p, "insee,name,department,department_name,region,region_name,epci_siren,epci_name,population,lat,lon\n43234,Saugues,43,Haute-Loire,84,AuRA,200073393,CC des Rives du Haut Allier,1736,44.96010,3.54628\n").unwrap();
        let cs = Communes::read(&p, &NEEDS).unwrap();
        assert_eq!(cs.get("43234").unwrap().epci_siren, "200073393");
        std::fs::write(
            &p,
            "insee,name,department,population,lat,lon\n43234,Saugues,43,x,1,2\n",
        )
        .unwrap();
        assert!(Communes::read(&p, &NEEDS).is_err());
    }
}
