#!/usr/bin/env bash
# SQLite and PostgreSQL side by side, in one run on one machine: the national demo import (wall
# time and peak memory of dgr), report times (banenmonitor with its series, trend, quota), the
# migration of the SQLite register into PostgreSQL (`dgr migreer`, with its proof), and HTTP
# lookups per second with the processing log on (bench/http.sh).
# PostgreSQL: the server of PGURL (default postgres://postgres@127.0.0.1:5432), databases
# dgr_bench and dgr_bench_migreer are dropped and created.
# Usage: bench/backends.sh [SCALE] [HTTP-SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
schaal=${1:-1.0}
duur=${2:-20}
server=${PGURL:-postgres://postgres@127.0.0.1:5432}
cargo build --release -q -p dgr
dgr=$PWD/target/release/dgr
werk=$(mktemp -d)
trap 'rm -rf "$werk"' EXIT
for d in dgr_bench dgr_bench_migreer; do
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $d" -c "CREATE DATABASE $d"
done
sq="$werk/nl.db"
pg="$server/dgr_bench"

tijd() { /usr/bin/time -f "%e s, piek %M KB" -o "$werk/t" "$@" > "$werk/uit" 2> "$werk/fout" || { cat "$werk/fout"; exit 1; }; cat "$werk/t"; }

echo "== demo schaal $schaal (genereren + inlezen; piekgeheugen van dgr) =="
echo "sqlite:     $(tijd "$dgr" --db "$sq" demo --schaal "$schaal" --map "$werk/data")"
echo "postgresql: $(tijd "$dgr" --db "$pg" demo --schaal "$schaal" --map "$werk/data")"
echo "omvang: sqlite $(du -ch "$sq" "${sq%.*}.logboek.db" | tail -1 | cut -f1), postgresql $(psql "$server/dgr_bench" -Atc "SELECT pg_size_pretty(pg_database_size('dgr_bench'))")"

# one fixed "known at" for both, so the reports (provenance included) can be compared byte for byte
nu=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "== rapporten (bekend op $nu) =="
for r in "banenmonitor --jaar 2025" "trend --kwartaal 2025-K3" "quotum --jaar 2025"; do
  a=$(tijd "$dgr" --db "$sq" rapport $r --bekend-op "$nu" --formaat json); cp "$werk/uit" "$werk/a.json"
  b=$(tijd "$dgr" --db "$pg" rapport $r --bekend-op "$nu" --formaat json); cp "$werk/uit" "$werk/b.json"
  # the provenance names the same deliveries with the same ids; the figures must be equal
  if cmp -s "$werk/a.json" "$werk/b.json"; then gelijk="gelijk"; else gelijk="VERSCHILLEND"; fi
  printf '%-28s sqlite %-26s postgresql %-26s uitkomst %s\n' "$r" "$a" "$b" "$gelijk"
done

echo "== dgr migreer (sqlite -> postgresql, met bewijs) =="
echo "migreer:    $(tijd "$dgr" migreer --van "$sq" --naar "$server/dgr_bench_migreer")"
tail -n 1 "$werk/fout"

echo "== HTTP-opvragingen met verwerkingenlogboek ($duur s, wrk) =="
for db in "$sq" "$pg"; do
  echo "-- $db"
  bench/http.sh "$db" "$duur" 32 | grep -E "Requests/sec|Latency |99%|verwerkingen vastgelegd"
done
