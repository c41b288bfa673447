//! Set-up shared by the server's integration tests: settings with the test defaults, and a
//! server started on a free port in a runtime of its own.

use std::path::Path;

use dgr_register::tijd::Klok;
use dgr_server::{Grenzen, Instellingen, start};

/// The settings of a test server: development issuer only, a daily limit of 1,000, default
/// transport limits, the given database, data folder and clock.
pub fn instellingen(db: dgr_store::Database, map: &Path, klok: Klok) -> Instellingen {
    Instellingen {
        db,
        data_map: map.to_path_buf(),
        jwks: None,
        issuer: None,
        audience: "doelgroepregister".into(),
        ontwikkel_issuer: true,
        limiet_per_dag: 1_000,
        oidc: None,
        grenzen: Grenzen::default(),
        klok,
        dashboards_voorberekenen: false,
        lezers: None,
        logboek_wachttijd: None,
    }
}

/// Starts the server on 127.0.0.1 at a free port in a thread with its own runtime; returns its
/// address (`host:port`) and the sender whose drop stops it.
pub fn draai(inst: Instellingen) -> (String, tokio::sync::oneshot::Sender<()>) {
    let (stop, wacht) = tokio::sync::oneshot::channel::<()>();
    let (adres_tx, adres_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|e| unreachable!("{e}"));
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .unwrap_or_else(|e| unreachable!("{e}"));
            let _ = adres_tx.send(
                listener
                    .local_addr()
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
            );
            let _ = start(inst, listener, async {
                let _ = wacht.await;
            })
            .await;
        });
    });
    (adres_rx.recv().unwrap_or_default(), stop)
}
