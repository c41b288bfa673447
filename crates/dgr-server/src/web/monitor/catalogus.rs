//! The organisation's catalogue of themes and topics (`/werkgever/monitor/themas`): the D&I team
//! adds themes, topics and milestones of the organisation's timeline; every unit (a contact
//! person for their own units) asks for a topic ("vraag dit onderwerp aan"), which prioritises
//! it by the number of units asking.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use dgr_register::RegisterFout;
use minijinja::{Value, context};

use super::super::gemeen::pagina;
use super::doelen::Invoer;
use super::formulier::Formulier;
use super::gemeen::{Kader, boom, buiten_bereik, kader, kader_formulier, mislukt, zichtbaar};
use crate::register::blokkerend;
use crate::staat::Staat;

/// The catalogue page's forms, each with its values and errors.
#[derive(Default)]
pub(super) struct Staten {
    /// New theme.
    pub thema: Option<Formulier>,
    /// New topic.
    pub onderwerp: Option<Formulier>,
    /// A unit asks for a topic.
    pub vraag: Option<Formulier>,
    /// New milestone of the organisation's timeline.
    pub mijlpaal: Option<Formulier>,
}

/// The catalogue page.
pub async fn catalogus(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    let k = match kader(&staat, &headers) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    tonen(&staat, &k, Staten::default()).await
}

/// Renders the catalogue page (status 400 when a form has an error).
pub(super) async fn tonen(staat: &Staat, k: &Kader, s: Staten) -> Response {
    let o = k.organisatie;
    let vandaag = staat.klok().vandaag();
    let b = match boom(staat, o, vandaag).await {
        Ok(b) => b,
        Err(e) => return mislukt(k, &e),
    };
    let zicht = zichtbaar(&b, &k.beperking);
    let eenheden: Vec<Value> = b
        .iter()
        .filter(|e| zicht.contains(&e.code))
        .map(|e| context! { code => e.code.clone(), naam => e.naam.clone() })
        .collect();
    let gelezen = blokkerend(staat, move |r| {
        let themas = r.themas(o)?;
        let onderwerpen = r.onderwerpen(o)?;
        let mut vragen = Vec::new();
        for t in &onderwerpen {
            vragen.push((t.id, r.onderwerp_vragen(o, t.id)?));
        }
        Ok((themas, onderwerpen, vragen))
    })
    .await;
    let (themas, mut onderwerpen, vragen) = match gelezen {
        Ok(x) => x,
        Err(e) => return mislukt(k, &e),
    };
    // the most asked-for topics first
    onderwerpen.sort_by(|a, b| {
        b.vragende_eenheden
            .cmp(&a.vragende_eenheden)
            .then(a.id.cmp(&b.id))
    });
    let lijst: Vec<Value> = themas
        .iter()
        .map(|t| {
            let ow: Vec<Value> = onderwerpen
                .iter()
                .filter(|x| x.thema_id == t.id)
                .map(|x| {
                    let wie: Vec<String> = vragen
                        .iter()
                        .find(|(id, _)| *id == x.id)
                        .map(|(_, v)| v.iter().map(|q| q.eenheid.clone()).collect())
                        .unwrap_or_default();
                    context! {
                        id => x.id, naam => x.naam.clone(), omschrijving => x.omschrijving.clone(),
                        vragend => x.vragende_eenheden, eenheden => wie.join(", "),
                    }
                })
                .collect();
            context! { id => t.id, naam => t.naam.clone(), omschrijving => t.omschrijving.clone(), onderwerpen => ow }
        })
        .collect();
    let fout = [&s.thema, &s.onderwerp, &s.vraag, &s.mijlpaal]
        .iter()
        .any(|f| f.as_ref().is_some_and(Formulier::heeft_fouten));
    let mut r = pagina(
        "monitor_themas.html",
        "Thema's en onderwerpen",
        Some(&k.sessie),
        "/werkgever/monitor",
        context! {
            heel => k.heel(),
            themas => lijst,
            eenheden => eenheden,
            vandaag => vandaag.to_string(),
            ft => s.thema.unwrap_or_default(),
            fo => s.onderwerp.unwrap_or_default(),
            fv => s.vraag.unwrap_or_default(),
            fm => s.mijlpaal.unwrap_or_default(),
        },
    );
    if fout {
        *r.status_mut() = StatusCode::BAD_REQUEST;
    }
    r
}

/// The catalogue's forms: `actie` is `thema`, `onderwerp` or `vraag`.
pub async fn actie(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Form(invoer): Form<Invoer>,
) -> Response {
    let k = match kader_formulier(&staat, &headers, &invoer.csrf) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let mut f = Formulier {
        waarden: invoer.velden,
        ..Formulier::default()
    };
    let o = k.organisatie;
    let actie = f.waarde("actie").to_string();
    let naam = f.waarde("naam").to_string();
    let omschrijving = f.waarde("omschrijving").to_string();
    let uitkomst = match actie.as_str() {
        "thema" | "onderwerp" if !k.heel() => return buiten_bereik(&k),
        "thema" => {
            blokkerend(&staat, move |r| {
                Ok(r.voeg_thema_toe(o, &naam, &omschrijving))
            })
            .await
        }
        "onderwerp" => {
            let Ok(thema) = f.waarde("thema").parse::<i64>() else {
                f.fout("thema", "kies een thema");
                return tonen(
                    &staat,
                    &k,
                    Staten {
                        onderwerp: Some(f),
                        ..Staten::default()
                    },
                )
                .await;
            };
            blokkerend(&staat, move |r| {
                Ok(r.voeg_onderwerp_toe(o, thema, &naam, &omschrijving))
            })
            .await
        }
        "vraag" => {
            let eenheid = f.waarde("eenheid").to_string();
            let Ok(onderwerp) = f.waarde("onderwerp").parse::<i64>() else {
                return buiten_bereik(&k);
            };
            let vandaag = staat.klok().vandaag();
            match boom(&staat, o, vandaag).await {
                Ok(b) if zichtbaar(&b, &k.beperking).contains(&eenheid) => {}
                Ok(_) => return buiten_bereik(&k),
                Err(e) => return mislukt(&k, &e),
            }
            blokkerend(&staat, move |r| {
                Ok(r.vraag_onderwerp(o, onderwerp, &eenheid, vandaag))
            })
            .await
        }
        _ => return buiten_bereik(&k),
    };
    match uitkomst {
        Ok(Ok(_)) => Redirect::to("/werkgever/monitor/themas").into_response(),
        Ok(Err(RegisterFout::Ongeldig(t) | RegisterFout::Onbekend(t))) => {
            f.register_fout(
                &t,
                &[("naam", "naam"), ("thema", "thema"), ("eenheid", "eenheid")],
            );
            let staten = match actie.as_str() {
                "thema" => Staten {
                    thema: Some(f),
                    ..Staten::default()
                },
                "onderwerp" => Staten {
                    onderwerp: Some(f),
                    ..Staten::default()
                },
                _ => Staten {
                    vraag: Some(f),
                    ..Staten::default()
                },
            };
            tonen(&staat, &k, staten).await
        }
        Ok(Err(e)) => mislukt(&k, &e),
        Err(e) => mislukt(&k, &e),
    }
}
