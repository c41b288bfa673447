//! The one authorisation policy (API.md "Authentication and roles"): every handler asks
//! [`beslis`] before it touches a person's data, and gets a [`Toegang`] that says which view it
//! may give. Refusals carry no data.

use dgr_core::Gemeentecode;
use dgr_core::lhn::FiscaalNummer;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Gebruiker;

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

/// What a caller wants to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handeling {
    /// `POST /doelgroepregistraties/_zoek` for a BSN; `eigen` when it is the caller's own BSN,
    /// `woongemeente` the person's municipality if known.
    Zoeken {
        /// The BSN is the caller's own (burger).
        eigen: bool,
        /// The person's municipality of residence.
        woongemeente: Option<Gemeentecode>,
    },
    /// `POST /werknemersoverzichten` for these fiscaal nummers.
    Werknemersoverzicht(Vec<FiscaalNummer>),
    /// `GET /mijn/registraties`, `GET /mijn/verwerkingen`.
    EigenGegevens,
    /// `POST /leveringen` of this source (and gemeentecode for a municipality).
    Leveren {
        /// The `bron` of the upload.
        bron: dgr_core::Bron,
        /// The gemeentecode of the upload.
        gemeente: Option<Gemeentecode>,
    },
    /// `GET /leveringen`, `GET /leveringen/{id}`.
    LeveringenInzien,
    /// Banenmonitor.
    Banenmonitor,
    /// Regional trend.
    Trend,
    /// Quota, for all employers or one.
    Quotum(Option<FiscaalNummer>),
    /// `POST /werkgeversvoordelen/_zoek`.
    Voordelen,
    /// `GET /signalen`.
    Signalen,
}

/// The view a permitted caller gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toegang {
    /// Only whether someone is registered (werkgever; gemeente for non-residents).
    JaNee,
    /// Registrations with grondslag and dates.
    Details,
    /// Aggregates or own records.
    Volledig,
}

/// A refusal (403) with a reason that contains no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weigering(pub String);

fn weiger(reden: &str) -> Result<Toegang, Weigering> {
    Err(Weigering(reden.to_string()))
}

/// Decides whether `g` may do `h`, and with which view.
///
/// # Errors
/// [`Weigering`] with the reason.
pub fn beslis(g: &Gebruiker, h: &Handeling) -> Result<Toegang, Weigering> {
    use Handeling as H;
    use Rol as R;
    match (g.rol, h) {
        (R::Werkgever, H::Zoeken { .. }) => Ok(Toegang::JaNee),
        (R::Burger, H::Zoeken { eigen: true, .. }) => Ok(Toegang::Details),
        (R::Burger, H::Zoeken { eigen: false, .. }) => {
            weiger("een burger kan alleen het eigen BSN opvragen")
        }
        (R::Gemeente, H::Zoeken { woongemeente, .. }) => {
            if g.gemeentecode.is_some() && *woongemeente == g.gemeentecode {
                Ok(Toegang::Details)
            } else {
                Ok(Toegang::JaNee)
            }
        }
        (R::Uwv, H::Zoeken { .. }) => Ok(Toegang::Details),
        (R::Werkgever, H::Werknemersoverzicht(fiscaal)) => {
            if !fiscaal.is_empty() && fiscaal.iter().all(|f| g.fiscale_nummers().contains(f)) {
                Ok(Toegang::Volledig)
            } else {
                weiger("een werkgever kan alleen de eigen loonheffingennummers opvragen")
            }
        }
        (R::Burger, H::EigenGegevens) => Ok(Toegang::Volledig),
        (R::Bron, H::Leveren { bron, gemeente }) => {
            if g.bron != Some(*bron) {
                weiger("deze bron mag alleen namens zichzelf leveren")
            } else if *bron == dgr_core::Bron::Gemeente
                && (gemeente.is_none() || *gemeente != g.gemeentecode)
            {
                weiger("een gemeente mag alleen voor de eigen gemeente leveren")
            } else {
                Ok(Toegang::Volledig)
            }
        }
        (R::Uwv | R::Beheer, H::Leveren { .. } | H::LeveringenInzien) => Ok(Toegang::Volledig),
        (R::Bron, H::LeveringenInzien) => Ok(Toegang::Volledig),
        (R::Analist | R::Uwv, H::Banenmonitor) => Ok(Toegang::Volledig),
        (R::Analist | R::Uwv | R::Gemeente, H::Trend) => Ok(Toegang::Volledig),
        (R::Analist | R::Belastingdienst, H::Quotum(_)) => Ok(Toegang::Volledig),
        (R::Werkgever, H::Quotum(Some(f))) if g.fiscale_nummers().contains(f) => {
            Ok(Toegang::Volledig)
        }
        (R::Werkgever, H::Quotum(_)) => {
            weiger("een werkgever ziet alleen het eigen quotum (geef fiscaal_nummer)")
        }
        (R::Werkgever, H::Voordelen) => Ok(Toegang::JaNee),
        (R::Uwv, H::Signalen) => Ok(Toegang::Volledig),
        _ => weiger("deze rol mag deze handeling niet uitvoeren"),
    }
}
