//! the werkgeversmonitor's goals as register operations, for the web layer and the CLI.
//!
//! An organisation (by its fiscaal nummer) keeps a catalogue of themes and topics, records
//! which units ask for a topic, sets goals per unit, follows them with check-ins and
//! milestones, evaluates them per period (behouden, bijstellen or stoppen) and reads an
//! overview with the status of R-45 ([`dgr_core::doelen`]). Every operation names the
//! organisation; a theme, topic, goal or milestone of another one is [`RegisterFout::Onbekend`].
//! Input is checked here, with Dutch messages ([`RegisterFout::Ongeldig`]); times come from the
//! register's clock.
//!
//! The measured value M of a goal on a measure of R-43 (`doelgroep`, `banen`, a share) is built
//! elsewhere (with the disclosure control of R-44), so the overview takes it from the caller:
//! as an argument ([`Register::doeloverzicht`]) or through [`Meting`]. Without one, M is the
//! value of the latest check-in on or before the date.

use chrono::NaiveDate;

use dgr_core::FiscaalNummer;
use dgr_core::doelen::{
    self, Doelsoort, Evaluatiebesluit, Kwantitatief, Mijlpaalstatus, Status, Vertrouwen,
};
use dgr_store::doelen::{
    Bijstelling, Checkin, Doel, Doelinhoud, Evaluatie, Mijlpaal, Mijlpaalwijziging, NieuwDoel,
    NieuweCheckin, NieuweEvaluatie, NieuweMijlpaal, Onderwerp, OnderwerpVraag, Stopzetting, Thema,
};

use crate::{Register, RegisterFout};

/// A goal as proposed by the organisation (version 1).
#[derive(Debug, Clone)]
pub struct Doelvoorstel<'a> {
    /// The unit's code (e.g. `RB-ZWB`).
    pub eenheid: &'a str,
    /// The topic (of this organisation).
    pub onderwerp_id: i64,
    /// What the goal says.
    pub inhoud: Doelinhoud,
    /// Who sets it.
    pub door: &'a str,
}

/// A check-in as entered.
#[derive(Debug, Clone, Copy)]
pub struct Checkinvoorstel<'a> {
    /// The goal.
    pub doel_id: i64,
    /// The date it is about: not before the goal's start, not after today.
    pub datum: NaiveDate,
    /// The value: required for a quantitative goal, absent for a qualitative one.
    pub waarde: Option<f64>,
    /// Done: required for a qualitative goal, absent for a quantitative one.
    pub gereed: Option<bool>,
    /// The written note (required).
    pub toelichting: &'a str,
    /// Confidence: `laag`, `midden` or `hoog`.
    pub vertrouwen: &'a str,
    /// Who.
    pub door: &'a str,
}

/// An evaluation as entered.
#[derive(Debug, Clone)]
pub struct Evaluatievoorstel<'a> {
    /// The goal.
    pub doel_id: i64,
    /// The period: a quarter `JJJJ-Kn` (e.g. `2025-K4`), or a label with `van` and `tot`.
    pub periode: &'a str,
    /// First day, when the period is not a quarter.
    pub van: Option<NaiveDate>,
    /// Last day, when the period is not a quarter.
    pub tot: Option<NaiveDate>,
    /// The value measured over the period (quantitative goals).
    pub gemeten: Option<f64>,
    /// What was learned (required).
    pub geleerd: &'a str,
    /// `behouden`, `bijstellen` or `stoppen`.
    pub besluit: &'a str,
    /// The reason: required for bijstellen and stoppen.
    pub reden: &'a str,
    /// For bijstellen: the goal's new values (required then, refused otherwise).
    pub nieuwe_inhoud: Option<Doelinhoud>,
    /// Who.
    pub door: &'a str,
}

/// The measured value M of a goal at a date (R-43, with R-44's disclosure control), supplied by
/// the caller; `None` when there is none (then the latest check-in's value is used).
pub trait Meting {
    /// M for `doel` at `datum`.
    fn gemeten(&self, doel: &Doel, datum: NaiveDate) -> Option<f64>;
}

impl<F: Fn(&Doel, NaiveDate) -> Option<f64>> Meting for F {
    fn gemeten(&self, doel: &Doel, datum: NaiveDate) -> Option<f64> {
        self(doel, datum)
    }
}

/// Where a goal stands at a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Stand {
    /// The date D.
    pub datum: NaiveDate,
    /// M (quantitative): the caller's value or the latest check-in's; `None` without either.
    pub gemeten: Option<f64>,
    /// expected(D) (quantitative), full precision (show 3 decimals).
    pub verwacht: Option<f64>,
    /// Progress in percent, 0–100 (quantitative with M), full precision (show 2 decimals).
    pub voortgang: Option<f64>,
    /// The status; `None` for a quantitative goal without M.
    pub status: Option<Status>,
}

/// One goal with everything recorded about it and its status at a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Doeloverzicht {
    /// The current version (its `gestopt` says whether it was stopped; the status is still
    /// computed, for the record).
    pub doel: Doel,
    /// Every version, oldest first.
    pub versies: Vec<Doel>,
    /// The check-ins, by date.
    pub checkins: Vec<Checkin>,
    /// The goal's milestones, by date.
    pub mijlpalen: Vec<Mijlpaal>,
    /// The evaluations, oldest first.
    pub evaluaties: Vec<Evaluatie>,
    /// R-45 at the date asked.
    pub stand: Stand,
}

fn ongeldig(m: impl Into<String>) -> RegisterFout {
    RegisterFout::Ongeldig(m.into())
}

fn verplicht(tekst: &str, wat: &str) -> Result<(), RegisterFout> {
    if tekst.trim().is_empty() {
        return Err(ongeldig(format!("{wat} is verplicht")));
    }
    Ok(())
}

/// Checks what a goal version says: title, owner, deadline after start, a target that
/// differs from a finite baseline, or a definition of done.
///
/// # Errors
/// [`RegisterFout::Ongeldig`] with what to fix.
pub fn controleer_inhoud(inhoud: &Doelinhoud) -> Result<(), RegisterFout> {
    verplicht(&inhoud.titel, "een titel")?;
    verplicht(&inhoud.eigenaar, "een eigenaar")?;
    if inhoud.deadline <= inhoud.start {
        return Err(ongeldig(format!(
            "de uiterste datum ({}) moet na de startdatum ({}) liggen",
            inhoud.deadline, inhoud.start
        )));
    }
    match &inhoud.soort {
        Doelsoort::Kwantitatief(k) => {
            Kwantitatief::new(k.maat.clone(), k.basiswaarde, k.streefwaarde).map_err(ongeldig)?;
        }
        Doelsoort::Kwalitatief {
            definitie_van_gereed,
        } => verplicht(definitie_van_gereed, "een definitie van gereed")?,
    }
    Ok(())
}

/// The status of a goal version at `datum`, from M (quantitative), or from whether it
/// is done and its milestones (qualitative).
pub fn stand(
    inhoud: &Doelinhoud,
    datum: NaiveDate,
    gemeten: Option<f64>,
    gereed: bool,
    mijlpalen: &[Mijlpaal],
) -> Stand {
    match &inhoud.soort {
        Doelsoort::Kwantitatief(k) => {
            let verwacht = doelen::verwacht(
                k.basiswaarde,
                k.streefwaarde,
                inhoud.start,
                inhoud.deadline,
                datum,
            );
            Stand {
                datum,
                gemeten,
                verwacht: Some(verwacht),
                voortgang: gemeten.map(|m| doelen::voortgang(k.basiswaarde, k.streefwaarde, m)),
                status: gemeten.map(|m| {
                    doelen::status_kwantitatief(k, inhoud.start, inhoud.deadline, datum, m)
                }),
            }
        }
        Doelsoort::Kwalitatief { .. } => {
            let paden: Vec<(NaiveDate, Mijlpaalstatus)> =
                mijlpalen.iter().map(|m| (m.datum, m.status)).collect();
            Stand {
                datum,
                gemeten: None,
                verwacht: None,
                voortgang: None,
                status: Some(doelen::status_kwalitatief(
                    inhoud.deadline,
                    datum,
                    gereed,
                    &paden,
                )),
            }
        }
    }
}

impl Register {
    /// The current version of a goal of the organisation.
    fn eigen_doel(&self, o: FiscaalNummer, id: i64) -> Result<Doel, RegisterFout> {
        self.store()
            .doel(o, id)?
            .ok_or_else(|| RegisterFout::Onbekend(format!("doel {id} bestaat niet")))
    }

    /// Adds a theme to the organisation's catalogue; returns its id.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] without a name; [`RegisterFout::Store`].
    pub fn voeg_thema_toe(
        &mut self,
        o: FiscaalNummer,
        naam: &str,
        omschrijving: &str,
    ) -> Result<i64, RegisterFout> {
        verplicht(naam, "een naam")?;
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        let id = tx.voeg_thema_toe(o, naam.trim(), omschrijving.trim(), nu)?;
        tx.commit()?;
        Ok(id)
    }

    /// The organisation's themes, by name.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn themas(&self, o: FiscaalNummer) -> Result<Vec<Thema>, RegisterFout> {
        Ok(self.store().themas(o)?)
    }

    /// Adds a topic under one of the organisation's themes; returns its id.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] without a name; [`RegisterFout::Onbekend`] for a theme that
    /// is not the organisation's; [`RegisterFout::Store`].
    pub fn voeg_onderwerp_toe(
        &mut self,
        o: FiscaalNummer,
        thema_id: i64,
        naam: &str,
        omschrijving: &str,
    ) -> Result<i64, RegisterFout> {
        verplicht(naam, "een naam")?;
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        let id = tx
            .voeg_onderwerp_toe(o, thema_id, naam.trim(), omschrijving.trim(), nu)?
            .ok_or_else(|| RegisterFout::Onbekend(format!("thema {thema_id} bestaat niet")))?;
        tx.commit()?;
        Ok(id)
    }

    /// The organisation's topics, prioritised: the most units asking first.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn onderwerpen(&self, o: FiscaalNummer) -> Result<Vec<Onderwerp>, RegisterFout> {
        Ok(self.store().onderwerpen(o)?)
    }

    /// Records that unit `eenheid` asks for a topic on `datum`; returns the request's id.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] without a unit code; [`RegisterFout::Onbekend`] for a topic
    /// that is not the organisation's; [`RegisterFout::Store`].
    pub fn vraag_onderwerp(
        &mut self,
        o: FiscaalNummer,
        onderwerp_id: i64,
        eenheid: &str,
        datum: NaiveDate,
    ) -> Result<i64, RegisterFout> {
        verplicht(eenheid, "een eenheid")?;
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        let id = tx
            .vraag_onderwerp(o, onderwerp_id, eenheid.trim(), datum, nu)?
            .ok_or_else(|| {
                RegisterFout::Onbekend(format!("onderwerp {onderwerp_id} bestaat niet"))
            })?;
        tx.commit()?;
        Ok(id)
    }

    /// The requests for one topic, oldest first.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn onderwerp_vragen(
        &self,
        o: FiscaalNummer,
        onderwerp_id: i64,
    ) -> Result<Vec<OnderwerpVraag>, RegisterFout> {
        Ok(self.store().onderwerp_vragen(o, onderwerp_id)?)
    }

    /// Sets a goal (version 1) after [`controleer_inhoud`]; returns its id.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] for invalid input; [`RegisterFout::Onbekend`] for a topic
    /// that is not the organisation's; [`RegisterFout::Store`].
    pub fn stel_doel_vast(
        &mut self,
        o: FiscaalNummer,
        v: &Doelvoorstel<'_>,
    ) -> Result<i64, RegisterFout> {
        verplicht(v.eenheid, "een eenheid")?;
        verplicht(v.door, "wie het doel vaststelt")?;
        controleer_inhoud(&v.inhoud)?;
        if !self
            .store()
            .onderwerpen(o)?
            .iter()
            .any(|t| t.id == v.onderwerp_id)
        {
            return Err(RegisterFout::Onbekend(format!(
                "onderwerp {} bestaat niet",
                v.onderwerp_id
            )));
        }
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        let id = tx.stel_doel_vast(&NieuwDoel {
            organisatie: o,
            eenheid: v.eenheid.trim(),
            onderwerp_id: v.onderwerp_id,
            inhoud: &v.inhoud,
            door: v.door,
            tijd: nu,
        })?;
        tx.commit()?;
        Ok(id)
    }

    /// The current version of every goal of the organisation, by id.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn doelen(&self, o: FiscaalNummer) -> Result<Vec<Doel>, RegisterFout> {
        Ok(self.store().doelen(o)?)
    }

    /// Adjusts a goal: a new version with `inhoud` (the old one stays readable); returns the
    /// new version number.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] for invalid input, a missing reason, a stopped goal or a
    /// change of kind (quantitative ↔ qualitative); [`RegisterFout::Onbekend`];
    /// [`RegisterFout::Store`].
    pub fn stel_doel_bij(
        &mut self,
        o: FiscaalNummer,
        doel_id: i64,
        inhoud: &Doelinhoud,
        reden: &str,
        door: &str,
    ) -> Result<i64, RegisterFout> {
        let doel = self.controleer_bijstelling(o, doel_id, inhoud, reden)?;
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        let versie = tx
            .stel_doel_bij(&Bijstelling {
                organisatie: o,
                doel_id,
                huidige_versie: doel.versie,
                inhoud,
                reden: reden.trim(),
                door,
                tijd: nu,
            })?
            .ok_or_else(|| {
                ongeldig("het doel is intussen gewijzigd of gestopt; probeer opnieuw")
            })?;
        tx.commit()?;
        Ok(versie)
    }

    fn controleer_bijstelling(
        &self,
        o: FiscaalNummer,
        doel_id: i64,
        inhoud: &Doelinhoud,
        reden: &str,
    ) -> Result<Doel, RegisterFout> {
        verplicht(reden, "een reden voor het bijstellen")?;
        controleer_inhoud(inhoud)?;
        let doel = self.eigen_doel(o, doel_id)?;
        if doel.gestopt.is_some() {
            return Err(ongeldig("een gestopt doel kan niet worden bijgesteld"));
        }
        let kwantitatief = |s: &Doelsoort| matches!(s, Doelsoort::Kwantitatief(_));
        if kwantitatief(&doel.inhoud.soort) != kwantitatief(&inhoud.soort) {
            return Err(ongeldig(
                "bijstellen verandert een kwantitatief doel niet in een kwalitatief (of omgekeerd); stop het en stel een nieuw doel",
            ));
        }
        Ok(doel)
    }

    /// Stops a goal today with a reason; it keeps its versions, check-ins and evaluations.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] without a reason or when it was stopped before;
    /// [`RegisterFout::Onbekend`]; [`RegisterFout::Store`].
    pub fn stop_doel(
        &mut self,
        o: FiscaalNummer,
        doel_id: i64,
        reden: &str,
        door: &str,
    ) -> Result<(), RegisterFout> {
        verplicht(reden, "een reden voor het stoppen")?;
        self.eigen_doel(o, doel_id)?;
        let stop = Stopzetting {
            datum: self.klok.vandaag(),
            reden: reden.trim().to_string(),
            door: door.to_string(),
        };
        let mut tx = self.store.transactie()?;
        if !tx.stop_doel(o, doel_id, &stop)? {
            return Err(ongeldig("het doel is al gestopt"));
        }
        tx.commit()?;
        Ok(())
    }

    /// Records a check-in (append-only); returns its id.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] for a date before the goal's start or after today, a value
    /// missing or given where it does not belong, an unknown confidence, an empty note, a
    /// stopped goal; [`RegisterFout::Onbekend`]; [`RegisterFout::Store`].
    pub fn leg_checkin_vast(
        &mut self,
        o: FiscaalNummer,
        c: &Checkinvoorstel<'_>,
    ) -> Result<i64, RegisterFout> {
        let vertrouwen = Vertrouwen::parse(c.vertrouwen).map_err(ongeldig)?;
        verplicht(c.toelichting, "een toelichting")?;
        let doel = self.eigen_doel(o, c.doel_id)?;
        if doel.gestopt.is_some() {
            return Err(ongeldig("een gestopt doel krijgt geen check-ins meer"));
        }
        if c.datum < doel.inhoud.start {
            return Err(ongeldig(format!(
                "een check-in kan niet voor de startdatum van het doel ({}) liggen",
                doel.inhoud.start
            )));
        }
        if c.datum > self.klok.vandaag() {
            return Err(ongeldig("een check-in kan niet in de toekomst liggen"));
        }
        match (&doel.inhoud.soort, c.waarde, c.gereed) {
            (Doelsoort::Kwantitatief(_), Some(w), None) if w.is_finite() => {}
            (Doelsoort::Kwantitatief(_), _, _) => {
                return Err(ongeldig(
                    "een check-in op een kwantitatief doel heeft een waarde (en geen gereed)",
                ));
            }
            (Doelsoort::Kwalitatief { .. }, None, Some(_)) => {}
            (Doelsoort::Kwalitatief { .. }, _, _) => {
                return Err(ongeldig(
                    "een check-in op een kwalitatief doel zegt of het gereed is (en heeft geen waarde)",
                ));
            }
        }
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        let id = tx
            .leg_checkin_vast(&NieuweCheckin {
                organisatie: o,
                doel_id: c.doel_id,
                datum: c.datum,
                waarde: c.waarde,
                gereed: c.gereed,
                toelichting: c.toelichting.trim(),
                vertrouwen,
                door: c.door,
                tijd: nu,
            })?
            .ok_or_else(|| RegisterFout::Onbekend(format!("doel {} bestaat niet", c.doel_id)))?;
        tx.commit()?;
        Ok(id)
    }

    /// Adds a milestone (status `gepland`) to a goal, or to the organisation's timeline when
    /// `doel_id` is `None`; returns its id.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] without a name; [`RegisterFout::Onbekend`] for a goal that
    /// is not the organisation's; [`RegisterFout::Store`].
    pub fn voeg_mijlpaal_toe(
        &mut self,
        o: FiscaalNummer,
        doel_id: Option<i64>,
        naam: &str,
        datum: NaiveDate,
        door: &str,
    ) -> Result<i64, RegisterFout> {
        verplicht(naam, "een naam")?;
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        let id = tx
            .voeg_mijlpaal_toe(&NieuweMijlpaal {
                organisatie: o,
                doel_id,
                naam: naam.trim(),
                datum,
                door,
                tijd: nu,
            })?
            .ok_or_else(|| {
                RegisterFout::Onbekend(format!("doel {} bestaat niet", doel_id.unwrap_or(0)))
            })?;
        tx.commit()?;
        Ok(id)
    }

    /// Gives a milestone a new status (`gepland`, `gereed`, `vervallen`); the earlier ones stay
    /// in its history.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] for an unknown status; [`RegisterFout::Onbekend`];
    /// [`RegisterFout::Store`].
    pub fn wijzig_mijlpaal(
        &mut self,
        o: FiscaalNummer,
        mijlpaal_id: i64,
        status: &str,
        door: &str,
    ) -> Result<(), RegisterFout> {
        let status = Mijlpaalstatus::parse(status).map_err(ongeldig)?;
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        if !tx.wijzig_mijlpaal(o, mijlpaal_id, status, door, nu)? {
            return Err(RegisterFout::Onbekend(format!(
                "mijlpaal {mijlpaal_id} bestaat niet"
            )));
        }
        tx.commit()?;
        Ok(())
    }

    /// The organisation's milestones (its timeline and its goals'), by date.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn mijlpalen(&self, o: FiscaalNummer) -> Result<Vec<Mijlpaal>, RegisterFout> {
        Ok(self.store().mijlpalen(o)?)
    }

    /// The status history of a milestone, oldest first.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn mijlpaal_historie(
        &self,
        o: FiscaalNummer,
        mijlpaal_id: i64,
    ) -> Result<Vec<Mijlpaalwijziging>, RegisterFout> {
        Ok(self.store().mijlpaal_historie(o, mijlpaal_id)?)
    }

    /// Records an evaluation over a period, with its decision, in one transaction: `bijstellen`
    /// adds the new version ([`Register::stel_doel_bij`]), `stoppen` stops the goal today. The
    /// expected value of a quantitative goal is computed at the period's last day.
    /// Returns the evaluation's id.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] for an unknown decision or period, a missing reason
    /// (bijstellen, stoppen), bijstellen without new values or another decision with them, an
    /// empty "geleerd", a stopped goal; [`RegisterFout::Onbekend`]; [`RegisterFout::Store`].
    pub fn evalueer(
        &mut self,
        o: FiscaalNummer,
        e: &Evaluatievoorstel<'_>,
    ) -> Result<i64, RegisterFout> {
        let besluit = Evaluatiebesluit::parse(e.besluit).map_err(ongeldig)?;
        verplicht(e.geleerd, "wat er geleerd is")?;
        let (van, tot) = match (e.van, e.tot) {
            (Some(van), Some(tot)) if van <= tot => (van, tot),
            (Some(_), Some(_)) => return Err(ongeldig("de periode eindigt voor ze begint")),
            _ => doelen::kwartaal(e.periode).ok_or_else(|| {
                ongeldig(format!(
                    "periode {:?} is geen kwartaal als 2025-K4; geef anders van en tot",
                    e.periode
                ))
            })?,
        };
        let doel = self.eigen_doel(o, e.doel_id)?;
        if doel.gestopt.is_some() {
            return Err(ongeldig("een gestopt doel wordt niet meer geëvalueerd"));
        }
        match (besluit, &e.nieuwe_inhoud) {
            (Evaluatiebesluit::Bijstellen, Some(nieuw)) => {
                self.controleer_bijstelling(o, e.doel_id, nieuw, e.reden)?;
            }
            (Evaluatiebesluit::Bijstellen, None) => {
                return Err(ongeldig("bijstellen vraagt de nieuwe waarden van het doel"));
            }
            (_, Some(_)) => {
                return Err(ongeldig("alleen bij bijstellen horen nieuwe waarden"));
            }
            (Evaluatiebesluit::Stoppen, None) => verplicht(e.reden, "een reden voor het stoppen")?,
            (Evaluatiebesluit::Behouden, None) => {}
        }
        let verwacht = match &doel.inhoud.soort {
            Doelsoort::Kwantitatief(k) => Some(doelen::verwacht(
                k.basiswaarde,
                k.streefwaarde,
                doel.inhoud.start,
                doel.inhoud.deadline,
                tot,
            )),
            Doelsoort::Kwalitatief { .. } => None,
        };
        if e.gemeten.is_some_and(|g| !g.is_finite()) {
            return Err(ongeldig("de gemeten waarde is geen getal"));
        }
        let nu = self.klok.nu();
        let vandaag = self.klok.vandaag();
        let mut tx = self.store.transactie()?;
        let id = tx
            .leg_evaluatie_vast(&NieuweEvaluatie {
                organisatie: o,
                doel_id: e.doel_id,
                doel_versie: doel.versie,
                periode: e.periode.trim(),
                van,
                tot,
                gemeten: e.gemeten,
                verwacht,
                geleerd: e.geleerd.trim(),
                besluit,
                reden: e.reden.trim(),
                door: e.door,
                tijd: nu,
            })?
            .ok_or_else(|| RegisterFout::Onbekend(format!("doel {} bestaat niet", e.doel_id)))?;
        let toegepast = match (besluit, &e.nieuwe_inhoud) {
            (Evaluatiebesluit::Bijstellen, Some(nieuw)) => tx
                .stel_doel_bij(&Bijstelling {
                    organisatie: o,
                    doel_id: e.doel_id,
                    huidige_versie: doel.versie,
                    inhoud: nieuw,
                    reden: e.reden.trim(),
                    door: e.door,
                    tijd: nu,
                })?
                .is_some(),
            (Evaluatiebesluit::Stoppen, _) => tx.stop_doel(
                o,
                e.doel_id,
                &Stopzetting {
                    datum: vandaag,
                    reden: e.reden.trim().to_string(),
                    door: e.door.to_string(),
                },
            )?,
            _ => true,
        };
        if !toegepast {
            // dropping the transaction undoes the evaluation too
            return Err(ongeldig(
                "het doel is intussen gewijzigd of gestopt; probeer opnieuw",
            ));
        }
        tx.commit()?;
        Ok(id)
    }

    /// One goal with its versions, check-ins, milestones, evaluations and its status at
    /// `datum`. M is `gemeten` when given, else the value of the latest check-in on or
    /// before `datum`; a qualitative goal is done when its latest check-in on or before `datum`
    /// says so.
    ///
    /// # Errors
    /// [`RegisterFout::Onbekend`]; [`RegisterFout::Store`].
    pub fn doeloverzicht(
        &self,
        o: FiscaalNummer,
        doel_id: i64,
        datum: NaiveDate,
        gemeten: Option<f64>,
    ) -> Result<Doeloverzicht, RegisterFout> {
        let doel = self.eigen_doel(o, doel_id)?;
        let store = self.store();
        let checkins = store.checkins(o, doel_id)?;
        let mijlpalen: Vec<Mijlpaal> = store
            .mijlpalen(o)?
            .into_iter()
            .filter(|m| m.doel_id == Some(doel_id))
            .collect();
        let laatste = checkins.iter().rev().find(|c| c.datum <= datum);
        let gemeten = gemeten.or_else(|| laatste.and_then(|c| c.waarde));
        let gereed = laatste.and_then(|c| c.gereed).unwrap_or(false);
        let stand = stand(&doel.inhoud, datum, gemeten, gereed, &mijlpalen);
        Ok(Doeloverzicht {
            versies: store.doel_versies(o, doel_id)?,
            evaluaties: store.evaluaties(o, doel_id)?,
            doel,
            checkins,
            mijlpalen,
            stand,
        })
    }

    /// [`Register::doeloverzicht`] of every goal of the organisation, M from `meting`.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn doeloverzichten(
        &self,
        o: FiscaalNummer,
        datum: NaiveDate,
        meting: &dyn Meting,
    ) -> Result<Vec<Doeloverzicht>, RegisterFout> {
        self.store()
            .doelen(o)?
            .iter()
            .map(|d| self.doeloverzicht(o, d.id, datum, meting.gemeten(d, datum)))
            .collect()
    }
}
