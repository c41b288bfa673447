//! `dgr-store`: the register's storage.
//!
//! [`Store`] (reads) and [`Transactie`] (writes) are the storage contract, together with the
//! per-feature traits they include ([`uitschrijvingen`], [`bezwaren`], [`contactverzoeken`],
//! [`organisatie`], [`doelen`], [`logboek`]) and the processing log's writer
//! ([`logboek::Logboekschrijver`]). Two backends
//! implement it: [`sqlite`] (embedded, the default) and [`postgres`] (production). A
//! [`Database`] names one by its URL and opens it; nothing above this crate names a backend.
//!
//! Every register table is bitemporal in the sense of R-05: a row is a version with a recorded
//! period `[geregistreerd_op, vervallen_op)` and the delivery (or action) that caused it;
//! nothing is overwritten. The rules that decide *what* to write live in `dgr-core` and
//! `dgr-register`; this crate knows SQL, not the law.

pub mod aanvragen;
pub mod bezwaren;
pub mod contactverzoeken;
pub mod database;
pub mod doelen;
pub mod kennisgevingen;
pub mod logboek;
pub mod migratie;
pub mod model;
pub mod organisatie;
pub mod postgres;
pub mod sqlite;
#[cfg(any(test, feature = "testhulp"))]
pub mod testdatabase;
#[cfg(feature = "testhulp")]
pub mod testhulp;
pub mod uitschrijvingen;

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::gegevens::{Kandidaat, Persoon, PolisRij, Werkgever, Werkgeversuren};
use dgr_core::registratie::{Oorzaak, Registratie, RegistratieId, RegistratieVersie};
use dgr_core::{Bron, Bsn};

pub use aanvragen::{AanvraagLezer, AanvraagSchrijver};
pub use bezwaren::{BezwaarLezer, BezwaarSchrijver};
pub use contactverzoeken::{ContactLezer, ContactSchrijver};
pub use database::Database;
pub use doelen::{DoelLezer, DoelSchrijver};
pub use kennisgevingen::{KennisgevingLezer, KennisgevingSchrijver};
pub use logboek::{LogboekLezer, Logboekschrijver};
pub use organisatie::{OrganisatieLezer, OrganisatieSchrijver};
pub use uitschrijvingen::{UitschrijvingLezer, UitschrijvingSchrijver};

pub use model::{
    Besluit, BezwaarBesluit, Bladzijde, Geschiedenisvraag, LeveringRecord, LeveringStatus,
    NieuweLevering, PersoonVersie, Registratieperiode, Schrijfuitkomst, Tellingen, Versheid,
};

/// A storage failure. Messages never contain a BSN.
#[derive(Debug, thiserror::Error)]
pub enum StoreFout {
    /// The database reported an error (the backend's message; it never holds a BSN, because
    /// BSNs are bound as parameters, never spliced into SQL).
    #[error("database: {0}")]
    Database(String),
    /// The database URL or its settings are not usable.
    #[error("database-instelling: {0}")]
    Instelling(String),
    /// Stored data do not parse back (a defect or manual tampering).
    #[error("onleesbare opgeslagen waarde in {tabel}: {reden}")]
    Corrupt {
        /// Table.
        tabel: &'static str,
        /// What failed.
        reden: String,
    },
    /// The database was written by a newer version of this program.
    #[error(
        "de database heeft schemaversie {gevonden}; deze versie van dgr kent tot en met {bekend}"
    )]
    NieuwereVersie {
        /// Version found.
        gevonden: i64,
        /// Highest known version.
        bekend: i64,
    },
}

/// Result alias of this crate.
pub type Resultaat<T> = Result<T, StoreFout>;

/// Reads and the start of a transaction: everything the register, its workflows and the
/// processing log read. A store is one connection: a server holds one per reader thread.
pub trait Store:
    Send
    + UitschrijvingLezer
    + KennisgevingLezer
    + AanvraagLezer
    + BezwaarLezer
    + ContactLezer
    + DoelLezer
    + OrganisatieLezer
    + LogboekLezer
{
    /// Whether the database answers (readiness).
    ///
    /// # Errors
    /// [`StoreFout`] when it does not.
    fn gezond(&self) -> Resultaat<()>;

    /// Starts a write transaction: everything written through it becomes visible at
    /// [`Transactie::commit`], or not at all.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn transactie(&mut self) -> Resultaat<Box<dyn Transactie + '_>>;

    /// Every recorded version of every registration of a person, oldest first.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn registratie_versies(&self, bsn: Bsn) -> Resultaat<Vec<RegistratieVersie>>;

    /// Every recorded version of a person's data, oldest first.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn persoon_versies(&self, bsn: Bsn) -> Resultaat<Vec<PersoonVersie>>;

    /// All deliveries, oldest first (without report bodies and rejection files).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn leveringen(&self) -> Resultaat<Vec<LeveringRecord>>;

    /// One delivery with its report and rejection file.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn levering(&self, id: i64) -> Resultaat<Option<LeveringRecord>>;

    /// The applied delivery of a source with this kenmerk, if any.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn toegepaste_levering(&self, bron: Bron, kenmerk: &str) -> Resultaat<Option<LeveringRecord>>;

    /// The latest transaction time recorded (deliveries and reference versions).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn laatste_transactietijd(&self) -> Resultaat<Option<DateTime<Utc>>>;

    /// The active reference set: version and files by name.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn actieve_referentie(
        &self,
    ) -> Resultaat<Option<(String, std::collections::BTreeMap<String, String>)>>;

    /// Calls `per_persoon` for the current data of every person (for the data-quality report).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn voor_elke_huidige_persoon(&self, per_persoon: &mut dyn FnMut(&Persoon)) -> Resultaat<()>;

    /// Persons with a current (not withdrawn) registration but no person data.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn registraties_zonder_persoon(&self) -> Resultaat<Vec<Bsn>>;

    /// Per source, kind (and grondslag for registrations): the latest applied delivery.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn versheid(&self) -> Resultaat<Vec<Versheid>>;

    /// Every polis row as known at `bekend_op` whose tijdvak overlaps `[van, tot)`, in
    /// the order of tijdvak_begin, BSN, loonheffingennummer, tijdvak_einde and version, so that
    /// both stores give the same sums.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn voor_elke_polisrij(
        &self,
        van: NaiveDate,
        tot: NaiveDate,
        bekend_op: DateTime<Utc>,
        per_rij: &mut dyn FnMut(&PolisRij),
    ) -> Resultaat<()>;

    /// Begins a read transaction when that is cheaper than one per statement, so that the
    /// reads up to [`Store::einde_leestransactie`] share it; returns whether one was begun. On
    /// SQLite a statement outside a transaction takes and drops the WAL's read lock itself
    /// (two `fcntl` calls and an `fstat`: 12% of the server's CPU under lookup load, issue
    /// #13), so it begins one unless one is open already; on PostgreSQL a transaction costs two
    /// round trips more, so the default begins none. Every read inside one sees one state of
    /// the register.
    ///
    /// # Errors
    /// [`StoreFout`] when the transaction cannot be begun.
    fn begin_leestransactie(&self) -> Resultaat<bool> {
        Ok(false)
    }

    /// Ends the read transaction [`Store::begin_leestransactie`] began; call it only after that
    /// returned `true` (on SQLite it commits whatever transaction is open).
    ///
    /// # Errors
    /// [`StoreFout`] when it cannot be ended (it is then rolled back).
    fn einde_leestransactie(&self) -> Resultaat<()> {
        Ok(())
    }

    /// Whether the person has polis rows (any recorded version) paid or hired by this fiscaal
    /// nummer (misuse signals: lookups of BSNs absent from own payroll data).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn heeft_polis_bij(&self, bsn: Bsn, fiscaal_nummer: dgr_core::FiscaalNummer)
    -> Resultaat<bool>;

    /// The polis rows of one person as known at `bekend_op` (for R-36).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn polis_van(&self, bsn: Bsn, bekend_op: DateTime<Utc>) -> Resultaat<Vec<PolisRij>>;

    /// The polis rows of each of `bsns` as known at `bekend_op`, each person's as
    /// [`Store::polis_van`] gives them (R-07 in a report: the persons of every registration
    /// that counts only in a dienstbetrekking). Every BSN asked is in the answer, with no rows
    /// if it has none. The default asks [`Store::polis_van`] per person; SQLite reads all the
    /// persons' version ids from their blocks of each delivery and then the rows by id, in one
    /// read transaction (issue #13).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn polis_van_elk(
        &self,
        bsns: &[Bsn],
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<std::collections::BTreeMap<Bsn, Vec<PolisRij>>> {
        bsns.iter()
            .map(|&b| Ok((b, self.polis_van(b, bekend_op)?)))
            .collect()
    }

    /// Every registration as known at `bekend_op`, not withdrawn, whose material period
    /// overlaps `[van, tot)`: (bsn, grondslag, period, reason of its end).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn voor_elke_registratieperiode(
        &self,
        van: NaiveDate,
        tot: NaiveDate,
        bekend_op: DateTime<Utc>,
        per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>),
    ) -> Resultaat<()>;

    /// As [`Store::voor_elke_registratieperiode`] for the registrations overlapping any of the
    /// half-open `vensters`, each once, in one reading (a report of a quarter, the quarter
    /// before and December 2012). The default reads the range from the first window's start
    /// to the last one's end and leaves out what overlaps none; the SQLite store lets SQLite
    /// leave those out, or tests them itself on its report copy of the registrations.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn voor_elke_registratieperiode_in(
        &self,
        vensters: &[(NaiveDate, NaiveDate)],
        bekend_op: DateTime<Utc>,
        per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>),
    ) -> Resultaat<()> {
        let Some((van, tot)) = omhullend(vensters) else {
            return Ok(());
        };
        self.voor_elke_registratieperiode(van, tot, bekend_op, &mut |r| {
            if in_een_venster(vensters, r.periode) {
                per_periode(r);
            }
        })
    }

    /// Employer data as known at `bekend_op` (all `geldig_vanaf` versions).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn werkgevers_op(&self, bekend_op: DateTime<Utc>) -> Resultaat<Vec<Werkgever>>;

    /// Employer hours of a year as known at `bekend_op`.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn werkgeversuren_op(
        &self,
        jaar: i32,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<Werkgeversuren>>;

    /// The municipality of residence of every person as known at `bekend_op`.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn voor_elke_woongemeente(
        &self,
        bekend_op: DateTime<Utc>,
        per_persoon: &mut dyn FnMut(Bsn, Option<dgr_core::Gemeentecode>),
    ) -> Resultaat<()>;

    /// The deliveries applied by `bekend_op` (R-24: what a report read).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn leveringen_op(&self, bekend_op: DateTime<Utc>) -> Resultaat<Vec<LeveringRecord>>;

    /// Counts for summaries: persons, current registrations per grondslag, polis rows, deliveries.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn tellingen(&self, peildatum: NaiveDate) -> Resultaat<Tellingen>;

    /// The persons with a current registration that holds on `peildatum` (the count of
    /// [`Tellingen::personen_in_register`] alone, without the other counts' passes over the
    /// polis rows).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn personen_in_register(&self, peildatum: NaiveDate) -> Resultaat<u64>;
}

/// Writes inside one transaction. Dropping it without [`Transactie::commit`] rolls back.
pub trait Transactie:
    UitschrijvingSchrijver
    + BezwaarSchrijver
    + ContactSchrijver
    + DoelSchrijver
    + OrganisatieSchrijver
    + KennisgevingSchrijver
    + AanvraagSchrijver
{
    /// The current, not withdrawn registrations of a person (with ids).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn huidige_registraties(&mut self, bsn: Bsn) -> Resultaat<Vec<Registratie>>;

    /// The current person data, if any.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn huidige_persoon(&mut self, bsn: Bsn) -> Resultaat<Option<Persoon>>;

    /// For each of `bsns`, in the same order: what [`Self::huidige_persoon`] and
    /// [`Self::huidige_registraties`] answer (the registrations sorted by id). A store may read
    /// many persons with a few statements instead of two per person (issue #13: the work sets
    /// of a delivery of registrations); this default asks per person.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn huidige_werksets(
        &mut self,
        bsns: &[Bsn],
    ) -> Resultaat<Vec<(Option<Persoon>, Vec<Registratie>)>> {
        bsns.iter()
            .map(|&bsn| Ok((self.huidige_persoon(bsn)?, self.huidige_registraties(bsn)?)))
            .collect()
    }

    /// Records a new version of a registration: closes `oud`'s version (if given) at `tijd` and
    /// adds `nieuw`. Returns the registration id (new for a new registration).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn schrijf_registratie(
        &mut self,
        oud: Option<&Registratie>,
        nieuw: &Registratie,
        tijd: DateTime<Utc>,
        oorzaak: &Oorzaak,
    ) -> Resultaat<RegistratieId>;

    /// Upserts person data with formal history.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn schrijf_persoon(
        &mut self,
        p: &Persoon,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst>;

    /// Upserts a polis row by (bsn, lhn, tijdvak): a later delivery replaces.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn schrijf_polis(
        &mut self,
        rij: &PolisRij,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst>;

    /// Upserts employer data by (lhn, geldig_vanaf).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn schrijf_werkgever(
        &mut self,
        w: &Werkgever,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst>;

    /// Upserts employer hours by (lhn, jaar).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn schrijf_werkgeversuren(
        &mut self,
        w: &Werkgeversuren,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst>;

    /// Upserts a job-seeker profile by bsn.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn schrijf_kandidaat(
        &mut self,
        k: &Kandidaat,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst>;

    /// Records a delivery (applied or rejected) and returns its id.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn registreer_levering(&mut self, levering: &NieuweLevering) -> Resultaat<i64>;

    /// Completes a delivery record after its rows were applied: counts, report, rejection file.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn rond_levering_af(&mut self, id: i64, levering: &NieuweLevering) -> Resultaat<()>;

    /// Every person with at least one current registration (for reference recomputation).
    ///
    /// # Errors
    /// [`StoreFout`].
    fn bsns_met_registraties(&mut self) -> Resultaat<Vec<Bsn>>;

    /// Stores a reference set and makes it the active one.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn activeer_referentie(
        &mut self,
        versie: &str,
        bestanden: &std::collections::BTreeMap<String, String>,
        tijd: DateTime<Utc>,
    ) -> Resultaat<()>;

    /// Records a staff decision with the register changes of this transaction.
    /// Returns `false` when the request or objection was no longer open (decided meanwhile);
    /// the caller then drops the transaction, which undoes everything.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn leg_besluit_vast(&mut self, besluit: &model::Besluit<'_>) -> Resultaat<bool>;

    /// Makes everything written visible, durably.
    ///
    /// # Errors
    /// [`StoreFout`].
    fn commit(self: Box<Self>) -> Resultaat<()>;
}

/// The smallest range `[van, tot)` holding every one of the half-open `vensters`; `None` for
/// none.
pub(crate) fn omhullend(vensters: &[(NaiveDate, NaiveDate)]) -> Option<(NaiveDate, NaiveDate)> {
    vensters
        .iter()
        .copied()
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

/// Whether `periode` shares a day with one of the half-open `vensters`.
pub(crate) fn in_een_venster(
    vensters: &[(NaiveDate, NaiveDate)],
    periode: dgr_core::Periode,
) -> bool {
    vensters
        .iter()
        .any(|&(v, t)| periode.dagen_binnen(v, t) > 0)
}
