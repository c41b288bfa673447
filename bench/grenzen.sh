#!/usr/bin/env bash
# Hostile delivery files against `dgr import`: for each, the outcome (the refusal message), the
# wall time and the peak memory of the whole process. These are the files of issue #9 that used
# to kill the process or the server (a 1.7 KB XLSX with a cell at XFD1048576, a zip bomb of 2
# million rows, a CSV header of a million columns, a 200 MB field); the readers' limits
# (crates/dgr-ingest/src/grenzen.rs) must refuse each with a clear message in bounded memory.
# Usage: bench/grenzen.sh            (needs python3; writes ~1.5 GB of scratch files to a temp dir)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p dgr
dgr=$PWD/target/release/dgr
werk=$(mktemp -d)
trap 'rm -rf "$werk"' EXIT

python3 - "$werk" <<'PY'
import sys, zipfile
werk = sys.argv[1]
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WBRELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
          '</Relationships>')

def c(ref, tekst):
    return f'<c r="{ref}" t="inlineStr"><is><t>{tekst}</t></is></c>'

def kop_en_rij():
    kop = ''.join(c(f'{k}1', n) for k, n in zip('ABCD', ['bsn', 'grondslag', 'mutatie', 'ingangsdatum']))
    rij = ''.join(c(f'{k}2', n) for k, n in zip('ABCD', ['111222333', 'WAJONG', 'OPVOER', '2024-03-01']))
    return f'<row r="1">{kop}</row><row r="2">{rij}</row>'

def xlsx(naam, dimensie, rijen):
    with zipfile.ZipFile(f'{werk}/{naam}', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS)
        z.writestr('xl/workbook.xml', WB)
        z.writestr('xl/_rels/workbook.xml.rels', WBRELS)
        with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
            f.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     f'<dimension ref="{dimensie}"/><sheetData>').encode())
            for stuk in rijen():
                f.write(stuk.encode())
            f.write(b'</sheetData></worksheet>')

# finding 1: one stray cell at the very last cell of a worksheet, and one at row 2000
xlsx('xfd1048576.xlsx', 'A1:XFD1048576',
     lambda: [kop_en_rij(), f'<row r="1048576">{c("XFD1048576", "x")}</row>'])
xlsx('rij2000.xlsx', 'A1:D2000',
     lambda: [kop_en_rij(), f'<row r="2000">{c("B2000", "x")}</row>'])

# finding 2: a zip bomb, ~2 million rows of sheet XML
def bom():
    yield kop_en_rij()
    for start in range(3, 2_000_003, 1000):
        yield ''.join(f'<row r="{r}">{c(f"A{r}", "111222333")}{c(f"B{r}", "WAJONG")}'
                      f'{c(f"C{r}", "OPVOER")}{c(f"D{r}", "2024-03-01")}</row>'
                      for r in range(start, start + 1000))
xlsx('zipbom.xlsx', 'A1:D2000000', bom)

# finding 3: a CSV header of a million columns
with open(f'{werk}/kolommen.csv', 'w') as f:
    f.write('bsn;grondslag;mutatie;ingangsdatum')
    for k in range(1_000_000):
        f.write(f';k{k}')
    f.write('\n111222333;WAJONG;OPVOER;2024-03-01\n')

# finding 10: one field of 200 MB
with open(f'{werk}/veld.csv', 'w') as f:
    f.write('bsn;grondslag;mutatie;ingangsdatum\n111222333;')
    blok = 'W' * (1 << 20)
    for _ in range(200):
        f.write(blok)
    f.write(';OPVOER;2024-03-01\n')
PY

printf '%-20s %12s %8s %9s  %s\n' bestand grootte "tijd(s)" "piek(MB)" uitkomst
for f in xfd1048576.xlsx rij2000.xlsx zipbom.xlsx kolommen.csv veld.csv; do
  pad="$werk/$f"
  set +e
  /usr/bin/time -f "%e %M" -o "$werk/time" "$dgr" --db "$werk/reg.db" import --soort registraties \
    --bron UWV --kenmerk "grens-$f" --json "$pad" > "$werk/uit.json" 2> "$werk/err.txt"
  set -e
  read -r wall kb < <(tail -n1 "$werk/time")   # time prints "Command exited …" first on failure
  uitkomst=$(python3 -c "
import json,sys
try:
    r=json.load(open('$werk/uit.json')); print(r['status'], '-', (r.get('reden') or '')[:110])
except Exception:
    print(open('$werk/err.txt').read().strip()[:120])")
  printf '%-20s %12s %8s %9d  %s\n' "$f" "$(du -h "$pad" | cut -f1)" "$wall" $((kb / 1024)) "$uitkomst"
done
