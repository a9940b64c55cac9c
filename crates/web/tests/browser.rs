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
        return;
    };

    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(ledger(dir.path()));
    config.addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let server = Server::bind(&config).await.unwrap();
    let base = format!("http://{}", server.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));

    let driver = Driver::start(&chromedriver);
    let capabilities = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000", "--hide-scrollbars"]
        }
    });
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities.as_object().unwrap().clone())
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session with headless Chromium");
    let outcome = drive(&client, &base).await;
    let _ = client.close().await;
    drop(driver);
    let _ = stop.send(());
    serving.await.unwrap().unwrap();
    outcome.unwrap();
}

type Outcome = Result<(), String>;

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
