#!/usr/bin/env bash
# Report timings on a national-size database, and the banenmonitor aggregation done by DuckDB
# over the same rows exported to CSV (both times and their ratio; the DuckDB totals double as an
# independent check of the figures).
# Usage: bench/rapport.sh DB [JAAR]    (DB: e.g. the ./dgr.db of `cargo run --release -p dgr -- demo`)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: bench/rapport.sh DB [JAAR]}
jaar=${2:-2023}
cargo build --release -q -p dgr
python3 -c "import duckdb" 2>/dev/null || pip install -q duckdb
werk=$(mktemp -d)
trap 'rm -rf "$werk"' EXIT
dgr=target/release/dgr

tijd() { /usr/bin/time -f "%e s, peak %M KB" -o "$werk/t" "$@" > "$werk/uit"; cat "$werk/t"; }
echo "banenmonitor $jaar (alleen het jaar):       $(tijd $dgr --db "$db" rapport banenmonitor --jaar "$jaar" --zonder-reeks --formaat json)"
cp "$werk/uit" "$werk/bm.json"; cp "$werk/t" "$werk/t_bm"
echo "banenmonitor $jaar (met reeks 2012-$jaar):  $(tijd $dgr --db "$db" rapport banenmonitor --jaar "$jaar")"
echo "trend ${jaar}-K4:                         $(tijd $dgr --db "$db" rapport trend --kwartaal "${jaar}-K4")"
echo "quotum $jaar:                             $(tijd $dgr --db "$db" rapport quotum --jaar "$jaar" --formaat json)"

python3 - "$db" "$jaar" "$werk" <<'PY'
import csv, json, sqlite3, sys, time, duckdb
db, jaar, werk = sys.argv[1], int(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(db)
van, tot = f"{jaar}-12-01", f"{jaar + 1}-01-01"
def export(naam, sql, kop):
    with open(f"{werk}/{naam}.csv", "w", newline="") as f:
        w = csv.writer(f); w.writerow(kop)
        w.writerows(con.execute(sql))
export("polis", f"""SELECT bsn, COALESCE(inlener, loonheffingennummer), tijdvak_begin, tijdvak_einde, uren, soort FROM polis_versies
    WHERE vervallen_op IS NULL AND tijdvak_begin < '{tot}' AND tijdvak_einde >= '{van}'""",
    ["bsn", "toegerekend", "begin", "einde", "uren", "soort"])
export("reg", f"""SELECT bsn, grondslag, ingangsdatum, COALESCE(einddatum, '9999-12-31') FROM registratie_versies
    WHERE vervallen_op IS NULL AND ingetrokken = 0 AND ingangsdatum < '{tot}' AND (einddatum IS NULL OR einddatum > '{van}')
    AND (einddatum IS NULL OR einddatum > ingangsdatum)""", ["bsn", "grondslag", "begin", "einde"])
export("wg", "SELECT loonheffingennummer, sector FROM werkgever_versies WHERE vervallen_op IS NULL", ["lhn", "sector"])
start = time.perf_counter()
d = duckdb.connect()
rij = d.execute(f"""
WITH polis AS (SELECT * FROM read_csv_auto('{werk}/polis.csv')),
     reg AS (SELECT * FROM read_csv_auto('{werk}/reg.csv') WHERE grondslag <> 'WMV'),
     wg AS (SELECT * FROM read_csv_auto('{werk}/wg.csv')),
     dagen AS (SELECT CAST(d AS DATE) AS dag FROM range(DATE '{van}', DATE '{tot}', INTERVAL 1 DAY) t(d)),
     rijdagen AS (
        SELECT p.bsn, p.toegerekend, p.uren, datediff('day', p.begin, p.einde) + 1 AS tv, x.dag
        FROM polis p JOIN dagen x ON x.dag BETWEEN p.begin AND p.einde WHERE p.soort = 'REGULIER'),
     geteld AS (
        SELECT r.bsn, r.toegerekend, r.uren, r.tv, count(*) AS n FROM rijdagen r
        WHERE EXISTS (SELECT 1 FROM reg g WHERE g.bsn = r.bsn AND g.begin <= r.dag AND g.einde > r.dag)
        GROUP BY ALL)
SELECT w.sector, sum(g.uren / 100.0 * g.n / g.tv) / (25.5 * 31 / 7) AS banen, count(DISTINCT g.bsn) AS werkend
FROM geteld g LEFT JOIN wg w ON w.lhn = g.toegerekend GROUP BY ALL ORDER BY 1
""").fetchall()
duck = time.perf_counter() - start
bm = json.load(open(f"{werk}/bm.json"))
eigen_s = float(open(f"{werk}/t_bm").read().split()[0])
print(f"DuckDB (CSV lezen + dezelfde aggregatie):  {duck:.2f} s; dgr/DuckDB = {eigen_s / duck:.2f}")
for sector, banen, werkend in rij:
    eigen = bm["sectoren"].get(sector or "ONBEKEND", {})
    print(f"  {sector}: DuckDB {banen:.1f} banen / {werkend} werkend; dgr {eigen.get('banen', 0):.1f} / {eigen.get('werkende_personen')}")
PY
