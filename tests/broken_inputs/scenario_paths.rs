use crate::helpers::Case;
use std::fs;
use std::path::PathBuf;

// ---------------------------------------------------------------------------------------------
// Paths a scenario names (issue 27, #12): scenarios are uploaded to the web app, so the files
// they name stay in their folder, and a file that is not the expected table is never quoted.

/// What stands for a secret on the server: a line of /etc/shadow.
const SECRET: &str = "root:$6$S3CRETHASH$abcdef:19000:0:99999:7:::\n";

/// A scenario in `TMP/scenarios/` adding a site by commune, naming `communes` as its file.
fn scenario(c: &Case, communes: &str) -> PathBuf {
    let dir = c.tmp.path().join("scenarios");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("zone.toml");
    fs::write(
        &path,
        format!(
            "name = \"zone\"\ncommunes = \"{communes}\"\n\n[[add_site]]\ncommune = \"43080\"\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn scenario_communes_outside_its_folder_is_refused_and_never_read() {
    let c = Case::new();
    fs::write(c.tmp.path().join("secret.csv"), SECRET).unwrap();
    let absolute = c.tmp.path().join("secret.csv");
    for (path, why) in [
        ("../secret.csv", "leads out of it"),
        ("sub/../../secret.csv", "leads out of it"),
        (absolute.to_str().unwrap(), "absolute path"),
    ] {
        let sc = scenario(&c, path);
        let run = c.whatif(&sc, &[]);
        run.assert_input_error(&[
            "zone.toml",
            "line 2",
            "[E052]",
            why,
            "--allow-outside-paths",
        ]);
        assert!(!run.stderr.contains("S3CRET"), "{}", run.context());
        c.assert_nothing_written(&run);
    }
}

#[test]
fn scenario_communes_through_a_link_out_of_its_folder_is_refused() {
    let c = Case::new();
    fs::write(c.tmp.path().join("secret.csv"), SECRET).unwrap();
    let sc = scenario(&c, "communes.csv");
    std::os::unix::fs::symlink(
        c.tmp.path().join("secret.csv"),
        c.tmp.path().join("scenarios/communes.csv"),
    )
    .unwrap();
    let run = c.whatif(&sc, &[]);
    run.assert_input_error(&[
        "zone.toml",
        "line 2",
        "[E052]",
        "a link to a file outside it",
    ]);
    assert!(!run.stderr.contains("S3CRET"), "{}", run.context());
}

#[test]
fn scenario_communes_that_is_not_a_table_is_not_quoted() {
    let c = Case::new();
    // Inside the folder, or outside it with the flag: read, refused, never quoted.
    let sc = scenario(&c, "shadow");
    fs::write(c.tmp.path().join("scenarios/shadow"), SECRET).unwrap();
    let run = c.whatif(&sc, &[]);
    run.assert_input_error(&["shadow", "line 1", "[E004]", "not a header of column names"]);
    assert!(!run.stderr.contains("S3CRET"), "{}", run.context());

    fs::write(c.tmp.path().join("secret.csv"), SECRET).unwrap();
    let sc = scenario(&c, "../secret.csv");
    let run = c.whatif(&sc, &["--allow-outside-paths"]);
    run.assert_input_error(&[
        "secret.csv",
        "line 1",
        "[E004]",
        "not a header of column names",
    ]);
    assert!(!run.stderr.contains("S3CRET"), "{}", run.context());
}

#[test]
fn scenario_communes_beside_it_still_works() {
    // The documented form: a communes file in the scenario's folder, by its bare name (and
    // `./` or a sub-folder). Reading it goes on to the scenario's own checks.
    let c = Case::new();
    for path in ["communes.csv", "./communes.csv", "sub/../communes.csv"] {
        let sc = scenario(&c, path);
        fs::create_dir_all(c.tmp.path().join("scenarios/sub")).unwrap();
        fs::write(
            c.tmp.path().join("scenarios/communes.csv"),
            "insee,name,department,population,lat,lon\n43234,Saugues,43,1736,44.96,3.54\n",
        )
        .unwrap();
        let run = c.whatif(&sc, &[]);
        // 43080 is not in this communes file: the scenario's error, at its own line.
        run.assert_input_error(&["zone.toml", "line 5", "43080"]);
    }
}
