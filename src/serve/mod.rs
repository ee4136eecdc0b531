//! `detasim serve`: a live what-if page for training sessions and workshops.
//! Move a lever and see, within a second, how placements, security of
//! livelihood, relapse and cost shift against the baseline, with their
//! uncertainty.
//!
//! The stages of a request:
//! 1. [`levers`]: the page's settings become a scenario override table;
//! 2. [`session`]: the scenario reader validates it exactly as a scenario
//!    file, the variant runs with common random numbers against the cached
//!    baseline (a newer request of the same page supersedes an older one);
//! 3. [`view`]: metrics, intervals and charts for the page ([`page`]).
//!
//! The server listens on 127.0.0.1 unless told otherwise, checks the `Host`
//! header of every request (so a web page elsewhere cannot drive it through
//! DNS rebinding), answers every bad request with a message and keeps running,
//! and stops cleanly on Ctrl-C or SIGTERM.
//!
//! HTTP interface (JSON unless noted):
//! - `GET /?lang=nl|en`: the page (HTML);
//! - `GET /api/levers`: the levers, their controls and the scenario's values;
//! - `POST /api/run` with `{"client", "seq", "lang", "replications", "levers": {key: value}}`:
//!   200 with `"status"` saying what happened: `"ok"` with the view,
//!   `"invalid"` for a value the scenario rules do not allow (with `key`,
//!   `value`, `problem`, `allowed` and the full `message`), `"superseded"`
//!   when a newer request of the same page came first. These are answers to
//!   a well-formed request, so the browser logs no failed request for them.
//!   A malformed request (not JSON, unknown field, wrong type) gets 400,
//!   and requests during shutdown 503;
//! - `GET /scenario.toml?s=SETTINGS-JSON`: the settings as a scenario file
//!   that `detasim run` accepts and that reproduces the numbers shown; 422
//!   with the message for settings that are not allowed.

pub mod levers;
pub mod page;
pub mod session;
pub mod view;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::report::format::Lang;
use session::{Outcome, Settings, Simulator};

/// Everything `serve` needs to start.
#[derive(Debug, Clone)]
pub struct Options {
    pub scenario: PathBuf,
    pub data_dir: Option<PathBuf>,
    pub host: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Replications per update unless the page asks for another number.
    pub replications: u32,
    /// Overrides the scenario's seed.
    pub seed: Option<u64>,
    pub threads: Option<usize>,
    /// The page's language unless the address says `?lang=`.
    pub lang: Lang,
    /// Print one line per update on stderr.
    pub log: bool,
}

/// Shared by every request.
struct App {
    sim: Simulator,
    lang: Lang,
    /// `Host` header values accepted (empty: any, when not on loopback).
    hosts: Vec<String>,
    log: bool,
}

/// A server running on its own thread.
#[derive(Debug)]
pub struct Running {
    /// Where it listens.
    pub address: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Running {
    /// The page's address, e.g. `http://127.0.0.1:8765/`.
    pub fn url(&self) -> String {
        match self.address {
            SocketAddr::V6(a) => format!("http://[{}]:{}/", a.ip(), a.port()),
            SocketAddr::V4(a) => format!("http://{}:{}/", a.ip(), a.port()),
        }
    }

    /// Wait until the server stops (on Ctrl-C or SIGTERM when started with signals).
    pub fn wait(mut self) -> Result<()> {
        self.join()
    }

    /// Stop the server: running simulations end before their next replication.
    pub fn stop(mut self) -> Result<()> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.join()
    }

    fn join(&mut self) -> Result<()> {
        let Some(t) = self.thread.take() else {
            return Ok(());
        };
        match t.join() {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(Error::Argument {
                option: "--port",
                value: self.address.port().to_string(),
                problem: format!("the server stopped: {e}"),
                allowed: "a port this user may listen on".into(),
            }),
            Err(_) => panic!("the server thread panicked"),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        let _ = self.join();
    }
}

/// `detasim serve`: run the baseline (with a spinner meanwhile), print the
/// address, then serve until Ctrl-C or SIGTERM.
pub fn serve_until_stopped(opts: &Options, feedback: crate::progress::Feedback) -> Result<()> {
    use std::io::Write;
    let pb = crate::progress::bar(feedback, None, "baseline", "simulations");
    pb.set_message(format!("running the baseline ({} replications)", opts.replications));
    let running = start(opts, true)?;
    pb.finish_and_clear();
    println!("detasim serve: {}", running.url());
    if !opts.host.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can run simulations",
            opts.host
        );
    }
    eprintln!("Open the address in a browser; Ctrl-C stops the server.");
    let _ = std::io::stdout().flush();
    running.wait()?;
    eprintln!("detasim serve: stopped");
    Ok(())
}

/// Bind the address, load the scenario, run its baseline and serve on a
/// background thread. With `signals`, Ctrl-C and SIGTERM stop it.
pub fn start(opts: &Options, signals: bool) -> Result<Running> {
    let listener = std::net::TcpListener::bind((opts.host, opts.port)).map_err(|e| Error::Argument {
        option: "--port",
        value: opts.port.to_string(),
        problem: format!("cannot listen on {}:{}: {e}", opts.host, opts.port),
        allowed: "a free port (0 picks one), e.g. --port 8766".into(),
    })?;
    listener
        .set_nonblocking(true)
        .expect("a bound socket can be made non-blocking");
    let address = listener.local_addr().expect("a bound socket has an address");
    // bound first, so a port in use is reported before the baseline runs
    let sim = Simulator::new(
        &opts.scenario,
        opts.data_dir.as_deref(),
        opts.replications,
        opts.seed,
        opts.threads,
    )?;
    let hosts = if opts.host.is_loopback() {
        let p = address.port();
        vec![format!("127.0.0.1:{p}"), format!("localhost:{p}"), format!("[::1]:{p}")]
    } else {
        Vec::new()
    };
    let app = Arc::new(App {
        sim,
        lang: opts.lang,
        hosts,
        log: opts.log,
    });
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("detasim-serve".into())
        .spawn(move || -> std::io::Result<()> {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()?;
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                let stopping = app.clone();
                let shutdown = async move {
                    if signals {
                        tokio::select! {
                            _ = rx => {}
                            _ = ctrl_c_or_term() => {}
                        }
                    } else {
                        let _ = rx.await;
                    }
                    stopping.sim.stop();
                };
                axum::serve(listener, router(app))
                    .with_graceful_shutdown(shutdown)
                    .await
            })
        })
        .expect("a thread can be started");
    Ok(Running {
        address,
        stop: Some(tx),
        thread: Some(thread),
    })
}

async fn ctrl_c_or_term() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/api/levers", get(levers_json))
        .route("/api/run", post(run))
        .route("/scenario.toml", get(download))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), check_host))
        .with_state(app)
}

/// Refuse requests addressed to another host name than the one we listen on.
async fn check_host(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if !app.hosts.is_empty() {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !app.hosts.iter().any(|h| h == host) {
            return message(
                StatusCode::MISDIRECTED_REQUEST,
                "bad-request",
                format!(
                    "this server answers only to {} (the request was for \"{host}\")",
                    app.hosts.join(", ")
                ),
            );
        }
    }
    let mut res = next.run(req).await;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageQuery {
    lang: Option<Lang>,
}

/// The page; an unknown `?lang=` falls back to the server's language.
async fn index(State(app): State<Arc<App>>, query: std::result::Result<Query<PageQuery>, QueryRejection>) -> Response {
    let lang = query.ok().and_then(|q| q.0.lang).unwrap_or(app.lang);
    Html(page::render(&app.sim.base, app.sim.base.replications, lang)).into_response()
}

async fn levers_json(State(app): State<Arc<App>>) -> Response {
    let base = levers::base_values(&app.sim.base);
    let list: Vec<serde_json::Value> = levers::LEVERS
        .iter()
        .map(|l| {
            serde_json::json!({
                "lever": l,
                "value": base.get(l.key).map(toml_to_json),
            })
        })
        .collect();
    axum::Json(serde_json::json!({
        "scenario": app.sim.base.name,
        "seed": app.sim.base.seed,
        "replications": app.sim.base.replications,
        "max_replications": levers::MAX_REPLICATIONS,
        "levers": list,
    }))
    .into_response()
}

fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// The body of `POST /api/run`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunRequest {
    /// Identifies the page: its newer requests supersede its older ones.
    #[serde(default)]
    client: Option<String>,
    /// The page's request number, increasing.
    #[serde(default)]
    seq: u64,
    #[serde(default)]
    lang: Option<Lang>,
    #[serde(default)]
    replications: Option<serde_json::Value>,
    #[serde(default)]
    levers: BTreeMap<String, serde_json::Value>,
}

async fn run(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let de = &mut serde_json::Deserializer::from_slice(&body);
    let req: RunRequest = match serde_path_to_error::deserialize(de) {
        Ok(r) => r,
        Err(e) => return bad_request(&e),
    };
    let lang = req.lang.unwrap_or(app.lang);
    let seq = req.seq;
    let worker = app.clone();
    let settings = Settings {
        replications: req.replications,
        levers: req.levers,
    };
    let answer = tokio::task::spawn_blocking(move || {
        let outcome = worker.sim.evaluate(req.client.as_deref(), seq, &settings);
        match outcome {
            Outcome::Done(c) => {
                if worker.log {
                    eprintln!(
                        "update {seq}: {} replications, {} changed lever(s), {:.2} s",
                        c.scenario.replications,
                        c.changes.len(),
                        c.seconds
                    );
                }
                match view::build(&c, seq, lang) {
                    Ok(v) => (StatusCode::OK, axum::Json(serde_json::to_value(v).unwrap_or_default())).into_response(),
                    Err(e) => message(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "error",
                        format!("a chart failed: {e}"),
                    ),
                }
            }
            Outcome::Invalid(e) => {
                if worker.log {
                    eprintln!("update {seq}: {e}");
                }
                invalid(StatusCode::OK, seq, &e)
            }
            Outcome::Superseded => (
                StatusCode::OK,
                axum::Json(serde_json::json!({"status": "superseded", "seq": seq})),
            )
                .into_response(),
            Outcome::Stopping => message(
                StatusCode::SERVICE_UNAVAILABLE,
                "stopping",
                "the server is stopping".into(),
            ),
        }
    })
    .await;
    answer.unwrap_or_else(|e| {
        message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "error",
            format!("the simulation failed ({e}); this is a bug, please report it with the settings"),
        )
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DownloadQuery {
    /// The settings as JSON (`{"replications": n, "levers": {...}}`).
    s: Option<String>,
}

async fn download(
    State(app): State<Arc<App>>,
    query: std::result::Result<Query<DownloadQuery>, QueryRejection>,
) -> Response {
    let text = match query {
        Ok(Query(DownloadQuery { s })) => s.unwrap_or_else(|| "{}".into()),
        Err(e) => return message(StatusCode::BAD_REQUEST, "bad-request", e.body_text()),
    };
    let de = &mut serde_json::Deserializer::from_str(&text);
    let settings: Settings = match serde_path_to_error::deserialize(de) {
        Ok(s) => s,
        Err(e) => return bad_request(&e),
    };
    let worker = app.clone();
    let made = tokio::task::spawn_blocking(move || worker.sim.variant(&settings)).await;
    let (scenario, changes) = match made {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return invalid(StatusCode::UNPROCESSABLE_ENTITY, 0, &e),
        Err(e) => return message(StatusCode::INTERNAL_SERVER_ERROR, "error", e.to_string()),
    };
    let (name, file) = page::scenario_file(&scenario, &changes);
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/toml; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.toml\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (StatusCode::OK, headers, file).into_response()
}

async fn not_found() -> Response {
    message(
        StatusCode::NOT_FOUND,
        "not-found",
        "no such page; the what-if page is at /".into(),
    )
}

/// A JSON answer with a status word and a message.
fn message(code: StatusCode, status: &str, text: String) -> Response {
    (code, axum::Json(serde_json::json!({"status": status, "message": text}))).into_response()
}

fn bad_request(e: &serde_path_to_error::Error<serde_json::Error>) -> Response {
    let path = e.path().to_string();
    let text = if path == "." || path.is_empty() {
        format!("the request is not understood: {}", e.inner())
    } else {
        format!("the request is not understood at `{path}`: {}", e.inner())
    };
    message(StatusCode::BAD_REQUEST, "bad-request", text)
}

/// The key, the value and what is allowed, for the page to show.
fn invalid(code: StatusCode, seq: u64, e: &Error) -> Response {
    let mut body = serde_json::json!({"status": "invalid", "seq": seq, "message": e.to_string()});
    if let Error::Invalid {
        key,
        value,
        problem,
        allowed,
        ..
    } = e
    {
        body["key"] = key.clone().into();
        body["value"] = value.clone().into();
        body["problem"] = problem.clone().into();
        body["allowed"] = allowed.clone().into();
    }
    (code, axum::Json(body)).into_response()
}
