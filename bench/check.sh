#!/usr/bin/env bash
# `dgr check` latency against a national-size database: the lookup itself (in process, R-06 over
# every version of the person), and the whole process for comparison.
# Usage: bench/check.sh [DB]   (default: builds a scale-1.0 demo database in a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p dgr
werk=$(mktemp -d)
trap 'rm -rf "$werk"' EXIT
db=${1:-}
if [ -z "$db" ]; then
  db=$werk/nl.db
  target/release/dgr --db "$db" demo --schaal 1.0 --map "$werk/data" > /dev/null
fi
DGR_BENCH_DB=$db cargo bench -q -p dgr-register --bench opvragen
bsn=$(python3 - "$db" <<'PY'
import sqlite3, sys
print("%09d" % sqlite3.connect(sys.argv[1]).execute("select bsn from registratie_versies limit 1").fetchone()[0])
PY
)
/usr/bin/time -f "whole process (start, open, lookup, print): %e s, peak %M KB" target/release/dgr --db "$db" check "$bsn" > /dev/null
