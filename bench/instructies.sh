#!/usr/bin/env bash
# The work of the reports as counted instructions (valgrind's callgrind), which do not vary with
# the machine's load the way seconds do: for issue #13 goal 5, to tell whether a report that
# grows faster than the register does more work per person or only waits longer for memory.
# Run it on registers of several scales (bench/schaal.sh makes and removes its own; make them
# with `dgr --db sN/nl.db demo --schaal N`). Each report runs once first, uncounted, so that the
# counted run reads the report copies as every later run does. Needs valgrind.
# Usage: bench/instructies.sh DB...          (DGR=path/to/dgr counts another build of dgr)
set -euo pipefail
DGR=${DGR:+$(realpath "$DGR")}
[ $# -gt 0 ] || { echo "gebruik: bench/instructies.sh DB..." >&2; exit 2; }
command -v valgrind > /dev/null || { echo "valgrind ontbreekt (apt-get install valgrind)" >&2; exit 2; }
dbs=()
for db in "$@"; do dbs+=("$(realpath "$db")"); done
cd "$(dirname "$0")/.."
if [ -z "${DGR:-}" ]; then
  cargo build --release -q -p dgr
  DGR=$PWD/target/release/dgr
fi
werk=$(mktemp -d)
trap 'rm -rf "$werk"' EXIT
rapporten=("banenmonitor --jaar 2025 --zonder-reeks" "trend --kwartaal 2025-K4" "quotum --jaar 2025")
printf '%-40s %-40s %16s\n' register rapport instructies
for db in "${dbs[@]}"; do
  for r in "${rapporten[@]}"; do
    # shellcheck disable=SC2086 # the report's words are meant to split
    "$DGR" --db "$db" rapport $r > /dev/null
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --callgrind-out-file="$werk/cg.out" "$DGR" --db "$db" rapport $r > /dev/null 2> "$werk/cg.err"
    printf '%-40s %-40s %16s\n' "$db" "$r" "$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$werk/cg.err")"
  done
done
