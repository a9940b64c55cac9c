//! Issue 6's end-to-end test: the dashboard in headless Chromium, driven through
//! chromedriver (WebDriver, with fantoccini). It ingests the seed, opens the overview, goes
//! to the PRK casualties series, checks that the chart renders and that hovering a point
//! shows its source, value as written and evidence, follows the evidence to the document
//! and checks its claims are highlighted, searches the documents and pages through the
//! claims, checks a hostile document renders as text, and saves screenshots in
//! `target/tmp/`.
//!
//! Chromium and chromedriver are Debian's `chromium` and `chromium-driver` (`.ci/run`
//! installs them); `CHROMIUM` and `CHROMEDRIVER` name other binaries. When they are
//! missing the test fails if `CI` is set, and is skipped with a message otherwise.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::{Client, ClientBuilder, Locator};
use tally_store::{Ledger, SqliteLedger};
use tally_web::server::{Config, Server};

use super::seed_path;

/// A binary named by `variable`, else the first of `names` found on the `PATH`.
pub(super) fn find(variable: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|p| p.is_file())
}

/// chromedriver, stopped when dropped.
pub(super) struct Driver {
    child: Child,
    pub(super) port: u16,
}

impl Driver {
    pub(super) fn start(binary: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", binary.display()));
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not listen on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where screenshots go.
fn screenshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

pub(super) async fn save_screenshot(client: &Client, name: &str) -> PathBuf {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    assert!(
        png.len() > 20_000,
        "a screenshot of a rendered page, not a blank one ({} bytes)",
        png.len()
    );
    let path = screenshot_path(name);
    std::fs::write(&path, &png).unwrap();
    eprintln!("screenshot: {}", path.display());
    path
}

/// A ledger holding the seed and a hostile document.
fn ledger(dir: &Path) -> String {
    let location = dir.join("e2e.db").to_str().unwrap().to_string();
    let mut ledger = SqliteLedger::open(&location).unwrap();
    let engine = tally_app::Engine::english();
    let seed = std::fs::read(seed_path()).unwrap();
    let report = tally_app::ingest::ingest_body(
        &mut ledger,
        &engine,
        seed,
        "000_a9c692d039172afc.txt",
        None,
        None,
    )
    .unwrap();
    assert_eq!(report.n_new, 1);
    let hostile = "date 2025-04-02 Hostile <script>alert(1)</script>\n\
                   Over 700 soldiers were killed <script>alert(1)</script>, the \"><img src=x onerror=alert(1)> ministry said.\n";
    tally_app::ingest::ingest_body(
        &mut ledger,
        &engine,
        hostile.as_bytes().to_vec(),
        "hostile.txt",
        None,
        None,
    )
    .unwrap();
    assert_eq!(ledger.counts().unwrap().n_documents, 2);
    location
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_6_dashboard_in_headless_chromium() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let location = ledger(dir.path());
    let session = Session::serve(browser, dir, location, None, 1280).await;
    let outcome = drive(&session.client, &session.base).await;
    session.finish(outcome).await;
}

pub(super) type Outcome = Result<(), String>;

/// A WebDriver command's error, saying which step failed.
pub(super) trait Step<T> {
    fn at(self, step: &str) -> Result<T, String>;
}

impl<T> Step<T> for Result<T, fantoccini::error::CmdError> {
    fn at(self, step: &str) -> Result<T, String> {
        self.map_err(|error| format!("{step}: {error}"))
    }
}

async fn drive(client: &Client, base: &str) -> Outcome {
    let wait = Duration::from_secs(20);

    // The overview, then the PRK casualties series through its link.
    client
        .goto(&format!("{base}/"))
        .await
        .at("opening the overview")?;
    assert_eq!(client.title().await.at("title")?, "Series · tally");
    let link = client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("a[href='/series/PRK/military/casualties']"))
        .await
        .at("a[href=/series/PRK/military/casualties]")?;
    assert!(
        client
            .find(Locator::Css("svg.spark polyline"))
            .await
            .is_ok(),
        "sparklines on the overview"
    );
    link.click().await.at("click")?;
    assert_eq!(
        client.current_url().await.at("current_url")?.path(),
        "/series/PRK/military/casualties"
    );

    // The chart: uPlot's canvas, drawn from the API.
    let chart = client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("#chart[data-ready='true']"))
        .await
        .at("#chart[data-ready=true]")?;
    let canvas = chart.find(Locator::Css("canvas")).await.at("canvas")?;
    let (_, _, width, height) = canvas.rectangle().await.at("rectangle")?;
    assert!(
        width > 300.0 && height > 200.0,
        "the canvas is drawn ({width}×{height})"
    );
    let legend = client
        .find(Locator::Id("legend"))
        .await
        .at("legend")?
        .text()
        .await
        .at("legend")?;
    assert!(
        legend.contains("UK Ministry of Defence")
            && legend.contains("South Korean Joint Chiefs of Staff"),
        "{legend}"
    );

    // Hover the Joint Chiefs' point: its source, value as written, date.
    let targets: serde_json::Value = serde_json::from_str(
        &chart
            .attr("data-targets")
            .await
            .at("attr")?
            .unwrap_or_default(),
    )
    .unwrap();
    let jcs = targets
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["source"] == "South Korean Joint Chiefs of Staff")
        .expect("a point of the Joint Chiefs");
    let over = chart.find(Locator::Css(".u-over")).await.at(".u-over")?;
    let (_, _, over_width, over_height) = over.rectangle().await.at("rectangle")?;
    let x = jcs["x"].as_f64().unwrap() - over_width / 2.0;
    let y = jcs["y"].as_f64().unwrap() - over_height / 2.0;
    let hover = MouseActions::new("mouse".to_string()).then(PointerAction::MoveToElement {
        element: over.clone(),
        duration: None,
        x,
        y,
    });
    client.perform_actions(hover).await.at("perform_actions")?;
    let tip = client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css(".chart-tip.on"))
        .await
        .at(".chart-tip.on")?;
    let tip_text = tip.text().await.at("text")?;
    assert!(
        tip_text.contains("South Korean Joint Chiefs of Staff"),
        "{tip_text}"
    );
    assert!(
        tip_text.contains("an approximate 4,000"),
        "the value as written: {tip_text}"
    );
    assert!(tip_text.contains("2025-03-27"), "{tip_text}");
    let details = client.find(Locator::Id("point")).await.at("point")?;
    assert_eq!(
        details.attr("data-source").await.at("attr")?.as_deref(),
        Some("South Korean Joint Chiefs of Staff")
    );
    save_screenshot(client, "dashboard-series.png").await;

    // The estimate table and the contradiction, rendered by the server.
    let estimate = client
        .find(Locator::Css("table.estimate"))
        .await
        .at("table.estimate")?
        .text()
        .await
        .at("table.estimate")?;
    assert!(
        estimate.contains("over 5,000") && estimate.contains("highly likely"),
        "{estimate}"
    );
    let contradictions = client
        .find(Locator::Css("ul.contradictions"))
        .await
        .at("ul.contradictions")?
        .text()
        .await
        .at("ul.contradictions")?;
    assert!(contradictions.contains("vs"), "{contradictions}");

    // Its evidence: the document with the claim highlighted and its fields shown.
    let evidence = details
        .find(Locator::Css("a[href^='/documents/']"))
        .await
        .at("a[href^=/documents/]")?;
    let href = evidence.attr("href").await.at("attr")?.unwrap_or_default();
    let claim_anchor = href.split('#').nth(1).unwrap_or_default().to_string();
    evidence.click().await.at("click")?;
    client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("article.doc-text mark.claim"))
        .await
        .at("article.doc-text mark.claim")?;
    let marks = client
        .find_all(Locator::Css("article.doc-text mark.claim"))
        .await
        .at("article.doc-text mark.claim")?;
    assert!(marks.len() >= 6, "{} claims highlighted", marks.len());
    let target = client
        .find(Locator::Css(&format!("#{claim_anchor}")))
        .await
        .at("the linked claim")?;
    let tip = target.find(Locator::Css(".tip")).await.at(".tip")?;
    assert!(
        tip.is_displayed().await.at("is_displayed")?,
        "the linked claim's fields are shown"
    );
    let fields = tip.text().await.at("text")?;
    assert!(
        fields.contains("source: South Korean Joint Chiefs of Staff"),
        "{fields}"
    );
    assert!(fields.contains("metric: casualties"), "{fields}");
    let background = target.css_value("background-color").await.at("css_value")?;
    assert_ne!(background, "rgba(0, 0, 0, 0)", "the mark is painted");
    save_screenshot(client, "dashboard-document.png").await;

    // Full-text search from the header's box, then the claims of the results, in pages.
    let search = client
        .find(Locator::Css("header form.search input[name='q']"))
        .await
        .at("the search box")?;
    search.send_keys("Kursk\n").await.at("searching")?;
    client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("table.documents"))
        .await
        .at("the results")?;
    assert_eq!(
        client.current_url().await.at("current_url")?.query(),
        Some("q=Kursk")
    );
    let results = client
        .find(Locator::Css("table.documents"))
        .await
        .at("the results")?
        .text()
        .await
        .at("the results")?;
    assert!(results.contains("North Korean soldiers"), "{results}");
    client
        .goto(&format!("{base}/claims?actor=PRK&limit=3"))
        .await
        .at("opening the claims")?;
    let first_page = client
        .find(Locator::Css("table.claims tbody"))
        .await
        .at("the claims")?
        .text()
        .await
        .at("the claims")?;
    client
        .find(Locator::Css("a[rel='next']"))
        .await
        .at("the next page link")?
        .click()
        .await
        .at("the next page")?;
    let second_page = client
        .find(Locator::Css("table.claims tbody"))
        .await
        .at("the claims")?
        .text()
        .await
        .at("the claims")?;
    assert_ne!(first_page, second_page, "the next page holds other claims");
    assert!(
        client.find(Locator::Css("a[rel='prev']")).await.is_ok(),
        "and links back"
    );

    // A hostile document renders as text: no element came from it.
    client
        .goto(&format!("{base}/documents/hostile.txt"))
        .await
        .at("opening the hostile document")?;
    let article = client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("article.doc-text"))
        .await
        .at("article.doc-text")?;
    assert!(article
        .text()
        .await
        .at("text")?
        .contains("<script>alert(1)</script>"));
    assert!(article
        .find_all(Locator::Css("img, script"))
        .await
        .at("img, script")?
        .is_empty());
    assert!(client
        .find_all(Locator::Css("body img"))
        .await
        .at("body img")?
        .is_empty());
    let title = client
        .find(Locator::Css("h1"))
        .await
        .at("h1")?
        .text()
        .await
        .at("h1")?;
    assert_eq!(title, "Hostile <script>alert(1)</script>");
    Ok(())
}

// Issue 17: every width, accessibility and the chart by keyboard. One server, chromedriver
// and browser per test, on the seed, the hostile document and the bounds below.

/// axe-core (MPL-2.0, `assets/axe-core.LICENSE`), vendored from npm's `axe-core` 4.14.1 so
/// that the check runs offline; injected into each page by WebDriver, not served.
const AXE: &str = include_str!("assets/axe.min.js");

/// The pages every width and the accessibility check visit.
const PAGES: [&str; 10] = [
    "/",
    "/series/PRK/military/casualties",
    "/series/RUS/military/killed",
    "/series/PRK/military/casualties?scope=period",
    "/claims",
    "/claims/1",
    "/sources",
    "/documents/000_a9c692d039172afc.txt",
    "/search?q=Kursk",
    "/no/such/page",
];

/// Chromium and chromedriver, found on the `PATH` or named by `CHROMIUM` and `CHROMEDRIVER`.
pub(super) struct Browser {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl Browser {
    /// `None` (the test skipped with a message) when Chromium or chromedriver is missing
    /// and `CI` is not set; a failure when `CI` is set.
    pub(super) fn find() -> Option<Browser> {
        let chromium = find(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        );
        let chromedriver = find("CHROMEDRIVER", &["chromedriver"]);
        let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
            if std::env::var_os("CI").is_some() {
                panic!("chromium and chromedriver are needed when CI is set: apt-get install chromium chromium-driver");
            }
            eprintln!("skipped: chromium or chromedriver not found (apt-get install chromium chromium-driver)");
            return None;
        };
        Some(Browser {
            chromium,
            chromedriver,
        })
    }
}

/// A running server over a ledger and a WebDriver session with headless Chromium.
pub(super) struct Session {
    pub(super) client: Client,
    pub(super) base: String,
    _driver: Driver,
    _dir: tempfile::TempDir,
    stop: tokio::sync::oneshot::Sender<()>,
    serving: tokio::task::JoinHandle<Result<(), tally_web::Error>>,
}

impl Session {
    /// Over the seed, the hostile document and a series whose figures span four orders of
    /// magnitude (a floor, a range and a point); `None` as [`Browser::find`].
    async fn start() -> Option<Session> {
        Session::start_with(None).await
    }

    /// As [`Session::start`], the server taking writes with `token`.
    async fn start_with(token: Option<&str>) -> Option<Session> {
        let browser = Browser::find()?;
        let dir = tempfile::tempdir().unwrap();
        let location = ledger(dir.path());
        let mut ledger = SqliteLedger::open(&location).unwrap();
        let engine = tally_app::Engine::english();
        let bounds = concat!(
            r#"{"id": "uk-1", "published": "2023-03-04", "text": "Over 5,000 Russian soldiers have been killed, the UK Ministry of Defence said on Tuesday."}"#,
            "\n",
            r#"{"id": "uk-2", "published": "2024-03-05", "text": "Over 50,000 Russian soldiers have been killed, the UK Ministry of Defence said on Tuesday."}"#,
            "\n",
            r#"{"id": "gs", "published": "2023-09-05", "text": "Between 10,000 and 20,000 Russian soldiers have been killed, the Ukrainian General Staff said on Tuesday."}"#,
            "\n",
            r#"{"id": "kremlin", "published": "2022-04-05", "text": "Twelve Russian soldiers were killed in the war so far, the Kremlin said on Tuesday."}"#,
            "\n",
        );
        let report = tally_app::ingest::ingest_body(
            &mut ledger,
            &engine,
            bounds.as_bytes().to_vec(),
            "bounds.jsonl",
            None,
            None,
        )
        .unwrap();
        assert_eq!(report.n_new, 4);
        drop(ledger);
        Some(Session::serve(browser, dir, location, token, 1400).await)
    }

    /// Serves the ledger at `location` (in `dir`, kept as long as the session), taking
    /// writes with `token`, to a browser `width` pixels wide.
    pub(super) async fn serve(
        browser: Browser,
        dir: tempfile::TempDir,
        location: String,
        token: Option<&str>,
        width: u32,
    ) -> Session {
        let mut config = Config::new(location);
        config.addr = SocketAddr::from(([127, 0, 0, 1], 0));
        config.token = token.map(str::to_string);
        let server = Server::bind(&config).await.unwrap();
        let base = format!("http://{}", server.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        let driver = Driver::start(&browser.chromedriver);
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": browser.chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", format!("--window-size={width},1000"), "--hide-scrollbars"]
            }
        });
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("a WebDriver session with headless Chromium");
        Session {
            client,
            base,
            _driver: driver,
            _dir: dir,
            stop,
            serving,
        }
    }

    /// Closes the browser and the server, then fails with the outcome's error if any.
    pub(super) async fn finish(self, outcome: Outcome) {
        let _ = self.client.close().await;
        let _ = self.stop.send(());
        self.serving.await.unwrap().unwrap();
        outcome.unwrap();
    }

    /// Opens a page and waits for its scripts: the chart drawn, where there is one.
    async fn open(&self, path: &str) -> Outcome {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .at(&format!("opening {path}"))?;
        if self.client.find(Locator::Id("chart")).await.is_ok() {
            self.client
                .wait()
                .at_most(Duration::from_secs(20))
                .for_element(Locator::Css("#chart[data-ready='true']"))
                .await
                .at(&format!("the chart of {path}"))?;
        }
        Ok(())
    }

    /// The width of the document and of the window, in CSS pixels.
    async fn widths(&self) -> Result<(f64, f64), String> {
        let measured = self
            .client
            .execute(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth];",
                vec![],
            )
            .await
            .at("measuring")?;
        let number = |i: usize| measured[i].as_f64().unwrap_or(f64::NAN);
        assert!(
            (number(1) - number(2)).abs() <= 1.0,
            "no scroll bar takes room: {measured}"
        );
        Ok((number(0), number(2)))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_17_no_page_is_wider_than_the_window_at_360_420_and_1400_pixels() {
    let Some(session) = Session::start().await else {
        return;
    };
    let outcome = every_width(&session).await;
    session.finish(outcome).await;
}

async fn every_width(session: &Session) -> Outcome {
    let client = &session.client;
    let mut too_wide = Vec::new();
    for width in [360, 420, 1400] {
        client
            .set_window_size(width, 1000)
            .await
            .at("set_window_size")?;
        for page in PAGES {
            session.open(page).await?;
            let (document, window) = session.widths().await?;
            assert!(
                (window - f64::from(width)).abs() <= 1.0,
                "the window is {width} pixels wide: {window}"
            );
            eprintln!("{width} px: {page} is {document} px wide");
            if document > window {
                too_wide.push(format!("{page} at {width} px: {document} px"));
            }
            if client.find(Locator::Id("chart")).await.is_ok() {
                // The chart fits the window too (its canvas is no part of scrollWidth).
                let canvas = client
                    .find(Locator::Css("#chart canvas"))
                    .await
                    .at("the chart's canvas")?;
                let (x, _, canvas_width, _) = canvas.rectangle().await.at("rectangle")?;
                if x < 0.0 || x + canvas_width > window {
                    too_wide.push(format!(
                        "the chart of {page} at {width} px: {x}+{canvas_width}"
                    ));
                }
            }
            if page == "/series/PRK/military/casualties" {
                save_screenshot(client, &format!("dashboard-series-{width}.png")).await;
            }
        }
        // The header folds: the search box is whole and inside the window.
        session.open("/").await?;
        let search = client
            .find(Locator::Css("header form.search input[name='q']"))
            .await
            .at("the search box")?;
        let (x, _, search_width, _) = search.rectangle().await.at("rectangle")?;
        assert!(
            x >= 0.0 && x + search_width <= f64::from(width) && search_width >= 150.0,
            "the search box ({x}+{search_width}) is whole at {width} px"
        );
    }
    // A window narrowed after the page is drawn: the chart follows it.
    client
        .set_window_size(1400, 1000)
        .await
        .at("set_window_size")?;
    session.open("/series/RUS/military/killed").await?;
    client
        .set_window_size(360, 1000)
        .await
        .at("set_window_size")?;
    let started = Instant::now();
    loop {
        let canvas = client
            .find(Locator::Css("#chart canvas"))
            .await
            .at("the chart's canvas")?;
        let (x, _, canvas_width, _) = canvas.rectangle().await.at("rectangle")?;
        let (document, window) = session.widths().await?;
        if x >= 0.0 && x + canvas_width <= window && document <= window {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the chart ({x}+{canvas_width}) follows the window ({window} px) narrowed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Narrow tables are stacked rows, each cell labelled with its column.
    client
        .set_window_size(420, 1000)
        .await
        .at("set_window_size")?;
    session.open("/claims").await?;
    let cell = client
        .find(Locator::Css("table.claims tbody td"))
        .await
        .at("a cell of the claims")?;
    assert_eq!(
        cell.css_value("display").await.at("css_value")?,
        "block",
        "a stacked row at 420 px"
    );
    assert!(
        cell.attr("data-label").await.at("attr")?.is_some(),
        "labelled with its column"
    );
    assert!(too_wide.is_empty(), "wider than the window: {too_wide:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_17_every_page_passes_axe_with_no_serious_violation() {
    let Some(session) = Session::start().await else {
        return;
    };
    let outcome = accessible(&session).await;
    session.finish(outcome).await;
}

async fn accessible(session: &Session) -> Outcome {
    let client = &session.client;
    let mut serious = Vec::new();
    for width in [1400, 420] {
        client
            .set_window_size(width, 1000)
            .await
            .at("set_window_size")?;
        for page in PAGES {
            session.open(page).await?;
            client.execute(AXE, vec![]).await.at("loading axe-core")?;
            let found = client
                .execute_async(
                    "const done = arguments[arguments.length - 1];\
                     axe.run(document, { resultTypes: ['violations'] })\
                       .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))\
                       .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
                    vec![],
                )
                .await
                .at("running axe-core")?;
            for violation in found.as_array().cloned().unwrap_or_default() {
                let impact = violation["impact"].as_str().unwrap_or("");
                eprintln!("{width} px {page}: {impact} {violation}");
                if impact == "serious" || impact == "critical" {
                    serious.push(format!("{page} at {width} px: {violation}"));
                }
            }
        }
    }
    assert!(
        serious.is_empty(),
        "serious violations:\n{}",
        serious.join("\n")
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_17_the_chart_reads_right_and_works_by_keyboard() {
    let Some(session) = Session::start().await else {
        return;
    };
    let outcome = chart_by_keyboard(&session).await;
    session.finish(outcome).await;
}

/// The WebDriver codes of keys.
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const LEFT: &str = "\u{E012}";
const RIGHT: &str = "\u{E014}";

async fn chart_by_keyboard(session: &Session) -> Outcome {
    let client = &session.client;
    session.open("/series/RUS/military/killed").await?;
    // The first Tab reaches the link past the header, which shows and leads to the content.
    let tab = fantoccini::actions::KeyActions::new("keyboard".to_string())
        .then(fantoccini::actions::KeyAction::Down { value: '\u{E004}' })
        .then(fantoccini::actions::KeyAction::Up { value: '\u{E004}' });
    client.perform_actions(tab).await.at("a first Tab")?;
    let skip = client.active_element().await.at("active_element")?;
    assert_eq!(
        skip.attr("href").await.at("attr")?.as_deref(),
        Some("#main"),
        "the first stop skips the header"
    );
    assert!(skip.is_displayed().await.at("is_displayed")?);
    let (_, top, _, _) = skip.rectangle().await.at("rectangle")?;
    assert!(top >= 0.0, "the link is shown when focused ({top})");
    let chart = client.find(Locator::Id("chart")).await.at("#chart")?;
    // Four orders of magnitude: a log axis by default, and the log button pressed.
    assert_eq!(
        chart.attr("data-scale").await.at("attr")?.as_deref(),
        Some("log")
    );
    let log = client
        .find(Locator::Css("#chart-controls button[data-scale='log']"))
        .await
        .at("the log button")?;
    assert_eq!(
        log.attr("aria-pressed").await.at("attr")?.as_deref(),
        Some("true")
    );
    // Each figure drawn as what it is.
    let targets: serde_json::Value = serde_json::from_str(
        &chart
            .attr("data-targets")
            .await
            .at("attr")?
            .unwrap_or_default(),
    )
    .unwrap();
    let shapes: Vec<(&str, &str)> = targets
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["source"].as_str().unwrap(), t["shape"].as_str().unwrap()))
        .collect();
    assert!(
        shapes.contains(&("UK Ministry of Defence", "floor"))
            && shapes.contains(&("Ukrainian General Staff", "range"))
            && shapes.contains(&("Russian government", "point")),
        "{shapes:?}"
    );
    // The legend: one entry per source, each a button.
    let entries = client
        .find_all(Locator::Css("#legend button.entry"))
        .await
        .at("the legend's entries")?;
    assert_eq!(entries.len(), 3, "one entry per source");

    // By keyboard: the chart takes the focus, the arrows step through the figures and the
    // panel below describes each.
    chart.send_keys(RIGHT).await.at("focusing the chart")?;
    let details = client.find(Locator::Id("point")).await.at("#point")?;
    let latest = details.attr("data-source").await.at("attr")?;
    assert_eq!(
        latest.as_deref(),
        Some("UK Ministry of Defence"),
        "the latest figure first"
    );
    chart.send_keys(LEFT).await.at("the left arrow")?;
    let earlier = details.attr("data-source").await.at("attr")?;
    assert_eq!(
        earlier.as_deref(),
        Some("Ukrainian General Staff"),
        "then the one before"
    );
    let text = details.text().await.at("text")?;
    assert!(
        text.contains("a range") && text.contains("10,000–20,000"),
        "{text}"
    );
    let tip = client
        .find(Locator::Css(".chart-tip.on"))
        .await
        .at("the tip of the chosen figure")?;
    let count = tip
        .find(Locator::Css(".reports-count"))
        .await
        .at("the report count")?;
    let color = count.css_value("color").await.at("css_value")?;
    assert!(
        color.contains("213, 219, 231"),
        "the report count is light on the dark tip: {color}"
    );
    // Tab leaves the chart for the legend and the scale buttons; Enter switches the scale.
    let active = client.active_element().await.at("active_element")?;
    active.send_keys(TAB).await.at("tab")?;
    let next = client.active_element().await.at("active_element")?;
    assert_eq!(
        next.attr("class").await.at("attr")?.as_deref(),
        Some("entry"),
        "after the chart, the legend's first entry"
    );
    let linear = client
        .find(Locator::Css("#chart-controls button[data-scale='linear']"))
        .await
        .at("the linear button")?;
    linear.send_keys(ENTER).await.at("pressing linear")?;
    client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("#chart[data-scale='linear']"))
        .await
        .at("the chart redrawn on a linear axis")?;
    save_screenshot(client, "dashboard-series-bounds.png").await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_16_a_review_set_on_a_claim_page_changes_the_estimate() {
    let Some(session) = Session::start_with(Some("review-token")).await else {
        return;
    };
    let outcome = review_on_a_claim_page(&session).await;
    session.finish(outcome).await;
}

/// The text of the element `css` of the page at `path`.
async fn text_of(session: &Session, path: &str, css: &str) -> Result<String, String> {
    session.open(path).await?;
    session
        .client
        .find(Locator::Css(css))
        .await
        .at(css)?
        .text()
        .await
        .at(css)
}

/// Sets the actor of the UK Ministry of Defence's "over 50,000" on its claim page, through
/// the form and its token, and reads the RUS series' estimate lose it and the UKR series
/// gain it.
async fn review_on_a_claim_page(session: &Session) -> Outcome {
    let client = &session.client;
    let series = "/series/RUS/military/killed";
    let before = text_of(session, series, "table.estimate").await?;
    assert!(
        before.contains("50,000"),
        "the UK's figure is in the estimate: {before}"
    );

    // The claim's id, from the API as a browser reads it.
    let listing = text_of(session, "/api/claims?actor=RUS&metric=killed", "body").await?;
    let claims: serde_json::Value =
        serde_json::from_str(&listing).map_err(|e| format!("/api/claims: {e}"))?;
    let id = claims["claims"]
        .as_array()
        .or_else(|| claims.as_array())
        .and_then(|claims| claims.iter().find(|c| c["low"] == 50000.0))
        .and_then(|c| c["id"].as_i64())
        .ok_or_else(|| format!("no claim of over 50,000 in {listing}"))?;

    // The form: actor UKR, a reason, the token.
    session.open(&format!("/claims/{id}")).await?;
    for (name, value) in [
        ("actor", "UKR"),
        ("reason", "Ukraine's losses, read from the source"),
        ("by", "browser test"),
        ("token", "review-token"),
    ] {
        client
            .find(Locator::Css(&format!("form.review-form [name='{name}']")))
            .await
            .at(name)?
            .send_keys(value)
            .await
            .at(name)?;
    }
    client
        .find(Locator::Css("form.review-form button[type='submit']"))
        .await
        .at("submit")?
        .click()
        .await
        .at("submit")?;
    // Back on the claim's page, which lists the review with who and what.
    let deadline = Instant::now() + Duration::from_secs(20);
    let review = loop {
        let listed = match client.find(Locator::Css("#review")).await {
            Ok(section) => section.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if listed.contains("browser test") {
            break listed;
        }
        if Instant::now() > deadline {
            return Err(format!(
                "the review was not listed on the claim's page: {listed}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        review.contains("actor"),
        "the review says what it set: {review}"
    );

    // The estimates as the review leaves them.
    let after = text_of(session, series, "table.estimate").await?;
    assert!(
        !after.contains("50,000"),
        "the UK's figure left Russia's estimate: {after}"
    );
    let ukraine = text_of(session, "/series/UKR/military/killed", "table.estimate").await?;
    assert!(
        ukraine.contains("50,000"),
        "and counts in Ukraine's: {ukraine}"
    );
    save_screenshot(client, "issue-16-review").await;
    Ok(())
}
