//! Progress of the local search for the caller's observer (the CLI's progress line): the
//! best objective so far, reported each time a stream improves on it.
//!
//! Why a lock: streams run on rayon threads; holding it while calling the observer keeps
//! the reported objectives in decreasing order. One lock per round is cheap next to the
//! round's ruin-and-recreate.

use crate::solve::{Observer, SolveProgress};
use std::sync::Mutex;
use std::time::Instant;

pub struct Reporter<'a> {
    observer: Option<&'a Observer>,
    t0: Instant,
    best: Mutex<f64>,
}

impl<'a> Reporter<'a> {
    pub fn new(observer: Option<&'a Observer>, t0: Instant) -> Self {
        Reporter {
            observer,
            t0,
            best: Mutex::new(f64::INFINITY),
        }
    }

    /// Reports `objective` if it beats every objective offered so far.
    pub fn offer(&self, objective: f64) {
        let Some(observer) = self.observer else {
            return;
        };
        let Ok(mut best) = self.best.lock() else {
            return;
        };
        if objective < *best {
            *best = objective;
            observer(&SolveProgress {
                seconds: self.t0.elapsed().as_secs_f64(),
                best: Some(objective),
                bound: None,
                part: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{metrics, Instance};
    use crate::solve::{local, Observer, SolveOptions, SolveProgress};
    use crate::testkit::solver_instance;
    use std::sync::{Arc, Mutex};

    /// The observer hears decreasing objectives, the last one the returned plan's.
    #[test]
    fn local_search_reports_its_best_objective() {
        let mut improved = 0;
        for seed in 0..12 {
            let (ds, policy, horizon) = solver_instance(seed, 3, 10, 14);
            let inst = Instance::new(&ds, &policy, horizon);
            let heard = Arc::new(Mutex::new(Vec::new()));
            let sink = heard.clone();
            let observer: Observer = Arc::new(move |p: &SolveProgress| {
                sink.lock()
                    .expect("lock")
                    .push(p.best.expect("a best objective"));
            });
            let opts = SolveOptions {
                observer: Some(observer),
                effort: 0.2,
                ..Default::default()
            };
            let out = local::solve(&inst, &opts);
            let plan = out.plan.expect("local search always plans");
            let objective = metrics::compute(&inst, &plan).objective(&inst);
            let heard = heard.lock().expect("lock").clone();
            let last = *heard.last().expect("at least the start is reported");
            assert!(
                heard.windows(2).all(|w| w[1] < w[0]),
                "seed {seed}: {heard:?}"
            );
            assert!(
                (last - objective).abs() <= 1e-6 * objective.abs().max(1.0),
                "seed {seed}: last heard {last}, plan {objective}"
            );
            improved += usize::from(heard.len() > 1);
        }
        assert!(improved > 0, "no search improved on its start");
    }
}
