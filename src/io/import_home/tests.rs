use super::*;

/// A few communes of the real files: Murat exists in the Allier and the Cantal, 43170 serves
/// nine communes, 15300 twelve.
fn communes() -> Communes {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("communes_fr.csv");
    let p = dir.path().join("postcodes_fr.csv");
    std::fs::write(
        &c,
        "insee,name,department,department_name,lat,lon\n\
         03191,Murat,03,Allier,46.37979,3.04006\n\
         15138,Murat,15,Cantal,45.11057,2.86929\n\
         15101,Laveissière,15,Cantal,45.1,2.8\n\
         43234,Saugues,43,Haute-Loire,44.96010,3.54628\n\
         43104,Grèzes,43,Haute-Loire,44.9,3.5\n\
         43157,Le Puy-en-Velay,43,Haute-Loire,45.04294,3.88462\n\
         63338,Saint-Éloy-les-Mines,63,Puy-de-Dôme,46.16,2.83\n\
         07132,Largentière,07,Ardèche,44.54,4.29\n\
         75056,Paris,75,Paris,48.85,2.35\n",
    )
    .unwrap();
    std::fs::write(
        &p,
        "postcode,insee,commune\n15300,15138,Murat\n15300,15101,Laveissière\n\
         43170,43234,Saugues\n43170,43104,Grèzes\n43000,43157,Le Puy-en-Velay\n\
         63700,63338,Saint-Éloy-les-Mines\n07110,07132,Largentière\n03390,03191,Murat\n\
         75001,75101,Paris 1er Arrondissement\n",
    )
    .unwrap();
    Communes::read(&c, Some(&p)).unwrap()
}

fn at<'a>(c: &'a Communes, cells: HomeCells) -> Result<&'a str, String> {
    c.place(&cells).map(|p| p.insee.as_str())
}

fn address(a: &str) -> HomeCells<'_> {
    HomeCells {
        address: a,
        ..Default::default()
    }
}

#[test]
fn addresses_as_people_type_them() {
    let c = communes();
    assert_eq!(
        at(&c, address("12, rue des Écoles 43170 SAUGUES")),
        Ok("43234")
    );
    assert_eq!(at(&c, address("Le Bourg - 43 170 Grezes")), Ok("43104"));
    assert_eq!(at(&c, address("Saugues 43170")), Ok("43234"));
    assert_eq!(
        at(&c, address("2 bd Carnot 43000 Le Puy en Velay Cedex 9")),
        Ok("43157")
    );
    assert_eq!(
        at(&c, address("1 av. de la gare\n63700 St Eloy les Mines")),
        Ok("63338")
    );
    assert_eq!(at(&c, address("3 place du Foirail, Saugues")), Ok("43234"));
    assert_eq!(
        at(&c, address("5 quai X 7110 Largentière")),
        Err("no commune named '5 quai X 7110 Largentière'".into())
    );
    assert_eq!(at(&c, address("rue de Rivoli 75001 Paris")), Ok("75056"));
}

#[test]
fn ambiguous_or_unknown_homes_are_not_guessed() {
    let c = communes();
    let e = at(&c, address("Le Bourg, 43170")).unwrap_err();
    assert!(
        e.contains("serves several communes") && e.contains("Grèzes"),
        "{e}"
    );
    let e = at(&c, address("12 rue du Pont 43170 Le Puy")).unwrap_err();
    assert!(e.contains("none named 'Le Puy'"), "{e}");
    let e = at(
        &c,
        HomeCells {
            commune: "Murat",
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        e.contains("several communes are named 'Murat'") && e.contains("03, 15"),
        "{e}"
    );
    let e = at(&c, address("voir courriel")).unwrap_err();
    assert!(e.contains("no commune named"), "{e}");
    let e = at(&c, address("12 rue X 99999 Nulle-Part")).unwrap_err();
    assert!(e.contains("99999 is not a French postcode"), "{e}");
    assert_eq!(
        at(&c, HomeCells::default()),
        Err("no home commune given".into())
    );
}

#[test]
fn codes_names_and_departments() {
    let c = communes();
    let commune = |s| HomeCells {
        commune: s,
        ..Default::default()
    };
    assert_eq!(at(&c, commune("15138")), Ok("15138"));
    assert_eq!(at(&c, commune("Murat (15)")), Ok("15138"));
    assert_eq!(at(&c, commune("Murat, Allier")), Ok("03191"));
    assert_eq!(at(&c, commune("Puy-en-Velay")), Ok("43157"));
    let with_dep = HomeCells {
        commune: "MURAT",
        department: "Cantal",
        ..Default::default()
    };
    assert_eq!(at(&c, with_dep), Ok("15138"));
    let postcode = HomeCells {
        postcode: "15300",
        commune: "Laveissiere",
        ..Default::default()
    };
    assert_eq!(at(&c, postcode), Ok("15101"));
    // A spreadsheet that took the postcode for a number dropped its leading 0.
    let number = HomeCells {
        postcode: "7110",
        ..Default::default()
    };
    assert_eq!(at(&c, number), Ok("07132"));
}
