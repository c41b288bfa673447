//! Who calls: the [`Rol`]s of API.md and the authenticated caller, [`Gebruiker`]. This module
//! depends on nothing else in this crate: authentication (`auth`, the web login) makes a
//! [`Gebruiker`], the policy (`beleid`) and every handler read it.

use std::sync::Arc;

use dgr_core::lhn::FiscaalNummer;
use dgr_core::{Bron, Bsn, Gemeentecode, Loonheffingennummer};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The roles of API.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Rol {
    /// A citizen (own data only).
    Burger,
    /// An employer (yes/no, own employees, own quota).
    Werkgever,
    /// Municipality staff.
    Gemeente,
    /// Register staff.
    Uwv,
    /// WerkgeversServicePunt adviser.
    Wsp,
    /// Analyst (aggregates only).
    Analist,
    /// Belastingdienst (quota).
    Belastingdienst,
    /// A delivering system.
    Bron,
    /// Operator.
    Beheer,
}

impl Rol {
    /// All roles.
    pub const ALLE: [Rol; 9] = [
        Rol::Burger,
        Rol::Werkgever,
        Rol::Gemeente,
        Rol::Uwv,
        Rol::Wsp,
        Rol::Analist,
        Rol::Belastingdienst,
        Rol::Bron,
        Rol::Beheer,
    ];

    /// The claim value.
    pub fn naam(self) -> &'static str {
        match self {
            Rol::Burger => "burger",
            Rol::Werkgever => "werkgever",
            Rol::Gemeente => "gemeente",
            Rol::Uwv => "uwv",
            Rol::Wsp => "wsp",
            Rol::Analist => "analist",
            Rol::Belastingdienst => "belastingdienst",
            Rol::Bron => "bron",
            Rol::Beheer => "beheer",
        }
    }

    /// Parses a claim value.
    pub fn parse(s: &str) -> Option<Rol> {
        Rol::ALLE.into_iter().find(|r| r.naam() == s)
    }
}

/// Where a caller's refusals are recorded: the processing log's audit table, with the trace and
/// client address of the caller's request (the policy's `Weigeringsspoor` implements it).
pub trait Weigeringslog: std::fmt::Debug + Send + Sync {
    /// Records a refusal of `handeling` to `wie` (unknown for a failed authentication) with the
    /// reason `reden`, which must be our own words, never input. Never fails: a record that
    /// cannot be written is reported in the server's own log.
    fn leg_vast(&self, wie: Option<&Gebruiker>, handeling: &str, reden: &str);
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Gebruiker {
    /// Subject.
    pub sub: String,
    /// Role.
    pub rol: Rol,
    /// burger: own BSN.
    pub bsn: Option<Bsn>,
    /// werkgever: fiscaal nummer.
    pub fiscaal_nummer: Option<FiscaalNummer>,
    /// werkgever: own lhn.
    pub loonheffingennummers: Vec<Loonheffingennummer>,
    /// gemeente.
    pub gemeentecode: Option<Gemeentecode>,
    /// bron.
    pub bron: Option<Bron>,
    /// Organisation name.
    pub organisatie: Option<String>,
    /// wsp: the labour-market region the adviser works for.
    pub arbeidsmarktregio: Option<String>,
    /// werkgever: the unit codes a unit contact person is limited to in the werkgeversmonitor
    /// (those units and every unit below them); empty for the whole organisation (the D&I team).
    pub eenheden: Vec<String>,
    /// Expiry of the token (seconds since the epoch).
    pub verloopt: u64,
    /// Where this caller's refusals are logged (the policy's `beslis` writes through it); set
    /// for each request and web session, `None` for a caller built outside a request.
    pub spoor: Option<Arc<dyn Weigeringslog>>,
}

impl Gebruiker {
    /// The fiscaal nummers the caller acts for (claim and the lhn's).
    pub fn fiscale_nummers(&self) -> Vec<FiscaalNummer> {
        let mut f: Vec<FiscaalNummer> = self
            .loonheffingennummers
            .iter()
            .map(|l| l.fiscaal_nummer())
            .collect();
        f.extend(self.fiscaal_nummer);
        f.sort();
        f.dedup();
        f
    }

    /// Who acted, as recorded with a staff decision: the organisation's name, else the subject.
    pub fn behandelaar(&self) -> String {
        self.organisatie.clone().unwrap_or_else(|| self.sub.clone())
    }

    /// The organisation key for the rate limit and the audit.
    pub fn organisatie_sleutel(&self) -> String {
        match (self.rol, self.fiscale_nummers().first(), self.gemeentecode) {
            (Rol::Werkgever, Some(f), _) => format!("werkgever:{f}"),
            (Rol::Gemeente, _, Some(g)) => format!("gemeente:{g}"),
            _ => format!("{}:{}", self.rol.naam(), self.sub),
        }
    }
}
