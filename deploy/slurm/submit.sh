#!/bin/bash
# Submit the array job of SHARDS tasks (default 8), then the merge job that
# starts when every task succeeded. RUN_ARGS, OUT_DIR and RSI_SIM pass through
# sbatch's environment.
set -euo pipefail
cd "$(dirname "$0")"
export SHARDS=${SHARDS:-8}
array=$(sbatch --parsable --array="1-$SHARDS" rsi-sim-array.sbatch)
sbatch --dependency=afterok:"$array" merge.sbatch
