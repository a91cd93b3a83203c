#!/usr/bin/env bash
# Peak memory of a large run in one process: 10^6 draws of rsi-core
# (N=… to change), summary to JSON. Prints peak RSS and wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}
WORKERS=${WORKERS:-auto}
[ -f dist/index.js ] || npx tsc -p tsconfig.build.json
/usr/bin/time -f "draws=$N workers=$WORKERS peak_rss_kb=%M wall_s=%e user_s=%U" \
  node bin/rsi-sim.js --samples "$N" --workers "$WORKERS" --format json --out /tmp/rsi-sim-memory.json 2>&1 | grep -v "^rsi-sim: wrote"
