use crate::helpers::Case;
use std::fs;

// ---------------------------------------------------------------------------------------------
// dataset.toml, model file, command line

#[test]
fn dataset_toml_unknown_key() {
    let c = Case::new();
    c.append("dataset.toml", "mois = \"2026-12\"");
    c.expect_input_error(
        &[],
        &[
            "dataset.toml",
            "line 4",
            "column 1",
            "[E051]",
            "unknown key `mois`",
        ],
    );
}

#[test]
fn dataset_toml_bad_month() {
    let c = Case::new();
    c.set_line("dataset.toml", 2, "month = \"2026-13\"");
    c.expect_input_error(
        &[],
        &[
            "dataset.toml",
            "line 2",
            "column 9",
            "[E052]",
            "expected YYYY-MM",
            "'2026-13'",
        ],
    );
}

#[test]
fn dataset_toml_syntax_error() {
    let c = Case::new();
    c.set_line("dataset.toml", 1, "name = \"small");
    c.expect_input_error(&[], &["dataset.toml", "line 1", "[E050]"]);
}

#[test]
fn model_unknown_key() {
    let c = Case::new();
    let model = c.tmp.path().join("model.toml");
    fs::write(&model, "[objective]\nuncovred = 1\n").unwrap();
    c.expect_input_error(
        &["--model", model.to_str().unwrap()],
        &[
            "model.toml",
            "line 2",
            "column 1",
            "[E051]",
            "unknown key `uncovred`",
        ],
    );
}

#[test]
fn model_negative_weight() {
    let c = Case::new();
    let model = c.tmp.path().join("model.toml");
    fs::write(
        &model,
        "[rules]\ncommute_km = 50.0\n\n[objective]\ntravel = -0.5\n",
    )
    .unwrap();
    c.expect_input_error(
        &["--model", model.to_str().unwrap()],
        &[
            "model.toml",
            "line 5",
            "[E052]",
            "objective.travel: expected a number from 0 to 1,000,000, found -0.5",
        ],
    );
}

#[test]
fn model_file_missing() {
    let c = Case::new();
    let model = c.tmp.path().join("nope.toml");
    c.expect_input_error(
        &["--model", model.to_str().unwrap()],
        &["nope.toml", "[E001]", "cannot read the policy file"],
    );
}

#[test]
fn month_argument_13() {
    let c = Case::new();
    c.expect_input_error(
        &["--month", "2026-13"],
        &[
            "command line",
            "[E060]",
            "--month: expected YYYY-MM",
            "'2026-13'",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// `check DATASET PLAN_DIR`

#[test]
fn check_plan_with_unknown_site() {
    let c = Case::new();
    let plan_dir = c.tmp.path().join("myplan");
    fs::create_dir(&plan_dir).unwrap();
    fs::write(
        plan_dir.join("plan.csv"),
        "date,site_id,volunteer_id\n2026-12-01,S1,V1\n2026-12-02,S7,V1\n",
    )
    .unwrap();
    let run = c.check(&[plan_dir.to_str().unwrap()]);
    run.assert_input_error(&[
        "plan.csv",
        "line 3",
        "column site_id (B)",
        "[E030]",
        "unknown site 'S7'",
    ]);
}

#[test]
fn check_plan_folder_without_plan_csv() {
    let c = Case::new();
    let plan_dir = c.tmp.path().join("empty-plan");
    fs::create_dir(&plan_dir).unwrap();
    let run = c.check(&[plan_dir.to_str().unwrap()]);
    run.assert_input_error(&["plan.csv", "[E001]", "cannot read the file"]);
}
