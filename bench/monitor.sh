#!/usr/bin/env bash
# Werkgeversmonitor timings (issue #11): the report for one organisation and quarter from a cold
# process (median of 3), the JSON API answer, and the monitor's web pages, on a register built by
# `dgr demo` (which includes the demo organisation). DB is the SQLite file or a postgres:// URL;
# FISCAAL the organisation's fiscaal nummer (`dgr demo` prints it).
# Usage: bench/monitor.sh DB FISCAAL [KWARTAAL]
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: bench/monitor.sh DB FISCAAL [KWARTAAL]}
fiscaal=${2:?usage: bench/monitor.sh DB FISCAAL [KWARTAAL]}
kwartaal=${3:-2025-K4}
cargo build --release -q -p dgr
dgr=$PWD/target/release/dgr
werk=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$werk"' EXIT
mediaan() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== dgr rapport werkgeversmonitor --fiscaal-nummer $fiscaal --kwartaal $kwartaal (koud proces)"
for _ in 1 2 3; do
  /usr/bin/time -f "%e %M" -o "$werk/tijd" "$dgr" --db "$db" rapport werkgeversmonitor \
    --fiscaal-nummer "$fiscaal" --kwartaal "$kwartaal" --formaat json --data-map "$werk" > "$werk/rapport.json"
  cat "$werk/tijd"
done > "$werk/tijden"
echo "seconden (mediaan van 3): $(cut -d' ' -f1 "$werk/tijden" | mediaan)   piekgeheugen (kB): $(cut -d' ' -f2 "$werk/tijden" | mediaan)"
python3 - "$werk/rapport.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
e = m["eenheden"]
print(f"eenheden: {len(e)}, werknemers aan de wortel: {e[0]['werknemers'] if e else 0}, "
      f"onderdrukt: {sum(1 for x in e if x['doelgroep'] is None)}")
PY
wortel=$(python3 -c "import json,sys; e=json.load(open(sys.argv[1]))['eenheden']; print(e[0]['code'] if e else '')" "$werk/rapport.json")

"$dgr" --db "$db" serve --data-map "$werk" --ontwikkel-issuer --listen 127.0.0.1:18182 2> "$werk/server.log" &
server=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18182/api/v1/health/ready > /dev/null && break; sleep 0.5; done
token=$("$dgr" --db "$db" token --data-map "$werk" --rol werkgever --loonheffingennummer "${fiscaal}L01" --organisatie Benchmark)
tijd() { # URL [curl options…]: seconds of 5 requests, median, and the status of the last
  local url=$1; shift
  for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total} %{http_code}\n' "$@" "$url"; done > "$werk/t"
  printf '%-70s %6.3f s  (HTTP %s)\n' "${url#http://127.0.0.1:18182}" "$(cut -d' ' -f1 "$werk/t" | mediaan)" "$(tail -n1 "$werk/t" | cut -d' ' -f2)"
}
echo "== HTTP (mediaan van 5, warme server)"
tijd "http://127.0.0.1:18182/api/v1/rapportages/werkgeversmonitor?fiscaal_nummer=$fiscaal&kwartaal=$kwartaal" -H "Authorization: Bearer $token"
koekje=$(curl -s -D - -o /dev/null -X POST http://127.0.0.1:18182/login \
  --data-urlencode rol=werkgever --data-urlencode "loonheffingennummer=${fiscaal}L01" --data-urlencode organisatie=Benchmark \
  | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -n1)
for pad in "/werkgever/monitor?kwartaal=$kwartaal" "/werkgever/monitor/eenheden/$wortel?kwartaal=$kwartaal" \
           "/werkgever/monitor/doelen/1" "/werkgever/monitor/verantwoording?kwartaal=$kwartaal" \
           "/werkgever/monitor/verantwoording.xlsx?kwartaal=$kwartaal"; do
  tijd "http://127.0.0.1:18182$pad" -H "Cookie: $koekje"
done
