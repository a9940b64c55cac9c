//! The pages on the seed, and their safety: every string escaped (issue 6's XSS test), the
//! Content-Security-Policy and `nosniff` on every answer, assets served with their types.

use axum::http::StatusCode;

use super::{get, post, seed_app, TOKEN};

/// The payloads of issue 6: a script element, and an attribute breakout.
const SCRIPT: &str = "<script>alert(1)</script>";
const BREAKOUT: &str = "\"><img src=x onerror=alert(1)>";

#[tokio::test]
async fn issue_6_script_and_markup_in_a_document_show_as_text() {
    let (_dir, app) = seed_app().await;
    let text = format!(
        "date 2025-04-02 Attack {SCRIPT}\nOver 700 soldiers were killed {SCRIPT} near the river, the {BREAKOUT} ministry said on Monday.\n"
    );
    let name = format!("xss{BREAKOUT}.txt");
    let uri = format!(
        "/api/documents?{}",
        serde_urlencoded::to_string([("name", name.as_str())]).unwrap()
    );
    let report = post(&app, &uri, Some(TOKEN), text).await.json();
    assert_eq!(report["n_new"], 1, "{report}");
    let hash = report["documents"][0]["hash"].as_str().unwrap().to_string();
    let claim = get(&app, &format!("/api/claims?doc={hash}")).await.json()["claims"][0]["id"]
        .as_i64()
        .unwrap();

    for uri in [
        format!("/documents/{hash}"),
        format!("/claims/{claim}"),
        "/claims?actor=&text=river".to_string(),
        "/search?q=river".to_string(),
    ] {
        let answer = get(&app, &uri).await;
        let html = answer.text();
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {html}");
        assert!(
            !html.contains("<script>alert"),
            "{uri}: a script element got through"
        );
        assert!(!html.contains("<img"), "{uri}: an img element got through");
        assert!(
            !html.contains("\"><img"),
            "{uri}: an attribute was broken out of"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{uri}: the script shows as text"
        );
    }
    let page = get(&app, &format!("/documents/{hash}")).await.text();
    assert!(
        page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "the breakout shows as text"
    );
    assert!(
        page.contains("<mark class=\"claim\""),
        "the claim is still highlighted"
    );
    // Words searched for are shown back escaped too, whether the query is taken or refused.
    let search = get(&app, "/search?q=%3Cscript%3E").await.text();
    assert!(
        search.contains("&lt;script&gt;") && !search.contains("<script>"),
        "{search}"
    );
}

#[tokio::test]
async fn every_answer_has_the_content_security_policy_and_nosniff() {
    let (_dir, app) = seed_app().await;
    for uri in [
        "/",
        "/claims",
        "/search?q=Kursk",
        "/series/PRK/military/casualties",
        "/api/claims",
        "/assets/app.css",
        "/nowhere",
        "/api/nowhere",
    ] {
        let answer = get(&app, uri).await;
        let csp = answer.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.starts_with("default-src 'self'"), "{uri}: {csp}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{uri}: {csp}"
        );
        assert_eq!(answer.headers["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(answer.headers["x-frame-options"], "DENY", "{uri}");
    }
    // No inline script or style anywhere: scripts come from /assets.
    for uri in [
        "/",
        "/claims",
        "/series/PRK/military/casualties",
        "/documents/000_a9c692d039172afc.txt",
        "/claims/1",
    ] {
        let html = get(&app, uri).await.text();
        for inline in ["<script>", "style=", "<style", "onclick", "onload"] {
            assert!(!html.contains(inline), "{uri} holds {inline}");
        }
    }
}

#[tokio::test]
async fn overview_lists_each_series_with_a_sparkline_and_a_link() {
    let (_dir, app) = seed_app().await;
    let html = get(&app, "/").await.text();
    assert!(
        html.contains("href=\"/series/PRK/military/casualties\""),
        "{html}"
    );
    assert!(html.contains("<svg class=\"spark\""));
    assert!(html.contains("<polyline points=\""));
    assert!(
        html.contains("4,000–5,000+"),
        "the latest estimate of the casualties"
    );
}

#[tokio::test]
async fn series_page_has_the_chart_estimate_contradictions_and_derived_figures() {
    let (_dir, app) = seed_app().await;
    let casualties = get(&app, "/series/PRK/military/casualties?at=2025-03-31")
        .await
        .text();
    assert!(casualties.contains("id=\"chart\""));
    assert!(
        casualties.contains("data-actor=\"PRK\" data-role=\"military\" data-metric=\"casualties\"")
    );
    assert!(casualties.contains("<script src=\"/assets/uPlot.iife.min.js\" defer>"));
    assert!(casualties.contains("4,000–5,000+ (best 5,000)"));
    assert!(
        casualties.contains("South Korean Joint Chiefs of Staff</strong> ~4,000"),
        "the contradiction"
    );
    assert!(casualties.contains("highly likely (80–90%)"));
    assert!(
        casualties.contains("As a share of the PRK military deployed at 2025-03-31"),
        "the losses as a share of the force"
    );
    assert!(
        casualties.contains("consistent with the derived share"),
        "the article's own third to nearly half"
    );
    let deployed = get(&app, "/series/PRK/military/deployed?at=2025-03-31")
        .await
        .text();
    assert!(
        deployed.contains("sum of increments"),
        "the derived deployment: 11,000 + 3,000"
    );
    assert!(deployed.contains("14,000"));
    let killed = get(&app, "/series/PRK/military/killed?at=2025-03-31")
        .await
        .text();
    assert!(
        killed.contains("fraction of base"),
        "a third of over 5,000 casualties"
    );

    assert_eq!(
        get(&app, "/series/PRK/military/kiled").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&app, "/series/ZZZ/military/killed").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/series/PRK/military/killed?at=soon")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn claims_page_filters_and_pages() {
    let (_dir, app) = seed_app().await;
    let first = get(&app, "/claims?actor=PRK&metric=&limit=2").await.text();
    assert_eq!(first.matches("<td class=\"value\">").count(), 2);
    assert!(
        first.contains("rel=\"next\" href=\"/claims?actor=PRK&amp;offset=2&amp;limit=2\""),
        "blank filters are left out: {first}"
    );
    assert!(!first.contains("rel=\"prev\""));
    let second = get(&app, "/claims?actor=PRK&limit=2&offset=2").await.text();
    assert!(
        second.contains("rel=\"prev\" href=\"/claims?actor=PRK&amp;limit=2\""),
        "{second}"
    );
    let killed = get(&app, "/claims?metric=killed").await.text();
    assert!(killed.contains("<option value=\"killed\" selected>"));
    assert_eq!(
        get(&app, "/claims?metric=kiled").await.status,
        StatusCode::BAD_REQUEST
    );
    assert!(get(&app, "/claims?text=Mariupol")
        .await
        .text()
        .contains("No claim matches."));
}

#[tokio::test]
async fn document_page_marks_every_claim_of_the_text() {
    let (_dir, app) = seed_app().await;
    let doc = get(&app, "/api/documents/000_a9c692d039172afc.txt")
        .await
        .json();
    let claims = doc["claims"].as_array().unwrap();
    let html = get(&app, "/documents/000_a9c692d039172afc.txt")
        .await
        .text();
    for claim in claims.iter().filter(|c| c["evidence"]["field"].is_null()) {
        assert!(
            html.contains(&format!("id=\"claim-{}\"", claim["id"])),
            "claim {} is marked",
            claim["id"]
        );
    }
    let marks = html.matches("<mark class=\"claim\"").count();
    assert!(marks >= 6, "{marks} marks");
    assert!(
        html.contains("source: UK Ministry of Defence"),
        "a claim's fields in its tip"
    );
    assert!(
        html.contains("<mark class=\"claim\" id=\"claim-")
            && html.contains(">an approximate 4,000<span class=\"tip\"")
    );
    assert_eq!(
        get(&app, "/documents/nope").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn search_finds_documents_and_refuses_bad_queries_clearly() {
    let (_dir, app) = seed_app().await;
    let found = get(&app, "/search?q=Kursk").await.text();
    assert!(found.contains("1 documents hold"));
    assert!(found.contains("href=\"/documents/"));
    assert!(get(&app, "/search?q=Mariupol")
        .await
        .text()
        .contains("No document."));
    let bad = get(&app, "/search?q=%22unbalanced").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text().contains("bad text query"));
    let listing = get(&app, "/search").await.text();
    assert!(
        listing.contains("000_a9c692d039172afc.txt"),
        "with no words, the documents"
    );
}

#[tokio::test]
async fn assets_are_served_with_their_types_and_the_chart_library_its_licence() {
    let (_dir, app) = seed_app().await;
    for (name, kind) in [
        ("app.css", "text/css"),
        ("series.js", "text/javascript"),
        ("uPlot.iife.min.js", "text/javascript"),
        ("uPlot.min.css", "text/css"),
    ] {
        let answer = get(&app, &format!("/assets/{name}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{name}");
        assert!(
            answer.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with(kind),
            "{name}"
        );
        assert!(answer.body.len() > 500, "{name}");
    }
    assert!(get(&app, "/assets/uPlot.LICENSE")
        .await
        .text()
        .contains("MIT License"));
    assert_eq!(
        get(&app, "/assets/../Cargo.toml").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/assets/nothing.js").await.status,
        StatusCode::NOT_FOUND
    );
}
