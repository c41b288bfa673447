#!/usr/bin/env bash
# How cost grows with the register (issue #13 goal 5): for each scale the national demo is
# generated and imported into a fresh SQLite database, then the reports are timed as cold
# processes and the yes/no lookups per second measured over HTTP (bench/http.sh). Prints one
# line per scale: persons, import wall time and peak memory, database size (register + log),
# report times (each "first/later": the first run after the import makes the report copies,
# later is the median of the three runs after it, which read them), lookups/s. Scale 1 is the
# national size (458k persons, 6M polis rows).
# Usage: bench/schaal.sh [SCALES...]          (default: 0.1 0.3 1 3)
set -euo pipefail
cd "$(dirname "$0")/.."
schalen=("$@")
[ ${#schalen[@]} -gt 0 ] || schalen=(0.1 0.3 1 3)
cargo build --release -q -p dgr
dgr=$PWD/target/release/dgr
werk=$(mktemp -d)
trap 'rm -rf "$werk"' EXIT
# seconds of one cold process, as /usr/bin/time reports them
tijd() { /usr/bin/time -f "%e" -o "$werk/t" "$@" > /dev/null 2>&1; cat "$werk/t"; }
regels=()
for s in "${schalen[@]}"; do
  map="$werk/s$s"
  mkdir -p "$map"
  echo "schaal $s: demo genereren en inlezen …" >&2
  if ! /usr/bin/time -f "%e %M" -o "$map/demo.tijd" "$dgr" --db "$map/nl.db" demo --schaal "$s" --map "$map/data" > /dev/null 2> "$map/demo.log"; then
    echo "schaal $s: de demo is mislukt:" >&2
    tail -n 20 "$map/demo.log" "$map/demo.tijd" >&2
    exit 1
  fi
  read -r import_s piek_kb < "$map/demo.tijd"
  personen=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from persoon_versies where vervallen_op is null').fetchone()[0])" "$map/nl.db")
  mb=$(( ($(stat -c %s "$map/nl.db") + $(stat -c %s "$map/nl.logboek.db")) / 1048576 ))
  rm -rf "$map/data"   # the delivery files are not needed any more
  # the import's gigabytes out to disk first: while the kernel writes them back, every fsync of
  # the processing log waits behind them (lookups at half their rate, p99 in the hundreds of ms)
  sync
  cat "$map/nl.db" > /dev/null
  # each report four times: the first run after the import makes the report copies it reads
  # (README, "report copies"); the median of the three after it is what every later run costs
  # (one run alone can land on a stall of the machine: 2.2 s against 1.2 s for the same quota)
  later() {
    local a
    a=$(tijd "$@")
    echo "$a/$( (tijd "$@"; tijd "$@"; tijd "$@") | sort -n | sed -n 2p)"
  }
  banen=$(later "$dgr" --db "$map/nl.db" rapport banenmonitor --jaar 2025 --zonder-reeks)
  reeks=$(later "$dgr" --db "$map/nl.db" rapport banenmonitor --jaar 2025)
  trend=$(later "$dgr" --db "$map/nl.db" rapport trend --kwartaal 2025-K4)
  quotum=$(later "$dgr" --db "$map/nl.db" rapport quotum --jaar 2025)
  echo "schaal $s: opvragingen over HTTP …" >&2
  opv=$(bench/http.sh "$map/nl.db" 10 32 2>/dev/null | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
  regels+=("$(printf '%-6s %9s %9.1f %9.0f %7s %11s %11s %11s %11s %9s' "$s" "$personen" "$import_s" "$((piek_kb / 1024))" "$mb" "$banen" "$reeks" "$trend" "$quotum" "${opv:-?}")")
  rm -rf "$map"
done
printf '%-6s %9s %9s %9s %7s %11s %11s %11s %11s %9s\n' schaal personen import_s piek_MB db_MB banen_s reeks_s trend_s quotum_s opvr/s
printf '%s\n' "${regels[@]}"
