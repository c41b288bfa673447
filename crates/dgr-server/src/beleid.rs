//! The one authorisation policy (API.md "Authentication and roles"): every handler asks
//! [`beslis`] before it touches a person's data, and gets a [`Toegang`] that says which view it
//! may give. Refusals carry no data.
//!
//! Every refusal is also logged (API.md "Misuse"): [`beslis`] writes an audit record through the
//! caller's [`Weigeringsspoor`] (set by the authentication of the request or the web session),
//! with the operation, role, organisation and reason, and no personal data: no BSN, no pseudonym.
//! Authentication failures (401) and the pages' role gate use the same record.

use std::net::IpAddr;

use dgr_core::Gemeentecode;
use dgr_core::lhn::FiscaalNummer;
use dgr_register::tijd::Klok;
use dgr_store::logboek::Audit;

use crate::identiteit::{Gebruiker, Rol, Weigeringslog};
use crate::logboek::Logboek;

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
        /// The fiscaal nummer of an employer's own delivery (bron WERKGEVER, R-42).
        fiscaal_nummer: Option<FiscaalNummer>,
    },
    /// The werkgeversmonitor (R-42..R-45) of this organisation: its figures and goals.
    Werkgeversmonitor(FiscaalNummer),
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
    /// The werkgever's check page: is a (future) employee registered, yes or no (a counted
    /// lookup, like [`Handeling::Zoeken`]).
    Controleren,
    /// The staff's lookup page (Inkijk): a person's registrations and their history.
    Inkijken,
    /// UWV's work queue of uitschrijvingen: inform employers, record objections, decide.
    UitschrijvingenBehandelen,
    /// UWV's work queue of bezwaren against a beoordeling arbeidsvermogen.
    BezwarenBehandelen,
    /// The Kandidatenverkenner: anonymous profiles and contact requests.
    KandidatenZoeken,
    /// A WSP's contact requests of its own arbeidsmarktregio.
    ContactverzoekenBehandelen,
    /// A gemeente records a loonwaardebepaling (praktijkroute, issue #14) of a person with this
    /// woongemeente (if known): only for its own residents.
    PraktijkrouteVastleggen {
        /// The person's municipality of residence.
        woongemeente: Option<Gemeentecode>,
    },
    /// A request to enter the register (beoordeling arbeidsvermogen or VSO/PrO, issue #14) for
    /// a person: `eigen` when it is the caller's own BSN (burger), `woongemeente` the person's
    /// municipality (a gemeente asks on a resident's behalf).
    AanvraagIndienen {
        /// The BSN is the caller's own (burger).
        eigen: bool,
        /// The person's municipality of residence.
        woongemeente: Option<Gemeentecode>,
    },
    /// UWV's work queue of requests to enter the register: decide them (issue #14).
    AanvragenBehandelen,
}

impl Handeling {
    /// The operation's name in the audit record of a refusal.
    pub fn naam(&self) -> &'static str {
        match self {
            Handeling::Zoeken { .. } => "doelgroepregistraties_zoeken",
            Handeling::Werknemersoverzicht(_) => "werknemersoverzicht",
            Handeling::EigenGegevens => "eigen_gegevens",
            Handeling::Leveren { .. } => "levering_aanbieden",
            Handeling::Werkgeversmonitor(_) => "werkgeversmonitor",
            Handeling::LeveringenInzien => "leveringen_inzien",
            Handeling::Banenmonitor => "banenmonitor",
            Handeling::Trend => "trend",
            Handeling::Quotum(_) => "quotum",
            Handeling::Voordelen => "werkgeversvoordelen_zoeken",
            Handeling::Signalen => "signalen",
            Handeling::Controleren => "controleren",
            Handeling::Inkijken => "inkijken",
            Handeling::UitschrijvingenBehandelen => "uitschrijvingen_behandelen",
            Handeling::BezwarenBehandelen => "bezwaren_behandelen",
            Handeling::KandidatenZoeken => "kandidaten_zoeken",
            Handeling::ContactverzoekenBehandelen => "contactverzoeken_behandelen",
            Handeling::PraktijkrouteVastleggen { .. } => "praktijkroute_vastleggen",
            Handeling::AanvraagIndienen { .. } => "aanvraag_indienen",
            Handeling::AanvragenBehandelen => "aanvragen_behandelen",
        }
    }
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

/// The prefix of the `handeling` of an audit record that logs a refusal:
/// `weigering:{operation}: {reason}`.
pub const WEIGERING: &str = "weigering:";

/// Where the refusals of one caller's request are logged: the processing log's audit table
/// (API.md "Misuse"), with the request's trace and client address. Cheap to clone.
#[derive(Clone)]
pub struct Weigeringsspoor {
    logboek: Logboek,
    klok: Klok,
    traceparent: Option<String>,
    client: Option<IpAddr>,
}

impl std::fmt::Debug for Weigeringsspoor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Weigeringsspoor")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl Weigeringsspoor {
    /// A trail into `logboek`, timed by `klok`, for a request with this `traceparent` header
    /// (kept when valid, else a new trace) from `client`.
    pub fn new(
        logboek: Logboek,
        klok: Klok,
        traceparent: Option<String>,
        client: Option<IpAddr>,
    ) -> Weigeringsspoor {
        Weigeringsspoor {
            logboek,
            klok,
            traceparent,
            client,
        }
    }

    /// Logs a refusal of `handeling` to `wie` (unknown for a failed authentication) as an audit
    /// record `weigering:{handeling}: {reden}` with no lookups counted. The record is handed to
    /// the log writer and written with the next group commit; the refusal's answer does not
    /// wait for it (it reveals nothing), and a failed write is logged (without personal data).
    /// `reden` must be our own words, never input.
    pub fn leg_vast(&self, wie: Option<&Gebruiker>, handeling: &str, reden: &str) {
        let mut headers = axum::http::HeaderMap::new();
        if let Some(v) = self
            .traceparent
            .as_deref()
            .and_then(|t| axum::http::HeaderValue::from_str(t).ok())
        {
            headers.insert("traceparent", v);
        }
        let trace = crate::trace::Trace::uit_headers(&headers);
        let onbekend = || "onbekend".to_string();
        let audit = Audit {
            trace_id: trace.trace_id,
            tijd: self.klok.nu(),
            sub: wie.map_or_else(onbekend, |g| g.sub.clone()),
            rol: wie.map_or_else(onbekend, |g| g.rol.naam().to_string()),
            organisatie: wie.map_or_else(onbekend, Gebruiker::organisatie_sleutel),
            organisatie_naam: wie.and_then(|g| g.organisatie.clone()),
            client_ip: self.client.map(|c| c.to_string()),
            handeling: format!("{WEIGERING}{handeling}: {reden}"),
            bsn_opvragingen: 0,
            buiten_eigen_polis: 0,
            doel: None,
        };
        metrics::counter!("dgr_weigeringen_totaal", "handeling" => handeling.to_string())
            .increment(1);
        let logboek = self.logboek.clone();
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => {
                rt.spawn(async move {
                    if let Err(e) = logboek.schrijf(Vec::new(), audit).await {
                        tracing::error!(fout = %e, "weigering niet vastgelegd in het logboek");
                    }
                });
            }
            Err(_) => tracing::error!("weigering niet vastgelegd: geen runtime"),
        }
    }
}

impl Weigeringslog for Weigeringsspoor {
    fn leg_vast(&self, wie: Option<&Gebruiker>, handeling: &str, reden: &str) {
        Weigeringsspoor::leg_vast(self, wie, handeling, reden);
    }
}

/// Decides whether `g` may do `h`, and with which view. A refusal is logged through the
/// caller's [`Weigeringsspoor`] when it has one (every authenticated request and web session).
///
/// # Errors
/// [`Weigering`] with the reason.
pub fn beslis(g: &Gebruiker, h: &Handeling) -> Result<Toegang, Weigering> {
    let besluit = beslis_zonder_spoor(g, h);
    if let (Err(w), Some(spoor)) = (&besluit, &g.spoor) {
        spoor.leg_vast(Some(g), h.naam(), &w.0);
    }
    besluit
}

/// Whether `g` may do `h`, without logging a refusal: for showing what a caller can do (the
/// start page's tiles and the menu), never as the gate of an action, which uses [`beslis`].
pub fn mag(g: &Gebruiker, h: &Handeling) -> bool {
    beslis_zonder_spoor(g, h).is_ok()
}

/// Whether `g`'s access to a lookup ([`Handeling::Zoeken`]) depends on the person's
/// woongemeente, so that the lookup must read it: only a gemeente's does (details for its own
/// residents); the other roles' access is decided without it (issue #13: one read less per
/// lookup).
pub fn zoeken_vraagt_woongemeente(g: &Gebruiker) -> bool {
    g.rol == Rol::Gemeente
}

/// The policy itself (pure).
fn beslis_zonder_spoor(g: &Gebruiker, h: &Handeling) -> Result<Toegang, Weigering> {
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
        (
            R::Werkgever,
            H::Leveren {
                bron: dgr_core::Bron::Werkgever,
                fiscaal_nummer: Some(f),
                ..
            }
            | H::Werkgeversmonitor(f),
        ) => {
            if matches!(h, H::Leveren { .. }) && !g.eenheden.is_empty() {
                weiger("een contactpersoon van een eenheid levert geen eenheden of personeel")
            } else if g.fiscale_nummers().contains(f) {
                Ok(Toegang::Volledig)
            } else {
                weiger("een werkgever kan alleen de eigen organisatie leveren en inzien")
            }
        }
        (
            R::Uwv | R::Bron,
            H::Leveren {
                bron: dgr_core::Bron::Werkgever,
                ..
            },
        ) => weiger("eenheden en personeel levert alleen de werkgever zelf (of beheer)"),
        (R::Bron, H::Leveren { bron, gemeente, .. }) => {
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
        (R::Werkgever, H::Controleren) => Ok(Toegang::JaNee),
        (R::Gemeente | R::Uwv, H::Inkijken) => Ok(Toegang::Details),
        (R::Uwv, H::UitschrijvingenBehandelen | H::BezwarenBehandelen) => Ok(Toegang::Details),
        (R::Werkgever, H::KandidatenZoeken) => Ok(Toegang::Volledig),
        (R::Gemeente, H::PraktijkrouteVastleggen { woongemeente }) => {
            if g.gemeentecode.is_some() && *woongemeente == g.gemeentecode {
                Ok(Toegang::Details)
            } else {
                weiger("een gemeente legt de praktijkroute alleen vast voor eigen inwoners")
            }
        }
        (R::Burger, H::AanvraagIndienen { eigen: true, .. }) => Ok(Toegang::Volledig),
        (R::Burger, H::AanvraagIndienen { eigen: false, .. }) => {
            weiger("een burger kan alleen voor zichzelf een aanvraag indienen")
        }
        (R::Gemeente, H::AanvraagIndienen { woongemeente, .. }) => {
            if g.gemeentecode.is_some() && *woongemeente == g.gemeentecode {
                Ok(Toegang::Volledig)
            } else {
                weiger("een gemeente vraagt alleen namens eigen inwoners een beoordeling aan")
            }
        }
        (R::Uwv, H::AanvragenBehandelen) => Ok(Toegang::Details),
        (R::Wsp, H::ContactverzoekenBehandelen) => {
            if g.arbeidsmarktregio.is_some() {
                Ok(Toegang::Details)
            } else {
                weiger("een WSP zonder arbeidsmarktregio heeft geen contactverzoeken")
            }
        }
        _ => weiger("deze rol mag deze handeling niet uitvoeren"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A caller of `rol`; a gemeente and a burger with their own code and BSN.
    fn gebruiker(rol: Rol) -> Gebruiker {
        Gebruiker {
            sub: "test".into(),
            rol,
            bsn: (rol == Rol::Burger)
                .then(|| dgr_core::Bsn::parse("111222333").ok())
                .flatten(),
            fiscaal_nummer: None,
            loonheffingennummers: Vec::new(),
            gemeentecode: (rol == Rol::Gemeente)
                .then(|| Gemeentecode::parse("0363").ok())
                .flatten(),
            bron: None,
            organisatie: None,
            arbeidsmarktregio: None,
            eenheden: Vec::new(),
            verloopt: 0,
            spoor: None,
        }
    }

    /// Issue #14's new actions, every role: who may, and that everyone else is refused.
    #[test]
    fn nieuwe_handelingen_van_issue_14_per_rol() {
        let amsterdam = Gemeentecode::parse("0363").ok();
        let utrecht = Gemeentecode::parse("0344").ok();
        let gevallen: Vec<(Handeling, &[Rol])> = vec![
            (
                Handeling::PraktijkrouteVastleggen {
                    woongemeente: amsterdam,
                },
                &[Rol::Gemeente],
            ),
            (
                Handeling::PraktijkrouteVastleggen {
                    woongemeente: utrecht,
                },
                &[],
            ),
            (
                Handeling::PraktijkrouteVastleggen { woongemeente: None },
                &[],
            ),
            (
                Handeling::AanvraagIndienen {
                    eigen: true,
                    woongemeente: None,
                },
                &[Rol::Burger],
            ),
            (
                Handeling::AanvraagIndienen {
                    eigen: false,
                    woongemeente: amsterdam,
                },
                &[Rol::Gemeente],
            ),
            (
                Handeling::AanvraagIndienen {
                    eigen: false,
                    woongemeente: utrecht,
                },
                &[],
            ),
            (Handeling::AanvragenBehandelen, &[Rol::Uwv]),
        ];
        for (h, mogen) in gevallen {
            for rol in Rol::ALLE {
                let uitslag = beslis_zonder_spoor(&gebruiker(rol), &h);
                assert_eq!(uitslag.is_ok(), mogen.contains(&rol), "{h:?} als {rol:?}");
                if let Err(w) = uitslag {
                    assert!(!w.0.is_empty() && !w.0.contains("0363"), "{}", w.0);
                }
            }
        }
        // a gemeente without its code is refused everything of its own
        let mut zonder = gebruiker(Rol::Gemeente);
        zonder.gemeentecode = None;
        assert!(
            beslis_zonder_spoor(
                &zonder,
                &Handeling::AanvraagIndienen {
                    eigen: false,
                    woongemeente: None
                }
            )
            .is_err()
        );
    }

    /// A lookup reads the woongemeente only for the roles whose access depends on it: for
    /// every other role the policy gives the same answer whatever the woongemeente (the
    /// caller's own municipality, another one, unknown), for own and other BSNs alike; for a
    /// gemeente it does not (details for its residents, yes/no for others).
    #[test]
    fn alleen_de_gemeente_hangt_af_van_de_woongemeente() {
        let woongemeenten = [
            Gemeentecode::parse("0363").ok(),
            Gemeentecode::parse("0344").ok(),
            None,
        ];
        for rol in Rol::ALLE {
            let g = gebruiker(rol);
            let uitslagen: Vec<_> = [true, false]
                .into_iter()
                .flat_map(|eigen| woongemeenten.map(|w| (eigen, w)))
                .map(|(eigen, woongemeente)| {
                    let h = Handeling::Zoeken {
                        eigen,
                        woongemeente,
                    };
                    (eigen, beslis_zonder_spoor(&g, &h).map_err(|w| w.0))
                })
                .collect();
            let zelfde = uitslagen.iter().all(|(e, u)| {
                uitslagen
                    .iter()
                    .filter(|(f, _)| f == e)
                    .all(|(_, v)| u == v)
            });
            assert_eq!(zelfde, !zoeken_vraagt_woongemeente(&g), "{rol:?}");
        }
    }
}
