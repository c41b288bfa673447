#!/usr/bin/env python3
"""Times every web page of the register as its users open them (issue #13 goal 4: every page
under 300 ms on the national register). Starts `dgr serve` with the development login on DB,
waits until the server has computed the dashboards' default views and last year's quota ahead
(it does so at start and after every change of the register), logs in per role through the
login form, opens each page four times and prints the first opening and the median of the
other three, flagging a page when either is over 300 ms. Inkijk and Mijn are timed for the
person with the longest registration history.

With --verandering the run works on a copy of DB (beside it in a scratch folder, removed
afterwards): after the first round it imports a small delivery with `dgr import` from another
process, as register staff would, waits for the server to compute ahead again, and times the
first opening of the dashboards and the quota page after that change. Standard library only.

Usage: bench/paginas.py DB [--verandering]   (DB: the SQLite file of e.g. `dgr demo --schaal 1`)
"""
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

POORT = 18282
BASIS = f"http://127.0.0.1:{POORT}"
GRENS = 0.300


class GeenRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(GeenRedirect)


def vraag(pad, cookie=None, data=None):
    """(status, body, seconds, set-cookie) of one request."""
    kop = {"Cookie": cookie} if cookie else {}
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(BASIS + pad, data=body, headers=kop)
    start = time.perf_counter()
    try:
        with OPENER.open(req) as r:
            inhoud = r.read()
            status, koppen = r.status, r.headers
    except urllib.error.HTTPError as e:
        inhoud = e.read()
        status, koppen = e.code, e.headers
    duur = time.perf_counter() - start
    return status, inhoud.decode("utf-8", "replace"), duur, koppen.get("Set-Cookie")


def login(velden):
    status, _, _, cookie = vraag("/login", data=velden)
    if status != 303 or not cookie:
        sys.exit(f"login {velden} mislukt: {status}")
    return cookie.split(";")[0]


def csrf(cookie, pad):
    _, html, _, _ = vraag(pad, cookie)
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    return m.group(1) if m else ""


def meet(naam, cookie, pad, data=None):
    """The first opening (cold: a report may be computed) and the median of three more (warm)."""
    tijden, status = [], None
    for _ in range(4):
        velden = dict(data) if data else None
        if velden is not None:
            velden["csrf"] = csrf(cookie, pad)
        status, _, duur, _ = vraag(pad, cookie, velden)
        tijden.append(duur)
    eerste, mediaan = tijden[0], statistics.median(tijden[1:])
    teken = "TE TRAAG" if max(eerste, mediaan) > GRENS else "ok"
    print(f"{naam:<44} {status:>4} {eerste * 1000:>8.0f} ms {mediaan * 1000:>8.0f} ms  {teken}",
          flush=True)
    return max(eerste, mediaan)


def wacht_op_voorberekening(log, aantal):
    """Waits until the server log holds `aantal` finished precomputations; prints the last."""
    begin = time.perf_counter()
    while time.perf_counter() - begin < 900:
        regels = [r for r in open(log, encoding="utf-8", errors="replace")
                  if "voorberekening klaar" in r]
        if len(regels) >= aantal:
            ms = re.search(r"ms=(\d+)", regels[-1])
            print(f"vooruit berekend in {ms.group(1) if ms else '?'} ms "
                  f"(gewacht {time.perf_counter() - begin:.1f} s)", flush=True)
            return
        time.sleep(0.2)
    sys.exit("de server rekende niet vooruit binnen 900 s")


def main():
    if len(sys.argv) not in (2, 3) or sys.argv[2:] not in ([], ["--verandering"]):
        sys.exit(__doc__)
    db, verandering = sys.argv[1], sys.argv[2:] == ["--verandering"]
    # DGR=path times another build, as in the other scripts
    dgr = os.environ.get("DGR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "dgr")
    kopie = None
    if verandering:
        # a copy beside the original (same disk), register and processing log alike
        kopie = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(db)))
        subprocess.run([dgr, "--db", db, "leveringen"], check=True, capture_output=True)
        for eind in ("", ".logboek.db"):
            bron = db if not eind else os.path.splitext(db)[0] + eind
            if os.path.exists(bron):
                shutil.copy(bron, os.path.join(kopie, "nl" + (eind or ".db")))
        db = os.path.join(kopie, "nl.db")
    con = sqlite3.connect(db)
    # the person with the longest registration history, and the employer with the most polis rows
    (bsn,) = con.execute(
        "SELECT printf('%09d', bsn) FROM registratie_versies GROUP BY bsn ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    (lhn,) = con.execute(
        "SELECT loonheffingennummer FROM polis_versies WHERE vervallen_op IS NULL "
        "GROUP BY loonheffingennummer ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    con.close()
    # stored as one integer: fiscaal nummer × 100 + subnummer
    lhn = f"{lhn // 100:09d}L{lhn % 100:02d}" if isinstance(lhn, int) else lhn
    werk = tempfile.mkdtemp()
    log = os.path.join(werk, "server.log")
    server = subprocess.Popen(
        [dgr, "-v", "--db", db, "serve", "--data-map", werk, "--ontwikkel-issuer",
         "--limiet-per-dag", "100000000", "--listen", f"127.0.0.1:{POORT}"],
        stderr=open(log, "w"),
    )
    try:
        for _ in range(240):
            try:
                if vraag("/api/v1/health/ready")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        wacht_op_voorberekening(log, 1)
        tijden = []
        print(f"{'pagina':<44} {'code':>4} {'eerste':>11} {'daarna':>11}")
        w = login({"rol": "werkgever", "loonheffingennummer": lhn, "organisatie": "Bench"})
        for pad in ["/", "/werkgever/check", "/werkgever/werknemers", "/werkgever/voordelen",
                    "/werkgever/quotum", "/werkgever/kandidaten", "/werkgever/monitor"]:
            tijden.append(meet(f"werkgever {pad}", w, pad))
        tijden.append(meet("werkgever check (POST)", w, "/werkgever/check",
                           {"bsn": bsn, "doel": "werknemer"}))
        a = login({"rol": "analist"})
        for pad in ["/dashboard", "/dashboard/trend", "/quotum"]:
            tijden.append(meet(f"analist {pad}", a, pad))
        u = login({"rol": "uwv", "organisatie": "Bench"})
        for pad in ["/inkijk", "/inkijk/aanvragen", "/inkijk/uitschrijvingen", "/inkijk/bezwaren",
                    "/leveringen"]:
            tijden.append(meet(f"uwv {pad}", u, pad))
        tijden.append(meet("uwv Inkijk langste historie (POST)", u, "/inkijk", {"bsn": bsn}))
        g = login({"rol": "gemeente", "gemeentecode": "0363"})
        for pad in ["/gemeente/praktijkroute", "/gemeente/aanvragen"]:
            tijden.append(meet(f"gemeente {pad}", g, pad))
        b = login({"rol": "burger", "bsn": bsn})
        tijden.append(meet("burger /mijn (langste historie)", b, "/mijn"))
        if verandering:
            levering = os.path.join(werk, "levering.csv")
            with open(levering, "w") as f:
                f.write("bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2016-01-01\n")
            subprocess.run([dgr, "--db", db, "import", "--soort", "registraties", "--bron", "UWV",
                            "--kenmerk", f"BENCH-{int(time.time())}", levering],
                           check=True, capture_output=True)
            print("na een levering (dgr import vanuit een ander proces):", flush=True)
            wacht_op_voorberekening(log, 2)
            for naam, cookie, pad in [("analist", a, "/dashboard"), ("analist", a, "/dashboard/trend"),
                                      ("werkgever", w, "/werkgever/quotum")]:
                tijden.append(meet(f"{naam} {pad} (na levering)", cookie, pad))
        traag = sum(1 for t in tijden if t > GRENS)
        print(f"{len(tijden)} pagina's, {traag} boven {GRENS * 1000:.0f} ms; "
              f"traagste {max(tijden) * 1000:.0f} ms")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(werk, ignore_errors=True)
        if kopie:
            shutil.rmtree(kopie, ignore_errors=True)


if __name__ == "__main__":
    main()
