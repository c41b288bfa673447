//! Requests to enter the register on the pages (issue #14):
//! - the citizen asks on Mijn doelgroepregistratie for a beoordeling arbeidsvermogen or, as a
//!   former VSO/PrO pupil, for registration naming the school and years, and follows the status
//!   there;
//! - a gemeente asks for a beoordeling on a resident's behalf (`/gemeente/aanvragen`);
//! - UWV's work queue (`/inkijk/aanvragen`) shows open requests oldest first with the last day
//!   of the 8-week term (Awb art. 4:13 lid 2) and decides them; a positive outcome registers
//!   PW_IBA or VSO_PRO ([`dgr_register::aanvragen`]). A decided beoordeling shows the end of its
//!   objection term and links to the bezwaren queue.
//!
//! Every page that shows or records a person's request is in the processing log
//! (`DGR-AANVRAAG`) before it leaves.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use dgr_core::Bsn;
use dgr_core::datum::parse_invoerdatum;
use dgr_register::RegisterFout;
use dgr_register::aanvragen::{Uitkomst, uiterste_beslisdatum};
use dgr_store::aanvragen::{Aanvraag, NieuweAanvraag, soort, status};
use minijinja::{Value, context};
use serde::Deserialize;

use super::bevestiging;
use super::catalogus;
use super::gemeen::{Raadpleging, geweigerd, leg_raadpleging_vast, melding, pagina};
use crate::beleid::{Handeling, beslis};
use crate::opvraging::Telling;
use crate::register::blokkerend;
use crate::sessie::Sessie;
use crate::staat::Staat;

/// The processing activity (`config/verwerkingsactiviteiten.csv`).
const ACTIVITEIT: &str = "DGR-AANVRAAG";

/// The longest free text kept (characters).
const MAX_TEKST: usize = 1_000;

/// Free text from a form as kept ([`dgr_core::tekst::invoer`], at most [`MAX_TEKST`]).
fn tekst(t: &str) -> String {
    dgr_core::tekst::invoer(t, MAX_TEKST)
}

/// A request as the Mijn page and the queue show it.
pub(super) fn regel(a: &Aanvraag, vandaag: NaiveDate) -> Value {
    let termijn = uiterste_beslisdatum(a.ingediend_op);
    let bezwaar_tot = (a.soort == soort::BEOORDELING)
        .then_some(a.besluit_op)
        .flatten()
        .map(dgr_core::bezwaar::laatste_dag);
    context! {
        id => a.id,
        soort => a.soort.clone(),
        soort_tekst => soort_tekst(&a.soort),
        bsn => a.bsn.cijfers(),
        ingediend_op => a.ingediend_op.to_string(),
        ingediend_door => a.ingediend_door.clone(),
        toelichting => a.toelichting.clone(),
        school => a.school.clone(),
        schooljaren => a.schooljaren.clone(),
        open => a.status == status::OPEN,
        status_tekst => status_tekst(&a.status),
        termijn => termijn.to_string(),
        te_laat => a.status == status::OPEN && vandaag > termijn,
        besluit_op => a.besluit_op.map(|d| d.to_string()),
        bezwaar_tot => bezwaar_tot.map(|d| d.to_string()),
        kenmerk => a.kenmerk.clone(),
        reden => a.reden.clone(),
        behandelaar => a.behandelaar.clone(),
    }
}

fn soort_tekst(s: &str) -> &'static str {
    if s == soort::VSO_PRO {
        "Schoolverlater VSO/PrO"
    } else {
        "Beoordeling arbeidsvermogen"
    }
}

fn status_tekst(s: &str) -> &'static str {
    match s {
        status::OPEN => "in behandeling",
        status::POSITIEF => "positief: indicatie banenafspraak, opgenomen in het register",
        status::NEGATIEF => "negatief: geen indicatie banenafspraak",
        status::DGAV => "duurzaam geen arbeidsvermogen",
        status::BEVESTIGD => "bevestigd: opgenomen in het register",
        status::AFGEWEZEN => "afgewezen",
        _ => "onbekend",
    }
}

/// The citizen's request form on Mijn doelgroepregistratie.
#[derive(Debug, Deserialize)]
pub struct EigenAanvraagForm {
    csrf: String,
    soort: String,
    #[serde(default)]
    toelichting: String,
    #[serde(default)]
    school: String,
    #[serde(default)]
    schooljaren: String,
}

/// `POST /mijn/aanvragen`: the citizen's own request; back to the Mijn page with its status.
pub async fn eigen(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<EigenAanvraagForm>,
) -> Response {
    let start = staat.klok().nu();
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::MIJN,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(bsn) = s.gebruiker.bsn else {
        return geweigerd(&s);
    };
    let h = Handeling::AanvraagIndienen {
        eigen: true,
        woongemeente: None,
    };
    if beslis(&s.gebruiker, &h).is_err() {
        return geweigerd(&s);
    }
    let soort = match f.soort.as_str() {
        soort::VSO_PRO => soort::VSO_PRO,
        soort::BEOORDELING => soort::BEOORDELING,
        _ => {
            let t = "Kies wat u wilt aanvragen: een beoordeling arbeidsvermogen of opname als schoolverlater.";
            return melding(
                StatusCode::BAD_REQUEST,
                "Aanvraag niet ingediend",
                t,
                Some(&s),
            );
        }
    };
    let velden = (
        tekst(&f.toelichting),
        tekst(&f.school),
        tekst(&f.schooljaren),
    );
    if let Err(r) = log(
        &staat,
        &s,
        &headers,
        "web_aanvraag_eigen",
        vec![bsn],
        start,
        adres,
    )
    .await
    {
        return r;
    }
    match dien_in(&staat, bsn, soort, "burger".into(), velden).await {
        Ok(id) => bevestiging::gedaan(
            &staat,
            &headers,
            catalogus::MIJN.href,
            format!(
                "Uw aanvraag is ontvangen (nummer {id}). UWV beslist binnen 8 weken; de stand ziet u hieronder."
            ),
        ),
        Err(t) => melding(
            StatusCode::BAD_REQUEST,
            "Aanvraag niet ingediend",
            &t,
            Some(&s),
        ),
    }
}

/// Records a request; the message for the form when it is refused.
async fn dien_in(
    staat: &Staat,
    bsn: Bsn,
    soort: &'static str,
    door: String,
    (toelichting, school, schooljaren): (String, String, String),
) -> Result<i64, String> {
    let vandaag = staat.klok().vandaag();
    let uitslag = blokkerend(staat, move |r| {
        let vso = soort == soort::VSO_PRO;
        Ok(r.dien_aanvraag_in(&NieuweAanvraag {
            soort,
            bsn,
            ingediend_op: vandaag,
            ingediend_door: &door,
            toelichting: &toelichting,
            school: vso.then_some(school.as_str()),
            schooljaren: vso.then_some(schooljaren.as_str()),
        }))
    })
    .await;
    match uitslag {
        Ok(Ok(id)) => Ok(id),
        Ok(Err(RegisterFout::Ongeldig(t))) => Err(t),
        Ok(Err(_)) | Err(_) => Err("De aanvraag kon niet worden vastgelegd.".into()),
    }
}

async fn log(
    staat: &Staat,
    s: &Sessie,
    headers: &HeaderMap,
    naam: &'static str,
    bsns: Vec<Bsn>,
    start: chrono::DateTime<chrono::Utc>,
    adres: SocketAddr,
) -> Result<(), Response> {
    leg_raadpleging_vast(
        staat,
        s,
        headers,
        Raadpleging {
            activiteit: ACTIVITEIT,
            naam,
            bsns,
            telling: Telling::geen(),
            start,
            adres,
        },
    )
    .await
}

/// The gemeente's form: a beoordeling on a resident's behalf.
#[derive(Debug, Default, Deserialize)]
pub struct GemeenteAanvraagForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    bsn: String,
    #[serde(default)]
    toelichting: String,
}

/// `GET /gemeente/aanvragen`.
pub async fn gemeente_formulier(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::AANVRAAG_GEMEENTE) {
        Ok(s) => gemeente_pagina(&s, "", "", None, None, StatusCode::OK),
        Err(r) => *r,
    }
}

fn gemeente_pagina(
    s: &Sessie,
    bsn: &str,
    toelichting: &str,
    fout: Option<String>,
    uitslag: Option<String>,
    status: StatusCode,
) -> Response {
    let mut r = pagina(
        "gemeente_aanvraag.html",
        "Beoordeling arbeidsvermogen aanvragen",
        Some(s),
        catalogus::AANVRAAG_GEMEENTE.href,
        context! { bsn => bsn, toelichting => toelichting, fout => fout, uitslag => uitslag },
    );
    *r.status_mut() = status;
    r
}

/// `POST /gemeente/aanvragen`: only for a resident (the policy decides by woongemeente).
pub async fn gemeente_indienen(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<GemeenteAanvraagForm>,
) -> Response {
    let start = staat.klok().nu();
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::AANVRAAG_GEMEENTE,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let toelichting = tekst(&f.toelichting);
    let bsn = match Bsn::uit_invoer(&f.bsn) {
        Ok(b) => b,
        Err(e) => {
            return gemeente_pagina(
                &s,
                &f.bsn,
                &toelichting,
                Some(e.uitleg()),
                None,
                StatusCode::BAD_REQUEST,
            );
        }
    };
    let woongemeente = blokkerend(&staat, move |r| Ok(r.huidige_woongemeente(bsn)?)).await;
    let Ok(woongemeente) = woongemeente else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(&s),
        );
    };
    if beslis(
        &s.gebruiker,
        &Handeling::AanvraagIndienen {
            eigen: false,
            woongemeente,
        },
    )
    .is_err()
    {
        return geweigerd(&s);
    }
    if let Err(r) = log(
        &staat,
        &s,
        &headers,
        "web_aanvraag_gemeente",
        vec![bsn],
        start,
        adres,
    )
    .await
    {
        return r;
    }
    let door = format!(
        "gemeente {}",
        s.gebruiker
            .gemeentecode
            .map(|g| g.to_string())
            .unwrap_or_default()
    );
    match dien_in(
        &staat,
        bsn,
        soort::BEOORDELING,
        door,
        (toelichting.clone(), String::new(), String::new()),
    )
    .await
    {
        Ok(id) => {
            let t = format!(
                "De aanvraag is ingediend (nummer {id}). UWV beslist binnen 8 weken; de inwoner ziet de stand op Mijn doelgroepregistratie."
            );
            gemeente_pagina(&s, "", "", None, Some(t), StatusCode::OK)
        }
        Err(t) => gemeente_pagina(
            &s,
            &f.bsn,
            &toelichting,
            Some(t),
            None,
            StatusCode::BAD_REQUEST,
        ),
    }
}

/// `GET /inkijk/aanvragen`: UWV's queue (open requests oldest first; the 25 decided last).
pub async fn wachtrij(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::AANVRAGEN) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    wachtrij_pagina(&staat, &headers, adres, &s, None, StatusCode::OK).await
}

async fn wachtrij_pagina(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    s: &Sessie,
    fout: Option<(i64, String)>,
    status: StatusCode,
) -> Response {
    let start = staat.klok().nu();
    let vandaag = staat.klok().vandaag();
    let gelezen = blokkerend(staat, move |r| {
        Ok((
            r.store().open_aanvragen()?,
            r.store().beslist_aanvragen(25)?,
        ))
    })
    .await;
    let Ok((open, beslist)) = gelezen else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(s),
        );
    };
    let mut bsns: Vec<Bsn> = open.iter().chain(&beslist).map(|a| a.bsn).collect();
    bsns.sort_unstable();
    bsns.dedup();
    if let Err(r) = log(staat, s, headers, "web_aanvragen", bsns, start, adres).await {
        return r;
    }
    // a refusal for a request that is not (or no longer) in the open list goes on top
    let (fout_id, fout, fout_boven) = match fout {
        Some((id, t)) if open.iter().any(|a| a.id == id) => (Some(id), Some(t), None),
        Some((_, t)) => (None, None, Some(t)),
        None => (None, None, None),
    };
    let mut r = pagina(
        "aanvragen.html",
        "Aanvragen",
        Some(s),
        catalogus::AANVRAGEN.href,
        context! {
            open => open.iter().map(|a| regel(a, vandaag)).collect::<Vec<_>>(),
            beslist => beslist.iter().map(|a| regel(a, vandaag)).collect::<Vec<_>>(),
            vandaag => vandaag.to_string(),
            fout_id => fout_id,
            fout => fout,
            fout_boven => fout_boven,
        },
    );
    *r.status_mut() = status;
    r
}

/// A decision from the queue.
#[derive(Debug, Deserialize)]
pub struct BesluitForm {
    csrf: String,
    id: i64,
    uitkomst: String,
    #[serde(default)]
    besluit_op: String,
    #[serde(default)]
    kenmerk: String,
    #[serde(default)]
    reden: String,
}

/// `POST /inkijk/aanvragen`: decides one request; the queue again with the outcome, or with the
/// reason beside the request when it is refused.
pub async fn beslissen(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<BesluitForm>,
) -> Response {
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::AANVRAGEN,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let reden = tekst(&f.reden);
    let uitkomst = match f.uitkomst.as_str() {
        status::POSITIEF => Uitkomst::Positief,
        status::NEGATIEF => Uitkomst::Negatief(reden),
        status::DGAV => Uitkomst::DuurzaamGeenArbeidsvermogen(reden),
        status::BEVESTIGD => Uitkomst::Bevestigd(tekst(&f.kenmerk)),
        status::AFGEWEZEN => Uitkomst::Afgewezen(reden),
        _ => {
            let fout = Some((f.id, "Kies de uitkomst van het besluit.".to_string()));
            return wachtrij_pagina(&staat, &headers, adres, &s, fout, StatusCode::BAD_REQUEST)
                .await;
        }
    };
    let op = if f.besluit_op.trim().is_empty() {
        Ok(staat.klok().vandaag())
    } else {
        parse_invoerdatum(&f.besluit_op).map_err(|e| e.uitleg().to_string())
    };
    let op = match op {
        Ok(d) => d,
        Err(t) => {
            return wachtrij_pagina(
                &staat,
                &headers,
                adres,
                &s,
                Some((f.id, t)),
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    let wie = format!("uwv:{}", s.gebruiker.sub);
    let id = f.id;
    let start = staat.klok().nu();
    let uitslag = blokkerend(&staat, move |r| {
        let bsn = r.store().aanvraag(id)?.map(|a| a.bsn);
        Ok((bsn, r.beslis_aanvraag(id, &uitkomst, op, &wie)))
    })
    .await;
    // the decision processed the person's data (and perhaps added a registration): logged
    // before the answer leaves, whatever the outcome
    if let Ok((Some(bsn), _)) = &uitslag {
        let bsn = *bsn;
        if let Err(r) = log(
            &staat,
            &s,
            &headers,
            "web_aanvraag_besluit",
            vec![bsn],
            start,
            adres,
        )
        .await
        {
            return r;
        }
    }
    match uitslag.map(|(_, u)| u) {
        Ok(Ok(n)) => {
            let t = if n > 0 {
                format!(
                    "Aanvraag {id} beslist; de registratie is opgenomen vanaf {}. De persoon krijgt er een brief over.",
                    super::opmaak::datum_lang(op)
                )
            } else {
                format!("Aanvraag {id} beslist.")
            };
            bevestiging::gedaan(&staat, &headers, catalogus::AANVRAGEN.href, t)
        }
        Ok(Err(RegisterFout::Ongeldig(t) | RegisterFout::Aanlevering(t))) => {
            wachtrij_pagina(
                &staat,
                &headers,
                adres,
                &s,
                Some((id, t)),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Ok(Err(_)) | Err(_) => melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis; er is niets vastgelegd.",
            Some(&s),
        ),
    }
}
