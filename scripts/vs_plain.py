#!/usr/bin/env python3
"""renfort against plain solvers on the same month: time and objective ratios.

For each dataset (default: datasets/aura-2026-12 and datasets/france-2026-12):

1. `renfort plan DATASET` (the default solver, as a planner runs it): wall time, objective;
2. the textbook model (`--formulation plain`) as renfort hands it to HiGHS, written as MPS
   by `RENFORT_WRITE_MODEL` (a one-second `renfort speed --formulation plain` writes it
   before solving: the default's model first, then the plain one over it);
3. that model solved by plain HiGHS (PyPI `highspy`) and by OR-Tools CP-SAT (PyPI `ortools`,
   through its model builder), each when importable, with the same time limit.

Prints one line per solver: wall seconds, objective, the time ratio to renfort and the
objective's relative gap to renfort's. A month whose candidates split into independent
parts is solved by renfort part by part, and the MPS file holds the last (largest) part
only: the objective gap is then not comparable and is not printed.

Not part of CI. Usage:
    python3 scripts/vs_plain.py [DATASET...] [--renfort PATH] [--time-limit SECONDS]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP = "python3 -m pip install highspy ortools"


def run_renfort(renfort, dataset, out, extra, env=None):
    t0 = time.perf_counter()
    proc = subprocess.run(
        [renfort, "plan", str(dataset), "--out", str(out), "--quiet", *extra],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"renfort plan {dataset} failed:\n{proc.stderr}")
    return seconds, json.loads((out / "summary.json").read_text())


def solve_highs(mps, limit):
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(limit))
    h.setOptionValue("mip_rel_gap", 1e-4)
    h.readModel(str(mps))
    t0 = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - t0
    status = h.modelStatusToString(h.getModelStatus())
    return seconds, h.getInfo().objective_function_value, status


def solve_cpsat(mps, limit):
    from ortools.linear_solver.python import model_builder as mb

    model = mb.Model()
    if not model.import_from_mps_file(str(mps)):
        return None, None, "could not read the MPS file"
    solver = mb.Solver("sat")
    solver.set_time_limit_in_seconds(float(limit))
    t0 = time.perf_counter()
    status = solver.solve(model)
    seconds = time.perf_counter() - t0
    value = solver.objective_value if solver.objective_value == solver.objective_value else None
    return seconds, value, status.name.lower()


def importable(name):
    try:
        __import__(name)
        return True
    except ImportError:
        return False


def compare(renfort, dataset, limit):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        secs, summary = run_renfort(renfort, dataset, tmp / "plan", ["--time-limit", str(limit)])
        objective = summary.get("objective")
        solver = summary.get("solver", {})
        parts = (solver.get("model") or {}).get("components") or 1
        mps = tmp / "plain.mps"
        env = dict(os.environ, RENFORT_WRITE_MODEL=str(mps))
        proc = subprocess.run(
            [renfort, "speed", str(dataset), "--runs", "1", "--time-limit", "1",
             "--formulation", "plain"],
            env=env,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0 or not mps.exists():
            sys.exit(f"renfort speed {dataset} --formulation plain failed:\n{proc.stderr}")
        print(f"\n{dataset.name}: renfort plan {secs:.2f} s, objective {objective}, "
              f"status {solver.get('status')}, {parts} independent part(s)")
        peers = [("highspy", "HiGHS (plain model)", solve_highs),
                 ("ortools", "CP-SAT (plain model)", solve_cpsat)]
        for module, label, solve in peers:
            if not importable(module):
                print(f"  {label}: {module} is not installed ({PIP})")
                continue
            s, value, status = solve(mps, limit)
            if s is None:
                print(f"  {label}: {status}")
                continue
            gap = ""
            if parts == 1 and value is not None and objective:
                gap = f", objective {100 * (value - objective) / abs(objective):+.3f} % vs renfort"
            print(f"  {label}: {s:.2f} s ({s / secs:.1f}x renfort's time), "
                  f"objective {value}, {status}{gap}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("datasets", nargs="*", type=Path,
                   default=[ROOT / "datasets/aura-2026-12", ROOT / "datasets/france-2026-12"])
    p.add_argument("--renfort", default=str(ROOT / "target/release/renfort"))
    p.add_argument("--time-limit", type=float, default=300.0,
                   help="seconds, for renfort and for each peer (default 300)")
    a = p.parse_args()
    if not Path(a.renfort).exists():
        sys.exit(f"{a.renfort} is absent: cargo build --release (or give --renfort PATH)")
    missing = [m for m in ("highspy", "ortools") if not importable(m)]
    if missing:
        print(f"{', '.join(missing)} not importable: {PIP}")
    for d in a.datasets:
        compare(a.renfort, d, a.time_limit)


if __name__ == "__main__":
    main()
