//! The gemeente's praktijkroute page (issue #14): record a loonwaardebepaling of a resident —
//! employee BSN, employer loonheffingennummer, date, loonwaarde (R-10: above 0 and below 100% WML)
//! and who measured it — and the PRAKTIJKROUTE registration follows as a gemeente action with
//! its notice to the person ([`dgr_register::praktijkroute`]). Beside the delivery route: the same
//! person delivered later by file is the R-10 no-op. Only for the gemeente's own residents (the
//! policy decides by the person's woongemeente); the action is in the processing log.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use dgr_core::datum::parse_invoerdatum;
use dgr_core::{Bsn, Honderdsten, Loonheffingennummer};
use dgr_register::RegisterFout;
use dgr_register::praktijkroute::{Loonwaardebepaling, Vastgelegd};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::catalogus;
use super::gemeen::{Raadpleging, geweigerd, leg_raadpleging_vast, melding, pagina};
use crate::beleid::{Handeling, beslis};
use crate::opvraging::Telling;
use crate::register::blokkerend;
use crate::staat::Staat;

/// The page's address.
pub(super) const PAD: &str = "/gemeente/praktijkroute";

/// The processing activity (`config/verwerkingsactiviteiten.csv`).
const ACTIVITEIT: &str = "DGR-PRAKTIJKROUTE";

/// The longest name of who measured (characters).
const MAX_NAAM: usize = 200;

/// The form's fields, kept as typed so the form comes back with them.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct PraktijkrouteForm {
    #[serde(default, skip_serializing)]
    csrf: String,
    #[serde(default)]
    bsn: String,
    #[serde(default)]
    loonheffingennummer: String,
    #[serde(default)]
    datum: String,
    #[serde(default)]
    loonwaarde: String,
    #[serde(default)]
    gemeten_door: String,
}

/// The empty form.
pub async fn formulier(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::PRAKTIJKROUTE) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    toon(
        &s,
        &PraktijkrouteForm::default(),
        Value::from(()),
        None,
        StatusCode::OK,
    )
}

fn toon(
    s: &crate::sessie::Sessie,
    f: &PraktijkrouteForm,
    fouten: Value,
    uitslag: Option<String>,
    status: StatusCode,
) -> Response {
    let mut r = pagina(
        "praktijkroute.html",
        "Praktijkroute: loonwaardebepaling vastleggen",
        Some(s),
        PAD,
        context! { f => Value::from_serialize(f), fouten => fouten, uitslag => uitslag },
    );
    *r.status_mut() = status;
    r
}

/// The checked fields, or the message beside each wrong one.
fn lees(
    f: &PraktijkrouteForm,
    gemeente: dgr_core::Gemeentecode,
) -> Result<Loonwaardebepaling, Value> {
    let bsn = Bsn::uit_invoer(&f.bsn).map_err(|e| e.uitleg());
    let lhn = Loonheffingennummer::parse(&f.loonheffingennummer).map_err(|_| {
        "Vul een geldig loonheffingennummer in, bijvoorbeeld 123456782L01.".to_string()
    });
    let datum = parse_invoerdatum(&f.datum).map_err(|e| e.uitleg().to_string());
    let loonwaarde = loonwaarde(&f.loonwaarde);
    let gemeten_door = dgr_core::tekst::invoer(&f.gemeten_door, MAX_NAAM).replace('\n', " ");
    let wie = if gemeten_door.is_empty() {
        Err("Vul in wie de loonwaarde heeft bepaald.".to_string())
    } else {
        Ok(gemeten_door)
    };
    match (bsn, lhn, datum, loonwaarde, wie) {
        (Ok(bsn), Ok(werkgever), Ok(datum), Ok(loonwaarde_pct), Ok(gemeten_door)) => {
            Ok(Loonwaardebepaling {
                bsn,
                werkgever,
                datum,
                loonwaarde_pct,
                gemeten_door,
                gemeente,
            })
        }
        (bsn, lhn, datum, loonwaarde, wie) => Err(context! {
            bsn => bsn.err(),
            loonheffingennummer => lhn.err(),
            datum => datum.err(),
            loonwaarde => loonwaarde.err(),
            gemeten_door => wie.err(),
        }),
    }
}

/// a loonwaarde as people write it (`62,5` or `62.5`, an optional `%`), strictly between 0
/// and 100.
fn loonwaarde(tekst: &str) -> Result<Honderdsten, String> {
    let t = tekst.trim().trim_end_matches('%').trim().replace(',', ".");
    match Honderdsten::parse(&t) {
        Ok(h) if h.0 > 0 && h.0 < 10_000 => Ok(h),
        Ok(_) => Err(
            "De loonwaarde moet groter zijn dan 0 en kleiner dan 100% van het minimumloon; bij 100% of meer hoort de persoon niet in het register."
                .into(),
        ),
        Err(_) => Err("Vul de loonwaarde in als percentage, bijvoorbeeld 62,5.".into()),
    }
}

/// Records a loonwaardebepaling: the form again with errors beside the fields, a refusal for a
/// non-resident, or the outcome (a new registration, or "already registered").
pub async fn vastleggen(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<PraktijkrouteForm>,
) -> Response {
    let start = staat.klok().nu();
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::PRAKTIJKROUTE,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(gemeente) = s.gebruiker.gemeentecode else {
        return geweigerd(&s);
    };
    let b = match lees(&f, gemeente) {
        Ok(b) => b,
        Err(fouten) => return toon(&s, &f, fouten, None, StatusCode::BAD_REQUEST),
    };
    let bsn = b.bsn;
    let woongemeente = blokkerend(&staat, move |r| Ok(r.huidige_woongemeente(bsn)?)).await;
    let Ok(woongemeente) = woongemeente else {
        return fout(&s);
    };
    if beslis(
        &s.gebruiker,
        &Handeling::PraktijkrouteVastleggen { woongemeente },
    )
    .is_err()
    {
        return geweigerd(&s);
    }
    // the action processes the person's data: logged before the outcome or refusal leaves
    if let Err(r) = leg_raadpleging_vast(
        &staat,
        &s,
        &headers,
        Raadpleging {
            activiteit: ACTIVITEIT,
            naam: "web_praktijkroute",
            bsns: vec![bsn],
            telling: Telling::geen(),
            start,
            adres,
        },
    )
    .await
    {
        return r;
    }
    let uitslag = blokkerend(&staat, move |r| Ok(r.leg_loonwaardebepaling_vast(&b))).await;
    let tekst = match uitslag {
        Ok(Ok(Vastgelegd::Nieuw)) => format!(
            "De registratie op grond van de praktijkroute is vastgelegd vanaf {}. De persoon krijgt er een brief over.",
            super::opmaak::datum_lang(parse_invoerdatum(&f.datum).unwrap_or_default())
        ),
        Ok(Ok(Vastgelegd::AlGeregistreerd)) => {
            "Deze registratie stond al in het register (zelfde persoon, praktijkroute en datum); er is niets gewijzigd.".to_string()
        }
        Ok(Err(RegisterFout::Ongeldig(t) | RegisterFout::Aanlevering(t))) => {
            let fouten = context! { algemeen => t };
            return toon(&s, &f, fouten, None, StatusCode::BAD_REQUEST);
        }
        Ok(Err(_)) | Err(_) => return fout(&s),
    };
    toon(
        &s,
        &PraktijkrouteForm::default(),
        Value::from(()),
        Some(tekst),
        StatusCode::OK,
    )
}

fn fout(s: &crate::sessie::Sessie) -> Response {
    melding(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Fout",
        "Er ging iets mis; er is niets vastgelegd.",
        Some(s),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r10_loonwaarde_tussen_0_en_100_procent_zoals_mensen_het_schrijven() {
        assert_eq!(loonwaarde("62,5"), Ok(Honderdsten(6_250)));
        assert_eq!(loonwaarde(" 62.5 % "), Ok(Honderdsten(6_250)));
        assert_eq!(loonwaarde("99,99"), Ok(Honderdsten(9_999)));
        assert_eq!(loonwaarde("0,01"), Ok(Honderdsten(1)));
        assert!(loonwaarde("100").is_err_and(|t| t.contains("kleiner dan 100%")));
        assert!(loonwaarde("0").is_err());
        assert!(loonwaarde("-5").is_err());
        assert!(loonwaarde("veel").is_err_and(|t| t.contains("bijvoorbeeld 62,5")));
    }
}
