//! The new goal form (`/werkgever/monitor/doelen/nieuw`): unit, theme and topic, owner, start,
//! deadline, and a measure with baseline and target or a definition of done.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use dgr_core::doelen::{Doelsoort, Kwantitatief, Maat};
use dgr_register::RegisterFout;
use dgr_register::doelen::Doelvoorstel;
use dgr_store::doelen::Doelinhoud;
use minijinja::{Value, context};
use serde::Deserialize;

use super::super::gemeen::pagina;
use super::doelen::Invoer;
use super::formulier::Formulier;
use super::gemeen::{Kader, boom, kader, kader_formulier, mislukt, zichtbaar};
use crate::register::blokkerend;
use crate::staat::Staat;

/// Words in the register's messages and the field each is about.
pub(super) const VELDWOORDEN: &[(&str, &str)] = &[
    ("titel", "titel"),
    ("eigenaar", "eigenaar"),
    ("uiterste datum", "deadline"),
    ("deadline", "deadline"),
    ("startdatum", "start"),
    ("streefwaarde", "streefwaarde"),
    ("basiswaarde", "basiswaarde"),
    ("definitie", "definitie"),
    ("onderwerp", "onderwerp"),
    ("eenheid", "eenheid"),
    ("categorie", "categorie"),
    ("maat", "maat"),
    ("toelichting", "toelichting"),
    ("vertrouwen", "vertrouwen"),
    ("waarde", "waarde"),
    ("gereed", "gereed"),
    ("datum", "datum"),
    ("geleerd", "geleerd"),
    ("reden", "reden"),
    ("periode", "periode"),
    ("naam", "naam"),
];

/// What a goal form says (new goal, or an adjustment's new values), checked per field; `kind`
/// is the kind and measure to keep for an adjustment.
pub(super) fn lees_inhoud(f: &mut Formulier, kind: Option<&Doelsoort>) -> Option<Doelinhoud> {
    let start = f.datum("start", "de startdatum");
    let deadline = f.datum("deadline", "de uiterste datum");
    let kwantitatief = match kind {
        Some(s) => matches!(s, Doelsoort::Kwantitatief(_)),
        None => f.waarde("soort") != "kwalitatief",
    };
    let soort = if kwantitatief {
        let maat = match kind {
            Some(Doelsoort::Kwantitatief(q)) => Some(q.maat.clone()),
            _ => {
                let categorie = f.waarde("categorie").to_string();
                match Maat::parse(f.waarde("maat"), Some(&categorie)) {
                    Ok(m) => Some(m),
                    Err(t) => {
                        let veld = if t.contains("categorie") {
                            "categorie"
                        } else {
                            "maat"
                        };
                        f.fout(veld, t);
                        None
                    }
                }
            }
        };
        let basis = f.getal("basiswaarde", "de basiswaarde");
        let streef = f.getal("streefwaarde", "de streefwaarde");
        if f.waarde("basiswaarde").is_empty() {
            f.fout(
                "basiswaarde",
                "de basiswaarde is verplicht bij een meetbaar doel",
            );
        }
        if f.waarde("streefwaarde").is_empty() {
            f.fout(
                "streefwaarde",
                "de streefwaarde is verplicht bij een meetbaar doel",
            );
        }
        match (maat, basis, streef) {
            (Some(m), Some(b), Some(t)) => match Kwantitatief::new(m, b, t) {
                Ok(q) => Some(Doelsoort::Kwantitatief(q)),
                Err(e) => {
                    f.fout("streefwaarde", e);
                    None
                }
            },
            _ => None,
        }
    } else {
        Some(Doelsoort::Kwalitatief {
            definitie_van_gereed: f.waarde("definitie").to_string(),
        })
    };
    Some(Doelinhoud {
        titel: f.waarde("titel").to_string(),
        eigenaar: f.waarde("eigenaar").to_string(),
        start: start?,
        deadline: deadline?,
        soort: soort?,
    })
}

/// `?eenheid=` of the new goal form.
#[derive(Debug, Deserialize, Default)]
pub struct NieuwVraag {
    #[serde(default)]
    eenheid: String,
}

/// The new goal form.
pub async fn nieuw_formulier(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<NieuwVraag>,
) -> Response {
    let k = match kader(&staat, &headers) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let vandaag = staat.klok().vandaag();
    let f = Formulier::met(&[
        ("eenheid", &v.eenheid),
        ("start", &vandaag.to_string()),
        ("soort", "kwantitatief"),
        ("maat", "banen"),
    ]);
    nieuw_tonen(&staat, &k, f).await
}

/// Shows the new goal form (status 400 when it has errors).
async fn nieuw_tonen(staat: &Staat, k: &Kader, f: Formulier) -> Response {
    let o = k.organisatie;
    let vandaag = staat.klok().vandaag();
    let b = match boom(staat, o, vandaag).await {
        Ok(b) => b,
        Err(e) => return mislukt(k, &e),
    };
    let zicht = zichtbaar(&b, &k.beperking);
    let eenheden: Vec<(String, String)> = b
        .iter()
        .filter(|e| zicht.contains(&e.code))
        .map(|e| (e.code.clone(), format!("{} ({})", e.naam, e.code)))
        .collect();
    let catalogus = blokkerend(staat, move |r| Ok((r.themas(o)?, r.onderwerpen(o)?))).await;
    let (themas, onderwerpen) = match catalogus {
        Ok(x) => x,
        Err(e) => return mislukt(k, &e),
    };
    let groepen: Vec<Value> = themas
        .iter()
        .map(|t| {
            let lijst: Vec<Value> = onderwerpen
                .iter()
                .filter(|x| x.thema_id == t.id)
                .map(|x| context! { id => x.id, naam => x.naam.clone() })
                .collect();
            context! { naam => t.naam.clone(), onderwerpen => lijst }
        })
        .collect();
    let fout = f.heeft_fouten();
    let mut r = pagina(
        "monitor_doel_nieuw.html",
        "Nieuw doel",
        Some(&k.sessie),
        "/werkgever/monitor",
        context! { f => f, eenheden => eenheden, groepen => groepen, geen_onderwerpen => onderwerpen.is_empty() },
    );
    if fout {
        *r.status_mut() = StatusCode::BAD_REQUEST;
    }
    r
}

/// Sets a new goal.
pub async fn nieuw(
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
    let vandaag = staat.klok().vandaag();
    let eenheid = f.waarde("eenheid").to_string();
    match boom(&staat, k.organisatie, vandaag).await {
        Ok(b) if zichtbaar(&b, &k.beperking).contains(&eenheid) => {}
        Ok(_) => f.fout("eenheid", "kies een eenheid waarvoor u doelen mag stellen"),
        Err(e) => return mislukt(&k, &e),
    }
    let onderwerp = f.waarde("onderwerp").parse::<i64>().ok();
    if onderwerp.is_none() {
        f.fout("onderwerp", "kies een onderwerp");
    }
    let inhoud = lees_inhoud(&mut f, None);
    let (Some(inhoud), Some(onderwerp_id), false) = (inhoud, onderwerp, f.heeft_fouten()) else {
        return nieuw_tonen(&staat, &k, f).await;
    };
    let (o, door) = (k.organisatie, k.door());
    let uitkomst = blokkerend(&staat, move |r| {
        Ok(r.stel_doel_vast(
            o,
            &Doelvoorstel {
                eenheid: &eenheid,
                onderwerp_id,
                inhoud,
                door: &door,
            },
        ))
    })
    .await;
    match uitkomst {
        Ok(Ok(id)) => Redirect::to(&format!("/werkgever/monitor/doelen/{id}")).into_response(),
        Ok(Err(RegisterFout::Ongeldig(t) | RegisterFout::Onbekend(t))) => {
            f.register_fout(&t, VELDWOORDEN);
            nieuw_tonen(&staat, &k, f).await
        }
        Ok(Err(e)) => mislukt(&k, &e),
        Err(e) => mislukt(&k, &e),
    }
}
