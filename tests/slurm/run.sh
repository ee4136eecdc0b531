#!/usr/bin/env bash
# Integration test of the Slurm job array: installs Debian's slurm-wlm and
# munge if absent, starts a single-node cluster on this machine, submits a
# sweep as a job array, merges the shards and compares the result with an
# unsharded sweep byte for byte. Needs root (CI runs as root). Prints
# "slurm: 1 passed, 0 failed" on success.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
bin="$root/target/release/detasim"
[ -x "$bin" ] || cargo build --release --quiet

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq slurm-wlm munge >/dev/null
fi

work="$(mktemp -d /tmp/detasim-slurm.XXXXXX)"
cleanup() {
    [ -f "$work/slurmd.pid" ] && kill "$(cat "$work/slurmd.pid")" 2>/dev/null || true
    [ -f "$work/slurmctld.pid" ] && kill "$(cat "$work/slurmctld.pid")" 2>/dev/null || true
    [ -f "$work/munged.pid" ] && kill "$(cat "$work/munged.pid")" 2>/dev/null || true
}
trap cleanup EXIT

# munge: a key and a daemon of our own
mkdir -p "$work/munge" /run/munge
chmod 0755 /run/munge
dd if=/dev/urandom bs=1 count=1024 of="$work/munge/munge.key" status=none
chmod 0400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket=/run/munge/munge.socket.2 \
    --pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge/seed"

# a one-node cluster without cgroups or accounting
host="$(hostname -s)"
cpus="$(nproc)"
mkdir -p "$work/state" "$work/spool" /etc/slurm
conf="$work/slurm.conf"
cat > "$conf" <<CONF
ClusterName=detasim-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmctldPort=46817
SlurmdPort=46818
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"
slurmctld -f "$conf"
slurmd -f "$conf"
for _ in $(seq 1 30); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE 'idle|mix'; then break; fi
    sleep 1
done
sinfo -h -o '%T' | grep -qE 'idle|mix' || { echo "the Slurm node did not come up"; cat "$work"/slurm*.log; exit 1; }

# the sweep: unsharded, then as a 3-task array
design="$work/design.toml"
cat > "$design" <<TOML
base = "$root/scenarios/baseline.toml"
method = "grid"
replications = 2
seed = 5
outputs = ["placements_detachering", "werkbedrijf_result_total"]

[[factors]]
path = "werkbedrijf.fee.level"
values = [0.6, 0.8, 1.0, 1.2, 1.4]
TOML
"$bin" sweep "$design" --out "$work/unsharded" --quiet --data-dir "$root"
(
    cd "$work"
    DETASIM="$bin" sbatch --wait --array=1-3 --cpus-per-task=1 \
        --export=ALL,DETASIM="$bin" "$root/scripts/slurm/sweep-array.sh" "$design" "$work/array" >/dev/null
)
"$bin" merge "$work"/array-shard-* --out "$work/merged" --quiet
for f in design.csv results.csv; do
    if ! cmp -s "$work/unsharded/$f" "$work/merged/$f"; then
        echo "slurm: $f differs between the unsharded sweep and the merged array"
        echo "slurm: 0 passed, 1 failed"
        exit 1
    fi
done
echo "slurm: 1 passed, 0 failed"
