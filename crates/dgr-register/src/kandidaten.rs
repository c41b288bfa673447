//! The Kandidatenverkenner: which job-seeker profiles an employer's search finds, and the
//! contact requests the WSP of the candidate's region handles. The matching of one profile is
//! `dgr_core::kandidaten::past`; the storage is [`dgr_store::contactverzoeken`].

use dgr_core::Bsn;
use dgr_core::gegevens::Kandidaat;
use dgr_core::kandidaten::{Zoekvraag, afstand_band, afstand_km, past};
use dgr_core::registratie::in_register;
use dgr_store::contactverzoeken::{Contactbesluit, Contactverzoek, NieuwContactverzoek};

use crate::{Register, RegisterFout};

/// A profile found by a search, with what the employer may see of where the person lives.
#[derive(Debug, Clone)]
pub struct Gevonden {
    /// The profile (its BSN never leaves the server).
    pub profiel: Kandidaat,
    /// Travel distance band from the employer's municipality (`dgr_core::kandidaten::afstand_band`),
    /// `onbekend` when either municipality is unknown.
    pub afstand: String,
    /// The travel distance in km behind the band, for ordering only (`None` when unknown).
    pub afstand_km: Option<f64>,
    /// The arbeidsmarktregio (code) of the person's municipality, empty when unknown.
    pub arbeidsmarktregio: String,
}

impl Register {
    /// The least number of profiles a search must find before any is shown (R-41, constant
    /// `kandidaten_k_anonimiteit`).
    ///
    /// # Errors
    /// [`RegisterFout::Aanlevering`] when the constant is missing or not a number.
    pub fn k_anonimiteit(&self) -> Result<usize, RegisterFout> {
        self.constante_getal("kandidaten_k_anonimiteit")
    }

    /// The disclosure threshold of aggregates (R-40, constant `onthullingsdrempel_personen`).
    ///
    /// # Errors
    /// As [`Register::k_anonimiteit`].
    pub fn onthullingsdrempel(&self) -> Result<usize, RegisterFout> {
        self.constante_getal("onthullingsdrempel_personen")
    }

    fn constante_getal(&self, naam: &str) -> Result<usize, RegisterFout> {
        self.referentie
            .constante(naam)
            .and_then(|x| x.parse::<usize>().ok())
            .ok_or_else(|| {
                RegisterFout::Aanlevering(format!(
                    "constante {naam} ontbreekt in de referentiegegevens"
                ))
            })
    }

    /// The profiles matching `vraag` today: the current profiles, with the citizen's own
    /// `herkenbaar` setting overriding the source's flag, that match (`past`) and whose person
    /// is in the register today, as known now. By BSN order. The caller applies the
    /// k-anonymity threshold before showing anything.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn zoek_kandidaten(&self, vraag: &Zoekvraag) -> Result<Vec<Gevonden>, RegisterFout> {
        let vandaag = self.klok.vandaag();
        let bekend = self.klok.nu();
        let werkgever_gemeente = vraag
            .werkgever_gemeente
            .and_then(|g| self.referentie.gemeente(g));
        let mut uit = Vec::new();
        for mut p in self.store.kandidaatprofielen()? {
            if let Some(h) = self.store.herkenbaar(p.bsn)? {
                p.herkenbaar = h;
            }
            if !past(&p, vraag, &self.referentie)
                || !in_register(
                    &self.store.registratie_versies(p.bsn)?,
                    vandaag,
                    bekend,
                    |_| true,
                )
            {
                continue;
            }
            let woon = self.referentie.gemeente(p.woongemeente);
            let km = match (werkgever_gemeente, woon) {
                (Some(w), Some(c)) => Some(afstand_km(w, c)),
                _ => None,
            };
            let afstand = km.map_or_else(|| "onbekend".into(), afstand_band);
            let arbeidsmarktregio = woon
                .map(|g| g.arbeidsmarktregio.clone())
                .unwrap_or_default();
            uit.push(Gevonden {
                profiel: p,
                afstand,
                afstand_km: km,
                arbeidsmarktregio,
            });
        }
        Ok(uit)
    }

    /// Whether the person's profile may be shown in the Kandidatenverkenner: the
    /// citizen's own setting, else the source's flag of the current profile, else `false`.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn herkenbaar(&self, bsn: Bsn) -> Result<bool, RegisterFout> {
        if let Some(h) = self.store.herkenbaar(bsn)? {
            return Ok(h);
        }
        Ok(self
            .store
            .kandidaatprofiel(bsn)?
            .is_some_and(|p| p.herkenbaar))
    }

    /// Records an employer's request to contact the candidate `bsn`, for the WSP of the
    /// candidate's region, with the employer's optional message to the WSP (`toelichting`) and
    /// the anonymous profile summary the employer saw (`profiel`); returns that region (code,
    /// empty when unknown).
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn vraag_contact(
        &mut self,
        bsn: Bsn,
        werkgever: &str,
        werkgever_naam: Option<&str>,
        toelichting: Option<&str>,
        profiel: Option<&str>,
    ) -> Result<String, RegisterFout> {
        let regio = self
            .store
            .kandidaatprofiel(bsn)?
            .and_then(|p| self.referentie.gemeente(p.woongemeente))
            .map(|g| g.arbeidsmarktregio.clone())
            .unwrap_or_default();
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        tx.vraag_contact(&NieuwContactverzoek {
            bsn,
            arbeidsmarktregio: &regio,
            werkgever,
            werkgever_naam,
            toelichting,
            profiel,
            tijd: nu,
        })?;
        tx.commit()?;
        Ok(regio)
    }

    /// Records the WSP's decision on an open request of its own region, with the reason when
    /// the candidate declined; `None` when there is none.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn beslis_contactverzoek(
        &mut self,
        id: i64,
        arbeidsmarktregio: &str,
        akkoord: bool,
        reden: Option<&str>,
        behandelaar: &str,
    ) -> Result<Option<Contactverzoek>, RegisterFout> {
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        let v = tx.beslis_contactverzoek(&Contactbesluit {
            id,
            arbeidsmarktregio,
            akkoord,
            behandelaar,
            tijd: nu,
            reden,
        })?;
        tx.commit()?;
        Ok(v)
    }
}
