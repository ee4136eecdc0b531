#!/usr/bin/env bash
# Run a detasim sweep (or run) as a Slurm job array: one array task per shard.
#
#   sbatch --array=1-N scripts/slurm/sweep-array.sh DESIGN.toml OUT_PREFIX
#
# Each task computes shard ${SLURM_ARRAY_TASK_ID}/N of the design into
# OUT_PREFIX-shard-I; afterwards combine them with
#
#   detasim merge OUT_PREFIX-shard-* --out OUT_PREFIX
#
# which writes exactly the files the unsharded sweep writes. Set DETASIM to the
# binary (default: target/release/detasim in the submit directory) and
# DETASIM_KIND=run to shard a run (DESIGN.toml is then a scenario file).
# On Snellius, add the partition and time your jobs need, e.g.
#   sbatch --array=1-64 --partition=rome --time=01:00:00 --cpus-per-task=16 ...
#SBATCH --job-name=detasim
#SBATCH --output=slurm-%A_%a.out
#SBATCH --cpus-per-task=1
set -euo pipefail
design="${1:?usage: sbatch --array=1-N sweep-array.sh DESIGN.toml OUT_PREFIX}"
prefix="${2:?usage: sbatch --array=1-N sweep-array.sh DESIGN.toml OUT_PREFIX}"
i="${SLURM_ARRAY_TASK_ID:?run this as a Slurm array task}"
n="${SLURM_ARRAY_TASK_COUNT:?run this as a Slurm array task}"
bin="${DETASIM:-${SLURM_SUBMIT_DIR:-.}/target/release/detasim}"
kind="${DETASIM_KIND:-sweep}"
export RAYON_NUM_THREADS="${SLURM_CPUS_PER_TASK:-1}"
cd "${SLURM_SUBMIT_DIR:-.}"
out="${prefix}-shard-${i}"
if [ -d "$out" ]; then
    echo "shard $i/$n already done: $out"
    exit 0
fi
if [ "$kind" = run ]; then
    "$bin" run "$design" --shard "$i/$n" --out "$out" --quiet
elif [ -d "$(dirname "$out")/.$(basename "$out").partial" ]; then
    "$bin" sweep "$design" --shard "$i/$n" --out "$out" --quiet --resume
else
    "$bin" sweep "$design" --shard "$i/$n" --out "$out" --quiet
fi
