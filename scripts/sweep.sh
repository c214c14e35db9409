#!/bin/bash
# Developer aid: one run of the default solve on each dataset, against plain times measured
# before (by `renfort speed`), to compare variants quickly. Not the speed claim itself:
# `renfort speed ... --runs 3` is (ratios in one process, medians of 3).
#
# usage: PLAIN=plain.txt scripts/sweep.sh LABEL DIR... [-- plan options]
#   PLAIN: lines "dataset-name plain-seconds" (e.g. cut from `renfort speed --quick`'s table)
#   Variants through the developer variables, e.g.
#   RENFORT_BNB_BRANCH=fractional scripts/sweep.sh fractional /tmp/ds/*
#   (a lever of the exact solve off, e.g. --no-rc-fixing, is a flag of `renfort speed`, which
#   times it beside the default; `plan` does not take it)
# Prints: LABEL, datasets at 10x, geometric mean of the ratios, total seconds, the misses.
# Each run's summary goes to ${OUT:-/tmp/sweep}/LABEL/<dataset>.
set -euo pipefail
label=$1
shift
dirs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do dirs+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
bin=${BIN:-./target/release/renfort}
out=${OUT:-/tmp/sweep}/$label
mkdir -p "$out"
: > "$out.txt"
for d in "${dirs[@]}"; do
  n=$(basename "$d")
  rm -rf "${out:?}/$n"
  "$bin" plan "$d" --solver ilp --threads 1 --out "$out/$n" "$@" > /dev/null 2>&1
  python3 -c "import json,sys; v=json.load(open(sys.argv[1]))['solver']; print(sys.argv[2], v['seconds'], v['status'])" \
    "$out/$n/summary.json" "$n" >> "$out.txt"
done
python3 - "$label" "$out.txt" "${PLAIN:?set PLAIN to a file of plain times}" <<'PY'
import math, sys
label, runs, plain_file = sys.argv[1:4]
plain = {l.split()[0]: float(l.split()[1]) for l in open(plain_file) if l.strip()}
ratios = [(n, plain[n] / float(t)) for n, t, _ in (l.split() for l in open(runs))]
hits = sum(1 for _, r in ratios if r >= 10)
mean = math.exp(sum(math.log(r) for _, r in ratios) / len(ratios))
total = sum(float(l.split()[1]) for l in open(runs))
misses = " ".join(f"{n}:{r:.1f}x" for n, r in ratios if r < 10)
print(f"{label}: {hits}/{len(ratios)} at 10x, geometric mean {mean:.1f}x, total {total:.1f} s, misses: {misses}")
PY
