//! `dgr-core`: the law as code.
//!
//! Domain types parsed at the edge ([`Bsn`], [`Loonheffingennummer`], [`Gemeentecode`], civil dates
//! and half-open periods), the shipped reference data ([`Referentie`]) and the rules of
//! `spec/RULES.md` as pure functions. Nothing here does IO beyond reading reference files the caller
//! names, and nothing is async.
//!
//! Where to find a rule:
//! - R-01 [`bsn`], R-02 [`lhn`], R-03 [`gemeente`]
//! - R-04 [`datum`] (civil dates, incomplete BRP dates, periods)
//! - R-14 [`registratie`]
//! - R-07 (a grondslag that counts only in a dienstbetrekking) [`dienstbetrekking`]
//! - R-12 [`aow`]
//! - numbers with two decimals (hours, percentages) [`getal`]
//! - R-45 goals of the werkgeversmonitor and their status [`doelen`]
//! - safe excerpts, CSV cells and terminal text from hostile input [`tekst`]

pub mod aow;
pub mod banen;
pub mod bezwaar;
pub mod breuk;
pub mod bron;
pub mod bsn;
pub mod datum;
pub mod dienstbetrekking;
pub mod doelen;
pub mod eenheden;
pub mod gegevens;
pub mod gemeente;
pub mod getal;
pub mod kandidaten;
pub mod lhn;
pub mod onthulling;
pub mod quotum;
pub mod referentie;
pub mod registratie;
pub mod tekst;
pub mod voordelen;
pub mod werkgeversmonitor;

pub use breuk::{Breuk, Breuksom};
pub use bron::{Bron, LeveringSoort, Modus};
pub use bsn::Bsn;
pub use datum::{BrpDatum, Periode};
pub use gemeente::Gemeentecode;
pub use getal::Honderdsten;
pub use lhn::{FiscaalNummer, Loonheffingennummer};
pub use referentie::Referentie;
