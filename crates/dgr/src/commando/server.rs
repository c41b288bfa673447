//! `dgr serve`, `dgr token`, `dgr verwerkingen` and `dgr signalen`.

use dgr_store::Database;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::Duration;
use dgr_core::Bsn;
use dgr_register::tijd::Klok;
use dgr_server::auth::Claims;
use dgr_server::identiteit::Rol;
use dgr_server::logboek::{Pseudonimiseerder, activiteiten};
use dgr_server::sleutels::{ONTWIKKEL_ISSUER, Ontwikkelsleutel};
use dgr_server::{Grenzen, Instellingen, OidcInstellingen};

use super::medewerker::{Inzage, Medewerker, leg_vast};
use super::{druk_json, gebruiksfout, open};
use crate::cli::{ServerOpties, SignalenArgs, TokenArgs, VerwerkingenArgs};
use crate::uitvoer;

/// The data folder (keys, the processing log's pseudonymisation secret): given, else the
/// folder of the embedded database's file, else (PostgreSQL) the working directory.
pub fn data_map(db: &Database, gegeven: Option<&PathBuf>) -> PathBuf {
    gegeven.cloned().unwrap_or_else(|| {
        db.pad()
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    })
}

/// Builds the server settings.
pub fn instellingen(db: &Database, o: &ServerOpties, ontwikkel: bool) -> Instellingen {
    Instellingen {
        db: db.clone(),
        data_map: data_map(db, o.data_map.as_ref()),
        jwks: o.jwks.clone(),
        issuer: o.issuer.clone(),
        audience: o.audience.clone(),
        ontwikkel_issuer: o.ontwikkel_issuer || ontwikkel,
        limiet_per_dag: o.limiet_per_dag,
        klok: Klok::echt(),
        dashboards_voorberekenen: !o.zonder_voorberekening,
        lezers: o.lezers.and_then(|n| usize::try_from(n).ok()),
        logboek_wachttijd: o.logboek_wachttijd_us.map(std::time::Duration::from_micros),
        oidc: match (&o.oidc_issuer, &o.oidc_client_id, &o.basis_url) {
            (Some(issuer), Some(client_id), Some(basis_url)) => Some(OidcInstellingen {
                issuer: issuer.clone(),
                client_id: client_id.clone(),
                client_secret: o.oidc_client_secret.clone(),
                basis_url: basis_url.clone(),
            }),
            _ => None,
        },
        grenzen: Grenzen {
            max_levering_bytes: o.max_levering_mb.saturating_mul(Grenzen::MIB),
            kop_timeout: std::time::Duration::from_secs(o.kop_timeout_s),
            verzoek_timeout: std::time::Duration::from_secs(o.verzoek_timeout_s),
            upload_timeout: std::time::Duration::from_secs(o.upload_timeout_s),
            max_verbindingen: usize::try_from(o.max_verbindingen).unwrap_or(usize::MAX),
        },
    }
}

/// Runs the server until Ctrl-C or SIGTERM, on the clock of `DGR_NU` when set (else real).
///
/// # Errors
/// Start failures.
pub fn serve_met(mut inst: Instellingen, listen: &str) -> anyhow::Result<ExitCode> {
    inst.klok = super::klok()?;
    // make sure the database exists and is migrated before the server opens it
    drop(open(&inst.db)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("tokio")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("luisteren op {listen}"))?;
        eprintln!(
            "dgr luistert op http://{}/api/v1 (OpenAPI: /api/v1/openapi.json); stoppen met Ctrl-C",
            listener.local_addr()?
        );
        let stop = async {
            let ctrl_c = tokio::signal::ctrl_c();
            #[cfg(unix)]
            {
                let mut term =
                    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    {
                        Ok(t) => t,
                        Err(_) => return,
                    };
                tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
            }
            #[cfg(not(unix))]
            {
                let _ = ctrl_c.await;
            }
        };
        dgr_server::start(inst, listener, stop)
            .await
            .map_err(anyhow::Error::from)
    })?;
    eprintln!("dgr gestopt");
    Ok(ExitCode::SUCCESS)
}

/// `dgr serve`.
pub fn serve(db: &Database, listen: &str, o: &ServerOpties) -> anyhow::Result<ExitCode> {
    serve_met(instellingen(db, o, false), listen)
}

/// Signs a development token.
///
/// # Errors
/// Key or claim problems.
pub fn maak_token(map: &Path, claims: &Claims) -> anyhow::Result<String> {
    let sleutel = Ontwikkelsleutel::laad_of_maak(map)?;
    Ok(sleutel.onderteken(claims)?)
}

/// Development claims for a role (validity on the real clock, as the token check's).
pub fn claims(rol: Rol, sub: &str, audience: &str, minuten: u64) -> Claims {
    let nu = Klok::echt().nu();
    Claims {
        sub: sub.to_string(),
        rol: rol.naam().to_string(),
        iss: ONTWIKKEL_ISSUER.to_string(),
        aud: audience.to_string(),
        exp: u64::try_from(
            (nu + Duration::minutes(i64::try_from(minuten).unwrap_or(480))).timestamp(),
        )
        .unwrap_or(0),
        nbf: u64::try_from(nu.timestamp()).ok(),
        ..Claims::default()
    }
}

/// `dgr token`.
pub fn token(db: &Database, a: &TokenArgs) -> anyhow::Result<ExitCode> {
    let Some(rol) = Rol::parse(&a.rol) else {
        return Ok(gebruiksfout(format!("onbekende rol '{}'", a.rol)));
    };
    if rol == Rol::Burger && a.bsn.as_deref().is_none_or(|b| Bsn::parse(b).is_err()) {
        return Ok(gebruiksfout("een burgertoken heeft een geldig --bsn nodig"));
    }
    let mut c = claims(rol, &a.sub, &a.audience, a.geldig_minuten);
    c.bsn = a.bsn.clone();
    c.loonheffingennummers = a.loonheffingennummers.clone();
    c.fiscaal_nummer = a.fiscaal_nummer.clone();
    c.gemeentecode = a.gemeentecode.clone();
    c.bron = a.bron.clone();
    c.arbeidsmarktregio = a.arbeidsmarktregio.clone();
    c.organisatie = a.organisatie.clone();
    let t = maak_token(&data_map(db, a.data_map.as_ref()), &c)?;
    uitvoer::toon(&format!("{t}\n"));
    Ok(ExitCode::SUCCESS)
}

/// `dgr verwerkingen`: one person's processing log (a staff read, itself logged before it is
/// printed), or the retention purge.
pub fn verwerkingen(
    db: &Database,
    a: &VerwerkingenArgs,
    wie: &Medewerker,
) -> anyhow::Result<ExitCode> {
    let register = open(db)?;
    let klok = register.klok();
    let lezer = register.store();
    if a.opschonen {
        let (lijst, versie) = activiteiten().map_err(anyhow::Error::msg)?;
        let mut schrijver = db.open_logboekschrijver()?;
        let mut totaal = 0;
        for act in &lijst {
            let grens = klok.nu() - Duration::days(365 * i64::from(act.bewaartermijn_jaren));
            totaal += schrijver.verwijder_ouder_dan(&act.id, grens)?;
        }
        uitvoer::toon(&format!(
            "{totaal} verwerkingen verwijderd na hun bewaartermijn (register van verwerkingsactiviteiten {})\n",
            &versie[..12]
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let Some(bsn) = a.bsn.as_deref() else {
        return Ok(gebruiksfout("geef --bsn of --opschonen"));
    };
    let bsn = match Bsn::parse(bsn) {
        Ok(b) => b,
        Err(e) => return Ok(gebruiksfout(format!("ongeldig BSN: {e}"))),
    };
    let map = data_map(db, a.data_map.as_ref());
    let pseudo = Pseudonimiseerder::laad_of_maak(&map).map_err(anyhow::Error::msg)?;
    // reading the log is itself a processing of the person's data: logged first, so the list
    // shown includes this consultation
    leg_vast(Inzage {
        db,
        data_map: &map,
        klok,
        medewerker: wie,
        naam: "cli_verwerkingen",
        activiteit: super::medewerker::ACTIVITEIT,
        bsns: vec![bsn],
        start: klok.nu(),
    })?;
    let lijst = lezer.verwerkingen_van_betrokkene(&pseudo.pseudoniem(bsn))?;
    if a.json {
        druk_json(&lijst)?;
    } else {
        let mut t = format!("verwerkingen van {} ({}):\n", bsn.gemaskeerd(), lijst.len());
        for v in &lijst {
            t.push_str(&format!(
                "  {}  {:<28} {:<20} {:<12} {}\n",
                dgr_register::tijd::toon(v.tijd),
                v.naam,
                v.processing_activity_id,
                v.rol.clone().unwrap_or_default(),
                v.organisatie.clone().unwrap_or_default()
            ));
        }
        uitvoer::toon(&t);
    }
    Ok(ExitCode::SUCCESS)
}

/// `dgr signalen`.
pub fn signalen(db: &Database, a: &SignalenArgs) -> anyhow::Result<ExitCode> {
    let register = open(db)?;
    let vanaf = register.klok().nu() - Duration::days(a.dagen.clamp(1, 3660));
    let mut lijst = register.store().opvragingen_per_organisatie(vanaf)?;
    lijst.sort_by(|x, y| {
        (y.buiten_eigen_polis * x.opvragingen.max(1))
            .cmp(&(x.buiten_eigen_polis * y.opvragingen.max(1)))
    });
    if a.json {
        druk_json(&lijst)?;
    } else {
        let mut t = format!(
            "opvragingen per organisatie, laatste {} dagen (hoogste aandeel buiten eigen polis eerst):\n",
            a.dagen
        );
        for o in &lijst {
            t.push_str(&format!(
                "  {:<28} {:<30} {:>8} opvragingen, {:>5.1}% buiten eigen polis, waarvan {} als sollicitant\n",
                o.organisatie,
                o.organisatie_naam.clone().unwrap_or_default(),
                o.opvragingen,
                o.buiten_eigen_polis as f64 * 100.0 / o.opvragingen.max(1) as f64,
                o.sollicitant_buiten_eigen_polis
            ));
        }
        uitvoer::toon(&t);
    }
    Ok(ExitCode::SUCCESS)
}

/// Settings for `demo --serve`: development issuer on, defaults otherwise.
pub fn ontwikkel_instellingen(db: &Database) -> Instellingen {
    Instellingen {
        db: db.clone(),
        data_map: data_map(db, None),
        jwks: None,
        issuer: None,
        audience: "doelgroepregister".into(),
        ontwikkel_issuer: true,
        limiet_per_dag: 1000,
        oidc: None,
        grenzen: Grenzen::default(),
        klok: Klok::echt(),
        dashboards_voorberekenen: true,
        lezers: None,
        logboek_wachttijd: None,
    }
}
