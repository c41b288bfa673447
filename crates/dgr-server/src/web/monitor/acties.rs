//! The forms of a goal's page: a check-in, a milestone (added, or its status changed) and an
//! evaluation (keep, adjust with the new values, or stop). Each checks the caller's reach
//! first; an error shows the goal's page again with the form's values and the error next to
//! the field (400); success redirects to the goal.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use dgr_core::doelen::Doelsoort;
use dgr_register::RegisterFout;
use dgr_register::doelen::{Checkinvoorstel, Evaluatievoorstel};

use super::super::gemeen::melding;
use super::doelen::{Formulieren, Invoer, eigen_doel, toon};
use super::formulier::Formulier;
use super::gemeen::{Kader, buiten_bereik, kader_formulier, mislukt};
use super::nieuw::{VELDWOORDEN, lees_inhoud};
use crate::fout::ApiFout;
use crate::register::blokkerend;
use crate::staat::Staat;

/// The goal page a form was sent from, where it is shown again after an error.
struct Doelpagina<'a> {
    staat: &'a Staat,
    k: &'a Kader,
    headers: &'a HeaderMap,
    adres: SocketAddr,
    id: i64,
}

impl Doelpagina<'_> {
    /// The goal's page again, with the forms as given.
    async fn opnieuw(&self, f: Formulieren) -> Response {
        toon(self.staat, self.k, self.headers, self.adres, self.id, f).await
    }

    /// The outcome of a form's write: to `anker` on the goal's page on success; the page again
    /// with the register's message next to its field on a validation error (400).
    async fn na_opslaan<T>(
        &self,
        uitkomst: Result<Result<T, RegisterFout>, ApiFout>,
        anker: &str,
        mut f: Formulier,
        plaats: fn(Formulier) -> Formulieren,
    ) -> Response {
        match uitkomst {
            Ok(Ok(_)) => Redirect::to(&format!("/werkgever/monitor/doelen/{}#{anker}", self.id))
                .into_response(),
            Ok(Err(RegisterFout::Ongeldig(t))) => {
                f.register_fout(&t, VELDWOORDEN);
                self.opnieuw(plaats(f)).await
            }
            Ok(Err(e)) => mislukt(self.k, &e),
            Err(e) => mislukt(self.k, &e),
        }
    }
}

/// The check-in form in its place on the goal's page.
fn als_checkin(f: Formulier) -> Formulieren {
    Formulieren {
        checkin: Some(f),
        ..Formulieren::default()
    }
}

/// The evaluation form in its place on the goal's page.
fn als_evaluatie(f: Formulier) -> Formulieren {
    Formulieren {
        evaluatie: Some(f),
        ..Formulieren::default()
    }
}

/// Records a check-in.
pub async fn checkin(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
    Form(invoer): Form<Invoer>,
) -> Response {
    let k = match kader_formulier(&staat, &headers, &invoer.csrf) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let doel = match eigen_doel(&staat, &k, id).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let p = Doelpagina {
        staat: &staat,
        k: &k,
        headers: &headers,
        adres,
        id,
    };
    let mut f = Formulier {
        waarden: invoer.velden,
        ..Formulier::default()
    };
    let datum = f.datum("datum", "de datum");
    let kwantitatief = matches!(doel.inhoud.soort, Doelsoort::Kwantitatief(_));
    let waarde = if kwantitatief {
        let w = f.getal("waarde", "de waarde");
        if f.waarde("waarde").is_empty() {
            f.fout("waarde", "de waarde is verplicht bij een meetbaar doel");
        }
        w
    } else {
        None
    };
    let gereed = (!kwantitatief).then(|| f.waarde("gereed") == "ja");
    if f.waarde("toelichting").is_empty() {
        f.fout("toelichting", "een toelichting is verplicht");
    }
    let Some(datum) = datum.filter(|_| !f.heeft_fouten()) else {
        return p.opnieuw(als_checkin(f)).await;
    };
    let (o, door) = (k.organisatie, k.door());
    let (toelichting, vertrouwen) = (
        f.waarde("toelichting").to_string(),
        f.waarde("vertrouwen").to_string(),
    );
    let uitkomst = blokkerend(&staat, move |r| {
        Ok(r.leg_checkin_vast(
            o,
            &Checkinvoorstel {
                doel_id: id,
                datum,
                waarde,
                gereed,
                toelichting: &toelichting,
                vertrouwen: &vertrouwen,
                door: &door,
            },
        ))
    })
    .await;
    p.na_opslaan(uitkomst, "checkins", f, als_checkin).await
}

/// Adds a milestone: to a goal (`doel`), or to the organisation's timeline (the D&I team).
pub async fn mijlpaal(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
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
    let doel_id = f.waarde("doel").parse::<i64>().ok();
    match doel_id {
        Some(id) => {
            if let Err(r) = eigen_doel(&staat, &k, id).await {
                return r;
            }
        }
        None if !k.heel() => return buiten_bereik(&k),
        None => {}
    }
    let datum = f.datum("datum", "de datum");
    if f.waarde("naam").is_empty() {
        f.fout("naam", "een naam is verplicht");
    }
    let terug = |f: Formulier| async {
        match doel_id {
            Some(id) => {
                toon(
                    &staat,
                    &k,
                    &headers,
                    adres,
                    id,
                    Formulieren {
                        mijlpaal: Some(f),
                        ..Formulieren::default()
                    },
                )
                .await
            }
            None => {
                super::catalogus::tonen(
                    &staat,
                    &k,
                    super::catalogus::Staten {
                        mijlpaal: Some(f),
                        ..Default::default()
                    },
                )
                .await
            }
        }
    };
    let Some(datum) = datum.filter(|_| !f.heeft_fouten()) else {
        return terug(f).await;
    };
    let (o, door, naam) = (k.organisatie, k.door(), f.waarde("naam").to_string());
    let uitkomst = blokkerend(&staat, move |r| {
        Ok(r.voeg_mijlpaal_toe(o, doel_id, &naam, datum, &door))
    })
    .await;
    match uitkomst {
        Ok(Ok(_)) => Redirect::to(&match doel_id {
            Some(id) => format!("/werkgever/monitor/doelen/{id}#mijlpalen"),
            None => "/werkgever/monitor#tijdlijn".to_string(),
        })
        .into_response(),
        Ok(Err(RegisterFout::Ongeldig(t))) => {
            f.register_fout(&t, VELDWOORDEN);
            terug(f).await
        }
        Ok(Err(e)) => mislukt(&k, &e),
        Err(e) => mislukt(&k, &e),
    }
}

/// Changes a milestone's status (`gepland`, `gereed`, `vervallen`).
pub async fn mijlpaalstatus(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(invoer): Form<Invoer>,
) -> Response {
    let k = match kader_formulier(&staat, &headers, &invoer.csrf) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let o = k.organisatie;
    let gevonden = blokkerend(&staat, move |r| {
        Ok(r.mijlpalen(o)?.into_iter().find(|m| m.id == id))
    })
    .await;
    let m = match gevonden {
        Ok(Some(m)) => m,
        Ok(None) => return buiten_bereik(&k),
        Err(e) => return mislukt(&k, &e),
    };
    match m.doel_id {
        Some(d) => {
            if let Err(r) = eigen_doel(&staat, &k, d).await {
                return r;
            }
        }
        None if !k.heel() => return buiten_bereik(&k),
        None => {}
    }
    let status = invoer.velden.get("status").cloned().unwrap_or_default();
    let door = k.door();
    let uitkomst = blokkerend(
        &staat,
        move |r| Ok(r.wijzig_mijlpaal(o, id, &status, &door)),
    )
    .await;
    match uitkomst {
        Ok(Ok(())) => Redirect::to(&match m.doel_id {
            Some(d) => format!("/werkgever/monitor/doelen/{d}#mijlpalen"),
            None => "/werkgever/monitor#tijdlijn".to_string(),
        })
        .into_response(),
        Ok(Err(RegisterFout::Ongeldig(t))) => melding(
            StatusCode::BAD_REQUEST,
            "Ongeldige status",
            &t,
            Some(&k.sessie),
        ),
        Ok(Err(e)) => mislukt(&k, &e),
        Err(e) => mislukt(&k, &e),
    }
}

/// Records an evaluation: keep, adjust (with the new values) or stop.
pub async fn evaluatie(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
    Form(invoer): Form<Invoer>,
) -> Response {
    let k = match kader_formulier(&staat, &headers, &invoer.csrf) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let doel = match eigen_doel(&staat, &k, id).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let p = Doelpagina {
        staat: &staat,
        k: &k,
        headers: &headers,
        adres,
        id,
    };
    let mut f = Formulier {
        waarden: invoer.velden,
        ..Formulier::default()
    };
    let besluit = f.waarde("besluit").to_string();
    let nieuwe_inhoud = if besluit == "bijstellen" {
        lees_inhoud(&mut f, Some(&doel.inhoud.soort))
    } else {
        None
    };
    let van = (!f.waarde("van").is_empty())
        .then(|| f.datum("van", "de eerste dag"))
        .flatten();
    let tot = (!f.waarde("tot").is_empty())
        .then(|| f.datum("tot", "de laatste dag"))
        .flatten();
    let gemeten = f.getal("gemeten", "de gemeten waarde");
    if f.waarde("geleerd").is_empty() {
        f.fout("geleerd", "beschrijf wat er geleerd is");
    }
    if besluit != "behouden" && f.waarde("reden").is_empty() {
        f.fout("reden", "geef de reden van het besluit");
    }
    if f.heeft_fouten() {
        return p.opnieuw(als_evaluatie(f)).await;
    }
    let (o, door) = (k.organisatie, k.door());
    let (periode, geleerd, reden) = (
        f.waarde("periode").to_string(),
        f.waarde("geleerd").to_string(),
        f.waarde("reden").to_string(),
    );
    let uitkomst = blokkerend(&staat, move |r| {
        Ok(r.evalueer(
            o,
            &Evaluatievoorstel {
                doel_id: id,
                periode: &periode,
                van,
                tot,
                gemeten,
                geleerd: &geleerd,
                besluit: &besluit,
                reden: &reden,
                nieuwe_inhoud,
                door: &door,
            },
        ))
    })
    .await;
    p.na_opslaan(uitkomst, "evaluaties", f, als_evaluatie).await
}
