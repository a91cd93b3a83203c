#!/bin/bash
# Submit the array job, then the merge job that starts when every task succeeded.
set -euo pipefail
cd "$(dirname "$0")"
array=$(sbatch --parsable rsi-sim-array.sbatch)
sbatch --dependency=afterok:"$array" merge.sbatch
