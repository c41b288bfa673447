//! the werkgeversmonitor's goals, as an organisation (by its fiscaal nummer) keeps them:
//! a catalogue of themes and topics, the units asking for a topic, goals per unit with their
//! versions, append-only check-ins, milestones with the history of their status, and
//! evaluations per period. The rule is `dgr_core::doelen`, the operations `dgr-register`'s
//! `doelen`; this is the storage contract.
//!
//! Nothing is overwritten: an adjusted goal gets a new version (the old one keeps its recorded
//! period `[geregistreerd_op, vervallen_op)`), a stopped goal keeps everything and is marked
//! gestopt, check-ins and milestone status changes are only ever added. Every read and write
//! names the organisation, and a row of another organisation is neither read nor changed. Units
//! are only named by their code (the `eenheden` deliveries, R-42); times are UTC, dates civil.

use chrono::{DateTime, NaiveDate, Utc};

use dgr_core::FiscaalNummer;
use dgr_core::doelen::{Doelsoort, Evaluatiebesluit, Mijlpaalstatus, Vertrouwen};

use crate::Resultaat;

pub(crate) mod opslag;

/// A theme of the organisation's catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thema {
    /// Id.
    pub id: i64,
    /// Name.
    pub naam: String,
    /// Description.
    pub omschrijving: String,
}

/// A topic under a theme, with how many units ask for it (for prioritising).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Onderwerp {
    /// Id.
    pub id: i64,
    /// Its theme.
    pub thema_id: i64,
    /// Name.
    pub naam: String,
    /// Description.
    pub omschrijving: String,
    /// The number of distinct units that asked for it.
    pub vragende_eenheden: u64,
}

/// A unit's request for a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnderwerpVraag {
    /// Id.
    pub id: i64,
    /// The topic.
    pub onderwerp_id: i64,
    /// The unit's code (e.g. `RB-ZWB`).
    pub eenheid: String,
    /// Date of the request.
    pub datum: NaiveDate,
}

/// What a goal version says: everything an adjustment may change.
#[derive(Debug, Clone, PartialEq)]
pub struct Doelinhoud {
    /// Title.
    pub titel: String,
    /// Owner: a person's name or role.
    pub eigenaar: String,
    /// Start S.
    pub start: NaiveDate,
    /// Deadline E (after S).
    pub deadline: NaiveDate,
    /// Quantitative (measure, B, T) or qualitative (definition of done).
    pub soort: Doelsoort,
}

/// Why and when a goal was stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopzetting {
    /// Date it stopped.
    pub datum: NaiveDate,
    /// Reason.
    pub reden: String,
    /// Who stopped it.
    pub door: String,
}

/// One version of a goal as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Doel {
    /// Id of the goal (the same for all its versions).
    pub id: i64,
    /// Version number: 1 as set, +1 per adjustment.
    pub versie: i64,
    /// The unit's code.
    pub eenheid: String,
    /// The topic (and through it the theme).
    pub onderwerp_id: i64,
    /// What this version says.
    pub inhoud: Doelinhoud,
    /// Why this version was made (an adjustment's reason; empty for version 1).
    pub reden: String,
    /// Who made this version.
    pub door: String,
    /// Who set the goal.
    pub aangemaakt_door: String,
    /// When the goal was set (UTC).
    pub aangemaakt_op: DateTime<Utc>,
    /// When this version was recorded (UTC).
    pub geregistreerd_op: DateTime<Utc>,
    /// When a later version replaced it (UTC); `None` for the current version.
    pub vervallen_op: Option<DateTime<Utc>>,
    /// Set when the goal was stopped.
    pub gestopt: Option<Stopzetting>,
}

/// A goal as set (version 1).
#[derive(Debug, Clone)]
pub struct NieuwDoel<'a> {
    /// The organisation.
    pub organisatie: FiscaalNummer,
    /// The unit's code.
    pub eenheid: &'a str,
    /// The topic (of this organisation: checked by the caller).
    pub onderwerp_id: i64,
    /// What it says.
    pub inhoud: &'a Doelinhoud,
    /// Who sets it.
    pub door: &'a str,
    /// When (UTC).
    pub tijd: DateTime<Utc>,
}

/// An adjustment of a goal: its next version.
#[derive(Debug, Clone, Copy)]
pub struct Bijstelling<'a> {
    /// The organisation.
    pub organisatie: FiscaalNummer,
    /// The goal.
    pub doel_id: i64,
    /// The version being replaced (the current one when the adjustment was decided).
    pub huidige_versie: i64,
    /// What the new version says.
    pub inhoud: &'a Doelinhoud,
    /// Why.
    pub reden: &'a str,
    /// Who.
    pub door: &'a str,
    /// When (UTC).
    pub tijd: DateTime<Utc>,
}

/// A check-in on a goal: never overwritten.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkin {
    /// Id.
    pub id: i64,
    /// The goal.
    pub doel_id: i64,
    /// The date it is about.
    pub datum: NaiveDate,
    /// The value (quantitative goals).
    pub waarde: Option<f64>,
    /// Done (qualitative goals).
    pub gereed: Option<bool>,
    /// The written note.
    pub toelichting: String,
    /// Confidence.
    pub vertrouwen: Vertrouwen,
    /// Who.
    pub door: String,
    /// When it was recorded (UTC).
    pub vastgelegd_op: DateTime<Utc>,
}

/// A check-in as recorded (before it has an id).
#[derive(Debug, Clone, Copy)]
pub struct NieuweCheckin<'a> {
    /// The organisation.
    pub organisatie: FiscaalNummer,
    /// The goal.
    pub doel_id: i64,
    /// The date it is about.
    pub datum: NaiveDate,
    /// The value (quantitative goals).
    pub waarde: Option<f64>,
    /// Done (qualitative goals).
    pub gereed: Option<bool>,
    /// The written note.
    pub toelichting: &'a str,
    /// Confidence.
    pub vertrouwen: Vertrouwen,
    /// Who.
    pub door: &'a str,
    /// When (UTC).
    pub tijd: DateTime<Utc>,
}

/// A milestone with its current status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mijlpaal {
    /// Id.
    pub id: i64,
    /// Its goal; `None` for a milestone of the organisation's timeline.
    pub doel_id: Option<i64>,
    /// Name.
    pub naam: String,
    /// Date.
    pub datum: NaiveDate,
    /// The latest status.
    pub status: Mijlpaalstatus,
}

/// One status of a milestone, in its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mijlpaalwijziging {
    /// The status from then on.
    pub status: Mijlpaalstatus,
    /// Who.
    pub door: String,
    /// When (UTC).
    pub tijd: DateTime<Utc>,
}

/// A milestone as added (status `gepland`).
#[derive(Debug, Clone, Copy)]
pub struct NieuweMijlpaal<'a> {
    /// The organisation.
    pub organisatie: FiscaalNummer,
    /// Its goal, or `None` for the organisation's timeline.
    pub doel_id: Option<i64>,
    /// Name.
    pub naam: &'a str,
    /// Date.
    pub datum: NaiveDate,
    /// Who.
    pub door: &'a str,
    /// When (UTC).
    pub tijd: DateTime<Utc>,
}

/// An evaluation of a goal over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluatie {
    /// Id.
    pub id: i64,
    /// The goal.
    pub doel_id: i64,
    /// The goal's version evaluated.
    pub doel_versie: i64,
    /// The period's label (e.g. `2025-K4`, or `van–tot`).
    pub periode: String,
    /// First day of the period.
    pub van: NaiveDate,
    /// Last day of the period.
    pub tot: NaiveDate,
    /// Measured value (quantitative).
    pub gemeten: Option<f64>,
    /// Expected value at the period's end (quantitative, R-45).
    pub verwacht: Option<f64>,
    /// What was learned.
    pub geleerd: String,
    /// The decision.
    pub besluit: Evaluatiebesluit,
    /// Its reason (required for bijstellen and stoppen).
    pub reden: String,
    /// Who.
    pub door: String,
    /// When (UTC).
    pub tijd: DateTime<Utc>,
}

/// An evaluation as recorded (before it has an id).
#[derive(Debug, Clone, Copy)]
pub struct NieuweEvaluatie<'a> {
    /// The organisation.
    pub organisatie: FiscaalNummer,
    /// The goal.
    pub doel_id: i64,
    /// The goal's version evaluated.
    pub doel_versie: i64,
    /// The period's label.
    pub periode: &'a str,
    /// First day.
    pub van: NaiveDate,
    /// Last day.
    pub tot: NaiveDate,
    /// Measured value.
    pub gemeten: Option<f64>,
    /// Expected value.
    pub verwacht: Option<f64>,
    /// What was learned.
    pub geleerd: &'a str,
    /// The decision.
    pub besluit: Evaluatiebesluit,
    /// Its reason.
    pub reden: &'a str,
    /// Who.
    pub door: &'a str,
    /// When (UTC).
    pub tijd: DateTime<Utc>,
}

/// Reads of R-45 goals; every read is limited to one organisation.
pub trait DoelLezer {
    /// The organisation's themes, by name.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn themas(&self, organisatie: FiscaalNummer) -> Resultaat<Vec<Thema>>;

    /// The organisation's topics, the most asked for first (distinct units), then by name.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn onderwerpen(&self, organisatie: FiscaalNummer) -> Resultaat<Vec<Onderwerp>>;

    /// The requests for one topic, oldest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn onderwerp_vragen(
        &self,
        organisatie: FiscaalNummer,
        onderwerp_id: i64,
    ) -> Resultaat<Vec<OnderwerpVraag>>;

    /// The current version of every goal of the organisation (stopped ones included), by id.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn doelen(&self, organisatie: FiscaalNummer) -> Resultaat<Vec<Doel>>;

    /// The current version of one goal.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn doel(&self, organisatie: FiscaalNummer, id: i64) -> Resultaat<Option<Doel>>;

    /// Every version of one goal, oldest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn doel_versies(&self, organisatie: FiscaalNummer, id: i64) -> Resultaat<Vec<Doel>>;

    /// The check-ins of a goal, by date, then in the order recorded.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn checkins(&self, organisatie: FiscaalNummer, doel_id: i64) -> Resultaat<Vec<Checkin>>;

    /// The organisation's milestones (its timeline, goals' milestones included), by date.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn mijlpalen(&self, organisatie: FiscaalNummer) -> Resultaat<Vec<Mijlpaal>>;

    /// The status history of one milestone, oldest first (empty for another organisation's).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn mijlpaal_historie(
        &self,
        organisatie: FiscaalNummer,
        mijlpaal_id: i64,
    ) -> Resultaat<Vec<Mijlpaalwijziging>>;

    /// The evaluations of a goal, oldest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn evaluaties(&self, organisatie: FiscaalNummer, doel_id: i64) -> Resultaat<Vec<Evaluatie>>;
}

/// Writes of R-45 goals, inside a [`crate::Transactie`]. The caller validates (R-45 rules,
/// ownership of the topic and goal); the writes that depend on the current state say whether
/// they applied.
pub trait DoelSchrijver {
    /// Adds a theme; returns its id.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn voeg_thema_toe(
        &mut self,
        organisatie: FiscaalNummer,
        naam: &str,
        omschrijving: &str,
        tijd: DateTime<Utc>,
    ) -> Resultaat<i64>;

    /// Adds a topic under a theme of the organisation; `None` when the theme is not its.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn voeg_onderwerp_toe(
        &mut self,
        organisatie: FiscaalNummer,
        thema_id: i64,
        naam: &str,
        omschrijving: &str,
        tijd: DateTime<Utc>,
    ) -> Resultaat<Option<i64>>;

    /// Records a unit's request for a topic of the organisation; `None` when the topic is not
    /// its.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn vraag_onderwerp(
        &mut self,
        organisatie: FiscaalNummer,
        onderwerp_id: i64,
        eenheid: &str,
        datum: NaiveDate,
        tijd: DateTime<Utc>,
    ) -> Resultaat<Option<i64>>;

    /// Sets a goal (version 1); returns its id.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn stel_doel_vast(&mut self, d: &NieuwDoel<'_>) -> Resultaat<i64>;

    /// Adjusts a goal: closes its current version `b.huidige_versie` at `b.tijd` and adds the
    /// next with `b.inhoud`; returns the new version number, or `None` when the goal is not the
    /// organisation's, is stopped, or its current version is another (changed meanwhile).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn stel_doel_bij(&mut self, b: &Bijstelling<'_>) -> Resultaat<Option<i64>>;

    /// Marks a goal gestopt; `false` when it is not the organisation's or was stopped before.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn stop_doel(
        &mut self,
        organisatie: FiscaalNummer,
        doel_id: i64,
        stop: &Stopzetting,
    ) -> Resultaat<bool>;

    /// Records a check-in; returns its id, or `None` when the goal is not the organisation's.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn leg_checkin_vast(&mut self, c: &NieuweCheckin<'_>) -> Resultaat<Option<i64>>;

    /// Adds a milestone with status `gepland`; returns its id, or `None` when its goal is not
    /// the organisation's.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn voeg_mijlpaal_toe(&mut self, m: &NieuweMijlpaal<'_>) -> Resultaat<Option<i64>>;

    /// Adds a status to a milestone's history; `false` when it is not the organisation's.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn wijzig_mijlpaal(
        &mut self,
        organisatie: FiscaalNummer,
        mijlpaal_id: i64,
        status: Mijlpaalstatus,
        door: &str,
        tijd: DateTime<Utc>,
    ) -> Resultaat<bool>;

    /// Records an evaluation; returns its id, or `None` when the goal is not the
    /// organisation's.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn leg_evaluatie_vast(&mut self, e: &NieuweEvaluatie<'_>) -> Resultaat<Option<i64>>;
}
