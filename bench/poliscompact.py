#!/usr/bin/env python3
"""A design probe for issue #13 (polis at 1,000,000 rows/s): what SQLite itself costs per polis
row with the pay period stored as text (`'2024-01-01'`, 10 bytes a date) and the kind as text
(`'REGULIER'`), against both stored as integers (days since 1970-01-01, 2 bytes a date; the kind
as a small code, which SQLite stores in no bytes at all for 0 and 1).

Reads the polis delivery files of a demo data folder (`dgr demo --map DIR`), sorts each file's
rows by (first day, BSN) as the register does, and inserts every file in a transaction of its
own (WAL, synchronous=FULL, a 256 MiB page cache, as `dgr` writes) into a rowid table shaped as
`polis_versies`, once per form per round, the forms interleaved. Prints the time of the inserts
and of the commits, and the size of file and WAL. Python's own per-row work is the same in both
forms, so the difference is what the wider rows cost SQLite.

Usage: python3 bench/poliscompact.py DATA_DIR [ROUNDS]
"""

import datetime
import os
import sys
import tempfile

from polisblokken import grootte, polisbestanden, verbinding
from polisindex import maak_tabel, rijen, voeg_in

EPOCH = datetime.date(1970, 1, 1)
SOORTEN = {"REGULIER": 0, "WSW_BESCHUT": 1, "BESCHUT_WERK": 2}


def dagen(tekst):
    """Days since 1970-01-01 of a date stored as yyyy-mm-dd."""
    return (datetime.date.fromisoformat(tekst) - EPOCH).days


def compact(leveringen):
    """The same rows with dates as day numbers and the kind as a code."""
    return [[(dagen(d), b, l, i, dagen(e), u, SOORTEN.setdefault(s, len(SOORTEN)))
             for d, b, l, i, e, u, s in lijst] for lijst in leveringen]


def ronde(leveringen, totaal, vorm):
    with tempfile.TemporaryDirectory() as map_:
        pad = os.path.join(map_, "polis.db")
        conn = verbinding(pad)
        maak_tabel(conn, "TEXT" if vorm == "tekst" else "INTEGER")
        duur, commit = voeg_in(conn, leveringen)
        paginas = conn.execute("PRAGMA page_count").fetchone()[0]
        bytes_ = grootte(pad)
        conn.close()
    print(f"{vorm:7}: {duur:.2f} s (commits {commit:.2f} s, {totaal / duur / 1e3:.0f}k rows/s), "
          f"{paginas} pages, file and WAL {bytes_ / 2**20:.0f} MB")


def main():
    tekst = [rijen(p) for p in polisbestanden(sys.argv, __doc__)]
    getallen = compact(tekst)
    totaal = sum(map(len, tekst))
    print(f"{len(tekst)} deliveries, {totaal} rows")
    for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 2):
        ronde(tekst, totaal, "tekst")
        ronde(getallen, totaal, "compact")


if __name__ == "__main__":
    main()
