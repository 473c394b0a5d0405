#!/usr/bin/env bash
# The test command: installs the external tools the tests use (Verilator, Yosys, Icarus Verilog,
# nextpnr-ice40, and Slurm with munge for the cluster executor) from Debian packages when they are
# missing and we are root, starts a single-node Slurm, then runs the whole Maven build with every
# test. Tests that need a tool fail when CI=true and it is missing, and skip otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
missing=()
for tool in verilator yosys iverilog nextpnr-ice40; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq verilator yosys iverilog nextpnr-ice40 >/dev/null
  else
    echo "test.sh: missing ${missing[*]}; install with: sudo apt-get install verilator yosys iverilog nextpnr-ice40" >&2
  fi
fi
# a single-node Slurm for the cluster-executor test (CompareClusterTest), stopped when the tests end
if slurm_conf="$(./scripts/slurm-local.sh start)"; then
  export SLURM_CONF="$slurm_conf"
  trap './scripts/slurm-local.sh stop' EXIT
else
  echo "test.sh: no local Slurm could be started; the Slurm test fails under CI=true and skips otherwise" >&2
fi
# data the tests use: scikit-learn tables (python3-sklearn) and ECOSTRESS spectra (python3-spectral), fetched once into the cache
./shears data fetch
mvn -B verify
