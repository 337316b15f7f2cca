#!/usr/bin/env bash
#SBATCH --job-name=mazerat-sweep
#SBATCH --mem-per-cpu=512M
#SBATCH --time=04:00:00
#SBATCH --output=%x-%A_%a.out
#SBATCH --requeue
#
# Run a mazerat sweep on a Slurm cluster: a job array whose task I runs
#   mazerat sweep SPEC --shard I/SHARDS --out OUT --workers $SLURM_CPUS_PER_TASK
# (I = SLURM_ARRAY_TASK_ID) on CPUS CPUs, all into OUT on a file system
# every node sees, then a merge job that starts once every task has
# succeeded (afterok):
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
#   CPUS       CPUs per array task (default 4), the task's --workers. A
#              request that no node of the partition can hold is refused
#              before anything is submitted (sinfo tells the nodes' CPUs)
#   THROTTLE   run at most this many tasks at once (--array=1-N%THROTTLE)
#   SBATCH_*   any sbatch option, as Slurm reads them: SBATCH_PARTITION,
#              SBATCH_ACCOUNT, SBATCH_TIMELIMIT, SBATCH_MEM_PER_CPU, ...
#              The #SBATCH lines above are defaults for both jobs; options
#              on the command line of sbatch are not passed (edit the lines
#              above).
#
# Recovery: a task that fails or is preempted may simply run again, and
# only what is missing is lived (finished runs are skipped). Rerun this
# script as first run, with the same SPEC, OUT, SHARDS and environment (a
# new array and merge job), or resubmit only some tasks, here 3 and 7, with
# everything the first submit gave them (MAZERAT too: the tasks have no
# default binary):
#   MAZERAT_SWEEP_STEP=shard MAZERAT=$PWD/bin/mazerat-headless SPEC=$PWD/blocking.yaml \
#     OUT=/shared/b1 SHARDS=16 sbatch --array=3,7 --cpus-per-task=4 deploy/slurm/sweep.sh
# and when every task has succeeded, merge by hand (the first merge job was
# cancelled if a task failed):
#   mazerat merge OUT --out OUT
set -euo pipefail

usage() {
	sed -n '/^# Usage/,/^# Environment/p' "$0" | sed 's/^# \{0,1\}//; /^Environment/d' >&2
	exit 2
}

unset_hint="as the first submit did (see Recovery at the top of deploy/slurm/sweep.sh)"
case "${MAZERAT_SWEEP_STEP:-submit}" in
shard)
	: "${SLURM_ARRAY_TASK_ID:?the shard step runs as a task of a job array}"
	: "${MAZERAT:?set MAZERAT, SPEC, OUT and SHARDS $unset_hint}" "${SPEC:?set SPEC $unset_hint}" "${OUT:?set OUT $unset_hint}" "${SHARDS:?set SHARDS $unset_hint}"
	exec "$MAZERAT" sweep "$SPEC" --out "$OUT" --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" --workers "${SLURM_CPUS_PER_TASK:-1}" --quiet
	;;
merge)
	: "${MAZERAT:?set MAZERAT and OUT $unset_hint}" "${OUT:?set OUT $unset_hint}"
	exec "$MAZERAT" merge "$OUT" --out "$OUT"
	;;
submit) ;;
*)
	echo "sweep.sh: MAZERAT_SWEEP_STEP=$MAZERAT_SWEEP_STEP, expected shard, merge or nothing" >&2
	exit 2
	;;
esac

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	usage
fi
spec=$(realpath "$1")
out=$(realpath -m "$2")
shards=${3:-16}
case $shards in
'' | *[!0-9]* | 0*)
	echo "sweep.sh: SHARDS $shards: expected a positive whole number" >&2
	exit 2
	;;
esac
cpus=${CPUS:-4}
case $cpus in
'' | *[!0-9]* | 0* | ???????*)
	echo "sweep.sh: CPUS=$cpus: expected a positive whole number of CPUs per task" >&2
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

# A task asking for more CPUs than any node of its partition has would
# pend forever (Reason=PartitionConfig): refuse it here. The partition is
# SBATCH_PARTITION (a list: any of them) or the cluster's default.
check_cpus() {
	if ! command -v sinfo >/dev/null 2>&1; then
		echo "sweep.sh: no sinfo on PATH: CPUS=$cpus not checked against the partition's nodes" >&2
		return
	fi
	local clusters=() partition=${SBATCH_PARTITION:-} most=
	if [ -n "${SBATCH_CLUSTERS:-}" ]; then
		clusters=(--clusters="$SBATCH_CLUSTERS")
	fi
	if [ -z "$partition" ]; then
		partition=$(sinfo "${clusters[@]}" --noheader --format=%P | sed -n 's/\*$//p') || true
		partition=${partition%%$'\n'*}
	fi
	if [ -n "$partition" ]; then
		most=$(sinfo "${clusters[@]}" --noheader --Node --partition="$partition" --format=%c | grep -E '^[0-9]+$' | sort -n | tail -n 1) || true
	fi
	if [ -z "$most" ]; then
		echo "sweep.sh: sinfo lists no nodes in partition ${partition:-(none given, no default)}: CPUS=$cpus not checked" >&2
	elif [ "$cpus" -gt "$most" ]; then
		echo "sweep.sh: CPUS=$cpus: no node of partition $partition has $cpus CPUs (the largest has $most), so the tasks would never start" >&2
		echo "sweep.sh: set CPUS=$most or fewer, or choose a partition with larger nodes (SBATCH_PARTITION=...)" >&2
		exit 2
	fi
}
check_cpus

# Check the spec, its scenario and OUT here, not in every task.
"$mazerat" sweep "$spec" --out "$out" --dry-run

array="1-$shards"
if [ -n "${THROTTLE:-}" ]; then
	array="$array%$THROTTLE"
fi
vars="MAZERAT=$mazerat,SPEC=$spec,OUT=$out,SHARDS=$shards"
job=$(sbatch --parsable --array="$array" --cpus-per-task="$cpus" --export="ALL,MAZERAT_SWEEP_STEP=shard,$vars" "$0")
job=${job%%;*} # "id;cluster" on multi-cluster installations
merge=$(sbatch --parsable --job-name=mazerat-merge --cpus-per-task=1 --output=%x-%j.out \
	--dependency="afterok:$job" --kill-on-invalid-dep=yes \
	--export="ALL,MAZERAT_SWEEP_STEP=merge,$vars" "$0")
merge=${merge%%;*}
echo "submitted job array $job ($shards tasks of $cpus CPUs) and merge job $merge; results in $out"
