#!/usr/bin/env python3
"""Times every web page of the register as its users open them (issue #13 goal 4: every page
under 300 ms on the national register). Starts `dgr serve` with the development login on DB,
logs in per role through the login form, opens each page four times and prints the first
opening (cold: the server may still be computing a report) and the median of the other three
(warm: reports are kept per state of the register), flagging pages whose warm time is over
300 ms. Inkijk and Mijn are timed for the person with the
longest registration history. Standard library only.

Usage: bench/paginas.py DB            (DB: the SQLite file of e.g. `dgr demo --schaal 1`)
"""
import os
import re
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
    teken = "TE TRAAG" if mediaan > GRENS else "ok"
    print(f"{naam:<44} {status:>4} {eerste * 1000:>8.0f} ms {mediaan * 1000:>8.0f} ms  {teken}",
          flush=True)
    return mediaan


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    db = sys.argv[1]
    dgr = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "dgr")
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
    server = subprocess.Popen(
        [dgr, "--db", db, "serve", "--data-map", werk, "--ontwikkel-issuer",
         "--limiet-per-dag", "100000000", "--listen", f"127.0.0.1:{POORT}"],
        stderr=open(os.path.join(werk, "server.log"), "w"),
    )
    try:
        for _ in range(240):
            try:
                if vraag("/api/v1/health/ready")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
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
        traag = sum(1 for t in tijden if t > GRENS)
        # the dashboards' default views are computed in the background at start: this run
        # begins as soon as the server answers, so their first opening may include that work
        print(f"{len(tijden)} pagina's, {traag} boven {GRENS * 1000:.0f} ms; "
              f"traagste {max(tijden) * 1000:.0f} ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
