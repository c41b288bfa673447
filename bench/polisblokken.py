#!/usr/bin/env python3
"""A design probe for issue #13 (polis at 1,000,000 rows/s): what SQLite itself costs when polis
rows are stored in blocks instead of one table row each.

Reads the polis delivery files of a demo data folder (`dgr demo --map DIR`), sorts each file's
rows by (first day of the pay period, BSN) as the register does, and packs them into blocks of
at most 64 rows of one first day: one BLOB per block (BSN, loonheffingennummer, hirer, last day,
hours in hundredths, kind: 30 bytes a row) in a table keyed by block id, with one index entry per
block (delivery, first day, first BSN) by which a person's rows would be found. Then it inserts
every file's blocks in a transaction of its own (WAL, synchronous=FULL, a 256 MiB page cache, as
`dgr` writes) and prints the time of the inserts and commits alone: the packing is done first and
not timed, and so is everything else the register does per row (reading, checks, the current
version of a key). Compare with `bench/demo.sh`, whose polis time includes all of that.

Usage: python3 bench/polisblokken.py DATA_DIR [ROUNDS]
"""

import csv
import datetime
import glob
import os
import sqlite3
import struct
import sys
import tempfile
import time

BLOK = 64
EPOCH = datetime.date(1970, 1, 1)
# a registration time in µs since 1970 (2023-11-14), as the register stores it
TIJD = 1_700_000_000_000_000


def dag(tekst):
    """Days since 1970-01-01 of a date written dd-mm-yyyy or yyyy-mm-dd."""
    a, m, b = tekst.split("-")
    d, j = (b, a) if len(a) == 4 else (a, b)
    return (datetime.date(int(j), int(m), int(d)) - EPOCH).days


def lhn(tekst):
    """A loonheffingennummer (123456789L01) as a number, 0 when empty."""
    return int(tekst[:9]) * 100 + int(tekst[10:]) if tekst else 0


def rijen(pad, soorten):
    """The rows of one delivery file, sorted by (first day, BSN)."""
    uit = []
    with open(pad, newline="") as f:
        kop = f.readline()
        for veld in csv.reader(f, delimiter=";" if ";" in kop else ","):
            b, l, i, begin, einde, uren, soort = (veld + [""] * 7)[:7]
            uren = round(float(uren.replace(",", ".")) * 100)
            uit.append((dag(begin), int(b), lhn(l), lhn(i), dag(einde), uren,
                        soorten.setdefault(soort, len(soorten))))
    uit.sort()
    return uit


def blokken(gesorteerd):
    """Blocks of at most BLOK rows of one first day: (day, first BSN, count, BLOB)."""
    uit, k = [], 0
    while k < len(gesorteerd):
        d, j = gesorteerd[k][0], k
        while j < len(gesorteerd) and j - k < BLOK and gesorteerd[j][0] == d:
            j += 1
        blob = b"".join(struct.pack("<IqqiIB", *r[1:]) for r in gesorteerd[k:j])
        uit.append((d, gesorteerd[k][1], j - k, blob))
        k = j
    return uit


def polisbestanden(argv, gebruik):
    """The polis delivery files of the data folder argv[1], sorted by name; exits with the
    text `gebruik` without a folder, or when it holds none."""
    if len(argv) < 2:
        sys.exit(gebruik)
    bestanden = sorted(glob.glob(os.path.join(argv[1], "polis_*.csv")))
    if not bestanden:
        sys.exit(f"no polis_*.csv in {argv[1]}")
    return bestanden


def verbinding(pad):
    """A connection to the database file `pad` set up as `dgr` writes: WAL, synchronous=FULL,
    a 256 MiB page cache, an automatic checkpoint past 20,000 pages; transactions by hand."""
    conn = sqlite3.connect(pad, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "cache_size = -262144",
                   "wal_autocheckpoint = 20000"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def grootte(pad):
    """Bytes of the database file `pad` with its WAL and shared-memory file."""
    return sum(os.path.getsize(p) for p in glob.glob(pad + "*"))


def per_levering(conn, sql, leveringen, rij):
    """Inserts each delivery's items with `sql` in a transaction of its own, as the register
    writes them, each made into a row by `rij(levering, item)` (deliveries numbered from 1);
    returns the seconds in all and the seconds of the commits."""
    begin, commit = time.perf_counter(), 0.0
    for levering, lijst in enumerate(leveringen, 1):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, [rij(levering, item) for item in lijst])
        t = time.perf_counter()
        conn.execute("COMMIT")
        commit += time.perf_counter() - t
    return time.perf_counter() - begin, commit


def ronde(leveringen, rijen_totaal):
    with tempfile.TemporaryDirectory() as map_:
        pad = os.path.join(map_, "blokken.db")
        conn = verbinding(pad)
        conn.execute(
            "CREATE TABLE polis_blokken (blok_id INTEGER PRIMARY KEY, levering_id INTEGER NOT NULL, "
            "dag INTEGER NOT NULL, eerste_bsn INTEGER NOT NULL, aantal INTEGER NOT NULL, "
            "geregistreerd_op INTEGER NOT NULL, rijen BLOB NOT NULL)")
        conn.execute("CREATE INDEX polis_blokken_persoon ON polis_blokken (levering_id, dag, eerste_bsn)")
        duur, commit = per_levering(
            conn,
            "INSERT INTO polis_blokken (levering_id, dag, eerste_bsn, aantal, geregistreerd_op, rijen) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            leveringen,
            lambda levering, blok: (levering, *blok[:3], TIJD + levering, blok[3]))
        bytes_ = grootte(pad)
        conn.close()
    print(f"inserts and commits {duur:.2f} s (commits {commit:.2f} s): "
          f"{rijen_totaal / duur / 1e6:.2f} million rows/s; file and WAL {bytes_ / 2**20:.0f} MB")


def main():
    bestanden = polisbestanden(sys.argv, __doc__)
    soorten, leveringen, totaal = {}, [], 0
    begin = time.perf_counter()
    for pad in bestanden:
        gesorteerd = rijen(pad, soorten)
        totaal += len(gesorteerd)
        leveringen.append(blokken(gesorteerd))
    print(f"{len(bestanden)} deliveries, {totaal} rows, {sum(map(len, leveringen))} blocks "
          f"(read and packed in {time.perf_counter() - begin:.0f} s, not timed below)")
    for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 2):
        ronde(leveringen, totaal)


if __name__ == "__main__":
    main()
