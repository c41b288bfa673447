#!/usr/bin/env bash
# The reports against DuckDB on the same current rows in DuckDB's own database file (loaded
# once, not timed; the timed part is a fresh connection plus the query), computed the way an
# analyst would: registration periods merged per person, overlap days per polis row (interval
# arithmetic, R-20/R-21), each employer's sector on 1 January (R-22). Five comparisons, each the
# median of 3 with `dgr` as a cold process:
#   1. the year alone (`--zonder-reeks`): December of JAAR and the nulmeting (December 2012),
#      both of which the report prints;
#   2. the series: every December the report lists (2012, 2015 … JAAR);
#   3. the quota year, every figure the report prints per fiscaal nummer: total and counted
#      hours (R-32: grondslagen that count for the quota, the year's days in the register,
#      attributed per R-22) to the cent, sheltered hours, the sector's percentage (table, or
#      R-31's formula with the nulmeting of December 2012), required hours, missing jobs and
#      levy (R-33);
#   4. the regional trend of JAAR-K4 (R-27): per arbeidsmarktregio (by current woongemeente)
#      persons on the peildatum, spells begun and ended in the quarter (instroom, uitstroom),
#      working persons and jobs in its last month, and the changes against the quarter before
#      and the nulmeting (December 2012);
#   5. the size and flows per quarter from 2013-K1 to JAAR-K4 (`dgr rapport omvang`): persons on
#      each quarter's last day, spells begun in the quarter, spells whose first day out falls in it.
# On SQLite the first `dgr` report after a change of the register makes the report copies of
# what it reads (see the README) and stores them: that first run is timed and printed apart.
# Prints both times and their ratio, and asserts that both give the same jobs (to 0,1) and
# working persons per sector and year, the same quota figures per employer, and the same trend
# and size-and-flows cells (those `dgr` publishes; R-40 withholds small ones).
# The DuckDB query leaves out R-07 (grondslagen that count only in a dienstbetrekking, from
# 2026): compare years before 2026.
# Usage: bench/rapport.sh DB [JAAR]    (DB: the SQLite file of e.g. `dgr demo --schaal 1`;
#                                       DGR=path/to/dgr times another build)
set -euo pipefail
# a build and a database named relative to where the script was started
DGR=${DGR:+$(realpath "$DGR")}
db=$(realpath "${1:?usage: bench/rapport.sh DB [JAAR]}")
cd "$(dirname "$0")/.."
jaar=${2:-2023}
if [ -z "${DGR:-}" ]; then
  cargo build --release -q -p dgr
fi
python3 -c "import duckdb" 2>/dev/null || python3 -m pip install -q duckdb
werk=$(mktemp -d)
trap 'rm -rf "$werk"' EXIT
dgr=${DGR:-$PWD/target/release/dgr}
cat "$db" > /dev/null   # a warm page cache for both sides

python3 - "$db" "$jaar" "$werk" "$dgr" reference/grondslagen.csv reference/gemeenten.csv \
  reference/constanten.csv reference/quotumpercentages.csv reference/banenafspraak_doelen.csv <<'PY'
import csv, json, math, sqlite3, statistics, subprocess, sys, time
import duckdb

db, jaar, werk, dgr, grondslagen, gemeenten, constanten, percentages, doelen = sys.argv[1:10]
jaar = int(jaar)
# the grondslagen that count for the banenafspraak and for the quota, from the reference data
# the product ships
tellend = [r["code"] for r in csv.DictReader(open(grondslagen)) if r["telt_banenafspraak"] == "J"]
quotum_tellend = [r["code"] for r in csv.DictReader(open(grondslagen)) if r["telt_quotum"] == "J"]

# 1. the current rows, once, into DuckDB's own file (not timed)
lite = sqlite3.connect(db)
def export(naam, sql):
    with open(f"{werk}/{naam}.csv", "w", newline="") as f:
        w = csv.writer(f)
        cur = lite.execute(sql)
        w.writerow([c[0] for c in cur.description])
        w.writerows(cur)
# the store keeps a pay period as day numbers since 1970 and the kind as a code
# (crates/dgr-store/src/sqlite/polisvorm.rs); the analyst gets dates and names
export("polis", """SELECT versie_id, bsn, loonheffingennummer AS lhn, inlener,
    date(tijdvak_begin * 86400, 'unixepoch') AS begin, date(tijdvak_einde * 86400, 'unixepoch') AS einde,
    uren, CASE soort WHEN 0 THEN 'REGULIER' WHEN 1 THEN 'WSW_BESCHUT' WHEN 2 THEN 'BESCHUT_WERK' END AS soort
    FROM polis_versies WHERE vervallen_op IS NULL""")
export("registraties", """SELECT bsn, grondslag, ingangsdatum, einddatum FROM registratie_versies
    WHERE vervallen_op IS NULL AND ingetrokken = 0""")
export("werkgevers", """SELECT loonheffingennummer AS lhn, geldig_vanaf, sector FROM werkgever_versies
    WHERE vervallen_op IS NULL""")
export("personen", "SELECT bsn, woongemeente FROM persoon_versies WHERE vervallen_op IS NULL")
export("werkgeversuren", """SELECT loonheffingennummer AS lhn, jaar, uren_totaal, aantal_werknemers
    FROM werkgeversuren_versies WHERE vervallen_op IS NULL""")
bestand = f"{werk}/register.duckdb"
with duckdb.connect(bestand) as d:
    d.execute(f"CREATE TABLE polis AS SELECT * FROM read_csv('{werk}/polis.csv', header = true, types = {{'begin': 'DATE', 'einde': 'DATE'}})")
    d.execute(f"CREATE TABLE registraties AS SELECT * FROM read_csv('{werk}/registraties.csv', header = true, types = {{'ingangsdatum': 'DATE', 'einddatum': 'DATE'}})")
    d.execute(f"CREATE TABLE werkgevers AS SELECT * FROM read_csv('{werk}/werkgevers.csv', header = true, types = {{'geldig_vanaf': 'DATE', 'sector': 'VARCHAR'}})")
    d.execute(f"CREATE TABLE werkgeversuren AS SELECT * FROM read_csv('{werk}/werkgeversuren.csv', header = true, types = {{'aantal_werknemers': 'BIGINT'}})")
    d.execute(f"CREATE TABLE personen AS SELECT * FROM read_csv('{werk}/personen.csv', header = true, types = {{'woongemeente': 'INTEGER'}})")
    d.execute(f"""CREATE TABLE gemeenten AS SELECT CAST(gemeentecode AS INTEGER) AS code,
        arbeidsmarktregio_code AS regio FROM read_csv('{gemeenten}', header = true, all_varchar = true)""")

def perioden(grondslagen, van, tot, naam="perioden"):
    """The CTEs ending in `naam(bsn, b, e)` (default `perioden`; the others prefixed with
    `naam`): per person the registrations of `grondslagen` overlapping [van, tot) (SQL
    expressions), merged where they overlap or adjoin, half-open."""
    return f"""{naam}_reg AS (
    SELECT bsn, ingangsdatum AS b, coalesce(einddatum, DATE '9999-12-31') AS e
    FROM registraties
    WHERE grondslag IN ({", ".join(f"'{g}'" for g in grondslagen)})
      AND ingangsdatum < {tot}
      AND coalesce(einddatum, DATE '9999-12-31') > {van}
      AND coalesce(einddatum, DATE '9999-12-31') > ingangsdatum),
{naam}_gemerkt AS (
    SELECT bsn, b, e, max(e) OVER (PARTITION BY bsn ORDER BY b, e
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS eerder_e FROM {naam}_reg),
{naam}_eilanden AS (
    SELECT bsn, b, e, sum(CASE WHEN eerder_e IS NULL OR b > eerder_e THEN 1 ELSE 0 END)
        OVER (PARTITION BY bsn ORDER BY b, e) AS eiland FROM {naam}_gemerkt),
{naam} AS (SELECT bsn, min(b) AS b, max(e) AS e FROM {naam}_eilanden GROUP BY bsn, eiland)"""

# per polis row and month of `maanden(…, van, tot)`: the days n of its pay period [begin, einde]
# inside the month on which its person is in a spell of `perioden` (R-20), ordinary work only
GETELDE_DAGEN = """sum(greatest(0, date_diff('day', greatest(p.begin, r.b, m.van),
                                     least(p.einde + 1, r.e, m.tot)))) AS n
    FROM maanden m JOIN polis p ON p.begin < m.tot AND p.einde >= m.van
    JOIN perioden r ON r.bsn = p.bsn AND r.b <= p.einde AND r.e > p.begin
    WHERE p.soort = 'REGULIER'
    GROUP BY ALL"""

def kwartaalgrenzen(j, k):
    """Quarter k of year j as SQL dates: its first day and the first day after it."""
    e = f"DATE '{j + 1}-01-01'" if k == 4 else f"DATE '{j}-{3 * k + 1:02d}-01'"
    return f"DATE '{j}-{3 * k - 2:02d}-01'", e

def mediaan_van_3(titel, duckdb_kant, dgr_kant):
    """Runs `duckdb_kant` and `dgr_kant` (each returning its result) three times interleaved,
    prints the median times and their ratio, and returns the last results of both (`dgr`'s
    parsed from its JSON after the timing: the client's parsing is not the report's time)."""
    d_tijden, e_tijden = [], []
    # the first report after a change of the register makes the report copies of what it reads
    # (SQLite; `dgr rapport` stores them for the next): timed apart, not in the median
    start = time.perf_counter(); dgr_kant(); eerste = time.perf_counter() - start
    for _ in range(3):
        start = time.perf_counter(); d_uit = duckdb_kant(); d_tijden.append(time.perf_counter() - start)
        start = time.perf_counter(); e_uit = dgr_kant(); e_tijden.append(time.perf_counter() - start)
    d_med, e_med = statistics.median(d_tijden), statistics.median(e_tijden)
    print(f"{titel}, mediaan van 3:")
    print(f"  dgr, eerste keer na een wijziging: {eerste:.2f} s (maakt de rapportkopieën)")
    print(f"  dgr (koud proces):                 {e_med:.2f} s")
    print(f"  DuckDB (verbinding + vraag):       {d_med:.2f} s")
    print(f"  dgr / DuckDB:                      {e_med / d_med:.2f}")
    return d_uit, json.loads(e_uit)

def duck(sql):
    with duckdb.connect(bestand, read_only=True) as d:
        return d.execute(sql).fetchall()

def eigen(*argumenten):
    """The JSON `dgr rapport` prints, from a cold process."""
    p = subprocess.run([dgr, "--db", db, "rapport", *argumenten, "--formaat", "json"],
                       capture_output=True, check=True)
    return p.stdout

# 2. the December figures of the years asked, with interval arithmetic (half-open periods: a
#    registration is [ingangsdatum, einddatum), a pay period [begin, einde + 1 day), December
#    [van, tot)); the employer's sector is the version valid on 1 January of the year, else its
#    earliest (R-22; an empty geldig_vanaf is always valid)
def vraag(jaren):
    maanden = ", ".join(f"({j}, DATE '{j}-12-01', DATE '{j + 1}-01-01')" for j in jaren)
    return f"""
WITH maanden(jaar, van, tot) AS (VALUES {maanden}),
{perioden(tellend, "(SELECT min(van) FROM maanden)", "(SELECT max(tot) FROM maanden)")},
rijen AS (
    SELECT m.jaar, p.versie_id, p.bsn, coalesce(p.inlener, p.lhn) AS toegerekend, p.uren,
           date_diff('day', p.begin, p.einde) + 1 AS tv,
           {GETELDE_DAGEN}),
sector AS (
    SELECT m.jaar, w.lhn,
           coalesce(arg_max(w.sector, coalesce(w.geldig_vanaf, DATE '0001-01-01'))
                        FILTER (WHERE coalesce(w.geldig_vanaf, DATE '0001-01-01') <= make_date(m.jaar, 1, 1)),
                    arg_min(w.sector, coalesce(w.geldig_vanaf, DATE '0001-01-01'))) AS sector
    FROM maanden m CROSS JOIN werkgevers w GROUP BY ALL)
SELECT r.jaar,
       CASE WHEN grouping(coalesce(s.sector, 'ONBEKEND')) = 1 THEN 'TOTAAL'
            ELSE coalesce(s.sector, 'ONBEKEND') END AS sector,
       sum(r.uren / 100.0 * r.n / r.tv) / (25.5 * 31 / 7) AS banen,
       count(DISTINCT r.bsn) FILTER (WHERE r.n > 0) AS werkend
FROM rijen r LEFT JOIN sector s ON s.jaar = r.jaar AND s.lhn = r.toegerekend
GROUP BY GROUPING SETS ((r.jaar, coalesce(s.sector, 'ONBEKEND')), (r.jaar)) ORDER BY 1, 2
"""

def vergelijk(titel, jaren, opties, per_jaar):
    """Times both sides and asserts the figures agree; `per_jaar` maps the report to
    {jaar: {sector: (banen, werkend or None)}}."""
    rijen, bm = mediaan_van_3(titel, lambda: duck(vraag(jaren)),
                              lambda: eigen("banenmonitor", "--jaar", str(jaar), *opties))
    ons = per_jaar(bm)
    verschil = []
    for j, sector, banen, werkend in rijen:
        if j == 2012 and "--zonder-reeks" in opties and sector not in ons[j]:
            continue  # the nulmeting prints MARKT, OVERHEID and TOTAAL only
        e_banen, e_werkend = ons.get(j, {}).get(sector, (0.0, 0))
        if len(jaren) <= 2:
            print(f"  {j} {sector}: DuckDB {banen:.1f} banen / {werkend} werkend; dgr {e_banen:.1f} / {e_werkend if e_werkend is not None else '-'}")
        if abs(banen - e_banen) >= 0.05 or (e_werkend is not None and werkend != e_werkend):
            verschil.append(f"{j} {sector}")
    if verschil:
        sys.exit(f"VERSCHIL in {', '.join(verschil)}: de cijfers van dgr en DuckDB zijn niet gelijk")
    print(f"  cijfers gelijk ({len(rijen)} cellen; banen op 0,1, werkende personen exact)")

def jaar_en_nulmeting(bm):
    # the nulmeting prints jobs only
    return {jaar: {s: (c["banen"], c["werkende_personen"]) for s, c in bm["sectoren"].items()},
            2012: {s: (b, None) for s, b in bm["nulmeting"]["sectoren"].items()}}

def reeks(bm):
    return {r["jaar"]: {s: (c["banen"], c["werkende_personen"]) for s, c in r["sectoren"].items()}
            for r in bm["reeks"]}

# 3. the quota year, every figure the report prints per fiscaal nummer (R-30 … R-33):
#    - total hours: the year's werkgeversuren of its loonheffingennummers; its sector that of
#      its first loonheffingennummer (in number order) with a sector on 1 January (R-22);
#    - counted hours (R-32): the pay periods' hours on the days their person is in the register
#      with a grondslag that counts for the quota, attributed to the inlener if any (R-22);
#      sheltered work (soort other than REGULIER) counted the same way but apart;
#    - the sector's percentage: the table's (`quotumpercentages.csv`), else R-31's formula with
#      the nulmeting (the jobs of December 2012 in the sector, by the grondslagen of the
#      banenafspraak), the targets of the year and the year before, and the sector's employees
#      (the year's werknemers of its loonheffingennummers);
#    - required hours (percentage × total), missing jobs ((required − counted) / hours per job,
#      at least 0, to the hundredth) and the levy in cents.
CONSTANTE = {r["naam"]: float(r["waarde"]) for r in csv.DictReader(open(constanten))}
PERCENTAGE = {(int(r["jaar"]), r["sector"]): float(r["percentage"]) / 100
              for r in csv.DictReader(open(percentages))}
DOEL = {(int(r["jaar"]), s): float(r[f"doel_{s.lower()}_cumulatief"])
        for r in csv.DictReader(open(doelen)) for s in ("MARKT", "OVERHEID")
        if r[f"doel_{s.lower()}_cumulatief"]}

def doel(j, sector):
    """The cumulative target of a year, interpolated linearly between the years around it (as
    the report does: the table lacks 2024); before the first target year 0."""
    if (j, sector) in DOEL:
        return DOEL[j, sector]
    jaren = sorted(y for y, s in DOEL if s == sector)
    if j < jaren[0]:
        return 0.0
    voor = max(y for y in jaren if y < j)
    na = min(y for y in jaren if y > j)
    return DOEL[voor, sector] + (j - voor) / (na - voor) * (DOEL[na, sector] - DOEL[voor, sector])

def sector_percentage(sector):
    """The SQL expression of a sector's percentage as a fraction: the table's value, or R-31's
    formula over the CTEs `nulmeting` and `werknemers`."""
    if (jaar, sector) in PERCENTAGE:
        return repr(PERCENTAGE[jaar, sector])
    vorig, nu = doel(jaar - 1, sector), doel(jaar, sector)
    return f"""(SELECT (n.banen + {vorig} + 0.5 * ({nu} - {vorig})) * {CONSTANTE['uren_per_baan_per_jaar']}
        / (w.aantal * {CONSTANTE['gemiddelde_uren_per_werknemer_per_jaar']})
        FROM nulmeting n, werknemers w WHERE n.sector = '{sector}' AND w.sector = '{sector}')"""

def sector_op_1_januari(j):
    """Per loonheffingennummer the sector of its version valid on 1 January of `j`, else its
    earliest (R-22; an empty geldig_vanaf is always valid)."""
    return f"""SELECT lhn, coalesce(
        arg_max(sector, coalesce(geldig_vanaf, DATE '0001-01-01'))
            FILTER (WHERE coalesce(geldig_vanaf, DATE '0001-01-01') <= DATE '{j}-01-01'),
        arg_min(sector, coalesce(geldig_vanaf, DATE '0001-01-01'))) AS sector
    FROM werkgevers GROUP BY lhn"""

QUOTUM = f"""
WITH {perioden(quotum_tellend, f"DATE '{jaar}-01-01'", f"DATE '{jaar + 1}-01-01'")},
{perioden(tellend, "DATE '2012-12-01'", "DATE '2013-01-01'", naam="nul_perioden")},
rijen AS (
    SELECT p.versie_id, coalesce(p.inlener, p.lhn) // 100 AS fiscaal, p.uren, p.soort,
           date_diff('day', p.begin, p.einde) + 1 AS tv,
           sum(greatest(0, date_diff('day', greatest(p.begin, r.b, DATE '{jaar}-01-01'),
                                     least(p.einde + 1, r.e, DATE '{jaar + 1}-01-01')))) AS n
    FROM polis p JOIN perioden r ON r.bsn = p.bsn AND r.b <= p.einde AND r.e > p.begin
    WHERE p.begin < DATE '{jaar + 1}-01-01' AND p.einde >= DATE '{jaar}-01-01'
    GROUP BY ALL),
geteld AS (
    SELECT fiscaal, sum(uren / 100.0 * n / tv) FILTER (WHERE soort = 'REGULIER') AS geteld,
           sum(uren / 100.0 * n / tv) FILTER (WHERE soort <> 'REGULIER') AS beschut
    FROM rijen GROUP BY fiscaal),
nul_rijen AS (
    SELECT p.versie_id, coalesce(p.inlener, p.lhn) AS toegerekend, p.uren,
           date_diff('day', p.begin, p.einde) + 1 AS tv,
           sum(greatest(0, date_diff('day', greatest(p.begin, r.b, DATE '2012-12-01'),
                                     least(p.einde + 1, r.e, DATE '2013-01-01')))) AS n
    FROM polis p JOIN nul_perioden r ON r.bsn = p.bsn AND r.b <= p.einde AND r.e > p.begin
    WHERE p.soort = 'REGULIER' AND p.begin < DATE '2013-01-01' AND p.einde >= DATE '2012-12-01'
    GROUP BY ALL),
nulmeting AS (
    SELECT s.sector, sum(r.uren / 100.0 * r.n / r.tv) / ({CONSTANTE['uren_per_baan_per_week']} * 31 / 7) AS banen
    FROM nul_rijen r JOIN ({sector_op_1_januari(2012)}) s ON s.lhn = r.toegerekend GROUP BY s.sector),
uren AS (
    SELECT u.lhn, u.lhn // 100 AS fiscaal, u.uren_totaal / 100.0 AS uren, u.aantal_werknemers, s.sector
    FROM werkgeversuren u LEFT JOIN ({sector_op_1_januari(jaar)}) s ON s.lhn = u.lhn
    WHERE u.jaar = {jaar}),
werknemers AS (
    SELECT sector, sum(coalesce(aantal_werknemers, 0)) AS aantal FROM uren
    WHERE sector IS NOT NULL GROUP BY sector),
percentage(sector, q) AS (
    SELECT 'MARKT', {sector_percentage("MARKT")}
    UNION ALL SELECT 'OVERHEID', {sector_percentage("OVERHEID")}),
werkgever AS (
    SELECT fiscaal, sum(uren) AS totaal, arg_min(sector, lhn) FILTER (WHERE sector IS NOT NULL) AS sector
    FROM uren GROUP BY fiscaal)
SELECT w.fiscaal, w.sector, w.totaal, coalesce(g.geteld, 0) AS geteld, coalesce(g.beschut, 0) AS beschut,
       q.q, q.q * w.totaal AS vereist,
       greatest(0, q.q * w.totaal - coalesce(g.geteld, 0)) / {CONSTANTE['uren_per_baan_per_jaar']} AS ontbrekend
FROM werkgever w LEFT JOIN geteld g USING (fiscaal) LEFT JOIN percentage q ON q.sector = w.sector
"""

def heffing_gelijk(heffing, honderdsten, per_baan_cent):
    """Whether `heffing` (cents) is the levy of DuckDB's unrounded missing jobs in hundredths:
    rounded half away from zero, or either way where a double cannot tell (x.5)."""
    grensgeval = abs(honderdsten - math.floor(honderdsten) - 0.5) < 1e-6
    return (heffing == math.floor(honderdsten + 0.5) * per_baan_cent / 100
            or grensgeval and heffing in (math.floor(honderdsten) * per_baan_cent / 100,
                                          math.ceil(honderdsten) * per_baan_cent / 100))

def vergelijk_quotum():
    rijen, q = mediaan_van_3(f"quotum {jaar} (alle cijfers per fiscaal nummer)",
                             lambda: duck(QUOTUM), lambda: eigen("quotum", "--jaar", str(jaar)))
    volgens_duckdb = {f"{r[0]:09d}": r[1:] for r in rijen}
    ons = {w["fiscaal_nummer"]: w for w in q["werkgevers"]}
    per_baan_cent = CONSTANTE["quotumheffing_per_ontbrekende_baan"] * 100
    verschil = sorted(set(ons) ^ set(volgens_duckdb))
    for f, w in ons.items():
        if f not in volgens_duckdb:
            continue
        sector, totaal, geteld, beschut, pct, vereist, ontbrekend = volgens_duckdb[f]
        # hours to the cent (dgr prints them half away from zero); the percentage and the
        # required hours exact in dgr, in doubles in DuckDB; the missing jobs to the hundredth
        # (DuckDB's unrounded value within half a hundredth of dgr's), the levy from them
        gelijk = (w["sector"] == sector
                  and abs(w["totale_uren"] - totaal) <= 0.0051
                  and abs(w["getelde_uren"] - geteld) <= 0.0051
                  and abs(w["beschut_uren"] - beschut) <= 0.0051)
        if pct is None:
            gelijk = gelijk and w["quotumpercentage"] is None and w["ontbrekende_banen"] is None
        else:
            gelijk = (gelijk and abs(w["quotumpercentage"] - pct * 100) <= 1e-9 * pct * 100
                      and abs(w["vereiste_uren"] - vereist) <= 1e-6 * max(1.0, vereist)
                      and abs(w["ontbrekende_banen"] - ontbrekend) <= 0.005 + 1e-9
                      and heffing_gelijk(w["heffing_eurocent"], ontbrekend * 100, per_baan_cent))
        if not gelijk:
            verschil.append(f)
    if verschil:
        sys.exit(f"VERSCHIL in de quotumcijfers van {len(verschil)} fiscale nummers, "
                 f"bijvoorbeeld {verschil[:3]}")
    met_uren = sum(1 for w in ons.values() if w["getelde_uren"] > 0)
    print(f"  cijfers gelijk ({len(ons)} werkgevers, {met_uren} met getelde uren: uren op de cent, "
          "percentage, vereiste uren, ontbrekende banen en heffing)")

# 4. the regional trend of JAAR-K4 and the quarter before it; a spell is a maximal stretch of
#    merged registration periods (`perioden`), a person's region that of its current
#    woongemeente (else ONBEKEND)
def trend_vraag():
    def kwartaal(j, k):
        b, e = kwartaalgrenzen(j, k)
        m = f"DATE '{j}-{3 * k:02d}-01'"
        return f"{b}, {e}, {e} - INTERVAL 1 DAY, {m}, {e}"
    return f"""
WITH kw(tag, b, e, peil, mv, mt) AS (VALUES ('nu', {kwartaal(jaar, 4)}), ('vorig', {kwartaal(jaar, 3)})),
{perioden(tellend, "DATE '2012-12-01'", f"DATE '{jaar + 1}-01-02'")},
regio AS (SELECT p.bsn, g.regio FROM personen p JOIN gemeenten g ON g.code = p.woongemeente),
feiten AS (
    SELECT k.tag, r.bsn,
           max(CASE WHEN r.b <= k.peil AND r.e > k.peil THEN 1 ELSE 0 END) AS persoon,
           sum(CASE WHEN r.b >= k.b AND r.b < k.e THEN 1 ELSE 0 END) AS instroom,
           sum(CASE WHEN r.e >= k.b AND r.e < k.e AND r.e < DATE '9999-12-31' THEN 1 ELSE 0 END) AS uitstroom
    FROM kw k JOIN perioden r ON r.b <= k.e AND r.e >= k.b - INTERVAL 1 DAY GROUP BY ALL),
maanden(tag, van, tot) AS (SELECT tag, mv, mt FROM kw UNION ALL
    SELECT 'nul', DATE '2012-12-01', DATE '2013-01-01'),
rijen AS (
    SELECT m.tag, p.versie_id, p.bsn, p.uren, date_diff('day', p.begin, p.einde) + 1 AS tv,
           date_diff('day', m.van, m.tot) AS maanddagen,
           {GETELDE_DAGEN}),
werk AS (
    SELECT tag, bsn, sum(uren / 100.0 * n / tv / (25.5 * maanddagen / 7)) AS banen,
           max(CASE WHEN n > 0 AND uren > 0 THEN 1 ELSE 0 END) AS werkend
    FROM rijen GROUP BY ALL),
alles AS (
    SELECT coalesce(f.tag, w.tag) AS tag, coalesce(f.bsn, w.bsn) AS bsn, coalesce(f.persoon, 0) AS persoon,
           coalesce(f.instroom, 0) AS instroom, coalesce(f.uitstroom, 0) AS uitstroom,
           coalesce(w.werkend, 0) AS werkend, coalesce(w.banen, 0) AS banen
    FROM feiten f FULL JOIN werk w ON w.tag = f.tag AND w.bsn = f.bsn)
SELECT a.tag, coalesce(g.regio, 'ONBEKEND') AS regio, sum(a.persoon), sum(a.instroom), sum(a.uitstroom),
       sum(a.werkend), sum(a.banen)
FROM alles a LEFT JOIN regio g ON g.bsn = a.bsn GROUP BY ALL ORDER BY 1, 2
"""

def vergelijk_trend():
    rijen, t = mediaan_van_3(f"trend {jaar}-K4 (per arbeidsmarktregio)", lambda: duck(trend_vraag()),
                             lambda: eigen("trend", "--kwartaal", f"{jaar}-K4"))
    per = {(tag, regio): (p, i, u, w, b) for tag, regio, p, i, u, w, b in rijen}
    leeg = (0, 0, 0, 0, 0.0)
    verwacht = {}
    for regio in {r for _, r in per} | {r["code"] for r in t["regios"]}:
        p, i, u, w, b = per.get(("nu", regio), leeg)
        vp, _, _, _, vb = per.get(("vorig", regio), leeg)
        nb = per.get(("nul", regio), leeg)[4]
        verwacht[regio] = {"personen": p, "instroom": i, "uitstroom": u, "werkende_personen": w,
                           "banen": b, "verandering_personen_vorig_kwartaal": p - vp,
                           "verandering_banen_vorig_kwartaal": b - vb,
                           "verandering_banen_nulmeting": b - nb}
    verschil, cellen = [], 0
    def cel(waar, naam, ons, duckdb_waarde):
        nonlocal cellen
        if ons is None:
            return  # withheld by R-40
        cellen += 1
        if abs(ons - duckdb_waarde) >= (0.05 if isinstance(ons, float) else 1):
            verschil.append(f"{waar} {naam}: dgr {ons}, DuckDB {duckdb_waarde}")
    for r in t["regios"]:
        for naam, waarde in verwacht[r["code"]].items():
            cel(r["code"], naam, r[naam], waarde)
    totaal = {naam: sum(v[naam] for v in verwacht.values()) for naam in next(iter(verwacht.values()))}
    for naam, waarde in totaal.items():
        cel("TOTAAL", naam, t["totaal"][naam], waarde)
    if verschil:
        sys.exit("VERSCHIL in de trend: " + "; ".join(verschil[:5]))
    print(f"  cijfers gelijk ({cellen} gepubliceerde cellen; banen op 0,1, personen exact)")

# 5. the size and flows per quarter (`dgr rapport omvang`, the dashboard's series) from 2013-K1
#    to JAAR-K4: spells (`perioden` over all time) in the register on each quarter's last day,
#    begun in the quarter, and whose first day out falls in it
def omvang_vraag():
    def kwartaal(j, k):
        b, e = kwartaalgrenzen(j, k)
        return f"('{j}-K{k}', {b}, {e})"
    kwartalen = ", ".join(kwartaal(j, k) for j in range(2013, jaar + 1) for k in range(1, 5))
    return f"""
WITH kw(kwartaal, b, e) AS (VALUES {kwartalen}),
{perioden(tellend, "DATE '1900-01-01'", "DATE '2200-01-01'")}
SELECT k.kwartaal,
       count(*) FILTER (WHERE r.b < k.e AND r.e >= k.e) AS personen,
       count(*) FILTER (WHERE r.b >= k.b AND r.b < k.e) AS instroom,
       count(*) FILTER (WHERE r.e >= k.b AND r.e < k.e) AS uitstroom
FROM kw k JOIN perioden r ON r.b < k.e AND r.e >= k.b
GROUP BY ALL ORDER BY 1
"""

def vergelijk_omvang():
    rijen, o = mediaan_van_3(f"omvang 2013-K1 tot {jaar}-K4 (personen, instroom, uitstroom)",
                             lambda: duck(omvang_vraag()),
                             lambda: eigen("omvang", "--tot", f"{jaar}-K4"))
    volgens_duckdb = {k: (p, i, u) for k, p, i, u in rijen}
    verschil, cellen = [], 0
    for r in o:
        for n, naam in enumerate(["personen", "instroom", "uitstroom"]):
            if r[naam] is None:
                continue  # withheld by R-40
            cellen += 1
            duckdb_waarde = volgens_duckdb.get(r["kwartaal"], (0, 0, 0))[n]
            if r[naam] != duckdb_waarde:
                verschil.append(f"{r['kwartaal']} {naam}: dgr {r[naam]}, DuckDB {duckdb_waarde}")
    if len(o) != 4 * (jaar - 2012):
        sys.exit(f"VERSCHIL in de omvang: dgr gaf {len(o)} kwartalen, verwacht {4 * (jaar - 2012)}")
    if verschil:
        sys.exit("VERSCHIL in de omvang: " + "; ".join(verschil[:5]))
    print(f"  cijfers gelijk ({cellen} gepubliceerde cellen van {len(o)} kwartalen, exact)")

vergelijk(f"banenmonitor {jaar} (het jaar en de nulmeting)", [2012, jaar], ["--zonder-reeks"],
          jaar_en_nulmeting)
vergelijk(f"banenmonitor {jaar} met de reeks 2012, 2015-{jaar}",
          [2012] + list(range(2015, jaar + 1)), [], reeks)
vergelijk_quotum()
vergelijk_trend()
vergelijk_omvang()
PY
