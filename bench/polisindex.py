#!/usr/bin/env python3
"""A design probe for issue #13: what an index of polis rows by (delivery, BSN) costs SQLite
when a delivery's rows are inserted in the order of (first day, BSN), as the register writes
them.

Reads the polis delivery files of a demo data folder (`dgr demo --map DIR`), sorts each file's
rows by (first day, BSN), and inserts every file in a transaction of its own (WAL,
synchronous=FULL, a 256 MiB page cache, as `dgr` writes) into a table of polis rows like
`polis_versies`, twice per round: without any index, and with the index
`(levering_id, bsn)` that the register had before its person blocks (`polis_bsn_blokken`).
Prints the time of the inserts and commits and the size of file and WAL. The difference is what
the index costs SQLite itself; Python's own per-row work is the same in both.

Usage: python3 bench/polisindex.py DATA_DIR [ROUNDS]
"""

import csv
import os
import sys
import tempfile
import time

from polisblokken import TIJD, grootte, per_levering, polisbestanden, verbinding


def datum(tekst):
    """A date written dd-mm-yyyy or yyyy-mm-dd, as stored (yyyy-mm-dd)."""
    a, m, b = tekst.split("-")
    return f"{a}-{m}-{b}" if len(a) == 4 else f"{b}-{m}-{a}"


def lhn(tekst):
    """A loonheffingennummer (123456789L01) as a number, None when empty."""
    return int(tekst[:9]) * 100 + int(tekst[10:]) if tekst else None


def rijen(pad):
    """The rows of one delivery file, sorted by (first day, BSN)."""
    uit = []
    with open(pad, newline="") as f:
        kop = f.readline()
        for veld in csv.reader(f, delimiter=";" if ";" in kop else ","):
            b, l, i, begin, einde, uren, soort = (veld + [""] * 7)[:7]
            uit.append((datum(begin), int(b), lhn(l), lhn(i), datum(einde),
                        round(float(uren.replace(",", ".")) * 100), soort))
    uit.sort()
    return uit


def maak_tabel(conn, vorm="TEXT"):
    """A table of polis rows shaped as `polis_versies`, with the pay period and kind as `vorm`
    (TEXT, or INTEGER for day numbers and codes)."""
    conn.execute(
        "CREATE TABLE polis_versies (versie_id INTEGER PRIMARY KEY, bsn INTEGER NOT NULL, "
        f"loonheffingennummer INTEGER NOT NULL, inlener INTEGER, tijdvak_begin {vorm} NOT NULL, "
        f"tijdvak_einde {vorm} NOT NULL, uren INTEGER NOT NULL, soort {vorm} NOT NULL, "
        "geregistreerd_op INTEGER NOT NULL, vervallen_op INTEGER, levering_id INTEGER NOT NULL)")


def voeg_in(conn, leveringen):
    """Inserts each delivery's rows (first day, BSN, lhn, inlener, last day, hours, kind) in a
    transaction of its own, as the register writes them; returns the seconds in all and the
    seconds of the commits."""
    return per_levering(
        conn,
        "INSERT INTO polis_versies (bsn, loonheffingennummer, inlener, tijdvak_einde, uren, "
        "soort, tijdvak_begin, geregistreerd_op, levering_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        leveringen,
        lambda levering, r: (*r[1:], r[0], TIJD + levering, levering))


def ronde(leveringen, totaal, met_index):
    with tempfile.TemporaryDirectory() as map_:
        pad = os.path.join(map_, "polis.db")
        conn = verbinding(pad)
        maak_tabel(conn)
        if met_index:
            conn.execute("CREATE INDEX polis_versies_levering_bsn ON polis_versies (levering_id, bsn)")
        duur, _ = voeg_in(conn, leveringen)
        bytes_ = grootte(pad)
        conn.close()
    soort = "with the index (levering_id, bsn)" if met_index else "without an index      "
    print(f"{soort}: {duur:.2f} s ({totaal / duur / 1e3:.0f}k rows/s), "
          f"file and WAL {bytes_ / 2**20:.0f} MB")


def main():
    leveringen = [rijen(p) for p in polisbestanden(sys.argv, __doc__)]
    totaal = sum(map(len, leveringen))
    print(f"{len(leveringen)} deliveries, {totaal} rows (read and sorted first, not timed)")
    for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 2):
        ronde(leveringen, totaal, False)
        ronde(leveringen, totaal, True)


if __name__ == "__main__":
    main()
