//! A second connection on the register file for the reports' large scans (issue #13): while a
//! store's own connection reads the lower part of a scan, the second one reads the upper part on
//! another thread, so a report uses the machine's second core as an analyst's DuckDB does. Most
//! report scans now read the report copies instead (`kopie`); a scan whose copies are missing
//! and not made (a register with a value a copy cannot hold, a delivery writing) is split. Only
//! a store opened for reports ([`SqliteStore::open_rapportlezer`], `dgr rapport`) does this:
//! the upper part's rows wait in memory until the lower part is done, which a server's readers,
//! answering many requests at once, should not pay for every employer's overview of its
//! employees. The connection is opened at the first such scan and kept for the next.
//!
//! Both parts are read in one state of the register. Each connection opens a read transaction
//! and reads the scanned table's stand (the id its next version gets, which every change of that
//! table raises in the same transaction). When the second connection finds another stand (a
//! delivery committed between the two starts), or fails, the store's own connection reads the
//! upper part too, still in its own read transaction.

use std::path::Path;
use std::sync::PoisonError;

use rusqlite::{Connection, OpenFlags};

use super::SqliteStore;
use crate::Resultaat;

/// Where the second connection of a [`SqliteStore`] stands.
#[derive(Debug, Default)]
enum Plek {
    /// Not opened yet, or dropped after it failed (opened again at the next scan).
    #[default]
    Nog,
    /// Open, waiting for the next scan.
    Open(Connection),
    /// Opening it failed: scans are read whole from then on (logged once).
    Mislukt,
}

/// The second connection of a [`SqliteStore`].
pub(super) struct TweedeLezer {
    /// The connection, behind a lock so that one scan can take it out.
    plek: std::sync::Mutex<Plek>,
    /// Whether this store splits its large scans and decodes its report copies on a second
    /// thread ([`SqliteStore::open_rapportlezer`]).
    toegestaan: bool,
    /// How many scans the two connections read together (for the tests).
    #[cfg(test)]
    pub(super) gesplitst: std::sync::atomic::AtomicUsize,
    /// Run once between the starts of the two read transactions (for the tests: a delivery
    /// committed just then).
    #[cfg(test)]
    pub(super) tussendoor: std::sync::Mutex<Option<Box<dyn FnOnce() + Send>>>,
    /// Whether scans read the tables even where a report copy is current (for the tests of
    /// the other ways of reading).
    #[cfg(test)]
    pub(super) zonder_kopie: std::sync::atomic::AtomicBool,
    /// How many scans were read from a report copy (for the tests).
    #[cfg(test)]
    pub(super) uit_kopie: std::sync::atomic::AtomicUsize,
}

impl TweedeLezer {
    /// No connection yet; `toegestaan` says whether the store splits its large scans and
    /// decodes its report copies on a second thread.
    pub(super) fn new(toegestaan: bool) -> TweedeLezer {
        TweedeLezer {
            plek: std::sync::Mutex::new(Plek::Nog),
            toegestaan,
            #[cfg(test)]
            gesplitst: std::sync::atomic::AtomicUsize::new(0),
            #[cfg(test)]
            tussendoor: std::sync::Mutex::new(None),
            #[cfg(test)]
            zonder_kopie: std::sync::atomic::AtomicBool::new(false),
            #[cfg(test)]
            uit_kopie: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Whether this store may use the machine's second core for its scans: split a large
    /// scan, or decode a report copy on a second thread (`kopie::op_twee_kernen`).
    pub(super) fn toegestaan(&self) -> bool {
        self.toegestaan
    }
}

/// Opens the second connection on the register file at `pad`: read-only in use (`query_only`),
/// reading the file through a memory map as the store's own connection does
/// ([`SqliteStore::open_lezer`]), and as patient with a writer.
fn open(pad: &Path) -> Resultaat<Connection> {
    let conn = Connection::open_with_flags(
        pad,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "query_only", true)?;
    conn.pragma_update(None, "mmap_size", super::MMAP_LEZER)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.set_prepared_statement_cache_capacity(16);
    super::een_plan_per_statement(&conn)?;
    Ok(conn)
}

/// A read transaction on a connection, pinned to one state of the register by its first read:
/// ended with [`Leestransactie::eind`], and rolled back when dropped otherwise (an error or a
/// panic on the way), so the connection is never left inside it.
pub(super) struct Leestransactie<'c> {
    conn: &'c Connection,
}

impl<'c> Leestransactie<'c> {
    /// Opens a read transaction on `conn` and reads in it the stand that `stand` gives (one
    /// row, one integer).
    pub(super) fn begin(conn: &'c Connection, stand: &str) -> Resultaat<(Leestransactie<'c>, i64)> {
        conn.execute_batch("BEGIN DEFERRED")?;
        let lezing = Leestransactie { conn };
        let waarde = conn.query_row(stand, [], |r| r.get(0))?;
        Ok((lezing, waarde))
    }

    /// Ends the transaction (a failed end is rolled back when `self` is dropped).
    pub(super) fn eind(self) -> Resultaat<()> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }
}

impl Drop for Leestransactie<'_> {
    fn drop(&mut self) {
        if !self.conn.is_autocommit() {
            // nothing was written: rolling back only ends the transaction
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// What the second connection brought back: the upper part, or `None` when it found another
/// stand.
type Bovendeel<B> = Resultaat<Option<B>>;

impl SqliteStore {
    /// Reads a scan in two parts at the same time, in one state of the register (see the
    /// module): `onder` on this store's connection, handing its rows on as it reads, and
    /// `boven` on the second connection on another thread, returning the upper part's rows
    /// once the lower part is done. `stand` reads the scanned table's stand (one row, one
    /// integer), which both parts are given. `None` when the scan is to be read whole on this
    /// connection: the store does not split scans, has no second connection (a register in
    /// memory, or opening it failed), or this connection is inside a transaction (also the
    /// case for a scan started from a callback of `onder`: it is read whole, in the same state
    /// of the register). A panic in `boven` is raised again here; this connection's read
    /// transaction is ended on every way out.
    ///
    /// # Errors
    /// [`crate::StoreFout`] from `onder`, from `boven` read on this connection, or when this
    /// connection's read transaction cannot be opened or ended.
    pub(super) fn tegelijk<B: Send>(
        &self,
        stand: &str,
        onder: impl FnOnce(&Connection, i64) -> Resultaat<()>,
        boven: impl Fn(&Connection, i64) -> Resultaat<B> + Sync,
    ) -> Option<Resultaat<B>> {
        if !self.tweede_lezer.toegestaan || !self.conn.is_autocommit() {
            return None;
        }
        let hulp = self.neem_tweede_lezer()?;
        let (lezing, eigen) = match Leestransactie::begin(&self.conn, stand) {
            Ok(begonnen) => begonnen,
            Err(e) => {
                self.zet_terug(Plek::Open(hulp));
                return Some(Err(e));
            }
        };
        #[cfg(test)]
        if let Some(tussendoor) = self
            .tweede_lezer
            .tussendoor
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            tussendoor();
        }
        let boven = &boven;
        let (onder_klaar, bovendeel, hulp): (_, Bovendeel<B>, _) = std::thread::scope(|draden| {
            let draad = draden.spawn(move || {
                let deel = Leestransactie::begin(&hulp, stand).and_then(|(lezing, s)| {
                    let rijen = if s == eigen {
                        boven(&hulp, s).map(Some)
                    } else {
                        Ok(None)
                    };
                    lezing.eind()?;
                    rijen
                });
                (deel, hulp)
            });
            let onder_klaar = onder(&self.conn, eigen);
            match draad.join() {
                Ok((deel, hulp)) => (onder_klaar, deel, hulp),
                Err(paniek) => std::panic::resume_unwind(paniek),
            }
        });
        let bovendeel = match bovendeel {
            Ok(deel) => {
                self.zet_terug(Plek::Open(hulp));
                Ok(deel)
            }
            Err(e) => {
                tracing::warn!(fout = %e, "tweede lezer mislukt: het deel opnieuw gelezen");
                drop(hulp);
                Err(e)
            }
        };
        let rijen = onder_klaar.and_then(|()| match bovendeel {
            Ok(Some(rijen)) => {
                #[cfg(test)]
                self.tweede_lezer
                    .gesplitst
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Ok(rijen)
            }
            // another stand, or the second connection failed: this one reads that part too
            Ok(None) | Err(_) => boven(&self.conn, eigen),
        });
        let einde = lezing.eind();
        Some(rijen.and_then(|r| einde.map(|()| r)))
    }

    /// The second connection, taken from its place (opened if there is none yet).
    fn neem_tweede_lezer(&self) -> Option<Connection> {
        let mut plek = self
            .tweede_lezer
            .plek
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match std::mem::take(&mut *plek) {
            Plek::Open(conn) => return Some(conn),
            Plek::Mislukt => {
                *plek = Plek::Mislukt;
                return None;
            }
            Plek::Nog => {}
        }
        // "" for a database in memory, which no other connection can see
        let pad = self.conn.path().filter(|p| !p.is_empty())?;
        match open(Path::new(pad)) {
            Ok(conn) => Some(conn),
            Err(e) => {
                tracing::warn!(fout = %e, "geen tweede lezer: rapporten lezen op één kern");
                *plek = Plek::Mislukt;
                None
            }
        }
    }

    /// Puts the second connection back in its place.
    fn zet_terug(&self, terug: Plek) {
        *self
            .tweede_lezer
            .plek
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = terug;
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Days, NaiveDate, Utc};
    use dgr_core::registratie::{Einde, Oorzaak};
    use dgr_core::{Bron, Bsn, LeveringSoort};

    use super::SqliteStore;
    use crate::Store;
    use crate::postgres::tests::{bsn, d, gemeente, levering, ok, polis, registratie, t};

    /// `n` valid BSNs (eleven-test), ascending from 100,000,000.
    fn bsns(n: usize) -> Vec<String> {
        (100_000_000..200_000_000u32)
            .filter(|&w| Bsn::from_u32(w).is_ok())
            .take(n)
            .map(|w| format!("{w:09}"))
            .collect()
    }

    fn dag(begin: NaiveDate, dagen: u64) -> NaiveDate {
        begin
            .checked_add_days(Days::new(dagen))
            .unwrap_or_else(|| unreachable!("{begin} + {dagen}"))
    }

    /// Three transactions of history: at t(10) 120 persons (in three municipalities) with
    /// their registrations (four grondslagen, a third of them ended) and 24 months of polis
    /// rows at two employers; at t(20) every sixth person moved, every fifth registration's end
    /// corrected and every fourth person's polis hours of 2013 corrected; at t(30) every
    /// seventh registration withdrawn.
    fn schrijf_geschiedenis(store: &mut SqliteStore) {
        let personen = bsns(120);
        let grondslagen = ["WAJONG", "WSW", "IB", "BANENAFSPRAAK"];
        let lhns = ["123456782L01", "123456782L02"];
        let mut tx = ok(store.transactie());
        let mut l = levering(Bron::Uwv, LeveringSoort::Registraties, "R-1", t(10));
        l.grondslagen = grondslagen.iter().map(|g| g.to_string()).collect();
        let r1 = ok(tx.registreer_levering(&l));
        let p1 =
            ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P-1", t(10))));
        let brp =
            ok(tx.registreer_levering(&levering(Bron::Brp, LeveringSoort::Personen, "B-1", t(10))));
        for (i, b) in personen.iter().enumerate() {
            ok(tx.schrijf_persoon(&persoon(b, ["0363", "0599", "0344"][i % 3]), t(10), brp));
            let mut r = registratie(b, grondslagen[i % 4], dag(d(2012, 6, 1), 17 * i as u64));
            if i % 3 == 0 {
                r.bron_einde = Some(Einde {
                    datum: dag(r.ingangsdatum, 400),
                    reden: "EINDE".into(),
                });
            }
            ok(tx.schrijf_registratie(None, &r, t(10), &Oorzaak::Levering(r1)));
            for maand in 0..24 {
                let begin = d(2013 + maand / 12, (maand % 12) as u32 + 1, 1);
                let einde = dag(
                    begin
                        .checked_add_months(chrono::Months::new(1))
                        .unwrap_or(begin),
                    0,
                )
                .pred_opt()
                .unwrap_or(begin);
                let rij = polis(
                    b,
                    lhns[i % 2],
                    begin,
                    einde,
                    1_000 + (i as i64 * 37 + maand as i64) % 9_000,
                );
                ok(tx.schrijf_polis(&rij, t(10), p1));
            }
        }
        ok(tx.commit());
        let mut tx = ok(store.transactie());
        let r2 = ok(tx.registreer_levering(&l_met(&l, "R-2", t(20))));
        let p2 =
            ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P-2", t(20))));
        let brp2 =
            ok(tx.registreer_levering(&levering(Bron::Brp, LeveringSoort::Personen, "B-2", t(20))));
        for (i, b) in personen.iter().enumerate() {
            if i % 6 == 0 {
                ok(tx.schrijf_persoon(&persoon(b, "0014"), t(20), brp2));
            }
            if i % 5 == 0 {
                for oud in ok(tx.huidige_registraties(bsn(b))) {
                    let mut nieuw = oud.clone();
                    nieuw.bron_einde = Some(Einde {
                        datum: dag(oud.ingangsdatum, 100),
                        reden: "HERZIEN".into(),
                    });
                    ok(tx.schrijf_registratie(Some(&oud), &nieuw, t(20), &Oorzaak::Levering(r2)));
                }
            }
            if i % 4 == 0 {
                for maand in 0..12u32 {
                    let begin = d(2013, maand + 1, 1);
                    let einde = begin
                        .checked_add_months(chrono::Months::new(1))
                        .and_then(|e| e.pred_opt())
                        .unwrap_or(begin);
                    ok(tx.schrijf_polis(&polis(b, lhns[i % 2], begin, einde, 777), t(20), p2));
                }
            }
        }
        ok(tx.commit());
        let mut tx = ok(store.transactie());
        for (i, b) in personen.iter().enumerate() {
            if i % 7 == 0 {
                for oud in ok(tx.huidige_registraties(bsn(b))) {
                    let mut weg = oud.clone();
                    weg.ingetrokken = true;
                    ok(tx.schrijf_registratie(
                        Some(&oud),
                        &weg,
                        t(30),
                        &Oorzaak::Handeling("intrekking".into()),
                    ));
                }
            }
        }
        ok(tx.commit());
    }

    /// A register file in a folder of its own with [`schrijf_geschiedenis`] written to it.
    struct Register {
        _map: tempfile::TempDir,
        pad: std::path::PathBuf,
    }

    impl Register {
        fn met_geschiedenis() -> Register {
            let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
            let pad = map.path().join("r.db");
            schrijf_geschiedenis(&mut ok(SqliteStore::open(&pad)));
            Register { _map: map, pad }
        }

        /// A store that reads every scan whole from the tables (and writes).
        fn heel(&self) -> SqliteStore {
            zonder_kopie(ok(SqliteStore::open(&self.pad)))
        }

        /// A store that splits its scans (and reads the tables, not a report copy).
        fn gesplitst(&self) -> SqliteStore {
            zonder_kopie(ok(SqliteStore::open_rapportlezer(&self.pad)))
        }

        /// A store for reports as `dgr rapport` opens it: it makes and uses report copies.
        fn rapportlezer(&self) -> SqliteStore {
            ok(SqliteStore::open_rapportlezer(&self.pad))
        }

        /// A store as the server's readers open it: it uses a current report copy.
        fn lezer(&self) -> SqliteStore {
            ok(SqliteStore::open_lezer(&self.pad))
        }
    }

    /// `store`, reading the tables even where a report copy is current.
    fn zonder_kopie(store: SqliteStore) -> SqliteStore {
        store
            .tweede_lezer
            .zonder_kopie
            .store(true, std::sync::atomic::Ordering::Relaxed);
        store
    }

    /// A person born on 1 January 1980 living in `woongemeente`.
    fn persoon(b: &str, woongemeente: &str) -> dgr_core::gegevens::Persoon {
        dgr_core::gegevens::Persoon {
            bsn: bsn(b),
            geboortedatum: dgr_core::datum::parse_brp_datum("1980-01-01")
                .unwrap_or_else(|e| unreachable!("{e:?}")),
            overlijdensdatum: None,
            woongemeente: Some(gemeente(woongemeente)),
        }
    }

    fn l_met(
        l: &crate::NieuweLevering,
        kenmerk: &str,
        tijd: DateTime<Utc>,
    ) -> crate::NieuweLevering {
        let mut l = l.clone();
        l.kenmerk = kenmerk.into();
        l.bestandsnaam = format!("{kenmerk}.csv");
        l.geregistreerd_op = tijd;
        l
    }

    /// The windows of the registration scans: one year, two Decembers, everything, and more
    /// windows than SQLite is given (read as their enclosing range, then filtered).
    fn vensters() -> Vec<Vec<(NaiveDate, NaiveDate)>> {
        vec![
            vec![(d(2013, 1, 1), d(2014, 1, 1))],
            vec![
                (d(2012, 12, 1), d(2013, 1, 1)),
                (d(2013, 12, 1), d(2014, 1, 1)),
            ],
            vec![(d(2000, 1, 1), d(2100, 1, 1))],
            (0..9u32)
                .map(|m| (d(2013, m + 1, 1), d(2013, m + 1, 10)))
                .collect(),
        ]
    }

    /// The periods of the polis scans: two years, one month, one day.
    fn polisperioden() -> [(NaiveDate, NaiveDate); 3] {
        [
            (d(2013, 1, 1), d(2015, 1, 1)),
            (d(2013, 12, 1), d(2014, 1, 1)),
            (d(2013, 6, 15), d(2013, 6, 16)),
        ]
    }

    /// Every answer of the scans, one line per row in the order given.
    fn scans(store: &dyn Store, bekend_op: DateTime<Utc>) -> Vec<String> {
        let mut uit = registratiescans(store, bekend_op);
        ok(store.voor_elke_woongemeente(bekend_op, &mut |b, g| {
            uit.push(format!("woont {b:?} {g:?}"));
        }));
        uit.extend(polisregels(store, bekend_op, polisperioden()));
        uit
    }

    /// The polis rows of each period, one line per row in the order given.
    fn polisregels(
        store: &dyn Store,
        bekend_op: DateTime<Utc>,
        perioden: impl IntoIterator<Item = (NaiveDate, NaiveDate)>,
    ) -> Vec<String> {
        let mut uit = Vec::new();
        for (van, tot) in perioden {
            ok(store.voor_elke_polisrij(van, tot, bekend_op, &mut |r| {
                uit.push(format!("{van} {tot} {r:?}"));
            }));
        }
        uit
    }

    /// R-24 for the split scans: at every `bekend_op` before, between and after the three
    /// transactions, a store that reads its scans in two parts on two connections gives the
    /// very rows, in the very order, that a store reading each scan whole on one connection
    /// gives on the same register; and each of the eight scans was indeed read in two parts
    /// (4 registration scans, the woongemeenten, 3 polis scans; the one-day polis period reads first days from 31
    /// days before it, split after 12 of those 32 days).
    #[test]
    fn gesplitste_scans_gelijk_aan_hele() {
        use std::sync::atomic::Ordering;
        let r = Register::met_geschiedenis();
        let (heel, gesplitst) = (r.heel(), r.gesplitst());
        for (n, bekend_op) in [t(5), t(10), t(15), t(20), t(25), t(30), t(99)]
            .into_iter()
            .enumerate()
        {
            let verwacht = scans(&heel, bekend_op);
            assert!(
                bekend_op < t(10) || verwacht.len() > 1_000,
                "{}",
                verwacht.len()
            );
            assert_eq!(
                scans(&gesplitst, bekend_op),
                verwacht,
                "bekend op {bekend_op}"
            );
            assert_eq!(
                gesplitst.tweede_lezer.gesplitst.load(Ordering::Relaxed),
                8 * (n + 1)
            );
        }
        assert_eq!(heel.tweede_lezer.gesplitst.load(Ordering::Relaxed), 0);
    }

    /// One scan kind of [`andere_stand`]: all it hands on at t(99), one line per row.
    type Scan = fn(&dyn Store) -> Vec<String>;

    /// A delivery committed between the starts of the two parts' read transactions (by the
    /// test hook `tussendoor`), which changes rows of the upper part: the second connection
    /// finds another stand, and the store's own connection reads the upper part too, in its own
    /// read transaction, so the scan shows the register as it was before the delivery, whole
    /// (the rows of a whole scan before it), and is not counted as split. The next scan sees
    /// the delivery, gives what a whole scan then gives, and is split again.
    fn andere_stand(wijziging: impl FnOnce(&mut SqliteStore) + Send + 'static, scan: Scan) {
        use std::sync::atomic::Ordering;
        let r = Register::met_geschiedenis();
        let (heel, mut schrijver) = (r.heel(), r.heel());
        let voor = scan(&heel);
        let gesplitst = r.gesplitst();
        *gesplitst
            .tweede_lezer
            .tussendoor
            .lock()
            .unwrap_or_else(|e| unreachable!("{e}")) =
            Some(Box::new(move || wijziging(&mut schrijver)));
        assert_eq!(scan(&gesplitst), voor);
        assert_eq!(gesplitst.tweede_lezer.gesplitst.load(Ordering::Relaxed), 0);
        let na = scan(&gesplitst);
        assert_ne!(na, voor);
        assert_eq!(na, scan(&heel));
        assert_eq!(gesplitst.tweede_lezer.gesplitst.load(Ordering::Relaxed), 1);
    }

    /// One read transaction of a lookup (issue #13; [`Store::begin_leestransactie`]): a
    /// registration another connection commits in between is not seen inside it and is seen
    /// after it; inside an open transaction none is begun; after it the connection is back in
    /// autocommit.
    #[test]
    fn leestransactie_ziet_een_stand() {
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let pad = map.path().join("nl.db");
        let mut schrijver = ok(SqliteStore::open(&pad));
        let lezer = ok(SqliteStore::open(&pad));
        let persoon = &bsns(1)[0];
        let registreer = |schrijver: &mut SqliteStore, kenmerk: &str, grondslag: &str| {
            let mut tx = ok(schrijver.transactie());
            let soort = (Bron::Uwv, LeveringSoort::Registraties);
            let l = ok(tx.registreer_levering(&levering(soort.0, soort.1, kenmerk, t(40))));
            let nieuw = registratie(persoon, grondslag, d(2013, 1, 1));
            ok(tx.schrijf_registratie(None, &nieuw, t(40), &Oorzaak::Levering(l)));
            ok(tx.commit());
        };
        let versies = |store: &SqliteStore| ok(store.registratie_versies(bsn(persoon))).len();
        registreer(&mut schrijver, "R1", "WAJONG");
        assert!(ok(lezer.begin_leestransactie()));
        assert!(!ok(lezer.begin_leestransactie()));
        assert_eq!(versies(&lezer), 1);
        registreer(&mut schrijver, "R2", "WSW");
        assert_eq!(
            versies(&lezer),
            1,
            "the state at the transaction's first read"
        );
        ok(lezer.einde_leestransactie());
        assert!(lezer.conn.is_autocommit());
        assert_eq!(versies(&lezer), 2);
        // ending with none open does nothing
        ok(lezer.einde_leestransactie());
        assert!(lezer.conn.is_autocommit());
    }

    /// A late delivery of `soort` from `bron` at t(40): `schrijf` writes its rows in the
    /// delivery's transaction, which is then committed.
    fn laat(
        schrijver: &mut SqliteStore,
        (bron, soort): (Bron, LeveringSoort),
        schrijf: impl FnOnce(&mut dyn crate::Transactie, i64),
    ) {
        let mut tx = ok(schrijver.transactie());
        let l = ok(tx.registreer_levering(&levering(bron, soort, "LAAT", t(40))));
        schrijf(&mut *tx, l);
        ok(tx.commit());
    }

    /// [`andere_stand`] for the registrations (stand: the highest version id): a new
    /// registration, whose version id is the old stand, in the upper part.
    #[test]
    fn andere_stand_van_de_registraties() {
        andere_stand(
            |schrijver| {
                laat(
                    schrijver,
                    (Bron::Uwv, LeveringSoort::Registraties),
                    |tx, l| {
                        let nieuw = registratie(&bsns(121)[120], "WAJONG", d(2013, 1, 1));
                        ok(tx.schrijf_registratie(None, &nieuw, t(40), &Oorzaak::Levering(l)));
                    },
                );
            },
            |store| {
                let mut uit = Vec::new();
                let vensters = [(d(2000, 1, 1), d(2100, 1, 1))];
                ok(
                    store.voor_elke_registratieperiode_in(&vensters, t(99), &mut |r| {
                        uit.push(format!("{r:?}"));
                    }),
                );
                uit
            },
        );
    }

    /// [`andere_stand`] for the polis (stand: `polis_volgnummer`): a correction of the first
    /// person's March 2014 row, which lies in the upper part of a scan of 2013-2014 (split at
    /// 2013-10-01: first days from 2012-12-01, 2 of every 5 of the 761 days below).
    #[test]
    fn andere_stand_van_de_polis() {
        andere_stand(
            |schrijver| {
                laat(schrijver, (Bron::Uwv, LeveringSoort::Polis), |tx, l| {
                    let rij = polis(
                        &bsns(1)[0],
                        "123456782L01",
                        d(2014, 3, 1),
                        d(2014, 3, 31),
                        4_242,
                    );
                    ok(tx.schrijf_polis(&rij, t(40), l));
                });
            },
            |store| {
                let mut uit = Vec::new();
                ok(
                    store.voor_elke_polisrij(d(2013, 1, 1), d(2015, 1, 1), t(99), &mut |r| {
                        uit.push(format!("{r:?}"));
                    }),
                );
                uit
            },
        );
    }

    /// [`andere_stand`] for the persons (stand: the highest version id): the last person (of
    /// 0344 since t(10); 119 is no multiple of 6) moves to 0014, a new version in the upper
    /// part.
    #[test]
    fn andere_stand_van_de_personen() {
        andere_stand(
            |schrijver| {
                laat(schrijver, (Bron::Brp, LeveringSoort::Personen), |tx, l| {
                    ok(tx.schrijf_persoon(&persoon(&bsns(120)[119], "0014"), t(40), l));
                });
            },
            |store| {
                let mut uit = Vec::new();
                ok(store.voor_elke_woongemeente(t(99), &mut |b, g| {
                    uit.push(format!("{b:?} {g:?}"));
                }));
                uit
            },
        );
    }

    /// A callback that panics in the middle of a split scan (as a report's bug would): the
    /// panic reaches the caller, the store's connection is left outside any transaction (it
    /// can still write), and the next scan is split again, with the rows of a whole scan.
    #[test]
    fn paniek_laat_geen_leestransactie_open() {
        use std::sync::atomic::Ordering;
        let r = Register::met_geschiedenis();
        let (heel, mut gesplitst) = (r.heel(), r.gesplitst());
        let (van, tot) = (d(2013, 1, 1), d(2015, 1, 1));
        let paniek = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = gesplitst.voor_elke_polisrij(van, tot, t(99), &mut |_| {
                unreachable!("opzettelijke paniek in een rapport")
            });
        }));
        assert!(paniek.is_err());
        assert!(gesplitst.conn.is_autocommit());
        let alle = |store: &dyn Store| {
            let mut uit = Vec::new();
            ok(store.voor_elke_polisrij(van, tot, t(99), &mut |r| uit.push(format!("{r:?}"))));
            uit
        };
        assert_eq!(alle(&gesplitst), alle(&heel));
        assert_eq!(gesplitst.tweede_lezer.gesplitst.load(Ordering::Relaxed), 1);
        let tx = ok(gesplitst.transactie());
        ok(tx.commit());
    }

    /// The registration scans of [`scans`] alone: one line per period, in the order given.
    fn registratiescans(store: &dyn Store, bekend_op: DateTime<Utc>) -> Vec<String> {
        let mut uit = Vec::new();
        for vensters in vensters() {
            ok(
                store.voor_elke_registratieperiode_in(&vensters, bekend_op, &mut |r| {
                    uit.push(format!("{vensters:?} {r:?}"));
                }),
            );
        }
        uit
    }

    /// At each of `momenten`, asserts that both stores of `kopieen` give what `tabel` (reading
    /// the tables) gives for `scan`, and returns that per moment.
    fn gelijk_aan_tabel(
        scan: fn(&dyn Store, DateTime<Utc>) -> Vec<String>,
        momenten: &[DateTime<Utc>],
        tabel: &SqliteStore,
        kopieen: [&SqliteStore; 2],
    ) -> Vec<(DateTime<Utc>, Vec<String>)> {
        momenten
            .iter()
            .map(|&bekend_op| {
                let verwacht = scan(tabel, bekend_op);
                for store in kopieen {
                    assert!(scan(store, bekend_op) == verwacht, "bekend op {bekend_op}");
                }
                (bekend_op, verwacht)
            })
            .collect()
    }

    /// How many scans `store` read from a report copy.
    fn uit_kopie(store: &SqliteStore) -> usize {
        store
            .tweede_lezer
            .uit_kopie
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The stand the stored copy of `tabel` was made at, if there is one.
    fn kopiestand(store: &SqliteStore, tabel: &str) -> Option<i64> {
        store
            .conn
            .query_row(
                "SELECT stand FROM rapportkopieen WHERE naam = ?1",
                [tabel],
                |r| r.get(0),
            )
            .ok()
    }

    /// R-24 for the report copy of the registrations (`kopie`): at every `bekend_op` before,
    /// between and after the three transactions (registrations begun, ended, corrected and
    /// withdrawn), the copy gives the very periods, in the very order, of the table's query,
    /// for each of the four sets of windows; the report store makes it at its first scan and
    /// reads every scan from it, a server's reader uses the stored one. After a late
    /// registration the stored copy is stale: the reader reads the table (and sees the new
    /// registration), the report store makes a new copy at the new stand and reads that.
    #[test]
    fn kopie_gelijk_aan_tabel() {
        let r = Register::met_geschiedenis();
        let (tabel, rapport, lezer) = (r.heel(), r.rapportlezer(), r.lezer());
        let momenten = [t(5), t(10), t(15), t(20), t(25), t(30), t(99)];
        for (bekend_op, verwacht) in
            gelijk_aan_tabel(registratiescans, &momenten, &tabel, [&rapport, &lezer])
        {
            assert!(
                bekend_op < t(10) || verwacht.len() > 100,
                "{}",
                verwacht.len()
            );
        }
        assert_eq!(uit_kopie(&rapport), 4 * momenten.len());
        assert_eq!(uit_kopie(&lezer), 4 * momenten.len());
        assert_eq!(uit_kopie(&tabel), 0);
        let stand = kopiestand(&rapport, "registratie_versies");
        assert!(stand.is_some());
        let voor = registratiescans(&tabel, t(99));
        let mut schrijver = r.heel();
        laat(
            &mut schrijver,
            (Bron::Uwv, LeveringSoort::Registraties),
            |tx, l| {
                let nieuw = registratie(&bsns(121)[120], "WAJONG", d(2013, 1, 1));
                ok(tx.schrijf_registratie(None, &nieuw, t(40), &Oorzaak::Levering(l)));
            },
        );
        // the new registration (open from 2013-01-01) overlaps each of the four sets of windows
        let verwacht = registratiescans(&tabel, t(99));
        assert_eq!(verwacht.len(), voor.len() + 4);
        assert_eq!(registratiescans(&lezer, t(99)), verwacht);
        assert_eq!(
            uit_kopie(&lezer),
            4 * momenten.len(),
            "a stale copy was read"
        );
        assert_eq!(registratiescans(&rapport, t(99)), verwacht);
        assert_eq!(uit_kopie(&rapport), 4 * (momenten.len() + 1));
        assert_eq!(
            kopiestand(&rapport, "registratie_versies"),
            stand.map(|s| s + 1)
        );
    }

    /// A register whose registrations cannot all be held in a copy (a date not in the stored
    /// form `JJJJ-MM-DD`, which compares differently as text): no copy is made, and the scans
    /// read the table, as a store without copies does.
    #[test]
    fn geen_kopie_van_een_afwijkende_datum() {
        let r = Register::met_geschiedenis();
        ok(r.heel()
            .conn
            .execute(
                "UPDATE registratie_versies SET ingangsdatum = '2013-1-5' WHERE versie_id = 3",
                [],
            )
            .map_err(crate::StoreFout::from));
        let (tabel, rapport) = (r.heel(), r.rapportlezer());
        assert_eq!(
            registratiescans(&rapport, t(99)),
            registratiescans(&tabel, t(99))
        );
        assert_eq!(uit_kopie(&rapport), 0);
        assert_eq!(kopiestand(&rapport, "registratie_versies"), None);
    }

    /// All [`crate::Store::voor_elke_woongemeente`] hands on at `bekend_op`, one line per
    /// version.
    fn woongemeenten(store: &dyn Store, bekend_op: DateTime<Utc>) -> Vec<String> {
        let mut uit = Vec::new();
        ok(store.voor_elke_woongemeente(bekend_op, &mut |b, g| {
            uit.push(format!("{} {:?}", b.waarde(), g.map(|g| g.waarde())));
        }));
        uit
    }

    /// R-24 for the report copy of the persons' woongemeenten, as [`kopie_gelijk_aan_tabel`]
    /// for the registrations: at every moment the very persons, woongemeenten and order of the
    /// table's query (every sixth person moved at t(20)); after a late move the stored copy is
    /// stale, the reader reads the table, the report store makes a new copy.
    #[test]
    fn kopie_van_de_woongemeenten_gelijk_aan_tabel() {
        let r = Register::met_geschiedenis();
        let (tabel, rapport, lezer) = (r.heel(), r.rapportlezer(), r.lezer());
        let momenten = [t(5), t(10), t(15), t(20), t(25), t(99)];
        for (bekend_op, verwacht) in
            gelijk_aan_tabel(woongemeenten, &momenten, &tabel, [&rapport, &lezer])
        {
            assert_eq!(verwacht.len(), if bekend_op < t(10) { 0 } else { 120 });
        }
        // t(20): 20 of the 120 moved to 0014 (every sixth, from the first)
        let verhuisd = woongemeenten(&tabel, t(20));
        assert_eq!(
            verhuisd.iter().filter(|r| r.ends_with(" Some(14)")).count(),
            20,
            "{verhuisd:?}"
        );
        assert_eq!(uit_kopie(&rapport), momenten.len());
        assert_eq!(uit_kopie(&lezer), momenten.len());
        let stand = kopiestand(&rapport, "persoon_versies");
        assert!(stand.is_some());
        let mut schrijver = r.heel();
        laat(
            &mut schrijver,
            (Bron::Brp, LeveringSoort::Personen),
            |tx, l| {
                ok(tx.schrijf_persoon(&persoon(&bsns(120)[119], "0014"), t(40), l));
            },
        );
        let verwacht = woongemeenten(&tabel, t(99));
        assert_ne!(verwacht, woongemeenten(&tabel, t(30)));
        assert_eq!(woongemeenten(&lezer, t(99)), verwacht);
        assert_eq!(uit_kopie(&lezer), momenten.len(), "a stale copy was read");
        assert_eq!(woongemeenten(&rapport, t(99)), verwacht);
        assert_eq!(uit_kopie(&rapport), momenten.len() + 1);
        assert_eq!(
            kopiestand(&rapport, "persoon_versies"),
            stand.map(|s| s + 1)
        );
    }

    /// The polis scans of [`scans`], and one of the last day of January 2013 (every January
    /// row ends on it: a pay period ending on a scan's first day is in it), one line per row.
    fn polisscans(store: &dyn Store, bekend_op: DateTime<Utc>) -> Vec<String> {
        let laatste_dag = (d(2013, 1, 31), d(2013, 2, 1));
        polisregels(
            store,
            bekend_op,
            polisperioden().into_iter().chain([laatste_dag]),
        )
    }

    /// R-24 for the report copies of the polis rows (one per month of first days): at every
    /// moment the very rows, in the very order, of the table's query, for two years (25 months
    /// of copies, the December before them included), one month and two days; each scan read
    /// from copies by the report store (which makes them) and the reader (which uses them).
    /// After a late correction of March 2014 every month's copy is stale: the reader reads the
    /// table, the report store makes the copies again at the new stand.
    #[test]
    fn kopie_van_de_polis_gelijk_aan_tabel() {
        let r = Register::met_geschiedenis();
        let (tabel, rapport, lezer) = (r.heel(), r.rapportlezer(), r.lezer());
        let momenten = [t(5), t(10), t(15), t(20), t(25), t(99)];
        for (bekend_op, verwacht) in
            gelijk_aan_tabel(polisscans, &momenten, &tabel, [&rapport, &lezer])
        {
            assert!(
                bekend_op < t(10) || verwacht.len() > 2_000,
                "{}",
                verwacht.len()
            );
        }
        assert_eq!(uit_kopie(&rapport), 4 * momenten.len());
        assert_eq!(uit_kopie(&lezer), 4 * momenten.len());
        let stand = kopiestand(&rapport, "polis_versies:2014-03");
        assert!(stand.is_some());
        let mut schrijver = r.heel();
        laat(
            &mut schrijver,
            (Bron::Uwv, LeveringSoort::Polis),
            |tx, l| {
                let rij = polis(
                    &bsns(1)[0],
                    "123456782L01",
                    d(2014, 3, 1),
                    d(2014, 3, 31),
                    4_242,
                );
                ok(tx.schrijf_polis(&rij, t(40), l));
            },
        );
        let verwacht = polisscans(&tabel, t(99));
        assert_ne!(verwacht, polisscans(&tabel, t(30)));
        assert_eq!(polisscans(&lezer, t(99)), verwacht);
        // the report store reads one day at the new stand first (its pay periods begin from 31
        // days before it: May and June): the other months' copies, of the old stand, are
        // dropped
        let mut juni = 0;
        ok(rapport.voor_elke_polisrij(d(2013, 6, 15), d(2013, 6, 16), t(99), &mut |_| juni += 1));
        assert!(juni > 0);
        let polis_kopieen: i64 = ok(rapport
            .conn
            .query_row(
                "SELECT count(*) FROM rapportkopieen WHERE naam LIKE 'polis%'",
                [],
                |r| r.get(0),
            )
            .map_err(crate::StoreFout::from));
        assert_eq!(polis_kopieen, 2);
        assert_eq!(
            uit_kopie(&lezer),
            4 * momenten.len(),
            "a stale copy was read"
        );
        assert_eq!(polisscans(&rapport, t(99)), verwacht);
        assert_eq!(uit_kopie(&rapport), 4 * (momenten.len() + 1) + 1);
        assert_ne!(kopiestand(&rapport, "polis_versies:2014-03"), stand);
    }

    /// A repair by hand of a copied table (an einddatum, a woongemeente, a polis row's hours
    /// changed in place, which the writers never do and which leaves the stand as it is) drops
    /// that table's copies (the migration's triggers): the reader then reads the table and sees
    /// the repair; the writers' own closing of a version drops nothing.
    #[test]
    fn reparatie_met_de_hand_laat_geen_kopie_staan() {
        let r = Register::met_geschiedenis();
        let (tabel, rapport, lezer) = (r.heel(), r.rapportlezer(), r.lezer());
        let alles = |store: &SqliteStore| {
            let mut uit = registratiescans(store, t(99));
            uit.extend(woongemeenten(store, t(99)));
            uit.extend(polisscans(store, t(99)));
            uit
        };
        assert!(alles(&rapport) == alles(&tabel));
        let kopieen = |store: &SqliteStore| -> i64 {
            ok(store
                .conn
                .query_row("SELECT count(*) FROM rapportkopieen", [], |r| r.get(0))
                .map_err(crate::StoreFout::from))
        };
        // the registrations, the persons, and 25 + 1 + 1 + 1 months of polis (two years with
        // the December before, 2013-12, 2013-06 and 2013-01)
        assert_eq!(kopieen(&rapport), 2 + 25);
        for (reparatie, over) in [
            (
                "UPDATE registratie_versies SET einddatum = '2013-02-01' WHERE versie_id = 2",
                2 + 25 - 1,
            ),
            (
                "UPDATE persoon_versies SET woongemeente = 14 WHERE versie_id = 2",
                25,
            ),
            (
                "UPDATE polis_versies SET uren = 1 WHERE vervallen_op IS NULL \
                 AND tijdvak_begin = unixepoch('2013-01-01') / 86400",
                0,
            ),
        ] {
            let voor = alles(&tabel);
            ok(r.heel()
                .conn
                .execute(reparatie, [])
                .map_err(crate::StoreFout::from));
            assert_eq!(kopieen(&rapport), over, "{reparatie}");
            let na = alles(&tabel);
            assert!(na != voor, "{reparatie} changed nothing");
            assert!(alles(&lezer) == na, "{reparatie}: not the table's rows");
        }
        assert!(alles(&rapport) == alles(&tabel));
        assert_eq!(kopieen(&rapport), 2 + 25);
    }

    /// While a delivery holds the write lock, the report store still reads a copy it made (and
    /// gives the table's rows), but cannot store it, and does not make it again at that stand
    /// for a minute (`NIEUWE_POGING`): its next scans read the table.
    #[test]
    fn kopie_die_niet_bewaard_kan_worden() {
        let r = Register::met_geschiedenis();
        let (tabel, rapport) = (r.heel(), r.rapportlezer());
        let schrijver = ok(rusqlite::Connection::open(&r.pad).map_err(crate::StoreFout::from));
        ok(schrijver
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(crate::StoreFout::from));
        let verwacht = registratiescans(&tabel, t(99));
        assert_eq!(registratiescans(&rapport, t(99)), verwacht);
        // the first of the four scans made the copy and read it; the other three read the table
        assert_eq!(uit_kopie(&rapport), 1);
        assert_eq!(kopiestand(&rapport, "registratie_versies"), None);
        ok(schrijver
            .execute_batch("ROLLBACK")
            .map_err(crate::StoreFout::from));
    }
}
