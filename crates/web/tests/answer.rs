//! Issue 17 (parts 1, 2 and 5): the plain answer first on a series page, finding things
//! (names beside codes, the overview's filters and order, one search over series, claims,
//! sources and documents, actors by name on the pages and the API, claims and sources
//! linking to their series), and the polish (plurals, weights, counts, the icon, titles).
//! The last test answers the issue's two questions from the home page in headless
//! Chromium.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::http::StatusCode;
use fantoccini::{Client, Locator};
use tally_store::{Ledger, SqliteLedger};

use super::browser::{save_screenshot, Browser, Session, Step};
use super::{get, post, seed_app, seed_path, TOKEN};

/// A file of the shared corpus.
fn corpus_path(name: &str) -> PathBuf {
    seed_path()
        .parent()
        .and_then(Path::parent)
        .expect("the seed is in corpus/seed")
        .join(name)
}

#[tokio::test]
async fn a_series_page_opens_with_the_latest_statement_and_the_others_beside_it() {
    let (_dir, app) = seed_app().await;
    let page = get(&app, "/series/PRK/military/casualties").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    let answer = html.find("<section class=\"answer\"").expect("the answer");
    let chart = html.find("class=\"chart-panel\"").expect("the chart");
    assert!(answer < chart, "the answer comes before the chart");
    assert!(
        html.contains("<span class=\"answer-sentence\">Latest: UK Ministry of Defence, over 5,000 casualties as of March 2025, stated 28 March 2025.</span>"),
        "{html}"
    );
    assert!(html.contains(
        "<span class=\"answer-others\">1 other source: ~4,000 (South Korean Joint Chiefs of Staff, 27 March 2025).</span>"
    ));
    assert!(html.contains("<a class=\"evidence\" href=\"/claims/"));
    assert!(!html.contains("no-consensus"), "the two sources agree");
    // The name beside the code, in the heading and the page's title.
    assert!(html.contains("<span class=\"actor-name\">North Korea</span>"));
    assert!(html.contains("<title>PRK military casualties · North Korea · tally</title>"));
}

#[tokio::test]
async fn the_overview_and_the_series_page_count_the_same_sources() {
    let (_dir, app) = seed_app().await;
    let overview = get(&app, "/?actor=PRK&metric=casualties&scope=total")
        .await
        .text();
    let row = overview
        .split("<tr>")
        .find(|row| row.contains("href=\"/series/PRK/military/casualties\""))
        .expect("the PRK casualties row");
    let cells: Vec<&str> = row.split("<td class=\"num\">").skip(1).collect();
    let n_sources: usize = cells[2]
        .split('<')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("the sources cell");
    let page = get(&app, "/series/PRK/military/casualties").await.text();
    let plural = if n_sources == 1 { "source" } else { "sources" };
    assert!(page.contains("<span class=\"n-sources\""), "{page}");
    assert!(
        page.contains(&format!(">{n_sources} {plural}</span>")),
        "the overview's {n_sources} sources on the series page too"
    );
}

#[tokio::test]
async fn the_overview_is_filtered_by_actor_name_metric_role_scope_and_text_and_sorted() {
    let (_dir, app) = seed_app().await;
    let all = get(&app, "/").await.text();
    assert!(all.contains("<form class=\"filters overview-filters\""));
    assert!(all.contains("North Korea"), "names beside codes");
    for query in [
        "actor=North+Korea",
        "actor=prk",
        "actor=DPRK",
        "q=north+korea",
        "q=north+korean",
        "q=casualties",
    ] {
        let page = get(&app, &format!("/?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        let html = page.text();
        assert!(
            html.contains("href=\"/series/PRK/military/casualties\""),
            "{query}: {html}"
        );
    }
    let deployed = get(&app, "/?metric=deployed").await.text();
    assert!(deployed.contains("href=\"/series/PRK/military/deployed\""));
    assert!(!deployed.contains("href=\"/series/PRK/military/casualties\""));
    let civilians = get(&app, "/?role=civilian").await.text();
    assert!(!civilians.contains("href=\"/series/PRK/military/casualties\""));
    let nothing = get(&app, "/?actor=Atlantis").await.text();
    assert!(nothing.contains("No series matches."), "{nothing}");
    // Newest activity first by default; most sources first when asked.
    let by_sources = get(&app, "/?sort=sources").await.text();
    let casualties = by_sources
        .find("href=\"/series/PRK/military/casualties\"")
        .unwrap();
    let killed = by_sources
        .find("href=\"/series/PRK/military/killed\"")
        .unwrap();
    assert!(casualties < killed, "3 sources before 1");
    assert!(by_sources.contains("<option value=\"sources\" selected>"));
    let bad = get(&app, "/?sort=size").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.text()
            .contains("sort: &quot;size&quot; is not one of last, sources, assertions"),
        "{}",
        bad.text()
    );
}

#[tokio::test]
async fn the_header_search_finds_series_claims_sources_and_documents() {
    let (_dir, app) = seed_app().await;
    let home = get(&app, "/").await.text();
    assert!(home.contains("placeholder=\"Search series, claims, sources, documents\""));

    // "north korea" names PRK, and finds "North Korean" in the text.
    let found = get(&app, "/search?q=north+korea").await.text();
    assert!(found.contains("North Korea (PRK)"), "{found}");
    assert!(found.contains("<a class=\"series-link\" href=\"/series/PRK/military/casualties\">"));
    assert!(found.contains("<table class=\"claims\">"));
    assert!(found.contains("1 document holds"), "{found}");
    assert!(found.contains("Over 5,000 North Korean soldiers"));

    // Sources by the start of their words.
    let ministry = get(&app, "/search?q=minist").await.text();
    assert!(
        ministry.contains("href=\"/claims?source=UK+Ministry+of+Defence\""),
        "{ministry}"
    );

    // Many words are not refused, and a query in the index's syntax is kept.
    let long = get(
        &app,
        "/search?q=north+korean+soldiers+killed+injured+russia",
    )
    .await;
    assert_eq!(long.status, StatusCode::OK, "{}", long.text());
    let phrase = get(&app, "/search?q=%22north+korean%22").await.text();
    assert!(phrase.contains("1 document holds"));
    let none = get(&app, "/search?q=Mariupol").await.text();
    assert!(none.contains("No document.") && none.contains("The words name no actor"));
}

#[tokio::test]
async fn an_actor_by_name_is_its_code_on_the_pages_and_the_api() {
    let (_dir, app) = seed_app().await;
    let by_code = get(&app, "/api/claims?actor=PRK").await.json();
    let n = by_code["claims"].as_array().map_or(0, Vec::len);
    assert!(n > 0, "{by_code}");
    for name in ["North%20Korea", "north+korean", "DPRK"] {
        let by_name = get(&app, &format!("/api/claims?actor={name}")).await.json();
        assert_eq!(
            by_name["claims"].as_array().map_or(0, Vec::len),
            n,
            "{name}"
        );
        let page = get(&app, &format!("/claims?actor={name}")).await.text();
        assert!(!page.contains("No claim matches."), "{name}");
    }
    let estimate = get(&app, "/api/estimate?actor=North%20Korea&metric=casualties").await;
    assert_eq!(estimate.status, StatusCode::OK, "{}", estimate.text());
    assert_eq!(estimate.json()["series"]["actor"], "PRK");
    let page = get(&app, "/series/North%20Korea/military/casualties").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Latest: UK Ministry of Defence"));
}

#[tokio::test]
async fn claims_and_sources_link_to_their_series() {
    let (_dir, app) = seed_app().await;
    let list = get(&app, "/claims?actor=PRK&metric=casualties")
        .await
        .text();
    assert!(
        list.contains("<a class=\"series-of\" href=\"/series/PRK/military/casualties\""),
        "{list}"
    );
    assert!(list.contains("<span class=\"actor-name\">North Korea</span>"));
    let claim = get(&app, "/claims/1").await.text();
    assert!(
        claim.contains("<a class=\"claim-series\" href=\"/series/PRK/military/casualties\">PRK military casualties</a>"),
        "{claim}"
    );
    let sources = get(&app, "/sources").await.text();
    assert!(
        sources.contains("<a class=\"series-of\" href=\"/series/PRK/military/"),
        "{sources}"
    );
}

#[tokio::test]
async fn issue_17_polish_plurals_weights_icon_and_titles() {
    let (_dir, app) = seed_app().await;
    // One source, one document: no "1 sources".
    let answer = post(
        &app,
        "/api/documents?name=untitled.txt",
        Some(TOKEN),
        "Over 700 Ruritanian soldiers were killed, the Ruritanian defence ministry said on Monday.\nMore text.",
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let overview = get(&app, "/").await.text();
    assert!(overview.contains("2 documents, "), "{overview}");
    assert!(!overview.contains(" 1 sources") && !overview.contains("1 documents"));
    // An untitled document is titled by its first line.
    let listing = get(&app, "/search").await.text();
    assert!(
        listing.contains(">Over 700 Ruritanian soldiers were killed, the Ruritanian defence ministry said on Monday.</a>"),
        "{listing}"
    );
    assert!(!listing.contains(">untitled.txt</a>"));
    // Weights to four decimals: "highly likely" is 0.85, not 0.8500000000000001.
    let estimate = get(&app, "/api/estimate?actor=PRK&metric=casualties")
        .await
        .text();
    assert!(estimate.contains("\"weight\":0.85"), "{estimate}");
    assert!(!estimate.contains("0.8500000000000001"));
    // The icon.
    let icon = get(&app, "/favicon.ico").await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.headers["content-type"], "image/svg+xml");
    assert!(icon.text().starts_with("<svg"));
    assert!(overview.contains("<link rel=\"icon\" href=\"/favicon.ico\""));
}

/// A ledger holding the seed and the two news corpora of the issue.
fn news_ledger(dir: &Path) -> String {
    let location = dir.join("issue17.db").to_str().unwrap().to_string();
    let mut ledger = SqliteLedger::open(&location).unwrap();
    let engine = tally_app::Engine::english();
    for (path, name) in [
        (seed_path(), "000_a9c692d039172afc.txt"),
        (corpus_path("conflict-news.jsonl"), "conflict-news.jsonl"),
        (corpus_path("recent-news.jsonl"), "recent-news.jsonl"),
    ] {
        let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        tally_app::ingest::ingest_body(&mut ledger, &engine, body, name, None, None).unwrap();
    }
    assert!(ledger.counts().unwrap().n_documents > 100);
    location
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_17_both_questions_answered_from_the_home_page() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let location = news_ledger(dir.path());
    let session = Session::serve(browser, dir, location, None, 1280).await;
    let outcome = ask(&session.client, &session.base).await;
    session.finish(outcome).await;
}

/// From the home page: a search, one click to the series, the answer read.
async fn answer_of(
    client: &Client,
    base: &str,
    words: &str,
    series: &str,
) -> Result<(String, String), String> {
    let wait = Duration::from_secs(20);
    client
        .goto(&format!("{base}/"))
        .await
        .at("opening the overview")?;
    let search = client
        .find(Locator::Css("header form.search input[name='q']"))
        .await
        .at("the header's search box")?;
    search
        .send_keys(&format!("{words}\n"))
        .await
        .at("searching")?;
    // First click: the series among the results.
    let link = client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css(&format!(
            "table.series-found a.series-link[href='{series}']"
        )))
        .await
        .at(&format!(
            "the link to {series} in the results for {words:?}"
        ))?;
    link.click().await.at("opening the series")?;
    let sentence = client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("#answer .answer-sentence"))
        .await
        .at("the answer")?
        .text()
        .await
        .at("the answer's text")?;
    assert_eq!(client.current_url().await.at("current_url")?.path(), series);
    let answer = client
        .find(Locator::Css("#answer .answer-scope"))
        .await
        .at("the answer's scope")?
        .text()
        .await
        .at("the answer's text")?;
    Ok((sentence, answer))
}

async fn ask(client: &Client, base: &str) -> Result<(), String> {
    // "How many North Korean soldiers were killed or wounded, according to whom, as of
    // when?"
    let (sentence, answer) = answer_of(
        client,
        base,
        "north korea",
        "/series/PRK/military/casualties",
    )
    .await?;
    eprintln!("PRK: {answer}");
    assert!(sentence.starts_with("Latest: "), "{sentence}");
    assert!(sentence.contains(" casualties"), "{sentence}");
    assert!(
        sentence.contains("stated ") && sentence.contains(" 2025"),
        "{sentence}"
    );
    assert!(
        answer.contains(
            "other sources: from ~4,000 (South Korean Joint Chiefs of Staff, 27 March 2025)"
        ),
        "{answer}"
    );
    assert!(answer.contains("UK Ministry of Defence"), "{answer}");
    save_screenshot(client, "issue-17-prk-answer.png").await;
    // Its evidence is one click away, and the claim links back to its series.
    client
        .find(Locator::Css("#answer a.evidence"))
        .await
        .at("the evidence link")?
        .click()
        .await
        .at("opening the evidence")?;
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(
            "a.claim-series[href='/series/PRK/military/casualties']",
        ))
        .await
        .at("the claim's link to its series")?;

    // "What is the current Gaza death toll?"
    let (sentence, answer) = answer_of(
        client,
        base,
        "gaza death toll",
        "/series/PSE/unspecified/killed",
    )
    .await?;
    eprintln!("PSE: {answer}");
    assert!(
        sentence.starts_with("Latest: Gaza Health Ministry, ") && sentence.contains(" killed"),
        "{sentence}"
    );
    assert!(sentence.contains("November 2025"), "{sentence}");
    save_screenshot(client, "issue-17-gaza-answer.png").await;
    Ok(())
}
