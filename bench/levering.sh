#!/usr/bin/env bash
# Peak memory and time of applying one large polis delivery, through the CLI and through the
# HTTP API (multipart upload streamed to a temporary file), each into a fresh register that
# already holds the person data. The delivery is a year of the national demo's monthly polis
# files joined into one (about 400,000 rows; pass a scale to change it).
# Usage: bench/levering.sh [SCALE]   (default 1.0; needs curl and python3; DGR=path/to/dgr
# measures another build of dgr)
set -euo pipefail
# a build named by DGR is taken from where the script was started
DGR=${DGR:+$(realpath "$DGR")}
cd "$(dirname "$0")/.."
schaal=${1:-1.0}
if [ -z "${DGR:-}" ]; then
  cargo build --release -q -p dgr
  DGR=$PWD/target/release/dgr
fi
dgr=$DGR
werk=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$werk"' EXIT
"$dgr" --db "$werk/leeg.db" demo --schaal "$schaal" --map "$werk/data" --alleen-bestanden > "$werk/plan.tsv"
# the largest single demo delivery, and a year of polis as one file
grootste=$(find "$werk/data" -name '*.csv' -printf '%s %p\n' | sort -n | tail -n1 | cut -d' ' -f2)
{ head -n1 "$werk/data/polis_2025-01.csv"; for f in "$werk"/data/polis_2025-[01][0-9].csv; do tail -n +2 "$f"; done; } > "$werk/polis.csv"
rijen=$(($(wc -l < "$werk/polis.csv") - 1))
echo "grootste demolevering: $(basename "$grootste") ($(du -h "$grootste" | cut -f1)); gemeten: polis 2025 als één levering, $rijen rijen, $(du -h "$werk/polis.csv" | cut -f1)"

# CLI
/usr/bin/time -f "%e %M" -o "$werk/time" "$dgr" --db "$werk/cli.db" import --soort polis --bron UWV \
  --kenmerk bench-polis --json "$werk/polis.csv" > "$werk/cli.json"
read -r wall kb < <(tail -n1 "$werk/time")
status=$(python3 -c "import json;print(json.load(open('$werk/cli.json'))['status'])")
printf 'CLI  %-10s %7ss  piek %5d MB (hele proces)\n' "$status" "$wall" $((kb / 1024))

# API: a fresh server; its peak RSS (VmHWM) before and after the upload
"$dgr" --db "$werk/api.db" leveringen > /dev/null
"$dgr" --db "$werk/api.db" serve --ontwikkel-issuer --listen 127.0.0.1:18182 2> "$werk/server.log" &
server=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18182/api/v1/health/ready > /dev/null && break; sleep 0.5; done
token=$("$dgr" --db "$werk/api.db" token --rol uwv --organisatie Benchmark)
hwm() { awk '/VmHWM/{print int($2/1024)}' "/proc/$server/status"; }
voor=$(hwm)
start=$(date +%s.%N)
code=$(curl -s -o "$werk/api.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
  -F bron=UWV -F soort=polis -F kenmerk=bench-polis -F "bestand=@$werk/polis.csv" \
  http://127.0.0.1:18182/api/v1/leveringen)
eind=$(date +%s.%N)
status=$(python3 -c "import json;d=json.load(open('$werk/api.json'));print(d.get('status') or d.get('title'))")
printf 'API  %-10s %7.2fs  piek %5d MB (server; %d MB voor de upload), HTTP %s\n' "$status" \
  "$(python3 -c "print($eind - $start)")" "$(hwm)" "$voor" "$code"
