#!/usr/bin/env bash
# A single-node Slurm on this machine for the cluster-executor tests: `scripts/slurm-local.sh start`
# installs Debian's slurmctld, slurmd, slurm-client and munge when missing (as root; a policy-rc.d
# keeps the packages' scripts from starting services), writes a private configuration under
# target/slurm and starts munged, slurmctld and slurmd; it prints the SLURM_CONF to export.
# `scripts/slurm-local.sh stop` stops the daemons it started. No systemd, no accounting.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir="$PWD/target/slurm"
conf="$dir/slurm.conf"
case "${1:-}" in
  start)
    if ! command -v slurmctld >/dev/null 2>&1 || ! command -v sbatch >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
      if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "slurm-local: slurmctld, slurmd, slurm-client and munge are missing; install them (Debian packages of those names)" >&2
        exit 1
      fi
      echo "slurm-local: installing slurmctld slurmd slurm-client munge (apt-get)" >&2
      created_policy=0
      if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
      fi
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
      [ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
    fi
    mkdir -p "$dir/state" "$dir/spool" "$dir/log"
    host="$(hostname -s)"
    cat > "$conf" <<CONF
ClusterName=shears
SlurmctldHost=$host
SlurmUser=$(id -un)
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
NodeName=$host CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
    if ! pgrep -x munged >/dev/null 2>&1; then
      mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null || true
      if [ ! -s /etc/munge/munge.key ]; then
        (command -v mungekey >/dev/null 2>&1 && mungekey --create) || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 2>/dev/null
        chown munge:munge /etc/munge/munge.key 2>/dev/null || true
        chmod 400 /etc/munge/munge.key
      fi
      munged --force 2>/dev/null || munged
    fi
    SLURM_CONF="$conf" slurmctld -f "$conf"
    SLURM_CONF="$conf" slurmd -f "$conf"
    for _ in $(seq 1 30); do
      if SLURM_CONF="$conf" sinfo -h -o %t 2>/dev/null | grep -q idle; then
        echo "$conf"
        exit 0
      fi
      sleep 1
    done
    echo "slurm-local: the node did not come up; see $dir/log" >&2
    exit 1
    ;;
  stop)
    for d in slurmd slurmctld; do
      [ -f "$dir/$d.pid" ] && kill "$(cat "$dir/$d.pid")" 2>/dev/null || true
    done
    ;;
  *)
    echo "usage: scripts/slurm-local.sh start|stop" >&2
    exit 2
    ;;
esac
