#!/bin/bash
# Starts a real single-node Slurm 22.05 cluster on Debian 12 without systemd (root), for the Slurm tests and for
# trying the Slurm backend by hand. Installs Debian's packages when missing. Verified recipe: /work/shared/slurm.md.
# env: SLURM_ROOT (default $TMPDIR/poms-slurm)  SLURM_CPUS (nproc; may exceed it: oversubscribe)  SLURM_ACCOUNTING=none|dbd
# The last line printed is `export SLURM_CONF=…` (eval it, or pass SLURM_CONF / POMS_SLURM_CONF to POMS).
set -euo pipefail
R=${SLURM_ROOT:-${TMPDIR:-/tmp}/poms-slurm}; CPUS=${SLURM_CPUS:-$(nproc)}; ACCT=${SLURM_ACCOUNTING:-none}
if [ "$(id -u)" != 0 ]; then echo "scripts/slurm/up.sh must run as root (it starts munged and slurmd)." >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive; APT="apt-get -o DPkg::Lock::Timeout=600 -qq"
pkgs="slurmctld slurmd slurm-client munge"; [ "$ACCT" = dbd ] && pkgs="$pkgs slurmdbd mariadb-server"
if ! dpkg -s $pkgs >/dev/null 2>&1; then    # policy-rc.d (exit 101) keeps postinst from starting daemons
  echo "[slurm] installing $pkgs from Debian's packages…" >&2
  $APT update; $APT install -y --no-install-recommends $pkgs >/dev/null; fi
mkdir -p "$R"/{state/ctld,state/d,run,log}; export SLURM_CONF=$R/slurm.conf
if [ "$ACCT" = dbd ]; then A="AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
JobAcctGatherType=jobacct_gather/linux"
else A="AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none"; fi
cat > "$SLURM_CONF" <<EOF
ClusterName=ci
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$R/state/ctld
SlurmdSpoolDir=$R/state/d
SlurmctldPidFile=$R/run/slurmctld.pid
SlurmdPidFile=$R/run/slurmd.pid
SlurmctldLogFile=$R/log/slurmctld.log
SlurmdLogFile=$R/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
$A
JobCompType=jobcomp/filetxt
JobCompLoc=$R/log/jobcomp.txt
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SwitchType=switch/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SlurmdParameters=config_overrides
MinJobAge=86400
MaxJobCount=200000
MaxArraySize=100001
KillWait=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=4096 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
# munge: the Debian postinst made the key; /run/munge normally comes from systemd-tmpfiles
[ -s /etc/munge/munge.key ] || { mungekey --create --force; chown munge: /etc/munge/munge.key; }
install -d -o munge -g munge -m 0755 /run/munge
if ! munge -n >/dev/null 2>&1; then runuser -u munge -- /usr/sbin/munged   # pid: /run/munge/munged.pid
  for i in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done; fi
if [ "$ACCT" = dbd ]; then   # private MariaDB on 127.0.0.1:3306 + slurmdbd (makes sacct work)
  M=$R/mysql; install -d -o mysql -g mysql "$M" "$R/mysqlrun"
  [ -d "$M/mysql" ] || mariadb-install-db --user=mysql --datadir="$M" --skip-test-db \
      --auth-root-authentication-method=socket >"$R/log/mariadb-install.log" 2>&1
  runuser -u mysql -- /usr/sbin/mariadbd --datadir="$M" --socket="$R/mysqlrun/mysqld.sock" \
      --port=3306 --bind-address=127.0.0.1 --pid-file="$R/mysqlrun/mariadbd.pid" \
      --log-error="$R/mysqlrun/mariadb.err" --innodb-buffer-pool-size=64M \
      --innodb-lock-wait-timeout=900 </dev/null >/dev/null 2>&1 &
  SQL="mariadb --socket=$R/mysqlrun/mysqld.sock -uroot"
  for i in $(seq 100); do $SQL -e 'select 1' >/dev/null 2>&1 && break; sleep 0.1; done
  $SQL -e "CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY 'slurmpw';
           GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';"
  cat > "$R/slurmdbd.conf" <<EOF
AuthType=auth/munge
DbdHost=localhost
SlurmUser=root
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=3306
StorageUser=slurm
StoragePass=slurmpw
StorageLoc=slurm_acct_db
PidFile=$R/run/slurmdbd.pid
LogFile=$R/log/slurmdbd.log
EOF
  chmod 600 "$R/slurmdbd.conf"; slurmdbd     # reads slurmdbd.conf beside $SLURM_CONF
  for i in $(seq 100); do sacctmgr -n list cluster >/dev/null 2>&1 && break; sleep 0.1; done
fi
# A second start while it runs is a no-op for each daemon that is already up.
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
alive "$R/run/slurmctld.pid" || slurmctld -f "$SLURM_CONF"   # both daemonize and write their pid files
alive "$R/run/slurmd.pid" || slurmd -f "$SLURM_CONF" -N localhost   # -N: node name is not the host name
for i in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|alloc)' && break; sleep 0.1; done
sinfo -N -o '%N %T %c' >&2; echo "export SLURM_CONF=$SLURM_CONF"
