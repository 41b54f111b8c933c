#!/usr/bin/env bash
# mfcgen on Slurm: adapt -> N shards (job array) -> merge, chained with --dependency=afterok.
#
# Run it on a login node:   bash scripts/slurm/mfcgen_array.sh
# It submits three jobs and prints their ids:
#   1. adapt   : mfcgen adapt --card CARD --output WORKDIR/gridpack.json.gz
#   2. shards  : sbatch --array=0-(SHARDS-1), each task runs
#                mfcgen generate --gridpack ... --events EVENTS_PER_SHARD --output WORKDIR/shards/shard_<I>.lhe.gz
#                (the shard I/N comes from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT)
#   3. merge   : mfcgen merge WORKDIR/shards/shard_{0..SHARDS-1}.lhe.gz --output OUTPUT
# A failed job cancels the jobs that depend on it (--kill-on-invalid-dep=yes).
#
# Edit ONLY the block below (or set the variables in the environment).
# ------------------------------------------------------------------------------------------
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"  # the checkout this script is in
MFCGEN="${MFCGEN:-$REPO/target/release/mfcgen}"           # the mfcgen binary (shared filesystem)
CARD="${MFCGEN_CARD:-$REPO/cards/vector_16MeV.toml}"      # run card
WORKDIR="${MFCGEN_WORKDIR:-$PWD/mfcgen_run}"             # gridpack, shards, logs (shared filesystem)
OUTPUT="${MFCGEN_OUTPUT:-$WORKDIR/events.lhe.gz}"        # merged event file
PARTITION="${MFCGEN_PARTITION:-}"                        # Slurm partition ("" = cluster default)
SHARDS="${MFCGEN_SHARDS:-16}"                            # number of array tasks
EVENTS_PER_SHARD="${MFCGEN_EVENTS:-1000000}"             # events per shard
CPUS="${MFCGEN_CPUS:-4}"                                 # CPUs per job (threads of mfcgen)
TIME="${MFCGEN_TIME:-04:00:00}"                          # wall-time limit per job
EXTRA_SBATCH="${MFCGEN_SBATCH_ARGS:-}"                   # e.g. "--account=myproj --mem=2G"
ADAPT_ARGS="${MFCGEN_ADAPT_ARGS:-}"                      # extra flags of `mfcgen adapt`, e.g. "--mass 0.05"
WAIT="${MFCGEN_WAIT:-0}"                                 # 1: block until the merge job ends
# ------------------------------------------------------------------------------------------
set -euo pipefail

[[ -x "$MFCGEN" ]] || { echo "mfcgen binary not found or not executable: $MFCGEN (build it with: cargo build --release --manifest-path $REPO/Cargo.toml --bin mfcgen, or set MFCGEN)" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "sbatch not found: run this on a Slurm login node" >&2; exit 2; }
[[ -r "$CARD" ]] || { echo "run card not readable: $CARD" >&2; exit 2; }
(( SHARDS >= 1 )) || { echo "SHARDS must be >= 1" >&2; exit 2; }

mkdir -p "$WORKDIR/shards" "$WORKDIR/logs"
GRIDPACK="$WORKDIR/gridpack.json.gz"

common=(--parsable --cpus-per-task="$CPUS" --time="$TIME" --chdir="$WORKDIR"
        --export=ALL,RAYON_NUM_THREADS="$CPUS")
[[ -n "$PARTITION" ]] && common+=(--partition="$PARTITION")
# shellcheck disable=SC2206 # word splitting of the user's extra options is intended
[[ -n "$EXTRA_SBATCH" ]] && common+=($EXTRA_SBATCH)

q() { printf '%q' "$1"; }

adapt_id=$(sbatch "${common[@]}" --job-name=mfcgen-adapt \
    --output="$WORKDIR/logs/adapt_%j.log" \
    --wrap="$(q "$MFCGEN") adapt --card $(q "$CARD") $ADAPT_ARGS --output $(q "$GRIDPACK")")
adapt_id=${adapt_id%%;*}

# \$SLURM_ARRAY_TASK_ID is expanded by the job, not here; --shard defaults from the array env.
shards_id=$(sbatch "${common[@]}" --job-name=mfcgen-shard \
    --array="0-$((SHARDS - 1))" \
    --dependency="afterok:$adapt_id" --kill-on-invalid-dep=yes \
    --output="$WORKDIR/logs/shard_%A_%a.log" \
    --wrap="$(q "$MFCGEN") generate --gridpack $(q "$GRIDPACK") --events $EVENTS_PER_SHARD \
--output $(q "$WORKDIR/shards")/shard_\${SLURM_ARRAY_TASK_ID}.lhe.gz")
shards_id=${shards_id%%;*}

wait_flag=()
[[ "$WAIT" == 1 ]] && wait_flag=(--wait)
echo "adapt job $adapt_id, shard array $shards_id (${SHARDS} tasks)"
inputs=""
for ((i = 0; i < SHARDS; i++)); do inputs+=" $(q "$WORKDIR/shards/shard_$i.lhe.gz")"; done
merge_id=$(sbatch "${common[@]}" "${wait_flag[@]}" --job-name=mfcgen-merge \
    --dependency="afterok:$shards_id" --kill-on-invalid-dep=yes \
    --output="$WORKDIR/logs/merge_%j.log" \
    --wrap="$(q "$MFCGEN") merge$inputs --output $(q "$OUTPUT")")
merge_id=${merge_id%%;*}
echo "merge job $merge_id -> $OUTPUT"
