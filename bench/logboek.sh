#!/usr/bin/env bash
# Lookups per second with a long processing log against an empty one (issue #13 goal 3): fills a
# copy of the register's processing log with N synthetic records (default 10 million, spread
# over the past year, one audit entry each, random pseudonyms, 5,000 organisations), then runs
# bench/http.sh alternately on an empty log and on the long one, ROUNDS times each, and prints
# the median rate of both and their ratio. The runs use two copies of the register in a scratch
# directory beside it (2.5 GB for the national demo, and 5 GB more for 10 million records).
# Usage: bench/logboek.sh DB [RECORDS] [ROUNDS] [SECONDS]
#        (BEWAAR=1 keeps the scratch directory, its empty log put back, to run bench/http.sh
#        on its two copies again; the long log keeps the records the rounds added)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: bench/logboek.sh DB [RECORDS] [ROUNDS] [SECONDS]}
records=${2:-10000000}
rondes=${3:-3}
duur=${4:-20}
werk=$(mktemp -d "$(dirname "$(realpath "$db")")/logboek-bench.XXXXXX")
trap 'rm -rf "$werk"' EXIT
cargo build --release -q -p dgr
# two copies of the register, one per log; the register's WAL is folded into its file first
target/release/dgr --db "$db" leveringen > /dev/null
mkdir "$werk/leeg" "$werk/lang"
cp "$db" "$werk/lang/nl.db"
cp "$db" "$werk/leeg/nl.db"
# an empty log in the current schema: dgr creates and migrates it; kept as the template
touch "$werk/lang/nl.logboek.db"
target/release/dgr --db "$werk/lang/nl.db" leveringen > /dev/null
cp "$werk/lang/nl.logboek.db" "$werk/leeg.logboek.db"
echo "logboek vullen met $records records ..."
start=$(date +%s)
python3 - "$werk/lang/nl.logboek.db" "$records" <<'PY'
import sqlite3, sys, time
pad, n = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(pad)
c.execute("PRAGMA synchronous=OFF")
c.execute("PRAGMA cache_size=-1000000")
nu = int(time.time() * 1e6)
jaar = 365 * 86400 * 10**6
begin, stap = nu - jaar, jaar // n
blok = 1_000_000
for i in range(0, n, blok):
    m = min(blok, n - i)
    c.execute(f"""INSERT INTO audit (id, trace_id, tijd, sub, rol, organisatie, organisatie_naam, client_ip,
        handeling, bsn_opvragingen, buiten_eigen_polis, doel)
      WITH RECURSIVE r(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM r WHERE k < {m})
      SELECT {i} + k, lower(hex(randomblob(16))), {begin} + ({i} + k) * {stap}, 'vulling', 'werkgever',
        'werkgever:' || (abs(random()) % 5000), 'Vulling', '127.0.0.1', 'doelgroepregistraties_zoeken', 1, 0,
        'werknemer' FROM r""")
    c.execute(f"""INSERT INTO verwerkingen (id, trace_id, span_id, parent_span_id, naam, status_code, start_time,
        end_time, processing_activity_id, data_subject_id, data_subject_id_type, audit_id)
      SELECT id, trace_id, lower(hex(randomblob(8))), NULL, handeling, 'OK', tijd, tijd, 'DGR-ZOEK-WERKNEMER',
        lower(hex(randomblob(32))), 'BSN', id FROM audit WHERE id > {i} AND id <= {i} + {m}""")
    # each record's entry by subject, as dgr's own writer makes them (sqlite/logboek.rs)
    c.execute(f"""INSERT INTO verwerkingen_betrokkenen (segment, prefix, id)
      SELECT id >> 14, substr(data_subject_id, 1, 16), id FROM verwerkingen
      WHERE id > {i} AND id <= {i} + {m} ORDER BY 1, 2, 3""")
    c.execute("UPDATE verwerkingen_geindexeerd SET tot = (SELECT max(id) FROM verwerkingen)")
    c.commit()
    print(f"  {i + m} records", flush=True)
# the entries of every full group of 2^20 records merged into one, as dgr's own writer leaves
# them once it has caught up (sqlite/logboek.rs, voeg_samen)
grens = (c.execute("SELECT tot FROM verwerkingen_geindexeerd").fetchone()[0] >> 20) << 6
c.execute("""INSERT INTO verwerkingen_groepen (groep, prefix, id)
  SELECT id >> 20, prefix, id FROM verwerkingen_betrokkenen WHERE segment < ? ORDER BY 1, 2, 3""",
  (grens,))
c.execute("DELETE FROM verwerkingen_betrokkenen WHERE segment < ?", (grens,))
c.execute("UPDATE verwerkingen_samengevoegd SET grens = ?, portie = 0", (grens,))
c.commit()
print(f"  ingangen van {grens // 64} groepen samengevoegd", flush=True)
c.close()
PY
echo "gevuld in $(( $(date +%s) - start )) s: $(du -h "$werk/lang/nl.logboek.db" | cut -f1)"
declare -A tempo
# the empty log's copy back to the empty template
leeg_logboek() { rm -f "$werk"/leeg/nl.logboek.db*; cp "$werk/leeg.logboek.db" "$werk/leeg/nl.logboek.db"; }
# the order alternates (empty first in odd rounds, long first in even ones), so that a drift of
# the machine's rate over minutes, or an advantage of the first run of a pair, does not count
# against one of the logs (issue #13: with the empty log always first the long one lost 5-13%)
for ronde in $(seq 1 "$rondes"); do
  volgorde="leeg lang"
  [ $((ronde % 2)) = 0 ] && volgorde="lang leeg"
  for soort in $volgorde; do
    [ "$soort" = leeg ] && leeg_logboek
    uit=$(bench/http.sh "$werk/$soort/nl.db" "$duur" 32 2>&1) || { echo "$uit"; exit 1; }
    r=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' <<< "$uit")
    p99=$(sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' <<< "$uit")
    verlies=$(grep "verwerkingen vastgelegd" <<< "$uit")
    echo "ronde $ronde $soort: $r opvragingen/s, p99 $p99; $verlies"
    # where the time and the CPU went, as bench/http.sh measured them
    grep -E "^(in de server|CPU van de server|door de host|samenvoegen van)" <<< "$uit" | sed 's/^/  /' || true
    tempo[$soort]="${tempo[$soort]:-} $r"
  done
done
# a person's own log (GET /mijn/verwerkingen and `dgr verwerkingen --bsn` read it the same
# way: one probe per group of 2^20 records and per segment of 16,384 records after the last
# group), timed as a whole command, median of 5
bsn=$(python3 -c "import sqlite3,sys; print('%09d' % sqlite3.connect(sys.argv[1]).execute('SELECT bsn FROM registratie_versies LIMIT 1').fetchone()[0])" "$db")
mkdir "$werk/geheim"
for soort in leeg lang; do
  ms=$(for _ in 1 2 3 4 5; do
    t0=$(date +%s%N)
    target/release/dgr --db "$werk/$soort/nl.db" verwerkingen --bsn "$bsn" \
      --data-map "$werk/geheim" --gebruiker bench > /dev/null
    echo $(( ($(date +%s%N) - t0) / 1000000 ))
  done | sort -n | sed -n 3p)
  echo "verwerkingen van één persoon ($soort logboek): $ms ms (hele opdracht, mediaan van 5)"
done
mediaan() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
leeg=$(mediaan "${tempo[leeg]}")
lang=$(mediaan "${tempo[lang]}")
echo "mediaan: leeg logboek $leeg/s, logboek met $records records $lang/s, verhouding $(awk -v a="$lang" -v b="$leeg" 'BEGIN {printf "%.2f", a / b}')"
if [ "${BEWAAR:-}" = 1 ]; then
  # the empty log as the rounds found it, for a new comparison
  leeg_logboek
  trap - EXIT
  echo "kopieën bewaard in $werk: bench/http.sh $werk/leeg/nl.db (leeg logboek) en $werk/lang/nl.db"
fi
