//! Kandidatenverkenner for employers and the WSP's view of contact requests.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use dgr_core::datum::parse_datum;
use dgr_core::gegevens::OPLEIDINGSNIVEAUS;
use dgr_core::kandidaten::{Zoekvraag, beschikbaar_maand, uren_band};
use dgr_core::{Bsn, Gemeentecode};
use dgr_register::tijd::toon;
use minijinja::{Value, context};
use serde::Deserialize;

use super::gemeen::{
    Raadpleging, leg_raadpleging_vast, melding, pagina, sessie_voor, sessie_voor_formulier,
};
use crate::identiteit::Rol;
use crate::register::blokkerend;
use crate::sessie::{Sessie, willekeurig};
use crate::staat::Staat;

/// The search form (query string).
#[derive(Debug, Deserialize, Default)]
pub struct Zoekform {
    #[serde(default)]
    opleidingsniveau: String,
    #[serde(default)]
    uren_min: String,
    #[serde(default)]
    uren_max: String,
    #[serde(default)]
    vanuit: String,
    #[serde(default)]
    interesse: String,
    #[serde(default)]
    regio: String,
    #[serde(default)]
    beschikbaar: String,
    #[serde(default)]
    gezocht: Option<String>,
}

/// What the search page shows besides the results: the k-anonymity and disclosure thresholds
/// (R-41, R-40, from the reference data), the arbeidsmarktregio's (code, name) and the
/// employer's own contact requests. Read on a reader, never on the writer a delivery holds.
struct Kader {
    k: usize,
    drempel: usize,
    regios: Vec<(String, String)>,
    verzoeken: Vec<dgr_store::contactverzoeken::Contactverzoek>,
}

async fn kader(staat: &Staat, s: &Sessie) -> Option<Kader> {
    let werkgever = s.gebruiker.organisatie_sleutel();
    blokkerend(staat, move |r| {
        Ok(Kader {
            k: r.k_anonimiteit()?,
            drempel: r.onthullingsdrempel()?,
            regios: r
                .referentie()
                .arbeidsmarktregios()
                .iter()
                .map(|x| (x.code.clone(), x.naam.clone()))
                .collect(),
            verzoeken: r.store().contactverzoeken_van_werkgever(&werkgever)?,
        })
    })
    .await
    .ok()
}

fn verzoeken_tonen(verzoeken: &[dgr_store::contactverzoeken::Contactverzoek]) -> Vec<Value> {
    verzoeken
        .iter()
        .map(|v| {
            let contact = match v.status.as_str() {
                // only after the candidate agreed the employer learns that contact was made, and with whom
                "AKKOORD" => format!("contact gelegd door {}", v.behandelaar.clone().unwrap_or_else(|| "het WSP".into())),
                "AFGEWEZEN" => "geen contact".into(),
                _ => "in behandeling bij het WSP".into(),
            };
            context! { tijd => toon(v.tijd), regio => v.arbeidsmarktregio.clone(), status => v.status.clone(), contact => contact }
        })
        .collect()
}

/// The search page and results.
pub async fn zoeken(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(f): Query<Zoekform>,
) -> Response {
    let start = staat.klok().nu();
    let s = match sessie_voor(&staat, &headers, &[Rol::Werkgever]) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(kader) = kader(&staat, &s).await else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "De Kandidatenverkenner kon niet worden geladen (drempels of contactverzoeken).",
            Some(&s),
        );
    };
    let (k, drempel) = (kader.k, kader.drempel);
    let regios: Vec<Value> = kader
        .regios
        .iter()
        .map(|(code, naam)| context! { code => code, naam => naam })
        .collect();
    let basis = context! {
        k => k,
        niveaus => OPLEIDINGSNIVEAUS,
        regios => regios,
        vraag => context! { opleidingsniveau => f.opleidingsniveau.clone(), uren_min => f.uren_min.clone(), uren_max => f.uren_max.clone(), vanuit => f.vanuit.clone(), interesse => f.interesse.clone(), regio => f.regio.clone(), beschikbaar => f.beschikbaar.clone() },
        verzoeken => verzoeken_tonen(&kader.verzoeken),
    };
    if f.gezocht.is_none()
        && f.opleidingsniveau.is_empty()
        && f.uren_min.is_empty()
        && f.vanuit.is_empty()
        && f.regio.is_empty()
        && f.interesse.is_empty()
    {
        return pagina(
            "kandidaten.html",
            "Kandidatenverkenner",
            Some(&s),
            "/werkgever/kandidaten",
            basis,
        );
    }
    let getal = |t: &str| t.trim().parse::<u8>().ok();
    let vraag = Zoekvraag {
        opleidingsniveaus: if f.opleidingsniveau.is_empty() {
            Vec::new()
        } else {
            vec![f.opleidingsniveau.clone()]
        },
        uren: match (getal(&f.uren_min), getal(&f.uren_max)) {
            (None, None) => None,
            (a, b) => Some((a.unwrap_or(1), b.unwrap_or(40))),
        },
        werkgever_gemeente: Gemeentecode::parse(&f.vanuit).ok(),
        beschikbaar_op: parse_datum(&f.beschikbaar).ok(),
        interesse: (!f.interesse.trim().is_empty()).then(|| f.interesse.clone()),
        arbeidsmarktregio: (!f.regio.is_empty()).then(|| f.regio.clone()),
    };
    let resultaat = blokkerend(&staat, move |r| Ok(r.zoek_kandidaten(&vraag)?)).await;
    let Ok(passend) = resultaat else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(&s),
        );
    };
    if passend.len() < k {
        staat.sessies.zet_kandidaten(&headers, HashMap::new());
        return pagina(
            "kandidaten.html",
            "Kandidatenverkenner",
            Some(&s),
            "/werkgever/kandidaten",
            context! { gezocht => true, te_weinig => true, ..basis },
        );
    }
    // an opaque id per profile, new for every search, not derivable from the BSN
    let mut ids: HashMap<String, Bsn> = HashMap::new();
    let mut niveaus: BTreeMap<String, usize> = BTreeMap::new();
    let mut profielen = Vec::new();
    for g in &passend {
        let p = &g.profiel;
        let id = willekeurig()[..12].to_string();
        ids.insert(id.clone(), p.bsn);
        *niveaus.entry(p.opleidingsniveau.clone()).or_default() += 1;
        profielen.push(context! {
            id => id,
            niveau => p.opleidingsniveau.clone(),
            uren => uren_band(p.uren_per_week),
            afstand => g.afstand.clone(),
            beschikbaar => beschikbaar_maand(p.beschikbaar_vanaf),
            interesses => p.interesses.join(", "),
            regio => g.arbeidsmarktregio.clone(),
        });
    }
    // R-40 on the aggregate picture
    let overzicht: Vec<Value> = niveaus
        .into_iter()
        .map(|(niveau, n)| context! { niveau => niveau, aantal => if n < drempel { format!("<{drempel}") } else { n.to_string() } })
        .collect();
    let bsns: Vec<Bsn> = passend.iter().map(|g| g.profiel.bsn).collect();
    if let Err(fout) = leg_raadpleging_vast(
        &staat,
        &s,
        &headers,
        Raadpleging {
            activiteit: "DGR-KANDIDATEN",
            naam: "web_kandidaten_zoeken",
            bsns,
            telling: crate::opvraging::Telling::geen(),
            start,
            adres,
        },
    )
    .await
    {
        return fout;
    }
    staat.sessies.zet_kandidaten(&headers, ids);
    pagina(
        "kandidaten.html",
        "Kandidatenverkenner",
        Some(&s),
        "/werkgever/kandidaten",
        context! { gezocht => true, te_weinig => false, aantal => passend.len(), overzicht => overzicht, profielen => profielen, ..basis },
    )
}

/// A contact request form.
#[derive(Debug, Deserialize)]
pub struct ContactForm {
    csrf: String,
    profiel: String,
}

/// Sends a contact request for a profile of the last search to the WSP of the candidate's region.
pub async fn contact(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<ContactForm>,
) -> Response {
    let start = staat.klok().nu();
    let s = match sessie_voor_formulier(&staat, &headers, &[Rol::Werkgever], &f.csrf) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(bsn) = s.kandidaten.get(&f.profiel).copied() else {
        return melding(
            StatusCode::BAD_REQUEST,
            "Onbekend profiel",
            "Dit profiel hoort niet bij uw laatste zoekvraag; zoek opnieuw.",
            Some(&s),
        );
    };
    let werkgever = s.gebruiker.organisatie_sleutel();
    let naam = s.gebruiker.organisatie.clone();
    let gelukt = blokkerend(&staat, move |r| {
        Ok(r.vraag_contact(bsn, &werkgever, naam.as_deref())?)
    })
    .await;
    let Ok(regio) = gelukt else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Het verzoek kon niet worden vastgelegd.",
            Some(&s),
        );
    };
    if let Err(fout) = leg_raadpleging_vast(
        &staat,
        &s,
        &headers,
        Raadpleging {
            activiteit: "DGR-KANDIDATEN",
            naam: "web_contactverzoek",
            bsns: vec![bsn],
            telling: crate::opvraging::Telling::geen(),
            start,
            adres,
        },
    )
    .await
    {
        return fout;
    }
    melding(
        StatusCode::OK,
        "Contactverzoek verstuurd",
        &format!(
            "Uw verzoek is doorgestuurd naar het WerkgeversServicePunt van regio {regio}. U ziet in de Kandidatenverkenner wanneer er contact is gelegd."
        ),
        Some(&s),
    )
}

/// The WSP's open requests, with the candidate's identity.
pub async fn wsp(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
) -> Response {
    wsp_pagina(&staat, &headers, adres, None).await
}

async fn wsp_pagina(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    tekst: Option<String>,
) -> Response {
    let start = staat.klok().nu();
    let s = match sessie_voor(staat, headers, &[Rol::Wsp]) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(regio) = s.gebruiker.arbeidsmarktregio.clone() else {
        return melding(
            StatusCode::FORBIDDEN,
            "Geen regio",
            "Uw inlog noemt geen arbeidsmarktregio.",
            Some(&s),
        );
    };
    let r2 = regio.clone();
    let lijst = blokkerend(staat, move |r| {
        Ok(r.store().contactverzoeken_van_regio(&r2, "OPEN")?)
    })
    .await
    .unwrap_or_default();
    let bsns: Vec<Bsn> = lijst.iter().map(|v| v.bsn).collect();
    if !bsns.is_empty()
        && let Err(fout) = leg_raadpleging_vast(
            staat,
            &s,
            headers,
            Raadpleging {
                activiteit: "DGR-KANDIDATEN",
                naam: "web_wsp_verzoeken",
                bsns,
                telling: crate::opvraging::Telling::geen(),
                start,
                adres,
            },
        )
        .await
    {
        return fout;
    }
    let verzoeken: Vec<Value> = lijst
        .iter()
        .map(|v| context! { id => v.id, tijd => toon(v.tijd), werkgever => v.werkgever_naam.clone().unwrap_or_else(|| v.werkgever.clone()), bsn => v.bsn.cijfers() })
        .collect();
    pagina(
        "wsp.html",
        "Contactverzoeken",
        Some(&s),
        "/wsp",
        context! { regio => regio, verzoeken => verzoeken, melding => tekst },
    )
}

/// The WSP's decision form.
#[derive(Debug, Deserialize)]
pub struct BesluitForm {
    csrf: String,
    id: i64,
    besluit: String,
}

/// Records whether the candidate agreed.
pub async fn besluit(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<BesluitForm>,
) -> Response {
    let s = match sessie_voor_formulier(&staat, &headers, &[Rol::Wsp], &f.csrf) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(regio) = s.gebruiker.arbeidsmarktregio.clone() else {
        return melding(
            StatusCode::FORBIDDEN,
            "Geen regio",
            "Uw inlog noemt geen arbeidsmarktregio.",
            Some(&s),
        );
    };
    let akkoord = f.besluit == "akkoord";
    let wie = s
        .gebruiker
        .organisatie
        .clone()
        .unwrap_or_else(|| format!("WSP {regio}"));
    let id = f.id;
    let uitkomst = blokkerend(&staat, move |r| {
        Ok(r.beslis_contactverzoek(id, &regio, akkoord, &wie)?)
    })
    .await;
    let tekst = match uitkomst {
        Ok(Some(_)) => format!(
            "Verzoek {id} vastgelegd: kandidaat {}.",
            if akkoord { "stemt in" } else { "weigert" }
        ),
        _ => format!("Verzoek {id} is niet (meer) open in uw regio."),
    };
    wsp_pagina(&staat, &headers, adres, Some(tekst)).await
}
