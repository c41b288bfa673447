#!/usr/bin/env bash
# The banenmonitor of one year: `dgr` (a cold process, as an analyst runs it) against DuckDB on
# the same current rows in DuckDB's own database file (loaded once, not timed; the timed part is a
# fresh connection plus the query), computed the way an analyst would: registration periods
# merged per person, overlap days per polis row (interval arithmetic, R-20/R-21). Prints both
# times (median of 3), their ratio, and asserts that both give the same jobs (to 0,1) and working
# persons per sector. Also times the other reports (`dgr` only, for now).
# Usage: bench/rapport.sh DB [JAAR]    (DB: the SQLite file of e.g. `dgr demo --schaal 1`)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: bench/rapport.sh DB [JAAR]}
jaar=${2:-2023}
cargo build --release -q -p dgr
python3 -c "import duckdb" 2>/dev/null || python3 -m pip install -q duckdb
werk=$(mktemp -d)
trap 'rm -rf "$werk"' EXIT
dgr=$PWD/target/release/dgr
cat "$db" > /dev/null   # a warm page cache for both sides

tijd() { /usr/bin/time -f "%e s, peak %M KB" -o "$werk/t" "$@" > "$werk/uit"; cat "$werk/t"; }
echo "banenmonitor $jaar met reeks 2012-$jaar:  $(tijd "$dgr" --db "$db" rapport banenmonitor --jaar "$jaar")"
echo "trend ${jaar}-K4:                         $(tijd "$dgr" --db "$db" rapport trend --kwartaal "${jaar}-K4")"
echo "quotum $jaar:                             $(tijd "$dgr" --db "$db" rapport quotum --jaar "$jaar" --formaat json)"

python3 - "$db" "$jaar" "$werk" "$dgr" reference/grondslagen.csv <<'PY'
import csv, json, sqlite3, statistics, subprocess, sys, time
import duckdb

db, jaar, werk, dgr, grondslagen = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
van, tot = f"{jaar}-12-01", f"{jaar + 1}-01-01"
# the grondslagen that count for the banenafspraak, from the reference data the product ships
tellend = [r["code"] for r in csv.DictReader(open(grondslagen)) if r["telt_banenafspraak"] == "J"]

# 1. the current rows, once, into DuckDB's own file (not timed)
lite = sqlite3.connect(db)
def export(naam, sql):
    with open(f"{werk}/{naam}.csv", "w", newline="") as f:
        w = csv.writer(f)
        cur = lite.execute(sql)
        w.writerow([c[0] for c in cur.description])
        w.writerows(cur)
export("polis", """SELECT versie_id, bsn, loonheffingennummer AS lhn, inlener, tijdvak_begin AS begin,
    tijdvak_einde AS einde, uren, soort FROM polis_versies WHERE vervallen_op IS NULL""")
export("registraties", """SELECT bsn, grondslag, ingangsdatum, einddatum FROM registratie_versies
    WHERE vervallen_op IS NULL AND ingetrokken = 0""")
export("werkgevers", """SELECT loonheffingennummer AS lhn, geldig_vanaf, sector FROM werkgever_versies
    WHERE vervallen_op IS NULL""")
bestand = f"{werk}/register.duckdb"
with duckdb.connect(bestand) as d:
    d.execute(f"CREATE TABLE polis AS SELECT * FROM read_csv('{werk}/polis.csv', header = true, types = {{'begin': 'DATE', 'einde': 'DATE'}})")
    d.execute(f"CREATE TABLE registraties AS SELECT * FROM read_csv('{werk}/registraties.csv', header = true, types = {{'ingangsdatum': 'DATE', 'einddatum': 'DATE'}})")
    d.execute(f"CREATE TABLE werkgevers AS SELECT * FROM read_csv('{werk}/werkgevers.csv', header = true, types = {{'geldig_vanaf': 'DATE', 'sector': 'VARCHAR'}})")

# 2. the December figures with interval arithmetic (half-open periods: a registration is
#    [ingangsdatum, einddatum), a pay period [begin, einde + 1 day), December [van, tot))
VRAAG = f"""
WITH reg AS (
    SELECT bsn, ingangsdatum AS b, coalesce(einddatum, DATE '9999-12-31') AS e
    FROM registraties
    WHERE grondslag IN ({", ".join(f"'{g}'" for g in tellend)})
      AND ingangsdatum < DATE '{tot}' AND coalesce(einddatum, DATE '9999-12-31') > DATE '{van}'
      AND coalesce(einddatum, DATE '9999-12-31') > ingangsdatum),
gemerkt AS (
    SELECT bsn, b, e, max(e) OVER (PARTITION BY bsn ORDER BY b, e
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS eerder_e FROM reg),
eilanden AS (
    SELECT bsn, b, e, sum(CASE WHEN eerder_e IS NULL OR b > eerder_e THEN 1 ELSE 0 END)
        OVER (PARTITION BY bsn ORDER BY b, e) AS eiland FROM gemerkt),
perioden AS (SELECT bsn, min(b) AS b, max(e) AS e FROM eilanden GROUP BY bsn, eiland),
rijen AS (
    SELECT p.versie_id, p.bsn, coalesce(p.inlener, p.lhn) AS toegerekend, p.uren,
           date_diff('day', p.begin, p.einde) + 1 AS tv,
           sum(greatest(0, date_diff('day', greatest(p.begin, r.b, DATE '{van}'),
                                     least(p.einde + 1, r.e, DATE '{tot}')))) AS n
    FROM polis p JOIN perioden r ON r.bsn = p.bsn AND r.b <= p.einde AND r.e > p.begin
    WHERE p.soort = 'REGULIER' AND p.begin < DATE '{tot}' AND p.einde >= DATE '{van}'
    GROUP BY ALL),
sector AS (
    -- the employer's version valid at the end of the year (an empty geldig_vanaf: always)
    SELECT lhn, arg_max(sector, coalesce(geldig_vanaf, DATE '0001-01-01')) AS sector FROM werkgevers
    WHERE coalesce(geldig_vanaf, DATE '0001-01-01') <= DATE '{jaar}-12-31' GROUP BY lhn)
SELECT CASE WHEN grouping(coalesce(s.sector, 'ONBEKEND')) = 1 THEN 'TOTAAL'
            ELSE coalesce(s.sector, 'ONBEKEND') END AS sector,
       sum(r.uren / 100.0 * r.n / r.tv) / (25.5 * 31 / 7) AS banen,
       count(DISTINCT r.bsn) FILTER (WHERE r.n > 0) AS werkend
FROM rijen r LEFT JOIN sector s ON s.lhn = r.toegerekend
GROUP BY GROUPING SETS ((coalesce(s.sector, 'ONBEKEND')), ()) ORDER BY 1
"""

def duck():
    start = time.perf_counter()
    with duckdb.connect(bestand, read_only=True) as d:
        uit = d.execute(VRAAG).fetchall()
    return time.perf_counter() - start, uit

def eigen():
    start = time.perf_counter()
    p = subprocess.run([dgr, "--db", db, "rapport", "banenmonitor", "--jaar", str(jaar),
                        "--zonder-reeks", "--formaat", "json"], capture_output=True, check=True)
    return time.perf_counter() - start, json.loads(p.stdout)

d_tijden, e_tijden = [], []
for _ in range(3):
    t, rijen = duck(); d_tijden.append(t)
    t, bm = eigen(); e_tijden.append(t)
d_med, e_med = statistics.median(d_tijden), statistics.median(e_tijden)
print(f"banenmonitor {jaar} (alleen het jaar), mediaan van 3:")
print(f"  dgr (koud proces):                 {e_med:.2f} s")
print(f"  DuckDB (verbinding + vraag):       {d_med:.2f} s")
print(f"  dgr / DuckDB:                      {e_med / d_med:.2f}")
verschil = []
for sector, banen, werkend in rijen:
    e = bm["sectoren"].get(sector, {})
    print(f"  {sector}: DuckDB {banen:.1f} banen / {werkend} werkend; dgr {e.get('banen', 0):.1f} / {e.get('werkende_personen')}")
    if abs(banen - e.get("banen", 0)) >= 0.05 or werkend != e.get("werkende_personen"):
        verschil.append(sector)
if verschil:
    sys.exit(f"VERSCHIL in {', '.join(verschil)}: de cijfers van dgr en DuckDB zijn niet gelijk")
print("  cijfers gelijk (banen op 0,1, werkende personen exact)")
PY
