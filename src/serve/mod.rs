//! The live preview: builds the site in memory, serves it over HTTP, rebuilds when files change
//! and tells open pages to reload (server-sent events on the same port), or shows an error
//! overlay while the site is broken.

pub mod live;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;

use crate::core::diagnostic::Diagnostic;
use crate::pipeline::{self, BuildOptions};
use crate::serve::live::LiveSite;
use crate::source::snippet::Sources;
use watch::Changes;

/// What `serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    /// How long a page may render before its request is answered with an error (a template
    /// that never ends would otherwise leave the browser waiting for ever).
    pub render_limit: Duration,
}

/// What happens while serving, for the caller to print.
#[derive(Debug)]
pub enum ServeEvent {
    Listening {
        url: String,
        public: bool,
        /// The port asked for, when it was taken and a later one is used.
        taken: Option<u16>,
    },
    /// A new build is served and its links are sound (reported once they are checked, so a
    /// build whose links fail is never also announced as built).
    Built {
        pages: usize,
        articles: usize,
        elapsed: Duration,
        first: bool,
        /// The time of each phase (pages are rendered later, when asked for).
        phases: Vec<(&'static str, Duration)>,
    },
    /// The links of a new build are checked (right after it is served): its warnings.
    Checked {
        warnings: Vec<Diagnostic>,
    },
    Failed {
        diagnostics: Vec<Diagnostic>,
        elapsed: Duration,
        /// Whether an earlier build is still served (none when no build has passed yet).
        served: bool,
        /// Whether its errors are those the last failed build reported, word for word (a save
        /// that did not mend them): the terminal need not print them again.
        again: bool,
    },
    /// A new build is served, but its links are broken, which fails a build: open pages show
    /// the errors.
    LinksFailed {
        diagnostics: Vec<Diagnostic>,
        first: bool,
    },
    /// The new build is served, but rendering its other pages found template errors: open
    /// pages show them.
    CheckFailed {
        diagnostics: Vec<Diagnostic>,
    },
    Watching {
        folders: Vec<PathBuf>,
    },
    WatchError {
        message: String,
    },
}

/// One build as served: the site, or the last good site plus the errors of the newest try.
struct Snapshot {
    site: Option<Arc<LiveSite>>,
    errors: Vec<String>,
    /// Changes with every successful build; pages know theirs and reload when it moves on.
    version: u64,
}

/// Messages to open pages.
#[derive(Debug, Clone)]
enum Notice {
    /// A new build; `styles` when static files (stylesheets) changed with it, so a page updated
    /// in place reloads its stylesheets too.
    Reload {
        version: u64,
        styles: bool,
    },
    /// Only stylesheets changed: pages swap them and keep everything else.
    Styles {
        version: u64,
    },
    Errors(Vec<String>),
}

/// The server's state: the newest snapshot and the channel to open pages.
struct ServerState {
    snapshot: RwLock<Arc<Snapshot>>,
    notices: broadcast::Sender<Notice>,
    /// Counts the rebuilds started: a background check gives up once a newer one starts.
    rebuilds: AtomicU64,
    /// `ServeOptions::render_limit`.
    render_limit: Duration,
}

impl ServerState {
    fn current(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the snapshot with `make(current)` if it is still at `version` and no rebuild
    /// started after `generation` (checked under the lock); says whether it did.
    fn replace_if(&self, version: u64, generation: u64, make: impl FnOnce(&Snapshot) -> Snapshot) -> bool {
        let mut guard = match self.snapshot.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if guard.version != version || self.rebuilds.load(Ordering::SeqCst) != generation {
            return false;
        }
        *guard = Arc::new(make(&guard));
        true
    }

    fn replace(&self, snapshot: Snapshot) {
        let mut guard = match self.snapshot.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Arc::new(snapshot);
    }
}

/// The script injected into every HTML response (never into `build` output).
const RELOAD_SCRIPT: &str = include_str!("reload.js");

/// How `serve` reports what happens; the caller prints.
pub type Reporter = Arc<dyn Fn(ServeEvent) + Send + Sync>;

/// Binds, builds, serves and watches until interrupted. Content errors never stop it.
pub fn run(options: ServeOptions, report: Reporter) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(pipeline::THREAD_STACK)
        .enable_all()
        .build()?;
    let result = runtime.block_on(async_run(options, report));
    // Interrupted: leave at once. Images still being made for requests (blocking tasks) would
    // otherwise hold the exit until the last is done, only for their answers to be dropped; the
    // image cache writes each file whole or not at all, so nothing is left half-written.
    runtime.shutdown_background();
    result
}

async fn bind(options: &ServeOptions) -> std::io::Result<tokio::net::TcpListener> {
    if options.port == 0 {
        return tokio::net::TcpListener::bind(SocketAddr::new(options.bind, 0)).await;
    }
    // The port asked for and the 19 after it, as far as ports go (`--port 65535` is tried too).
    let last = options.port.saturating_add(19);
    for port in options.port..=last {
        match tokio::net::TcpListener::bind(SocketAddr::new(options.bind, port)).await {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AddrInUse,
        format!(
            "ports {}–{last} of {} are all in use (another `gazette serve`?); stop it, or give `--port 0` for any free port",
            options.port, options.bind
        ),
    ))
}

/// This machine's address on its network, of the family of `unspecified` (`0.0.0.0`, `::`):
/// the one its traffic leaves by, found by pointing a UDP socket at a documentation address
/// (RFC 5737, 3849), which sends nothing. `None` without a route, or for a loopback one.
fn network_address(unspecified: IpAddr) -> Option<IpAddr> {
    let (local, remote): (SocketAddr, SocketAddr) = match unspecified {
        IpAddr::V4(_) => (SocketAddr::new(unspecified, 0), SocketAddr::from(([192, 0, 2, 1], 9))),
        IpAddr::V6(_) => (
            SocketAddr::new(unspecified, 0),
            SocketAddr::from(([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], 9)),
        ),
    };
    let socket = std::net::UdpSocket::bind(local).ok()?;
    socket.connect(remote).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// Where this server's build numbers start: the microseconds since 1970 at its start, so that a
/// page a server served before a restart never has the number of a build of the new one (it
/// would take a build a microsecond to catch up) and reloads when the new one says hello.
/// (Counting from 0 in every process, a page opened before the first edit stayed stale after a
/// restart that changed the site.) Below 2^53, so the script reads it exactly.
fn first_version() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    u64::try_from(now.as_micros()).unwrap_or(0)
}

async fn async_run(options: ServeOptions, report: Reporter) -> std::io::Result<()> {
    let listener = bind(&options).await?;
    let address = listener.local_addr()?;
    // On every interface, the pages' own URLs (canonical, feeds, og:url) and the one printed
    // name this machine's address on the network, which a phone on it can open; `localhost`
    // only when the machine has none (it would send the phone to itself).
    let ip = match address.ip() {
        ip if ip.is_unspecified() => network_address(ip),
        ip => Some(ip),
    };
    let host = match ip {
        None => "localhost".to_string(),
        Some(IpAddr::V6(ip)) => format!("[{ip}]"),
        Some(IpAddr::V4(ip)) => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", address.port());

    let (notices, _) = broadcast::channel(64);
    let state = Arc::new(ServerState {
        snapshot: RwLock::new(Arc::new(Snapshot {
            site: None,
            errors: Vec::new(),
            version: first_version(),
        })),
        notices,
        rebuilds: AtomicU64::new(0),
        render_limit: options.render_limit,
    });
    let mut build_options = BuildOptions::new(&options.root);
    build_options.base_url = Some(url.clone());
    build_options.drafts = options.drafts;
    build_options.future = true;
    // Rebuilds parse only the files that changed.
    build_options.cache = Some(Arc::new(crate::pipeline::ParseCache::tracking_changes()));
    build_options.preview = true;

    // The watcher starts before the first build reads anything: a save during that build is an
    // event, which the rebuild after it picks up (the cache reads only the files events name).
    // Events name absolute paths, so the classifier gets the absolute root.
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    let watcher = match watch::Watcher::start(&root) {
        Ok(watcher) => {
            report(ServeEvent::Watching {
                folders: watch::watched_folders(&root),
            });
            Some(watcher)
        }
        Err(e) => {
            report(ServeEvent::WatchError {
                message: watch::watch_error(&root, &e),
            });
            None
        }
    };
    if let Some(failure) = rebuild(&state, &build_options, Changes::default(), true, &report) {
        fail(&state, failure, report.as_ref());
    }

    let mut app = Router::new()
        .route("/__gazette/events", get(events))
        .route("/__gazette/reload.js", get(script))
        .fallback(serve_path)
        .with_state(state.clone());
    app = if address.ip().is_loopback() {
        app.layer(axum::middleware::from_fn(loopback_host_only))
    } else {
        app.layer(axum::middleware::from_fn(local_network_host_only))
    };
    report(ServeEvent::Listening {
        url,
        public: !address.ip().is_loopback(),
        taken: (options.port != 0 && address.port() != options.port).then_some(options.port),
    });

    // Rebuilds are blocking work: the watcher loop runs on a thread of its own.
    if let Some(watcher) = watcher {
        let watch_report = report.clone();
        let watching = std::thread::Builder::new()
            .name("gazette-watch".into())
            .stack_size(pipeline::THREAD_STACK)
            .spawn(move || watch_loop(watcher, &root, &state, &build_options, &watch_report));
        if let Err(e) = watching {
            report(ServeEvent::WatchError {
                message: format!("cannot watch for changes: {e}"),
            });
        }
    }

    tokio::select! {
        served = accept(listener, app) => served,
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}

/// How long a client may take to send a request's headers: a browser sends them at once, and a
/// connection that never finishes them (slowloris) is closed rather than held open for ever.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Answers each connection on a task of its own, HTTP/1.1 with `HEADER_READ_TIMEOUT`.
async fn accept(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors or a connection reset before it was taken: wait a moment
            // and go on, as a server does, rather than stop serving.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT);
            // A connection that fails (closed, timed out) ends alone; nothing to report.
            let _ = http
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// On the loopback address, only requests for a loopback name: a page of another site whose
/// name a DNS server points at 127.0.0.1 (DNS rebinding) sends its own name as `Host`, and
/// must not read the preview (drafts, errors with paths) as if it were this site.
async fn loopback_host_only(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    answer_only_for(
        request,
        next,
        is_loopback_host,
        b"gazette serve answers only for localhost and 127.0.0.1\n",
    )
    .await
}

/// On any other address (`--bind 0.0.0.0`), only requests for an address or a name of the local
/// network: a rebinding page's name is one of the public DNS (`evil.example`), while a phone on
/// the desk's Wi-Fi asks for `192.168.1.20`, `desk-mac.local` or `desk-mac`.
async fn local_network_host_only(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    answer_only_for(
        request,
        next,
        is_local_network_host,
        b"gazette serve answers only for an IP address, localhost, a name without a dot or one under .local, .lan, .internal or .home.arpa\n",
    )
    .await
}

/// Passes the request on when its `Host` is `allowed` (or absent: HTTP/1.0 may send none, and a
/// page rebinding a name always sends its own); otherwise 421 with `refusal`.
async fn answer_only_for(
    request: axum::extract::Request,
    next: axum::middleware::Next,
    allowed: fn(&str) -> bool,
    refusal: &'static [u8],
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().host());
    if host.is_none_or(allowed) {
        next.run(request).await
    } else {
        respond(
            StatusCode::MISDIRECTED_REQUEST,
            "text/plain; charset=utf-8",
            refusal.to_vec(),
            request.method().clone(),
        )
    }
}

/// Whether a `Host` value is an IP address, a loopback name, a name of one label (`desk-mac`)
/// or a name under a suffix kept for local networks (`.local`, `.lan`, `.internal`,
/// `.home.arpa`), with any port.
fn is_local_network_host(host: &str) -> bool {
    let name = host_name(host).to_ascii_lowercase();
    is_loopback_host(host)
        || name.parse::<IpAddr>().is_ok()
        || (!name.is_empty() && !name.contains('.'))
        || [".local", ".lan", ".internal", ".home.arpa"]
            .iter()
            .any(|suffix| name.len() > suffix.len() && name.ends_with(suffix))
}

/// The name or address of a `Host` value, without its port, brackets or final dot.
fn host_name(host: &str) -> &str {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    name.trim_end_matches('.')
}

/// Whether a `Host` value names this machine's loopback: `localhost`, `127.x.x.x` or `[::1]`,
/// with any port.
fn is_loopback_host(host: &str) -> bool {
    let name = host_name(host);
    name.eq_ignore_ascii_case("localhost")
        || name.to_ascii_lowercase().ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn watch_loop(
    mut watcher: watch::Watcher,
    root: &std::path::Path,
    state: &Arc<ServerState>,
    options: &BuildOptions,
    report: &Reporter,
) {
    let output_dir = root.join("public");
    // A save in two writes (the file emptied, then written) fails a rebuild that the next event
    // mends, and one save can be two events (`sed -i`): a failed rebuild is reported only when
    // no change follows it within `SETTLE`; a rebuild for a change that does says what stands.
    let mut unreported: Option<(Failure, Instant)> = None;
    loop {
        let received = match &unreported {
            Some((_, deadline)) => watcher
                .events
                .recv_timeout(deadline.saturating_duration_since(Instant::now())),
            None => watcher.events.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
        };
        let batch = match received {
            Ok(batch) => batch,
            Err(timeout_or_gone) => {
                if let Some((failure, _)) = unreported.take() {
                    fail(state, failure, report.as_ref());
                }
                if timeout_or_gone == mpsc::RecvTimeoutError::Disconnected {
                    return;
                }
                continue;
            }
        };
        // Everything that arrived meanwhile belongs to the same burst: one rebuild for all of it.
        let mut events = batch;
        while let Ok(more) = watcher.events.try_recv() {
            events.extend(more);
        }
        let changes = watch::classify(root, &output_dir, &events);
        // The parse cache reads again only the files these events name.
        if let Some(cache) = &options.cache {
            match watch::changed_paths(root, &events) {
                Some(paths) => cache.changed(paths),
                None => cache.changed_unknown(),
            }
        }
        // Events that change nothing (a file read, closed) neither rebuild nor put off a failure.
        if !changes.any() {
            continue;
        }
        if let Err(e) = watcher.refresh() {
            report(ServeEvent::WatchError {
                message: watch::watch_error(root, &e),
            });
        }
        unreported = rebuild(state, options, changes, false, report).map(|f| (f, Instant::now() + SETTLE));
    }
}

/// How long a failed rebuild waits for another event before it is reported (see `watch_loop`).
const SETTLE: Duration = Duration::from_millis(100);

/// A failed build, not reported yet.
struct Failure {
    diagnostics: Vec<Diagnostic>,
    /// How long the build took (not the wait before it is reported).
    elapsed: Duration,
}

/// Prepares the site; on success the new site replaces the old one *before* pages are told to
/// reload, so a reload always gets the new build whole. On failure the last good build stays.
///
/// Pages are rendered when asked for, so a reload waits only for the page it shows. The rest are
/// rendered afterwards, in the background, for the template errors a full build would report.
/// A failed build is returned for the caller to report (`fail`): the last good build stays.
fn rebuild(
    state: &Arc<ServerState>,
    options: &BuildOptions,
    changes: Changes,
    first: bool,
    report: &Reporter,
) -> Option<Failure> {
    let started = Instant::now();
    let generation = state.rebuilds.fetch_add(1, Ordering::SeqCst) + 1;
    let mut options = options.clone();
    options.now = jiff::Timestamp::now();
    let previous = state.current();
    let prepared = pipeline::prepare(&options).map(|prepared| {
        let phases = prepared.timings.phases.clone();
        (LiveSite::new(prepared), phases)
    });
    match prepared {
        Ok((live, phases)) => {
            let version = previous.version + 1;
            let pages = live.page_count();
            let articles = live.site().articles.len();
            let live = Arc::new(live);
            state.replace(Snapshot {
                site: Some(live.clone()),
                errors: Vec::new(),
                version,
            });
            // A custom.css or favicon.ico that appears or goes changes what every page links:
            // reload them.
            let linked = |site: &LiveSite| crate::render::LinkedStatics::from_files(|path| site.contains(path));
            let same_links = previous.site.as_deref().map(linked) == Some(linked(&live));
            let notice = if changes.only_stylesheets() && previous.errors.is_empty() && same_links {
                Notice::Styles { version }
            } else {
                Notice::Reload {
                    version,
                    styles: changes.static_files,
                }
            };
            let _ = state.notices.send(notice);
            // Announced once the links are checked: a build with broken links has failed.
            let built = ServeEvent::Built {
                pages,
                articles,
                elapsed: started.elapsed(),
                first,
                phases,
            };
            let state = state.clone();
            let report = report.clone();
            let check = Check {
                generation,
                version,
                built,
            };
            let _ = std::thread::Builder::new()
                .name("gazette-check".into())
                .stack_size(pipeline::THREAD_STACK)
                .spawn(move || check_every_page(&state, &live, check, &report));
            None
        }
        Err(failed) => Some(Failure {
            diagnostics: failed.diagnostics,
            elapsed: started.elapsed(),
        }),
    }
}

/// How long a new site is left to serve the page being reloaded (and the browser to show it, on
/// the same cores) before it is checked: the reload comes first, the check right after, and an
/// edit made meanwhile cancels it.
const CHECK_DELAY: Duration = Duration::from_millis(200);

/// The build a background check is about: its generation and version, and its `Built` event,
/// reported when its links pass.
struct Check {
    generation: u64,
    version: u64,
    built: ServeEvent,
}

/// Checks a new site as a build would, right after it is served: its links first (errors show
/// in the overlay, warnings in the terminal; the build is announced only when they pass), then
/// every page is rendered, so that template errors on pages nobody has opened yet show too.
/// Stops once a newer rebuild starts.
fn check_every_page(state: &ServerState, live: &LiveSite, check: Check, report: &Reporter) {
    let Check {
        generation,
        version,
        built,
    } = check;
    let current = || state.rebuilds.load(Ordering::SeqCst) == generation;
    std::thread::sleep(CHECK_DELAY);
    if !current() {
        return;
    }
    let first = matches!(built, ServeEvent::Built { first: true, .. });
    let (errors, links_failed) = match live.check() {
        Ok(warnings) => {
            report(built);
            report(ServeEvent::Checked { warnings });
            (live.render_all(&current), false)
        }
        Err(failed) => (failed.diagnostics, true),
    };
    if errors.is_empty() || !current() {
        return;
    }
    // The site stays (its other pages are fine); its errors go to open pages, unless a newer
    // build has replaced it meanwhile.
    let shown = error_lines(&errors);
    let replaced = state.replace_if(version, generation, |snapshot| Snapshot {
        site: snapshot.site.clone(),
        errors: shown.clone(),
        version,
    });
    if replaced {
        let _ = state.notices.send(Notice::Errors(shown));
        report(if links_failed {
            ServeEvent::LinksFailed {
                diagnostics: errors,
                first,
            }
        } else {
            ServeEvent::CheckFailed { diagnostics: errors }
        });
    }
}

/// The errors among `diagnostics`, as the overlay shows them: as the terminal does, with the
/// source line and a caret under the column.
fn error_lines(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut sources = Sources::new();
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| sources.render_plain(d))
        .collect()
}

/// Keeps the last good site, and shows the errors to open pages and in the terminal.
fn fail(state: &ServerState, failure: Failure, report: &(dyn Fn(ServeEvent) + Sync)) {
    let Failure { diagnostics, elapsed } = failure;
    let previous = state.current();
    let errors = error_lines(&diagnostics);
    // The errors open pages show now are those the terminal printed last.
    let again = !errors.is_empty() && previous.errors == errors;
    state.replace(Snapshot {
        site: previous.site.clone(),
        errors: errors.clone(),
        version: previous.version,
    });
    let _ = state.notices.send(Notice::Errors(errors));
    report(ServeEvent::Failed {
        diagnostics,
        elapsed,
        served: previous.site.is_some(),
        again,
    });
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        RELOAD_SCRIPT,
    )
        .into_response()
}

async fn events(State(state): State<Arc<ServerState>>) -> impl IntoResponse {
    let receiver = state.notices.subscribe();
    let snapshot = state.current();
    let hello = serde_json::json!({ "version": snapshot.version, "errors": snapshot.errors }).to_string();
    let first = Event::default().event("hello").data(hello);
    let stream = futures_util::stream::unfold((Some(first), receiver), |(first, mut receiver)| async move {
        if let Some(event) = first {
            return Some((Ok::<Event, std::convert::Infallible>(event), (None, receiver)));
        }
        loop {
            match receiver.recv().await {
                Ok(notice) => {
                    let event = match notice {
                        // `7`, or `7 styles` when static files changed too (an in-place update
                        // then reloads the stylesheets as well).
                        Notice::Reload { version, styles } => Event::default().event("reload").data(if styles {
                            format!("{version} styles")
                        } else {
                            version.to_string()
                        }),
                        Notice::Styles { version } => Event::default().event("css").data(version.to_string()),
                        Notice::Errors(errors) => Event::default()
                            .event("errors")
                            .data(serde_json::json!(errors).to_string()),
                    };
                    return Some((Ok(event), (None, receiver)));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Serve this output file.
    File(String),
    /// Redirect to this path (`/x` → `/x/`).
    Redirect(String),
    NotFound,
}

/// Resolves a raw request path against the output's file names (`exists` tells whether the
/// output has a file). Pure, and safe by construction: it only ever names files the output has,
/// and refuses any `..`, `.`, backslash, NUL or encoded slash before looking.
pub fn resolve(exists: impl Fn(&str) -> bool, raw_path: &str) -> Resolved {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Resolved::NotFound;
    };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) || raw_path.to_ascii_lowercase().contains("%2f") {
        return Resolved::NotFound;
    }
    // Decoded once, as a static host decodes: `%252e%252e` is a file named `%2e%2e`, which only
    // a site that has one serves (paths are looked up among the output's own), and `report
    // 50%.pdf` is served as the build wrote it.
    let segments: Vec<&str> = decoded.split('/').skip(1).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Resolved::NotFound;
    }
    if segments[..segments.len().saturating_sub(1)]
        .iter()
        .any(|s| s.is_empty())
    {
        // `//etc/passwd` and `/a//b`: an empty segment is never a real path here.
        return Resolved::NotFound;
    }
    let rel = decoded.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if exists(rel) {
        return Resolved::File(rel.to_string());
    }
    if exists(&format!("{rel}/index.html")) {
        return Resolved::Redirect(format!("{raw_path}/"));
    }
    Resolved::NotFound
}

async fn serve_path(State(state): State<Arc<ServerState>>, request: axum::extract::Request) -> Response {
    let method = request.method().clone();
    let uri = request.uri().clone();
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")], "").into_response();
    }
    let snapshot = state.current();
    let Some(site) = snapshot.site.clone() else {
        let page = inject(b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The site has errors</title></head><body data-gazette-error-page><h1>The site has errors</h1><p>Fix them and this page reloads.</p></body></html>", snapshot.version);
        return respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            page,
            method,
        );
    };
    let path = uri.path().to_string();
    let query = uri.query().map(str::to_string);
    // Rendering a page is blocking work: keep it off the async workers.
    let version = snapshot.version;
    let shown = uri.path().to_string();
    let rendering = tokio::task::spawn_blocking(move || {
        let (status, path) = match resolve(|p| site.contains(p), &path) {
            Resolved::File(path) => (StatusCode::OK, path),
            Resolved::Redirect(location) => return Err(location),
            Resolved::NotFound => (StatusCode::NOT_FOUND, "404.html".to_string()),
        };
        // A copied file that is not a page (HTML takes the reload script) is streamed from
        // where it is, not read whole into memory for each request.
        if status == StatusCode::OK
            && !content_type(&path).starts_with("text/html")
            && let Some(on_disk) = site.file_on_disk(&path)
        {
            return Ok(Found::OnDisk(on_disk, path));
        }
        Ok(Found::Made(status, site.get(&path), path))
    });
    // A render cannot be stopped, but the request is answered: the browser is told why, and
    // reloads with the next build (a fixed template).
    let Ok(found) = tokio::time::timeout(state.render_limit, rendering).await else {
        return rendering_too_long(&shown, state.render_limit, version, method);
    };
    let (status, body, path) = match found {
        Ok(Ok(Found::Made(status, body, path))) => (status, body, path),
        Ok(Ok(Found::OnDisk(Ok(file), path))) => return stream_file(&file, &path, request).await,
        Ok(Ok(Found::OnDisk(Err(diagnostics), path))) => (StatusCode::OK, Some(Err(diagnostics)), path),
        Ok(Err(location)) => return redirect(location, query),
        Err(_) => {
            return respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/plain; charset=utf-8",
                b"500 Internal Server Error".to_vec(),
                method,
            );
        }
    };
    made(status, body, &path, version, method)
}

/// The answer for a page whose render has run past the limit: a 500 page that says so, with
/// the reload script, so that the next build (the template fixed) shows the page.
fn rendering_too_long(path: &str, limit: Duration, version: u64, method: Method) -> Response {
    let text = crate::core::escape::xml_escape(&format!(
        "Rendering {path} has taken more than {} s: a template that never ends (a loop inside a loop, a component that calls itself)? Fix the template and this page reloads.",
        limit.as_secs()
    ));
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The page takes too long</title></head><body data-gazette-error-page><h1>The page takes too long</h1><p>{text}</p></body></html>"
    );
    respond(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/html; charset=utf-8",
        inject(page.as_bytes(), version),
        method,
    )
}

/// The permanent redirect to `location` (a folder's address with its `/`), the query kept.
fn redirect(location: String, query: Option<String>) -> Response {
    let location = match query {
        Some(query) => format!("{location}?{query}"),
        None => location,
    };
    (
        StatusCode::MOVED_PERMANENTLY,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response()
}

/// The answer with what the build made for `path`: its bytes (a page with the reload script),
/// the page that says why it could not be made, or a 404.
fn made(
    status: StatusCode,
    body: Option<Result<live::Bytes, Vec<Diagnostic>>>,
    path: &str,
    version: u64,
    method: Method,
) -> Response {
    let bytes = match body {
        Some(Ok(bytes)) => bytes.as_ref().clone(),
        Some(Err(diagnostics)) => {
            // A page whose template fails: say why, and reload once it is fixed.
            return respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/html; charset=utf-8",
                inject(&error_page(&diagnostics).into_bytes(), version),
                method,
            );
        }
        None => {
            return respond(
                StatusCode::NOT_FOUND,
                "text/plain; charset=utf-8",
                b"404 Not Found".to_vec(),
                method,
            );
        }
    };
    let content_type = content_type(path);
    let bytes = if content_type.starts_with("text/html") {
        inject(&bytes, version)
    } else {
        bytes
    };
    respond(status, &content_type, bytes, method)
}

/// What a request asks for: made by the build (a page, an image, a feed: bytes, or the errors
/// that kept it from being made), or a copied file read from disk as it is.
enum Found {
    Made(StatusCode, Option<Result<live::Bytes, Vec<Diagnostic>>>, String),
    OnDisk(Result<PathBuf, Vec<Diagnostic>>, String),
}

/// Serves the file at `file` (its real place, inside the site) for the output path `path`:
/// streamed, with `Range` and `If-Modified-Since` answered, and the headers of every answer.
async fn stream_file(file: &std::path::Path, path: &str, request: axum::extract::Request) -> Response {
    let method = request.method().clone();
    let content_type = content_type(path);
    let mime: mime_guess::mime::Mime = content_type
        .parse()
        .unwrap_or(mime_guess::mime::APPLICATION_OCTET_STREAM);
    let served = tower_http::services::ServeFile::new_with_mime(file, &mime)
        .try_call(request)
        .await;
    match served {
        Ok(response) => {
            let mut response = response.map(HttpBody::new);
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
            response
        }
        Err(e) => respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            format!("cannot read {path}: {}", crate::core::diagnostic::io_reason(&e)).into_bytes(),
            method,
        ),
    }
}

/// The page shown in place of one whose template fails.
fn error_page(diagnostics: &[Diagnostic]) -> String {
    let items: String = diagnostics
        .iter()
        .map(|d| format!("<li><pre>{}</pre></li>", crate::publish::xml_escape(&d.to_string())))
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>This page has errors</title></head><body data-gazette-error-page><h1>This page has errors</h1><ul>{items}</ul><p>Fix them and this page reloads.</p></body></html>"
    )
}

fn respond(status: StatusCode, content_type: &str, bytes: Vec<u8>, method: Method) -> Response {
    let length = bytes.len();
    let body = if method == Method::HEAD {
        HttpBody::empty()
    } else {
        HttpBody::from(bytes)
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    response
}

/// The content type of an output file, by its extension.
pub fn content_type(path: &str) -> String {
    // mime_guess keeps types the registry has since replaced: `font/woff` (RFC 8081) for
    // `application/font-woff`, and `text/javascript` (RFC 9239) for a module.
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("woff") => return "font/woff".to_string(),
        Some("mjs") => return "text/javascript; charset=utf-8".to_string(),
        _ => {}
    }
    let guess = mime_guess::from_path(path).first_or_octet_stream();
    match guess.type_() {
        mime_guess::mime::TEXT => format!("{guess}; charset=utf-8"),
        _ if guess.subtype() == mime_guess::mime::JAVASCRIPT || guess.subtype() == mime_guess::mime::JSON => {
            format!("{guess}; charset=utf-8")
        }
        _ => guess.to_string(),
    }
}

/// Puts the reload script before `</body>` (or at the end).
pub fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"/__gazette/reload.js\" data-version=\"{version}\"></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::output::{Body, Output};

    fn site() -> Output {
        let mut output = Output::default();
        for path in [
            "index.html",
            "404.html",
            "topics/index.html",
            "topics/x/index.html",
            "style.css",
        ] {
            output.insert(path.into(), Body::Bytes(path.as_bytes().to_vec()));
        }
        output
    }

    #[test]
    fn pretty_urls() {
        let output = site();
        let exists = |p: &str| output.get(p).is_some();
        assert_eq!(resolve(exists, "/"), Resolved::File("index.html".into()));
        assert_eq!(
            resolve(exists, "/topics/x/"),
            Resolved::File("topics/x/index.html".into())
        );
        assert_eq!(resolve(exists, "/topics/x"), Resolved::Redirect("/topics/x/".into()));
        assert_eq!(resolve(exists, "/style.css"), Resolved::File("style.css".into()));
        assert_eq!(resolve(exists, "/nope/"), Resolved::NotFound);
    }

    #[test]
    fn traversal_in_every_encoding_finds_nothing() {
        let output = site();
        let exists = |p: &str| output.get(p).is_some();
        for attack in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/%252e%252e/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/..%5c..%5cetc%5cpasswd",
            "/..\\..\\etc\\passwd",
            "//etc/passwd",
            "/topics/../../etc/passwd",
            "/topics/%2e%2e/index.html",
            "/./index.html",
            "/%00index.html",
            "etc/passwd",
        ] {
            assert_eq!(resolve(exists, attack), Resolved::NotFound, "{attack}");
        }
    }

    /// Regression: any `%` left after decoding was refused, so a file the build published as
    /// `report 50%.pdf` was a 404 under serve.
    #[test]
    fn a_file_with_a_percent_sign_in_its_name_is_served() {
        let exists = |p: &str| p == "2024/06/report 50%.pdf";
        assert_eq!(
            resolve(exists, "/2024/06/report%2050%25.pdf"),
            Resolved::File("2024/06/report 50%.pdf".into())
        );
        // Decoded once: the same name encoded twice is another name, which the site does not have.
        assert_eq!(resolve(exists, "/2024/06/report%252050%2525.pdf"), Resolved::NotFound);
    }

    #[test]
    fn the_script_goes_before_the_body_ends() {
        let html = inject(b"<html><body><p>x</p></body></html>", 7);
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__gazette/reload.js\" data-version=\"7\"></script></body></html>"
        );
    }

    /// Regression (security probe): any `Host` was answered, so a page on a name rebound to
    /// 127.0.0.1 could read the preview.
    #[test]
    fn only_loopback_names_are_this_machine() {
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:1111",
            "127.1.2.3",
            "[::1]:8",
            "LOCALHOST.",
            "x.localhost:1",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "",
            "localhost.evil",
            "[::2]:1",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    /// Regression (serve probe, session 23): with `--bind 0.0.0.0` no `Host` was checked, so a
    /// page that rebinds its name to the desk's address could read the preview.
    #[test]
    fn on_the_network_only_addresses_and_local_names_are_answered() {
        for host in [
            "192.168.1.20:1111",
            "10.0.0.5",
            "[fe80::1]:1111",
            "desk-mac:1111",
            "desk-mac.local",
            "DESK.LAN.",
            "box.home.arpa:80",
            "localhost:1111",
        ] {
            assert!(is_local_network_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "192.168.1.20.nip.io",
            ".local",
            "",
            "x.local.evil",
        ] {
            assert!(!is_local_network_host(host), "{host}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("feed.json"), "application/json; charset=utf-8");
        assert_eq!(content_type("map.png"), "image/png");
        // Regression (serve probe, session 23): the registry's current types, not mime_guess's
        // older ones.
        assert_eq!(content_type("fonts/a.woff"), "font/woff");
        assert_eq!(content_type("fonts/a.woff2"), "font/woff2");
        assert_eq!(content_type("app.mjs"), content_type("app.js"));
    }
}
