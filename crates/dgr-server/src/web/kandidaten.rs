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

use super::bevestiging::{self, Bevestiging};
use super::catalogus;
use super::gemeen::{Raadpleging, leg_raadpleging_vast, melding, pagina};
use super::geschiedenis::{self, Filter, Gefilterd};
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
    let s = match catalogus::sessie_voor_pagina(&staat, &headers, &catalogus::KANDIDATEN) {
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
    let s = match catalogus::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::KANDIDATEN,
        &f.csrf,
    ) {
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

/// The address of the WSP's page.
const WSP_PAD: &str = "/wsp";

/// The address of the employer's list of its contact requests.
const WERKGEVER_PAD: &str = "/werkgever/contactverzoeken";

/// The decisions of a contact request (stored status, shown name).
const BESLUITEN: &[(&str, &str)] = &[
    ("AKKOORD", "Kandidaat stemt in"),
    ("AFGEWEZEN", "Kandidaat weigert"),
];

/// The decision of a contact request as shown.
fn besluit_tekst(status: &str) -> &'static str {
    BESLUITEN
        .iter()
        .find(|(s, _)| *s == status)
        .map_or("In behandeling", |(_, t)| t)
}

/// The decided requests of `alle` that pass the filter, newest decision first.
fn afgehandeld(
    alle: Vec<dgr_store::contactverzoeken::Contactverzoek>,
    filter: &Gefilterd,
) -> Vec<dgr_store::contactverzoeken::Contactverzoek> {
    let mut besloten: Vec<_> = alle
        .into_iter()
        .filter(|v| v.status != "OPEN")
        .filter(|v| {
            geschiedenis::past(
                &filter.vraag,
                &v.status,
                v.behandeld_op.map(dgr_register::tijd::datum_van),
            )
        })
        .collect();
    besloten.sort_by_key(|v| std::cmp::Reverse((v.behandeld_op, v.id)));
    besloten
}

/// The WSP's open requests, with the candidate's identity, and the decided ones.
pub async fn wsp(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(filter): Query<Filter>,
) -> Response {
    let filter = filter.lees(BESLUITEN);
    wsp_pagina(&staat, &headers, adres, &filter, WspUitkomst::default()).await
}

/// What the WSP's page shows besides the lists: an error at the top, or next to the reason
/// field of one request with the value typed.
#[derive(Default)]
struct WspUitkomst {
    fout: Option<String>,
    veldfout: Option<(i64, String)>,
    reden: Option<(i64, String)>,
}

async fn wsp_pagina(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    filter: &Gefilterd,
    uitkomst: WspUitkomst,
) -> Response {
    let start = staat.klok().nu();
    let s = match catalogus::sessie_voor_pagina(staat, headers, &catalogus::CONTACTVERZOEKEN) {
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
    let gelezen = blokkerend(staat, move |r| {
        let mut besloten = r.store().contactverzoeken_van_regio(&r2, "AKKOORD")?;
        besloten.extend(r.store().contactverzoeken_van_regio(&r2, "AFGEWEZEN")?);
        Ok((r.store().contactverzoeken_van_regio(&r2, "OPEN")?, besloten))
    })
    .await;
    let Ok((lijst, besloten)) = gelezen else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "De contactverzoeken konden niet worden gelezen.",
            Some(&s),
        );
    };
    let besloten = afgehandeld(besloten, filter);
    let totaal = besloten.len() as u64;
    let pagina_rijen = geschiedenis::bladzijde(&besloten, &filter.vraag);
    let bsns: Vec<Bsn> = lijst.iter().chain(&pagina_rijen).map(|v| v.bsn).collect();
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
    let werkgever = |v: &dgr_store::contactverzoeken::Contactverzoek| {
        v.werkgever_naam
            .clone()
            .unwrap_or_else(|| v.werkgever.clone())
    };
    let verzoeken: Vec<Value> = lijst
        .iter()
        .map(|v| {
            let veldfout = uitkomst.veldfout.as_ref().filter(|(id, _)| *id == v.id).map(|(_, t)| t.clone());
            let reden = uitkomst.reden.as_ref().filter(|(id, _)| *id == v.id).map(|(_, t)| t.clone());
            context! { id => v.id, tijd => toon(v.tijd), werkgever => werkgever(v), bsn => v.bsn.cijfers(), toelichting => v.toelichting.clone(), veldfout => veldfout, reden => reden }
        })
        .collect();
    let besloten: Vec<Value> = pagina_rijen
        .iter()
        .map(|v| context! { id => v.id, tijd => toon(v.tijd), werkgever => werkgever(v), bsn => v.bsn.cijfers(), besluit => besluit_tekst(&v.status), behandeld_op => v.behandeld_op.map(toon), behandelaar => v.behandelaar.clone(), reden => v.reden.clone() })
        .collect();
    let ongeldig = uitkomst.veldfout.is_some();
    let mut r = pagina(
        "wsp.html",
        "Contactverzoeken",
        Some(&s),
        WSP_PAD,
        context! { regio => regio, verzoeken => verzoeken, fout => uitkomst.fout, afgehandeld => besloten, h => filter.weergave(WSP_PAD, BESLUITEN, totaal) },
    );
    if ongeldig {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// The WSP's decision form.
#[derive(Debug, Deserialize)]
pub struct BesluitForm {
    csrf: String,
    id: i64,
    besluit: String,
    #[serde(default)]
    reden: String,
    #[serde(default)]
    bevestigd: Option<String>,
}

/// Records whether the candidate agreed, in two steps; a refusal needs the candidate's reason.
pub async fn besluit(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<BesluitForm>,
) -> Response {
    let s = match catalogus::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::CONTACTVERZOEKEN,
        &f.csrf,
    ) {
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
    let filter = Filter::default().lees(BESLUITEN);
    let id = f.id;
    let akkoord = match f.besluit.as_str() {
        "akkoord" => true,
        "afgewezen" => false,
        _ => {
            let fout = WspUitkomst {
                fout: Some("Onbekend besluit.".into()),
                ..WspUitkomst::default()
            };
            return wsp_pagina(&staat, &headers, adres, &filter, fout).await;
        }
    };
    let reden = f.reden.trim().to_string();
    if !akkoord && reden.is_empty() {
        let fout = WspUitkomst {
            veldfout: Some((id, "Geef de reden waarom de kandidaat weigert.".into())),
            ..WspUitkomst::default()
        };
        return wsp_pagina(&staat, &headers, adres, &filter, fout).await;
    }
    let r2 = regio.clone();
    let open = blokkerend(&staat, move |r| {
        Ok(r.store().contactverzoeken_van_regio(&r2, "OPEN")?)
    })
    .await
    .ok()
    .and_then(|l| l.into_iter().find(|v| v.id == id));
    let Some(v) = open else {
        let fout = WspUitkomst {
            fout: Some(format!("Verzoek {id} is niet (meer) open in uw regio.")),
            ..WspUitkomst::default()
        };
        return wsp_pagina(&staat, &headers, adres, &filter, fout).await;
    };
    if !bevestiging::is_bevestigd(f.bevestigd.as_deref()) {
        if let Err(fout) = leg_raadpleging_vast(
            &staat,
            &s,
            &headers,
            Raadpleging {
                activiteit: "DGR-KANDIDATEN",
                naam: "web_wsp_besluit_bevestigen",
                bsns: vec![v.bsn],
                telling: crate::opvraging::Telling::geen(),
                start: staat.klok().nu(),
                adres,
            },
        )
        .await
        {
            return fout;
        }
        let werkgever = v
            .werkgever_naam
            .clone()
            .unwrap_or_else(|| v.werkgever.clone());
        let mut samenvatting = vec![
            ("Verzoek", id.to_string()),
            ("Werkgever", werkgever.clone()),
            ("Kandidaat (BSN)", v.bsn.cijfers()),
            (
                "Besluit",
                besluit_tekst(if akkoord { "AKKOORD" } else { "AFGEWEZEN" }).to_string(),
            ),
        ];
        if !akkoord {
            samenvatting.push(("Reden", reden.clone()));
        }
        return bevestiging::vraag(
            &s,
            Bevestiging {
                titel: if akkoord {
                    "Kandidaat stemt in"
                } else {
                    "Kandidaat weigert"
                },
                samenvatting,
                gevolg: if akkoord {
                    format!("{werkgever} ziet daarna dat er contact is gelegd, en door wie.")
                } else {
                    format!(
                        "{werkgever} ziet daarna dat er geen contact komt; de reden ziet alleen het WSP."
                    )
                },
                actie: "/wsp/besluit",
                velden: vec![
                    ("id", id.to_string()),
                    ("besluit", f.besluit.clone()),
                    ("reden", reden.clone()),
                ],
                knop: if akkoord {
                    "kandidaat stemt in"
                } else {
                    "kandidaat weigert"
                },
                terug: WSP_PAD,
            },
        );
    }
    let wie = s
        .gebruiker
        .organisatie
        .clone()
        .unwrap_or_else(|| format!("WSP {regio}"));
    let uitkomst = blokkerend(&staat, move |r| {
        Ok(r.beslis_contactverzoek(
            id,
            &regio,
            akkoord,
            (!akkoord).then_some(reden.as_str()),
            &wie,
        )?)
    })
    .await;
    match uitkomst {
        Ok(Some(_)) => bevestiging::gedaan(
            &staat,
            &headers,
            WSP_PAD,
            format!(
                "Verzoek {id} vastgelegd: kandidaat {}.",
                if akkoord { "stemt in" } else { "weigert" }
            ),
        ),
        _ => {
            let fout = WspUitkomst {
                fout: Some(format!("Verzoek {id} is niet (meer) open in uw regio.")),
                ..WspUitkomst::default()
            };
            wsp_pagina(&staat, &headers, adres, &filter, fout).await
        }
    }
}

/// The employer's contact requests: those in progress, and the decided ones filtered by
/// decision and period, paged. No personal data: the employer never learns the candidate.
pub async fn werkgever_verzoeken(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(filter): Query<Filter>,
) -> Response {
    let s = match catalogus::sessie_voor_pagina(&staat, &headers, &catalogus::KANDIDATEN) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let filter = filter.lees(BESLUITEN);
    let werkgever = s.gebruiker.organisatie_sleutel();
    let Ok(alle) = blokkerend(&staat, move |r| {
        Ok(r.store().contactverzoeken_van_werkgever(&werkgever)?)
    })
    .await
    else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Uw contactverzoeken konden niet worden gelezen.",
            Some(&s),
        );
    };
    let lopend: Vec<_> = alle
        .iter()
        .filter(|v| v.status == "OPEN")
        .cloned()
        .collect();
    let besloten = afgehandeld(alle, &filter);
    let totaal = besloten.len() as u64;
    let pagina_rijen = geschiedenis::bladzijde(&besloten, &filter.vraag);
    pagina(
        "contactverzoeken.html",
        "Mijn contactverzoeken",
        Some(&s),
        catalogus::KANDIDATEN.href,
        context! {
            lopend => verzoeken_tonen(&lopend),
            afgehandeld => pagina_rijen.iter().map(|v| context! {
                tijd => toon(v.tijd), regio => v.arbeidsmarktregio.clone(),
                besluit => besluit_tekst(&v.status), behandeld_op => v.behandeld_op.map(toon),
                contact => verzoeken_tonen(std::slice::from_ref(v)).pop(),
            }).collect::<Vec<_>>(),
            h => filter.weergave(WERKGEVER_PAD, BESLUITEN, totaal),
        },
    )
}
