#!/usr/bin/env bash
# Peer benchmarks for rsi-core (issue 6): rsi-sim against a numpy fixed-step
# implementation (accuracy and cost), against a hand-written JavaScript loop
# of the same equations, and rsi-sim's scaling in draws and worker threads.
#
#   bench/peers/run.sh            # about 2 minutes on the 2-core dev machine at load ~1
#   bench/peers/run.sh --full     # also numpy at dt 1/1024 and 1/4096 (about 5 more minutes)
#
# Environment: OUT (results folder, default /tmp/rsi-peers), N (draws for the
# accuracy comparison, default 2000), PYTHON (an interpreter with numpy;
# default: python3, else /usr/bin/python3), SKIP_BUILD=1 to use dist/ as it is.
# numpy runs on one thread (OPENBLAS/OMP/MKL_NUM_THREADS=1; its elementwise
# operations are single-threaded anyway); rsi-sim runs without workers except
# in the workers comparison. The machine may be shared: the load average is
# printed before and after, and every result file records it.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/rsi-peers}
N=${N:-2000}
DT="1/4,1/16,1/64,1/256"
DTE="1/16,1/64,1/256,1/1024"
if [ "${1:-}" = "--full" ]; then DT="$DT,1/1024,1/4096"; DTE="$DTE,1/4096"; fi
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMEXPR_NUM_THREADS=1
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for c in python3 /usr/bin/python3; do
    if "$c" -c "import numpy" 2>/dev/null; then PY=$c; break; fi
  done
fi
if [ -z "$PY" ]; then
  echo "no Python with numpy found: apt-get install -y python3-numpy, or set PYTHON" >&2
  exit 2
fi
mkdir -p "$OUT"
start=$(date +%s)
echo "load before: $(uptime)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # src/ may be mid-edit by someone else: a type error still emits dist/, so carry on and say so
  npm run build || echo "warning: the build reported errors; measuring dist/ as emitted" >&2
fi

echo "== 1. draws, thresholds and rsi-sim outputs at rtol 1e-10 (reference) and 1e-3 … 1e-6, timed"
node bench/peers/export-draws.mjs --samples "$N" --seed 1 --repeats 3 --out "$OUT/draws"

echo "== 2. numpy RK4 at dt $DT on the same draws, against the reference"
"$PY" bench/peers/rsi_core_numpy.py "$OUT/draws" --dt "$DT" --throughput 2000,16000,64000 --json "$OUT/numpy.json"
echo "== 2b. numpy Euler at dt $DTE (a quarter of RK4's cost per step)"
"$PY" bench/peers/rsi_core_numpy.py "$OUT/draws" --method euler --dt "$DTE" --json "$OUT/numpy-euler.json"

echo "== 3. hand-written loop vs rsi-sim"
node bench/peers/rsi_core_handwritten.mjs --samples 4000 --repeats 5 --json "$OUT/hand.json"

echo "== 4. scaling in draws and workers"
node bench/peers/scaling.mjs --draws 1000,4000,16000,64000 --workers-draws 16000 --workers 1,2 --cli --json "$OUT/scaling.json"

echo
node bench/peers/report.mjs "$OUT"
echo
echo "load after: $(uptime)"
echo "total $(( $(date +%s) - start )) s; results in $OUT"
