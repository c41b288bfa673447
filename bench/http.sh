#!/usr/bin/env bash
# Yes/no lookups per second over HTTP on loopback with the processing log on, against a
# national-size database, with wrk; counts the processing-log records before and after to show
# none was lost. DB is the SQLite file or a postgres:// URL (default schemas dgr, dgr_logboek).
# Usage: bench/http.sh DB [SECONDS] [CONNECTIONS]      (DGR=path/to/dgr times another build)
set -euo pipefail
# a build named by DGR is taken from where the script was started
DGR=${DGR:+$(realpath "$DGR")}
cd "$(dirname "$0")/.."
db=${1:?usage: bench/http.sh DB [SECONDS] [CONNECTIONS]}
duur=${2:-20}
verbindingen=${3:-32}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
if [ -n "${DGR:-}" ]; then
  dgr=$DGR
else
  cargo build --release -q -p dgr
  dgr=$PWD/target/release/dgr
fi
werk=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$werk"' EXIT
steekproef="SELECT bsn FROM (SELECT DISTINCT bsn FROM registratie_versies) d ORDER BY random() LIMIT 20000"
case "$db" in
  postgres://*|postgresql://*)
    # -q: without it psql prints the SET's tag as a first line, which wrk would send as a BSN
    psql "$db" -qAtc "SET search_path = dgr; SELECT to_char(bsn, 'FM000000000') FROM ($steekproef) s" > "$werk/bsns.txt"
    tel() { psql "$db" -Atc 'SELECT count(*) FROM dgr_logboek.verwerkingen'; } ;;
  *)
    python3 - "$db" > "$werk/bsns.txt" <<PY
import sqlite3, sys
for (b,) in sqlite3.connect(sys.argv[1]).execute("$steekproef"):
    print("%09d" % b)
PY
    # the processing log lives beside the register: nl.db -> nl.logboek.db
    tel() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from verwerkingen').fetchone()[0])" "${db%.*}.logboek.db"; } ;;
esac
"$dgr" --db "$db" leveringen > /dev/null   # migrate first (new indexes on a large database take a while)
# a warm page cache, as on a server that has been up for a while (a cold 1 GB file measures the disk)
case "$db" in postgres://*|postgresql://*) ;; *) cat "$db" > /dev/null ;; esac
"$dgr" --db "$db" serve --data-map "$werk" --ontwikkel-issuer --limiet-per-dag 100000000 --zonder-voorberekening --listen 127.0.0.1:18181 2> "$werk/server.log" &
server=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18181/api/v1/health/ready > /dev/null && break; sleep 0.5; done
token=$("$dgr" --db "$db" token --data-map "$werk" --rol werkgever --loonheffingennummer 123456782L01 --organisatie Benchmark)
cat > "$werk/zoek.lua" <<LUA
local bsns = {}
for regel in io.lines("$werk/bsns.txt") do bsns[#bsns + 1] = regel end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
request = function()
  return wrk.format(nil, "/api/v1/doelgroepregistraties/_zoek", nil, '{"bsn":"' .. bsns[math.random(#bsns)] .. '"}')
end
LUA
# 3 s of warming up, not measured: the first lookup of the organisation after a start reads its
# day's count back from the audit records (the daily limit; 0.3-0.4 s on a log of millions of
# records that day), and every connection's first request waits for it; on PostgreSQL that one
# stall made the p99 of a 15 s run 150-350 ms where the steady state gives 13-22 ms
wrk -t2 -c"$verbindingen" -d3s -s "$werk/zoek.lua" http://127.0.0.1:18181 > /dev/null
sleep 1   # the warm-up's last records are committed before the count
voor=$(tel)
# the server's CPU time (user + system, in clock ticks) around the measured run: the CPU cost
# of a lookup, which the rate alone hides on a machine whose two cores wrk shares
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
# the machine's CPU time (all cores: user nice system idle iowait irq softirq steal) around the
# run: on a virtual machine the host can take ("steal") a large part of the cores, which makes
# rates of one build differ by half from run to run (issue #13: 14-30% in the slow phases)
machine() { awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $9}' /proc/stat; }
machine_voor=$(machine)
cpu_voor=$(cpu)
wrk -t2 -c"$verbindingen" -d"${duur}s" --latency -s "$werk/zoek.lua" http://127.0.0.1:18181 | tee "$werk/wrk.txt"
cpu_na=$(cpu)
machine_na=$(machine)
# group commit: how many requests shared one commit (and one fsync) of the processing log
curl -s http://127.0.0.1:18181/metrics > "$werk/metrics.txt"
grep -E "^dgr_(logboek_batches|verwerkingen_vastgelegd)_totaal|^dgr_http_duur_seconden.*_zoek" "$werk/metrics.txt" || true
# how much of a lookup's time in the server is the wait for the log's group commit (both sums
# since the server's start, warm-up included; only the lookups write to the log here)
awk '/^dgr_http_duur_seconden_sum\{route="\/api\/v1\/doelgroepregistraties\/_zoek"\}/ {s = $2}
     /^dgr_http_duur_seconden_count\{route="\/api\/v1\/doelgroepregistraties\/_zoek"\}/ {n = $2}
     /^dgr_logboek_wacht_seconden_sum / {w = $2}
     /^dgr_logboek_wacht_seconden_count / {m = $2}
     /^dgr_logboek_samenvoegstap_seconden_sum / {vs = $2}
     /^dgr_logboek_samenvoegstap_seconden_count / {vn = $2}
     END { if (n > 0 && m > 0) printf "in de server: %.2f ms per opvraging, waarvan %.2f ms wachten op het verwerkingenlogboek (%.0f%%)\n", s / n * 1e3, w / m * 1e3, 100 * (w / m) / (s / n)
           if (vn > 0) printf "samenvoegen van het logboek tussen de commits: %d stappen van gemiddeld %.2f ms\n", vn, vs / vn * 1e3 }' "$werk/metrics.txt"
sleep 1
na=$(tel)
geteld=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$werk/wrk.txt")
fout=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$werk/wrk.txt")
ja_nee=$((geteld - ${fout:-0}))
# every answer given was logged before it left; the log may hold a few more (at most one per
# connection): requests still running when wrk stopped, whose answers it did not count
vastgelegd=$((na - voor))
if [ "$vastgelegd" -lt "$ja_nee" ]; then
  oordeel="VERLOREN: $((ja_nee - vastgelegd))"
elif [ $((vastgelegd - ja_nee)) -gt "$verbindingen" ]; then
  # more surplus than requests can have been running at the end: something else wrote to the
  # log, and the count cannot show whether records were lost
  oordeel="ONBESLIST: $((vastgelegd - ja_nee)) meer dan antwoorden, meer dan de $verbindingen verbindingen"
else
  oordeel="niets verloren ($((vastgelegd - ja_nee)) van verzoeken die bij het einde nog liepen)"
fi
awk -v t="$((cpu_na - cpu_voor))" -v hz="$(getconf CLK_TCK)" -v n="$ja_nee" -v s="$duur" \
  'BEGIN { if (n > 0) printf "CPU van de server: %.0f µs per opvraging (%.2f kernen)\n", t / hz / n * 1e6, t / hz / s }'
read -r totaal_voor steal_voor <<< "$machine_voor"
read -r totaal_na steal_na <<< "$machine_na"
awk -v t="$((totaal_na - totaal_voor))" -v s="$((steal_na - steal_voor))" \
  'BEGIN { if (t > 0) printf "door de host gestolen: %.0f%% van de CPU-tijd van de machine (steal)\n", 100 * s / t }'
echo "verwerkingen vastgelegd: $vastgelegd voor $ja_nee antwoorden met status 200 (${fout:-0} andere): $oordeel"
# Little's law: with a fixed number of connections, each waiting for its answer before it asks
# again, the mean latency can be at most connections / rate. wrk's latency figures of a run that
# reports a higher mean contradict its own count of requests (seen on 2 cores: runs with a p99
# of 50-350 ms at the same rate and a server-side mean of 1.5-2.2 ms), so such a run's p99 is
# not the server's; run it again
python3 - "$werk/wrk.txt" "$verbindingen" <<'PY'
import re, sys
tekst = open(sys.argv[1]).read()
eenheid = {"us": 1e-3, "ms": 1.0, "s": 1e3}
m = re.search(r"^\s*Latency\s+([\d.]+)(us|ms|s)\b", tekst, re.M)
r = re.search(r"^Requests/sec:\s+([\d.]+)", tekst, re.M)
if m and r and float(r.group(1)) > 0:
    wrk_ms = float(m.group(1)) * eenheid[m.group(2)]
    little_ms = int(sys.argv[2]) / float(r.group(1)) * 1e3
    oordeel = "klopt" if wrk_ms <= 1.2 * little_ms else "KLOPT NIET: de latenties van deze ronde zijn onbetrouwbaar"
    print(f"gemiddelde latentie volgens wrk {wrk_ms:.2f} ms, hoogstens {little_ms:.2f} ms volgens Little: {oordeel}")
else:
    print("geen gemiddelde latentie of aantal verzoeken per seconde van wrk gevonden: latenties niet gecontroleerd")
PY
