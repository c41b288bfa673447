//! The HTTP/1.1 accept loop with the transport limits of [`Grenzen`] (issue #9, finding 9: idle
//! and slow connections exhausted the file descriptors and the health check stopped answering).
//!
//! - **Header-read timeout** ([`Grenzen::kop_timeout`]): hyper's `header_read_timeout` on a tokio
//!   timer. hyper 1.x starts this timer whenever a connection waits for a request head: on a new
//!   connection, on a slow or partial head, and between requests on a keep-alive connection. It
//!   is therefore the idle keep-alive timeout too; a separate idle timer would never fire first.
//! - **A maximum of open connections** ([`Grenzen::max_verbindingen`]). The design keeps health
//!   checks answering while the limit is held by idle connections: a new connection is always
//!   accepted, and when the limit is reached the connection that has been idle (no request in
//!   progress) the longest is asked to close (`graceful_shutdown`; hyper closes an idle or
//!   untouched connection at once, and one still sending a head is dropped after [`GRATIE`]).
//!   Only when every open connection is busy with a request is the new one closed at once:
//!   the server is then at capacity, and no file descriptor beyond the limit is taken.
//! - **Graceful shutdown**: when `stop` completes the listener closes, every connection is asked
//!   to close after its current request, and [`serveer`] returns when all are closed.
//!
//! Each request carries `ConnectInfo<SocketAddr>` as `axum::serve` gave it.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tower::ServiceExt as _;

use crate::instellingen::Grenzen;

/// How long a connection asked to make room may still take to finish a request head before it is
/// dropped (a connection in the middle of a request is never dropped; it closes after its answer).
pub const GRATIE: Duration = Duration::from_secs(1);

/// One open connection as the limit sees it.
struct Open {
    /// Requests in progress (from head read to answer handed to hyper).
    bezig: usize,
    /// When the connection opened or last finished or started a request.
    laatst_actief: Instant,
    /// Wakes the connection's task to close it.
    sluit: Arc<Notify>,
    /// Already asked to close (no longer counted against the limit).
    gevraagd: bool,
}

/// The open connections.
#[derive(Default)]
struct Tabel {
    volgende: u64,
    open: HashMap<u64, Open>,
}

type Gedeeld = Arc<Mutex<Tabel>>;

fn vergrendel(t: &Gedeeld) -> std::sync::MutexGuard<'_, Tabel> {
    // the table stays consistent under every operation, so a poisoned lock is still usable
    t.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Tabel {
    /// Registers a new connection; at the limit first asks the connection idle the longest to
    /// close. `None` when every connection counted against the limit is busy.
    fn neem_op(&mut self, max: usize) -> Option<(u64, Arc<Notify>)> {
        let geteld = self.open.values().filter(|o| !o.gevraagd).count();
        if geteld >= max.max(1) {
            let slachtoffer = self
                .open
                .values_mut()
                .filter(|o| !o.gevraagd && o.bezig == 0)
                .min_by_key(|o| o.laatst_actief)?;
            slachtoffer.gevraagd = true;
            slachtoffer.sluit.notify_one();
            metrics::counter!("dgr_http_verbindingen_gesloten_totaal", "reden" => "limiet")
                .increment(1);
        }
        let id = self.volgende;
        self.volgende += 1;
        let sluit = Arc::new(Notify::new());
        self.open.insert(
            id,
            Open {
                bezig: 0,
                laatst_actief: Instant::now(),
                sluit: sluit.clone(),
                gevraagd: false,
            },
        );
        metrics::gauge!("dgr_http_verbindingen_open").set(self.open.len() as f64);
        Some((id, sluit))
    }

    fn verwijder(&mut self, id: u64) {
        self.open.remove(&id);
        metrics::gauge!("dgr_http_verbindingen_open").set(self.open.len() as f64);
    }

    fn bezig(&self, id: u64) -> usize {
        self.open.get(&id).map_or(0, |o| o.bezig)
    }
}

/// Marks a request of connection `id` in progress until dropped (also when the request's
/// future is dropped by a timeout or a closed connection).
struct Verzoek {
    tabel: Gedeeld,
    id: u64,
}

impl Verzoek {
    fn begin(tabel: &Gedeeld, id: u64) -> Verzoek {
        if let Some(o) = vergrendel(tabel).open.get_mut(&id) {
            o.bezig += 1;
            o.laatst_actief = Instant::now();
        }
        Verzoek {
            tabel: tabel.clone(),
            id,
        }
    }
}

impl Drop for Verzoek {
    fn drop(&mut self) {
        if let Some(o) = vergrendel(&self.tabel).open.get_mut(&self.id) {
            o.bezig = o.bezig.saturating_sub(1);
            o.laatst_actief = Instant::now();
        }
    }
}

/// A response body that keeps its request marked in progress until hyper has sent it all (or
/// dropped it), so a connection that is still writing an answer is not taken for idle.
struct MetVerzoek {
    body: axum::body::Body,
    _verzoek: Verzoek,
}

impl http_body::Body for MetVerzoek {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::pin::Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// Serves `app` on `listener` within `grenzen` until `stop` completes, then waits until every
/// connection has finished its request and closed.
pub async fn serveer(
    listener: TcpListener,
    app: Router,
    grenzen: &Grenzen,
    stop: impl Future<Output = ()> + Send + 'static,
) {
    let tabel: Gedeeld = Arc::default();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(grenzen.kop_timeout)
        .keep_alive(true);
    // `signaal` tells the connections to finish; `klaar` is held by each until it has closed
    let (signaal_tx, signaal_rx) = watch::channel(());
    let (klaar_tx, klaar_rx) = watch::channel(());
    let mut stop = std::pin::pin!(stop);
    loop {
        let (tcp, adres) = tokio::select! {
            () = &mut stop => break,
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // out of file descriptors or similar: wait a little instead of spinning
                    tracing::warn!(fout = %e, "verbinding aannemen mislukt");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Some((id, sluit)) = vergrendel(&tabel).neem_op(grenzen.max_verbindingen) else {
            metrics::counter!("dgr_http_verbindingen_gesloten_totaal", "reden" => "vol")
                .increment(1);
            drop(tcp);
            continue;
        };
        let verbinding = Verbinding {
            tcp,
            adres,
            id,
            sluit,
            tabel: tabel.clone(),
            app: app.clone(),
            http: http.clone(),
            signaal: signaal_rx.clone(),
            _klaar: klaar_rx.clone(),
        };
        tokio::spawn(verbinding.bedien());
    }
    drop(listener);
    let _ = signaal_tx.send(());
    drop(klaar_rx);
    klaar_tx.closed().await;
}

/// One accepted connection and what its task needs.
struct Verbinding {
    tcp: TcpStream,
    adres: SocketAddr,
    id: u64,
    sluit: Arc<Notify>,
    tabel: Gedeeld,
    app: Router,
    http: hyper::server::conn::http1::Builder,
    signaal: watch::Receiver<()>,
    _klaar: watch::Receiver<()>,
}

impl Verbinding {
    async fn bedien(mut self) {
        let _ = self.tcp.set_nodelay(true);
        let (adres, id, tabel, app) = (self.adres, self.id, self.tabel.clone(), self.app.clone());
        let dienst = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(adres));
            let verzoek = Verzoek::begin(&tabel, id);
            let app = app.clone();
            async move {
                let antwoord: Result<Response, Infallible> =
                    app.oneshot(req.map(axum::body::Body::new)).await;
                // in progress until hyper has taken the whole body (a long CSV, say)
                antwoord.map(|a| {
                    a.map(|body| {
                        axum::body::Body::new(MetVerzoek {
                            body,
                            _verzoek: verzoek,
                        })
                    })
                })
            }
        });
        let verbinding = self.http.serve_connection(TokioIo::new(self.tcp), dienst);
        let mut verbinding = std::pin::pin!(verbinding);
        let mut gevraagd = false;
        let mut uiterlijk: Option<tokio::time::Instant> = None;
        loop {
            let tot = uiterlijk;
            let wacht = async move {
                match tot {
                    Some(t) => tokio::time::sleep_until(t).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                r = verbinding.as_mut() => {
                    if let Err(e) = r {
                        tracing::debug!(fout = %e, "verbinding afgebroken");
                    }
                    break;
                }
                () = self.sluit.notified(), if !gevraagd => {
                    verbinding.as_mut().graceful_shutdown();
                    gevraagd = true;
                    uiterlijk = Some(tokio::time::Instant::now() + GRATIE);
                }
                r = self.signaal.changed(), if !gevraagd => {
                    let _ = r;
                    verbinding.as_mut().graceful_shutdown();
                    gevraagd = true;
                }
                () = wacht => {
                    // still no request after the grace: a head that never completes is dropped;
                    // a request in progress finishes and hyper closes after its answer
                    if vergrendel(&self.tabel).bezig(self.id) == 0 {
                        break;
                    }
                    uiterlijk = None;
                }
            }
        }
        vergrendel(&self.tabel).verwijder(self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table with connections 0, 1, 2, idle since 30, 10 and 20 seconds before `nu`.
    fn tabel_met_drie(nu: Instant) -> Tabel {
        let mut t = Tabel::default();
        for leeftijd in [30, 10, 20] {
            let (id, _) = t.neem_op(usize::MAX).unwrap_or_else(|| unreachable!());
            if let Some(o) = t.open.get_mut(&id) {
                o.laatst_actief = nu - Duration::from_secs(leeftijd);
            }
        }
        t
    }

    #[test]
    fn bij_de_grens_wordt_de_langst_ongebruikte_verbinding_gesloten() {
        let nu = Instant::now();
        let mut t = tabel_met_drie(nu);
        // connection 0 is busy, so of the idle ones 2 (20 s) has waited longer than 1 (10 s)
        if let Some(o) = t.open.get_mut(&0) {
            o.bezig = 1;
        }
        let nieuw = t.neem_op(3).map(|(id, _)| id);
        assert_eq!(nieuw, Some(3));
        let gevraagd: Vec<u64> = (0..4)
            .filter(|id| t.open.get(id).is_some_and(|o| o.gevraagd))
            .collect();
        assert_eq!(gevraagd, vec![2]);
        // the next one takes 1, the last idle one
        assert_eq!(t.neem_op(3).map(|(id, _)| id), Some(4));
        assert!(t.open.get(&1).is_some_and(|o| o.gevraagd));
    }

    #[test]
    fn als_alle_verbindingen_bezig_zijn_wordt_de_nieuwe_geweigerd() {
        let nu = Instant::now();
        let mut t = tabel_met_drie(nu);
        for o in t.open.values_mut() {
            o.bezig = 1;
        }
        assert!(t.neem_op(3).is_none());
        assert_eq!(t.open.len(), 3);
        assert!(t.open.values().all(|o| !o.gevraagd));
    }
}
