#!/usr/bin/env bash
#SBATCH --job-name=mazerat-sweep
#SBATCH --cpus-per-task=4
#SBATCH --mem-per-cpu=512M
#SBATCH --time=04:00:00
#SBATCH --output=%x-%A_%a.out
#SBATCH --requeue
#
# Run a mazerat sweep on a Slurm cluster: a job array whose task I runs
#   mazerat sweep SPEC --shard I/SHARDS --out OUT --workers $SLURM_CPUS_PER_TASK
# (I = SLURM_ARRAY_TASK_ID), all into OUT on a file system every node sees,
# then a merge job that starts once every task has succeeded (afterok):
#   mazerat merge OUT --out OUT
# The merged results are the bytes a single machine would write.
#
# Usage, on a login node:
#   deploy/slurm/sweep.sh SPEC.yaml OUT [SHARDS]
#
#   SPEC.yaml  the sweep spec (docs/sweeps.md); checked before anything is
#              submitted
#   OUT        the sweep's directory, shared by the nodes (created if missing)
#   SHARDS     the number of array tasks (default 16); a task's runs are
#              every SHARDS-th run of the sweep
#
# Environment:
#   MAZERAT    the mazerat binary, on a path the nodes see (default: the
#              mazerat on PATH); make headless builds one without cgo
#   THROTTLE   run at most this many tasks at once (--array=1-N%THROTTLE)
#   SBATCH_*   any sbatch option, as Slurm reads them: SBATCH_PARTITION,
#              SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ... The #SBATCH lines
#              above are defaults for both jobs; options on the command
#              line of sbatch are not passed (edit the lines above).
#
# A task that fails or is preempted may simply run again (sbatch --array=3,7
# this script with MAZERAT_SWEEP_STEP=shard and the same SPEC, OUT and
# SHARDS exported, or rerun this script: finished runs are skipped, so only
# what is missing is lived). If the merge job was cancelled because a task
# failed, merge by hand when all tasks have succeeded:
#   mazerat merge OUT --out OUT
set -euo pipefail

usage() {
	sed -n '/^# Usage/,/^# Environment/p' "$0" | sed 's/^# \{0,1\}//; /^Environment/d' >&2
	exit 2
}

case "${MAZERAT_SWEEP_STEP:-submit}" in
shard)
	: "${SLURM_ARRAY_TASK_ID:?the shard step runs as a task of a job array}"
	: "${SPEC:?}" "${OUT:?}" "${SHARDS:?}" "${MAZERAT:?}"
	exec "$MAZERAT" sweep "$SPEC" --out "$OUT" --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" --workers "${SLURM_CPUS_PER_TASK:-1}" --quiet
	;;
merge)
	: "${OUT:?}" "${MAZERAT:?}"
	exec "$MAZERAT" merge "$OUT" --out "$OUT"
	;;
submit) ;;
*)
	echo "sweep.sh: MAZERAT_SWEEP_STEP=$MAZERAT_SWEEP_STEP, expected shard, merge or nothing" >&2
	exit 2
	;;
esac

[ $# -ge 2 ] && [ $# -le 3 ] || usage
spec=$(realpath "$1")
out=$(realpath -m "$2")
shards=${3:-16}
case $shards in
'' | *[!0-9]* | 0*)
	echo "sweep.sh: SHARDS $shards: expected a positive whole number" >&2
	exit 2
	;;
esac
case "$spec$out" in
*,*)
	# sbatch --export separates variables with commas.
	echo "sweep.sh: the paths of SPEC and OUT must not hold commas" >&2
	exit 2
	;;
esac
mazerat=$(command -v "${MAZERAT:-mazerat}") || {
	echo "sweep.sh: no mazerat binary (set MAZERAT=/path/to/mazerat)" >&2
	exit 2
}
mazerat=$(realpath "$mazerat")

# Check the spec, its scenario and OUT here, not in every task.
"$mazerat" sweep "$spec" --out "$out" --dry-run

array="1-$shards"
if [ -n "${THROTTLE:-}" ]; then
	array="$array%$THROTTLE"
fi
vars="MAZERAT=$mazerat,SPEC=$spec,OUT=$out,SHARDS=$shards"
job=$(sbatch --parsable --array="$array" --export="ALL,MAZERAT_SWEEP_STEP=shard,$vars" "$0")
job=${job%%;*} # "id;cluster" on multi-cluster installations
merge=$(sbatch --parsable --job-name=mazerat-merge --cpus-per-task=1 --output=%x-%j.out \
	--dependency="afterok:$job" --kill-on-invalid-dep=yes \
	--export="ALL,MAZERAT_SWEEP_STEP=merge,$vars" "$0")
merge=${merge%%;*}
echo "submitted job array $job ($shards tasks) and merge job $merge; results in $out"
