#!/usr/bin/env bash
# Import throughput of `registraties` and `polis` deliveries in strict mode, pinned to one core.
# Usage: bench/import.sh [SCALE]   (default 0.5: ~3M polis rows written, one year imported)
# Prints rows/s from the delivery report's own timing and the whole-process time and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
schaal=${1:-0.5}
cargo build --release -q -p dgr
dgr=$PWD/target/release/dgr
werk=$(mktemp -d)
trap 'rm -rf "$werk"' EXIT
"$dgr" --db "$werk/leeg.db" demo --schaal "$schaal" --map "$werk/data" --alleen-bestanden > "$werk/plan.tsv"

# one year of monthly polis (2025) as one delivery
{ head -n1 "$werk/data/polis_2025-01.csv"; for f in "$werk"/data/polis_2025-[01][0-9].csv; do tail -n +2 "$f"; done; } > "$werk/polis.csv"
# every UWV registration delivery, in delivery order, as one delivery (person data first)
{ echo "bsn,geboortedatum,overlijdensdatum,woongemeente"; awk -F'\t' '$2=="personen"{print $7}' "$werk/plan.tsv" | while read -r f; do tail -n +2 "$f"; done | sort -u -t, -k1,1; } > "$werk/personen.csv"
{ head -n1 "$werk/data/registraties_UWV_BASIS-2012.csv"; awk -F'\t' '$2=="registraties" && $3=="UWV"{print $7}' "$werk/plan.tsv" | while read -r f; do tail -n +2 "$f"; done; } > "$werk/registraties.csv"

meet() {
  local naam=$1 soort=$2 bron=$3 bestand=$4 db=$5
  local rijen
  rijen=$(($(wc -l < "$bestand") - 1))
  /usr/bin/time -f "%e %M" -o "$werk/time" taskset -c 0 "$dgr" --db "$db" import --soort "$soort" --bron "$bron" --kenmerk "bench-$naam" --json "$bestand" > "$werk/rapport.json"
  local ms status
  ms=$(python3 -c "import json;print(json.load(open('$werk/rapport.json'))['duur_ms'])")
  status=$(python3 -c "import json;print(json.load(open('$werk/rapport.json'))['status'])")
  read -r wall kb < "$werk/time"
  printf '%-14s %9d rows  %7d ms  %9.0f rows/s  (%s; process %ss, peak %d MB)\n' "$naam" "$rijen" "$ms" "$(python3 -c "print($rijen * 1000 / max($ms, 1))")" "$status" "$wall" $((kb / 1024))
}

"$dgr" --db "$werk/reg.db" import --soort personen --bron BRP --kenmerk bench-brp --modus accept-valid --afwijzingen "$werk/afgewezen.csv" "$werk/personen.csv" > /dev/null
meet registraties registraties UWV "$werk/registraties.csv" "$werk/reg.db"
meet polis polis UWV "$werk/polis.csv" "$werk/polis.db"
