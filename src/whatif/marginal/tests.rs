use super::*;
use crate::io::load_dataset;
use crate::model::Horizon;
use crate::solve::SolveOptions;

fn small() -> Dataset {
    load_dataset(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/small"))
        .unwrap()
}

#[test]
fn virtual_doctor_is_one_volunteer_held_to_the_cap() {
    let ds = small();
    let policy = Policy::default();
    let h = Horizon::parse_month("2026-12").unwrap();
    let inst = Instance::new(&ds, &policy, h);
    let s1 = ds.site_index("S1").unwrap();
    let mondays: Vec<_> = cases(&inst, By::Weekday)
        .into_iter()
        .find(|c| c.0 == s1 && c.1 == "mon")
        .unwrap()
        .2;
    assert!(mondays.len() >= 3);
    let more = with_virtual_doctor(&ds, &policy, s1, &mondays);
    assert_eq!(more.volunteers.len(), ds.volunteers.len() + 1);
    assert_eq!(more.volunteers.last().unwrap().max_days, 2);
    assert_eq!(doctor_days(&policy, &mondays), 2);
    let inst2 = Instance::new(&more, &policy, h);
    let extra: Vec<_> = inst2
        .candidates()
        .iter()
        .filter(|c| c.volunteer >= ds.volunteers.len())
        .collect();
    assert_eq!(
        extra.len(),
        mondays.len(),
        "one candidate per Monday, at S1 only"
    );
    assert!(extra.iter().all(|c| c.site == s1));
}

#[test]
fn gains_are_positive_where_days_are_uncovered() {
    let ds = small();
    let policy = Policy::default();
    let h = Horizon::parse_month("2026-12").unwrap();
    let inst = Instance::new(&ds, &policy, h);
    let solver = Solver::ilp(SolveOptions::default());
    let plan = solver.run(&inst).plan.unwrap();
    for exact in [true, false] {
        let rows = marginal(&solver, &inst, &plan, By::Weekday, exact).unwrap();
        assert!(rows.iter().all(|r| r.gain >= 0.0));
        assert!(rows.windows(2).all(|w| w[0].gain >= w[1].gain));
        for r in &rows {
            if r.uncovered_doctor_days > 0 {
                assert!(r.gain > 0.0, "{r:?}");
            }
        }
    }
    // The estimate never exceeds the exact gain (it is one of the plans the re-solve sees).
    let ex = marginal(&solver, &inst, &plan, By::Weekday, true).unwrap();
    let es = marginal(&solver, &inst, &plan, By::Weekday, false).unwrap();
    for r in &es {
        let e = ex
            .iter()
            .find(|x| x.site_id == r.site_id && x.key == r.key)
            .unwrap();
        assert!(
            r.gain <= e.gain + 1e-6 * e.gain.max(1.0) + 1e-3,
            "{r:?} vs {e:?}"
        );
    }
}
