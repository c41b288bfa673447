//! `dgr-register`: the register as an application — deliveries in, questions out.
//!
//! [`Register`] ties the rules (`dgr-core`), the file reading (`dgr-ingest`) and the storage
//! (`dgr-store`) together. Data flow one way: file → ingest → core (apply the delivery's mutations
//! to the current versions) → store (one transaction, with the delivery record); and question →
//! store → core → answer. The CLI and (later) the HTTP server call only this crate.

pub mod aanvragen;
pub mod bezwaren;
pub mod doelen;
pub mod handelingen;
pub mod kandidaten;
pub mod kwaliteit;
pub mod levering;
pub mod opvragen;
pub mod praktijkroute;
pub mod referentie;
pub mod tijd;
pub mod uitschrijvingen;

use dgr_core::Referentie;
use dgr_core::referentie::ReferentieFout;
use dgr_ingest::Grenzen;
use dgr_store::{Database, Store, StoreFout};
use tijd::Klok;

pub use levering::{Aanlevering, ImportUitkomst, Leveringsrapport, VoorCommit, Voortgang};

/// An error of the register (not a rejected delivery: that is an [`ImportUitkomst`]).
#[derive(Debug, thiserror::Error)]
pub enum RegisterFout {
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreFout),
    /// Reference data are invalid.
    #[error(transparent)]
    Referentie(#[from] ReferentieFout),
    /// The requested transaction time lies before the last recorded one.
    #[error(
        "--geregistreerd-op {gevraagd} ligt voor de laatst vastgelegde transactietijd {laatste}"
    )]
    TijdTerug {
        /// Requested time (display form).
        gevraagd: String,
        /// Last recorded time (display form).
        laatste: String,
    },
    /// Invalid delivery metadata (not the file's content).
    #[error("{0}")]
    Aanlevering(String),
    /// The processing log could not be written before the commit: nothing was applied.
    #[error("verwerkingenlogboek: {0}; de levering is niet toegepast")]
    Logboek(String),
    /// Invalid input to an operation (R-45 goals): the Dutch message says what to fix.
    #[error("{0}")]
    Ongeldig(String),
    /// The thing named (a goal, topic, theme or milestone) is not the organisation's, or does
    /// not exist.
    #[error("{0}")]
    Onbekend(String),
}

/// The register: a store plus the reference data in force, and the clock its rules read "now"
/// and "today" from ([`tijd::Klok`]).
pub struct Register {
    store: Box<dyn Store>,
    referentie: Referentie,
    grenzen: Grenzen,
    klok: Klok,
}

impl Register {
    /// Opens the register on a store with the real clock: uses the store's active reference
    /// set, or activates the set embedded in the binary when the store has none (a new database).
    ///
    /// # Errors
    /// [`RegisterFout`] when the stored reference set does not validate or storage fails.
    pub fn open(store: impl Store + 'static) -> Result<Register, RegisterFout> {
        Register::open_met_klok(Box::new(store), Klok::echt())
    }

    /// Opens the register in `database` (a path or `postgres://` URL, [`Database`]) with `klok`.
    ///
    /// # Errors
    /// As [`Register::open`], and when the database cannot be reached.
    pub fn open_database(database: &Database, klok: Klok) -> Result<Register, RegisterFout> {
        Register::open_met_klok(database.open()?, klok)
    }

    /// Opens the register in `database` for a server's reader ([`Database::open_lezer`]).
    ///
    /// # Errors
    /// As [`Register::open_database`].
    pub fn open_lezer(database: &Database, klok: Klok) -> Result<Register, RegisterFout> {
        Register::open_met_klok(database.open_lezer()?, klok)
    }

    /// Opens the register in `database` for computing reports ahead
    /// ([`Database::open_voorberekenaar`]).
    ///
    /// # Errors
    /// As [`Register::open_database`].
    pub fn open_voorberekenaar(database: &Database, klok: Klok) -> Result<Register, RegisterFout> {
        Register::open_met_klok(database.open_voorberekenaar()?, klok)
    }

    /// Opens the register like [`Register::open`], with `klok` as its "now": transaction times,
    /// "today" of R-06 answers and of AOW recomputations come from it.
    ///
    /// # Errors
    /// As [`Register::open`].
    pub fn open_met_klok(mut store: Box<dyn Store>, klok: Klok) -> Result<Register, RegisterFout> {
        let referentie = match store.actieve_referentie()? {
            Some((_, bestanden)) => Referentie::uit_bestanden(bestanden)?,
            None => {
                let r = Referentie::ingebouwd()?;
                let mut tx = store.transactie()?;
                tx.activeer_referentie(r.versie(), r.bestanden(), klok.nu())?;
                tx.commit()?;
                r
            }
        };
        Ok(Register {
            store,
            referentie,
            grenzen: Grenzen::STANDAARD,
            klok,
        })
    }

    /// Sets the limits deliveries are read within (default [`Grenzen::STANDAARD`]).
    pub fn zet_grenzen(&mut self, grenzen: Grenzen) {
        self.grenzen = grenzen;
    }

    /// The limits deliveries are read within.
    #[must_use]
    pub fn grenzen(&self) -> Grenzen {
        self.grenzen
    }

    /// The clock of this register.
    pub fn klok(&self) -> Klok {
        self.klok
    }

    /// The reference data in force.
    pub fn referentie(&self) -> &Referentie {
        &self.referentie
    }

    /// The store, for reads.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Runs `werk` in one read transaction of the store where that is cheaper than one per
    /// statement ([`Store::begin_leestransactie`]: SQLite), so that its reads see one state of
    /// the register; the transaction ends when `werk` returns, fails or panics. Inside a
    /// transaction already open it runs `werk` as is.
    ///
    /// # Errors
    /// `werk`'s error, or [`RegisterFout`] when the transaction cannot be begun or ended.
    pub fn leestransactie<T, E: From<RegisterFout>>(
        &self,
        werk: impl FnOnce(&Register) -> Result<T, E>,
    ) -> Result<T, E> {
        /// Ends the transaction when dropped, also while unwinding from a panic in `werk`.
        struct Einde<'a>(&'a dyn Store, bool);
        impl Einde<'_> {
            /// Ends the transaction if this began one, reporting a failure (the drop then
            /// does nothing).
            fn beeindig(mut self) -> Result<(), RegisterFout> {
                if std::mem::replace(&mut self.1, false) {
                    self.0.einde_leestransactie()?;
                }
                Ok(())
            }
        }
        impl Drop for Einde<'_> {
            fn drop(&mut self) {
                if self.1 {
                    let _ = self.0.einde_leestransactie();
                }
            }
        }
        let begonnen = self
            .store()
            .begin_leestransactie()
            .map_err(RegisterFout::from)?;
        let einde = Einde(self.store(), begonnen);
        let uitkomst = werk(self)?;
        einde.beeindig()?;
        Ok(uitkomst)
    }

    /// A write transaction on the store, for the workflows' own records:
    /// everything written through it becomes visible at commit, or not at all.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn transactie(&mut self) -> Result<Box<dyn dgr_store::Transactie + '_>, RegisterFout> {
        Ok(self.store.transactie()?)
    }
}
