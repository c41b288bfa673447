//! Werkgeversportaal pages: own employees in the register (with CSV and XLSX download), the
//! no-riskpolis/LKV check and the own quota figures with a chart.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use dgr_core::datum::parse_datum;
use dgr_core::{Bsn, Loonheffingennummer};
use dgr_reports::voordelen;
use minijinja::{Value, context};
use serde::Deserialize;

use super::catalogus;
use super::gemeen::{
    Raadpleging, download, leg_raadpleging_vast, melding, opvraging_geweigerd, pagina,
};
use super::grafiek;
use super::opmaak::{self, getal};
use crate::opvraging::{tel_eigen_werknemers, tel_en_lees};
use crate::register::blokkerend;
use crate::staat::Staat;
use dgr_reports::formaat::{Tabel, Waarde};

/// `?peildatum=`.
#[derive(Debug, Deserialize)]
pub struct PeildatumVraag {
    #[serde(default)]
    peildatum: String,
}

/// The asked peildatum, else `vandaag` (today on the register's clock).
fn peildatum(t: &str, vandaag: NaiveDate) -> NaiveDate {
    parse_datum(t).unwrap_or(vandaag)
}

/// Fetches the own employees in the register, counted like every answer that reveals
/// registration, and logs one record per employee.
async fn werknemers_opvragen(
    staat: &Staat,
    s: &crate::sessie::Sessie,
    headers: &HeaderMap,
    adres: SocketAddr,
    peil: NaiveDate,
    naam: &'static str,
) -> Result<Vec<(Bsn, Loonheffingennummer)>, Response> {
    let start = staat.klok().nu();
    let telling = tel_eigen_werknemers(staat, &s.gebruiker)
        .await
        .map_err(|fout| opvraging_geweigerd(s, &fout))?;
    let lhns: BTreeSet<Loonheffingennummer> =
        s.gebruiker.loonheffingennummers.iter().copied().collect();
    let lijst = blokkerend(staat, move |r| {
        Ok(r.werknemers_in_register(&lhns, peil, r.klok().nu())?)
    })
    .await
    .map_err(|_| {
        melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(s),
        )
    })?;
    let mut bsns: Vec<Bsn> = lijst.iter().map(|(b, _)| *b).collect();
    bsns.dedup();
    leg_raadpleging_vast(
        staat,
        s,
        headers,
        Raadpleging {
            activiteit: "DGR-WERKNEMERS",
            naam,
            bsns,
            telling,
            start,
            adres,
        },
    )
    .await?;
    Ok(lijst)
}

/// Own employees in the register.
pub async fn werknemers(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(v): Query<PeildatumVraag>,
) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::WERKNEMERS) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let peil = peildatum(&v.peildatum, staat.klok().vandaag());
    match werknemers_opvragen(&staat, &s, &headers, adres, peil, "web_werknemers").await {
        Ok(lijst) => {
            let rijen: Vec<Value> = lijst
                .iter()
                .map(|(b, l)| context! { bsn => b.cijfers(), lhn => l.to_string() })
                .collect();
            pagina(
                "werknemers.html",
                "Mijn werknemers in het doelgroepregister",
                Some(&s),
                "/werkgever/werknemers",
                context! { peildatum => peil.to_string(), werknemers => rijen },
            )
        }
        Err(r) => r,
    }
}

/// Own employees as CSV.
pub async fn werknemers_csv(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(v): Query<PeildatumVraag>,
) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::WERKNEMERS) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let peil = peildatum(&v.peildatum, staat.klok().vandaag());
    let lijst =
        match werknemers_opvragen(&staat, &s, &headers, adres, peil, "web_werknemers_csv").await {
            Ok(l) => l,
            Err(r) => return r,
        };
    let bytes = opmaak::excel_csv(&[Tabel {
        naam: "werknemers".into(),
        kop: ["bsn", "loonheffingennummer", "peildatum"]
            .map(String::from)
            .to_vec(),
        rijen: lijst
            .iter()
            .map(|(b, l)| {
                vec![
                    Waarde::Tekst(b.cijfers()),
                    Waarde::Tekst(l.to_string()),
                    Waarde::Tekst(peil.to_string()),
                ]
            })
            .collect(),
    }]);
    download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("werknemers-{peil}.csv"),
    )
}

/// Own employees as XLSX.
pub async fn werknemers_xlsx(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(v): Query<PeildatumVraag>,
) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::WERKNEMERS) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let peil = peildatum(&v.peildatum, staat.klok().vandaag());
    let lijst =
        match werknemers_opvragen(&staat, &s, &headers, adres, peil, "web_werknemers_xlsx").await {
            Ok(l) => l,
            Err(r) => return r,
        };
    let tabel = dgr_reports::formaat::Tabel {
        naam: "werknemers".into(),
        kop: vec![
            "bsn".into(),
            "loonheffingennummer".into(),
            "peildatum".into(),
        ],
        rijen: lijst
            .iter()
            .map(|(b, l)| {
                use dgr_reports::formaat::Waarde::Tekst;
                vec![
                    Tekst(b.cijfers()),
                    Tekst(l.to_string()),
                    Tekst(peil.to_string()),
                ]
            })
            .collect(),
    };
    match super::opmaak::excel_xlsx(vec![tabel]) {
        Ok(bytes) => download(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("werknemers-{peil}.xlsx"),
        ),
        Err(_) => melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Het bestand kon niet worden gemaakt.",
            Some(&s),
        ),
    }
}

/// The advantages form.
pub async fn voordelen_formulier(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::VOORDELEN) {
        Ok(s) => pagina(
            "voordelen.html",
            "No-riskpolis en LKV",
            Some(&s),
            "/werkgever/voordelen",
            context! {},
        ),
        Err(r) => *r,
    }
}

/// Advantages form fields.
#[derive(Debug, Deserialize)]
pub struct VoordelenForm {
    csrf: String,
    bsn: String,
    ingangsdatum: String,
}

/// for a werkgever, without the grondslag; logged.
pub async fn voordelen(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<VoordelenForm>,
) -> Response {
    let start = staat.klok().nu();
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::VOORDELEN,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let (bsn, ingang) = match (
        Bsn::uit_invoer(&f.bsn),
        dgr_core::datum::parse_invoerdatum(&f.ingangsdatum),
    ) {
        (Ok(b), Ok(d)) => (b, d),
        (b, d) => return fout(&s, &f, b.err(), d.err()),
    };
    // "no advantages" for anyone outside the register: the answer reveals registration
    let werkgever = s.gebruiker.fiscale_nummers().first().copied();
    let uitkomst = tel_en_lees(&staat, &s.gebruiker, bsn, move |r| {
        let klok = r.klok();
        Ok(voordelen::bereken(
            r.store(),
            r.referentie(),
            bsn,
            ingang,
            werkgever,
            klok.vandaag(),
            klok.nu(),
        )?)
    })
    .await;
    let (telling, v) = match uitkomst {
        Ok(t) => t,
        Err(fout) => return opvraging_geweigerd(&s, &fout),
    };
    if let Err(fout) = leg_raadpleging_vast(
        &staat,
        &s,
        &headers,
        Raadpleging {
            activiteit: "DGR-VOORDELEN",
            naam: "web_voordelen",
            bsns: vec![bsn],
            telling,
            start,
            adres,
        },
    )
    .await
    {
        return fout;
    }
    let u = context! {
        no_risk => v.no_riskpolis.van_toepassing,
        no_risk_reden => v.no_riskpolis.reden,
        lkv => v.lkv.recht,
        lkv_reden => v.lkv.reden,
        per_uur => v.lkv.bedrag_per_uur_eurocent,
        max => v.lkv.maximum_per_jaar_eurocent,
        tot => v.lkv.einddatum.map(opmaak::datum_lang),
    };
    pagina(
        "voordelen.html",
        "No-riskpolis en LKV",
        Some(&s),
        "/werkgever/voordelen",
        context! { uitkomst => u, bsn => f.bsn, ingangsdatum => ingang.to_string() },
    )
}

/// The form again with what was typed and each error beside its field.
fn fout(
    s: &crate::sessie::Sessie,
    f: &VoordelenForm,
    bsn: Option<dgr_core::bsn::BsnFout>,
    datum: Option<dgr_core::datum::DatumFout>,
) -> Response {
    let mut r = pagina(
        "voordelen.html",
        "No-riskpolis en LKV",
        Some(s),
        "/werkgever/voordelen",
        context! {
            bsn => f.bsn,
            ingangsdatum => f.ingangsdatum,
            fout_bsn => bsn.map(dgr_core::bsn::BsnFout::uitleg),
            fout_ingangsdatum => datum.map(|e| e.uitleg()),
        },
    );
    *r.status_mut() = StatusCode::BAD_REQUEST;
    r
}

/// `?jaar=`.
#[derive(Debug, Deserialize)]
pub struct JaarVraag {
    jaar: Option<i32>,
}

/// Own quota figures of a year with a chart, and the series of every year since 2015 (R-30 …
/// R-34); no personal data. Years not computed yet are computed in the background.
pub async fn quotum_pagina(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<JaarVraag>,
) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::MIJN_QUOTUM) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let huidig_jaar = staat.klok().vandaag().year();
    let jaar = v.jaar.unwrap_or(huidig_jaar - 1).clamp(2015, 2100);
    if jaar > huidig_jaar {
        return melding(
            StatusCode::BAD_REQUEST,
            "Jaar in de toekomst",
            &format!(
                "Over {jaar} zijn nog geen cijfers: het is nu {huidig_jaar}. Kies {huidig_jaar} of een eerder jaar."
            ),
            Some(&s),
        );
    }
    let Some(f) = s.gebruiker.fiscale_nummers().first().copied() else {
        return melding(
            StatusCode::FORBIDDEN,
            "Geen toegang",
            "Uw inlog noemt geen loonheffingennummer.",
            Some(&s),
        );
    };
    let reeks = staat.quotumreeks.clone();
    let rapporten = blokkerend(&staat, move |r| {
        let q = reeks.jaar(r, jaar)?;
        let (bekend, ontbrekend) = reeks.bekend(r, 2015..=huidig_jaar)?;
        Ok((q, bekend, ontbrekend))
    })
    .await;
    let Ok((q, bekend, ontbrekend)) = rapporten else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(&s),
        );
    };
    let berekenen = !ontbrekend.is_empty();
    staat
        .quotumreeks
        .bereken_op_achtergrond(&staat.instellingen.db, staat.klok(), ontbrekend);
    let eigen = f.to_string();
    let regel_van = |q: &dgr_reports::quotum::Quotumrapport| {
        q.werkgevers
            .iter()
            .find(|w| w.fiscaal_nummer == eigen)
            .cloned()
    };
    let reeks = jarenreeks(&bekend, huidig_jaar, &regel_van);
    let Some(w) = regel_van(&q) else {
        return pagina(
            "quotum.html",
            "Mijn quotum",
            Some(&s),
            "/werkgever/quotum",
            context! { jaar => jaar, regel => Value::from(()), reeks => reeks, berekenen => berekenen },
        );
    };
    // without a required number of hours there is nothing to compare: no chart of a 0
    let grafiek = w.vereiste_uren.map(|vereist| {
        grafiek::staven(
            &format!("Vereiste en getelde uren {jaar}"),
            &[
                ("vereist".into(), vereist),
                ("geteld".into(), w.getelde_uren),
            ],
            480.0,
            240.0,
        )
    });
    // plain words instead of the rule's shorthand ("geactiveerd; heffing opgeschort"); the
    // sentence about the amount only when there is one
    let activering = opmaak::quotum_stand(
        w.geactiveerd,
        w.heffing_opgelegd,
        jaar,
        w.sector.as_deref().unwrap_or_default(),
        w.heffing_eurocent.is_some(),
    );
    // why the required hours are missing when they are (R-31: the percentage needs the sector
    // and a target of that year)
    let zonder_percentage = w.quotumpercentage.is_none().then(|| {
        if w.sector.is_none() {
            format!("Van uw organisatie is niet bekend of zij tot de marktsector of de overheid hoort. Daarom is er voor {jaar} geen quotumpercentage en zijn vereiste uren, ontbrekende banen en heffing niet te berekenen.")
        } else {
            format!("Het quotumpercentage voor {jaar} is nog niet vastgesteld. Daarom zijn vereiste uren, ontbrekende banen en heffing (nog) niet te berekenen.")
        }
    });
    let regel = context! {
        totale_uren => getal(w.totale_uren, 2),
        quotumplichtig => w.quotumplichtig,
        percentage => w.quotumpercentage.map_or("onbekend".to_string(), |p| format!("{}% ({})", getal(p, 2), opmaak::percentage_bron(w.percentage_bron.as_deref().unwrap_or_default()))),
        vereist => w.vereiste_uren.map_or("–".into(), |x| getal(x, 2)),
        geteld => getal(w.getelde_uren, 2),
        // sheltered work never counts: say so when it explains the counted hours
        beschut => (w.beschut_uren > 0.0).then(|| getal(w.beschut_uren, 2)),
        niets_geteld => w.getelde_uren <= 0.0,
        ontbrekend => w.ontbrekende_banen.map_or("–".into(), |x| getal(x, 2)),
        heffing => w.heffing_eurocent.map_or("–".into(), opmaak::geld),
        activering => activering,
        zonder_percentage => zonder_percentage,
    };
    pagina(
        "quotum.html",
        "Mijn quotum",
        Some(&s),
        "/werkgever/quotum",
        context! { jaar => jaar, regel => regel, grafiek => grafiek, reeks => reeks, berekenen => berekenen },
    )
}

/// The employer's required and counted hours per year since 2015 as a line chart and table
/// rows; years not computed yet are marked, as are years without the employer's total hours
/// (no quota computed for it); the current year is provisional.
fn jarenreeks(
    bekend: &crate::quotumreeks::Jaren,
    huidig_jaar: i32,
    regel_van: &dyn Fn(
        &dgr_reports::quotum::Quotumrapport,
    ) -> Option<dgr_reports::quotum::Quotumregel>,
) -> Value {
    let jaren: Vec<i32> = (2015..=huidig_jaar).collect();
    let jaarlabel = |jaar: i32| {
        if jaar == huidig_jaar {
            format!("{jaar} (voorlopig)")
        } else {
            jaar.to_string()
        }
    };
    let regels: Vec<Option<Option<dgr_reports::quotum::Quotumregel>>> = jaren
        .iter()
        .map(|j| bekend.get(j).map(|q| regel_van(q)))
        .collect();
    let waarden = |f: &dyn Fn(&dgr_reports::quotum::Quotumregel) -> Option<f64>| {
        regels
            .iter()
            .map(|r| r.as_ref().and_then(|x| x.as_ref().and_then(f)))
            .collect::<Vec<_>>()
    };
    let vereist = waarden(&|w| w.vereiste_uren);
    let geteld = waarden(&|w| Some(w.getelde_uren));
    // no chart without a single required number of hours to set the counted ones against (as
    // on the year's own chart; the table and the year's text say why)
    let leeg = vereist.iter().all(Option::is_none);
    let grafiek = if leeg {
        String::new()
    } else {
        grafiek::lijnen(
            "Vereiste en getelde uren per jaar",
            &jaren.iter().map(ToString::to_string).collect::<Vec<_>>(),
            &[
                grafiek::Reeks {
                    naam: "vereiste uren".into(),
                    kleur: "#154273",
                    waarden: vereist,
                },
                grafiek::Reeks {
                    naam: "getelde uren".into(),
                    kleur: "#c05a00",
                    waarden: geteld,
                },
            ],
            640.0,
            280.0,
        )
    };
    let rijen: Vec<Value> = jaren
        .iter()
        .zip(&regels)
        .map(|(jaar, r)| match r {
            None => context! { jaar => jaar, berekenen => true },
            Some(None) => context! { jaar => jaarlabel(*jaar), geen => true },
            Some(Some(w)) => context! {
                jaar => jaarlabel(*jaar),
                vereist => w.vereiste_uren.map_or("–".into(), |x| getal(x, 2)),
                geteld => getal(w.getelde_uren, 2),
                ontbrekend => w.ontbrekende_banen.map_or("–".into(), |x| getal(x, 2)),
            },
        })
        .collect();
    context! { grafiek => grafiek, rijen => rijen }
}
