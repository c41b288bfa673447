//! What the werkgeversmonitor's pages share: who may see what ([`Kader`], [`zichtbaar`]), the
//! reports with their processing log ([`rapporten`]), the goals with their measurement
//! ([`doelstanden`]) and how figures are written ([`getal`]).

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use dgr_core::FiscaalNummer;
use dgr_core::doelen::{Doelsoort, Status};
use dgr_core::eenheden::{boom_op, bouw_bomen};
use dgr_register::doelen::Doeloverzicht;
use dgr_reports::trend::Kwartaal;
use dgr_reports::werkgeversmonitor::{Meetpunt, Monitorrapport};
use serde::Deserialize;

use super::super::gemeen::{Raadpleging, leg_raadpleging_vast, melding};
use crate::beleid::{Handeling, beslis};
use crate::register::blokkerend;
use crate::sessie::Sessie;
use crate::staat::Staat;

/// Who opens the monitor: the session, the organisation and the units the caller is limited
/// to (empty for the whole organisation).
pub(super) struct Kader {
    /// The session.
    pub sessie: Sessie,
    /// The organisation (the login's first fiscaal nummer).
    pub organisatie: FiscaalNummer,
    /// A unit contact person's own units (the `eenheden` claim); empty for the D&I team.
    pub beperking: Vec<String>,
}

impl Kader {
    /// Whether the caller sees the whole organisation (the D&I team).
    pub fn heel(&self) -> bool {
        self.beperking.is_empty()
    }

    /// Who acted, as recorded with a goal, check-in or milestone.
    pub fn door(&self) -> String {
        self.sessie.gebruiker.behandelaar()
    }
}

/// The caller of a monitor page: a werkgever with a fiscaal nummer whose policy admits the
/// werkgeversmonitor of that organisation; otherwise the login page or a refusal (403).
pub(super) fn kader(staat: &Staat, headers: &HeaderMap) -> Result<Kader, Box<Response>> {
    let sessie = super::super::toegang::sessie_voor_pagina(
        staat,
        headers,
        &super::super::catalogus::WERKGEVERSMONITOR,
    )?;
    let Some(organisatie) = sessie.gebruiker.fiscale_nummers().first().copied() else {
        return Err(Box::new(melding(
            StatusCode::FORBIDDEN,
            "Geen toegang",
            "Uw inlog noemt geen fiscaal nummer of loonheffingennummer van een organisatie.",
            Some(&sessie),
        )));
    };
    if beslis(
        &sessie.gebruiker,
        &Handeling::Werkgeversmonitor(organisatie),
    )
    .is_err()
    {
        return Err(Box::new(super::super::gemeen::geweigerd(&sessie)));
    }
    let beperking = sessie.gebruiker.eenheden.clone();
    Ok(Kader {
        sessie,
        organisatie,
        beperking,
    })
}

/// [`kader`] for a form post: also checks its CSRF token.
pub(super) fn kader_formulier(
    staat: &Staat,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<Kader, Box<Response>> {
    let k = kader(staat, headers)?;
    super::super::gemeen::controleer_csrf(&k.sessie, csrf)?;
    Ok(k)
}

/// The refusal of a unit or goal outside the caller's units (403; it does not say whether it
/// exists elsewhere).
pub(super) fn buiten_bereik(k: &Kader) -> Response {
    melding(
        StatusCode::FORBIDDEN,
        "Geen toegang",
        "Deze eenheid of dit doel valt niet onder de eenheden waarvoor u bent ingelogd.",
        Some(&k.sessie),
    )
}

/// A failure page without internal detail (the detail goes to the server's log).
pub(super) fn mislukt(k: &Kader, fout: &impl std::fmt::Debug) -> Response {
    tracing::error!(fout = ?fout, "werkgeversmonitor");
    melding(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Fout",
        "Er ging iets mis; de fout is vastgelegd.",
        Some(&k.sessie),
    )
}

/// A unit as the pages know it: code, name and parent.
#[derive(Debug, Clone)]
pub(super) struct Knoop {
    /// Code.
    pub code: String,
    /// Name.
    pub naam: String,
    /// Parent code.
    pub bovenliggend: Option<String>,
}

/// The units a caller may see among `boom`: all of them for the D&I team, else the units named
/// in the claim and every unit below them.
pub(super) fn zichtbaar(boom: &[Knoop], beperking: &[String]) -> BTreeSet<String> {
    let mut uit: BTreeSet<String> = if beperking.is_empty() {
        boom.iter().map(|e| e.code.clone()).collect()
    } else {
        boom.iter()
            .filter(|e| beperking.contains(&e.code))
            .map(|e| e.code.clone())
            .collect()
    };
    // add children of visible units until nothing changes (a tree: at most its depth rounds)
    loop {
        let erbij: Vec<String> = boom
            .iter()
            .filter(|e| !uit.contains(&e.code))
            .filter(|e| e.bovenliggend.as_ref().is_some_and(|b| uit.contains(b)))
            .map(|e| e.code.clone())
            .collect();
        if erbij.is_empty() {
            return uit;
        }
        uit.extend(erbij);
    }
}

/// The organisation's unit tree on `datum` (the latest tree when none applies yet), as known
/// now, from the root down; no person is read for it.
pub(super) async fn boom(
    staat: &Staat,
    organisatie: FiscaalNummer,
    datum: NaiveDate,
) -> Result<Vec<Knoop>, crate::fout::ApiFout> {
    blokkerend(staat, move |r| {
        let bomen = bouw_bomen(r.store().eenheden_op(organisatie, r.klok().nu())?)
            .map_err(|(d, f)| crate::fout::ApiFout::Intern(format!("boom van {d}: {f}")))?;
        let gekozen = boom_op(&bomen, datum).or(bomen.last());
        Ok(gekozen.map_or_else(Vec::new, |b| {
            b.van_boven_naar_beneden()
                .into_iter()
                .map(|e| Knoop {
                    code: e.code.clone(),
                    naam: e.naam.clone(),
                    bovenliggend: e.bovenliggend.clone(),
                })
                .collect()
        }))
    })
    .await
}

/// The units of a report as [`Knoop`]s.
pub(super) fn knopen(m: &Monitorrapport) -> Vec<Knoop> {
    m.eenheden
        .iter()
        .map(|e| Knoop {
            code: e.code.clone(),
            naam: e.naam.clone(),
            bovenliggend: e.bovenliggend.clone(),
        })
        .collect()
}

/// `?kwartaal=` of the monitor's pages.
#[derive(Debug, Deserialize, Default)]
pub struct KwartaalVraag {
    #[serde(default)]
    pub(super) kwartaal: String,
}

/// The last complete quarter on the register's clock.
pub(super) fn laatste_volledige(vandaag: NaiveDate) -> Kwartaal {
    Kwartaal::van_datum(vandaag).vorige()
}

/// The quarter asked (`2025-K4`), else the last complete one; a quarter that has not begun is
/// refused with a message.
pub(super) fn gekozen_kwartaal(tekst: &str, vandaag: NaiveDate) -> Result<Kwartaal, String> {
    if tekst.trim().is_empty() {
        return Ok(laatste_volledige(vandaag));
    }
    let k = Kwartaal::parse(tekst)?;
    if k.begin() > vandaag {
        return Err(format!(
            "kwartaal {k} is nog niet begonnen; kies een eerder kwartaal"
        ));
    }
    Ok(k)
}

/// The quarters offered in the pages' selector: the last eight up to the current one.
pub(super) fn kwartaalkeuze(vandaag: NaiveDate) -> Vec<String> {
    let mut k = Kwartaal::van_datum(vandaag);
    let mut uit = Vec::new();
    for _ in 0..8 {
        uit.push(k.to_string());
        k = k.vorige();
    }
    uit
}

/// The monitor of each quarter in `kwartalen`, as known now, after the processing log holds
/// every person read for them (`DGR-MONITOR`, under operation `naam`); the error page to show
/// otherwise.
pub(super) async fn rapporten(
    staat: &Staat,
    k: &Kader,
    headers: &HeaderMap,
    adres: SocketAddr,
    kwartalen: Vec<Kwartaal>,
    naam: &'static str,
) -> Result<Vec<Monitorrapport>, Response> {
    let start = staat.klok().nu();
    let o = k.organisatie;
    // kept per state of the register (issue #13): the figures change only with a delivery
    let rapporten = staat.rapporten.clone();
    let uitkomst = blokkerend(staat, move |r| rapporten.werkgeversmonitor(r, o, kwartalen)).await;
    let lijst = match uitkomst {
        Ok(l) => Vec::clone(&l),
        Err(crate::fout::ApiFout::Ongeldig(_)) => {
            return Err(melding(
                StatusCode::BAD_REQUEST,
                "Ongeldig kwartaal",
                "Voor dit kwartaal zijn nog geen cijfers; kies een eerder kwartaal.",
                Some(&k.sessie),
            ));
        }
        Err(e) => return Err(mislukt(k, &e)),
    };
    let bsns: BTreeSet<dgr_core::Bsn> = lijst
        .iter()
        .flat_map(|m| m.betrokkenen.iter().copied())
        .collect();
    leg_raadpleging_vast(
        staat,
        &k.sessie,
        headers,
        Raadpleging {
            activiteit: "DGR-MONITOR",
            naam,
            bsns: bsns.into_iter().collect(),
            telling: crate::opvraging::Telling::geen(),
            start,
            adres,
        },
    )
    .await?;
    Ok(lijst)
}

/// A goal with its overview (R-45 at a date) and where its measure was taken.
pub(super) struct Doelstand {
    /// The goal and everything recorded about it.
    pub overzicht: Doeloverzicht,
    /// Where the measure was taken (register measures only).
    pub meetpunt: Option<Meetpunt>,
}

/// Whether a goal measures a figure of the register (not a value entered by hand).
pub(super) fn meet_register(soort: &Doelsoort) -> bool {
    matches!(soort, Doelsoort::Kwantitatief(k) if k.maat != dgr_core::doelen::Maat::Handmatig)
}

/// The goals of the organisation on the caller's units at `datum`, each with R-45's status:
/// M from `rapport` for a register measure (measured one level up when the unit is withheld,
/// R-44), else from the check-ins.
pub(super) async fn doelstanden(
    staat: &Staat,
    k: &Kader,
    zichtbaar: &BTreeSet<String>,
    datum: NaiveDate,
    rapport: Option<&Monitorrapport>,
) -> Result<Vec<Doelstand>, crate::fout::ApiFout> {
    let o = k.organisatie;
    let rapport = rapport.cloned();
    let zichtbaar = zichtbaar.clone();
    blokkerend(staat, move |r| {
        let mut uit = Vec::new();
        for d in r.doelen(o)? {
            if !zichtbaar.contains(&d.eenheid) {
                continue;
            }
            let meetpunt = match (&d.inhoud.soort, &rapport) {
                (Doelsoort::Kwantitatief(q), Some(m)) => m.meet(&q.maat, &d.eenheid),
                _ => None,
            };
            let overzicht = r.doeloverzicht(o, d.id, datum, meetpunt.as_ref().map(|p| p.waarde))?;
            uit.push(Doelstand {
                overzicht,
                meetpunt,
            });
        }
        Ok(uit)
    })
    .await
}

/// The status as the pages write it: `gestopt`, the R-45 name, or `nog niet gemeten`.
pub(super) fn statusnaam(o: &Doeloverzicht) -> &'static str {
    if o.doel.gestopt.is_some() {
        "gestopt"
    } else {
        o.stand.status.map_or("nog niet gemeten", Status::naam)
    }
}

/// The CSS class of a status (`status-op-koers`, …).
pub(super) fn statusklasse(naam: &str) -> String {
    format!("status-{}", naam.replace(' ', "-"))
}

/// A number as Dutch readers write it, with up to `decimalen` decimals (trailing zeros off):
/// [`crate::web::opmaak::getal_tot`].
pub(super) fn getal(x: f64, decimalen: usize) -> String {
    crate::web::opmaak::getal_tot(x, decimalen)
}

/// The explanation of `<10` and `x` shown beside every table of figures.
pub(super) const UITLEG_ONDERDRUKT: &str = "<10: minder dan 10 personen in de doelgroep of erbuiten; het cijfer is weggelaten zodat niemand herkenbaar is. x: weggelaten omdat het anders uit de andere cijfers terug te rekenen is.";

/// A map of a form's field values and errors, as the templates' field macro reads them.
pub(super) type Velden = BTreeMap<String, String>;
