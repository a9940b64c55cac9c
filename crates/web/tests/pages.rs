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
    assert!(found.contains("1 document holds"));
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

/// A running toll and two reports of one strike, as JSONL.
const TOLL_AND_STRIKE: &str = concat!(
    r#"{"id": "toll", "published": "2025-03-05", "text": "The number of civilians killed in Ukraine since the invasion began has risen to 12,300, the United Nations said on Wednesday."}"#,
    "\n",
    r#"{"id": "strike-1", "published": "2025-03-04", "text": "A missile strike on a hospital in Dnipro killed six people on Tuesday, the regional governor said."}"#,
    "\n",
    r#"{"id": "strike-2", "published": "2025-03-05", "text": "Six people were killed when a missile hit a hospital in Dnipro on Tuesday, the emergency service said."}"#,
    "\n",
);

#[tokio::test]
async fn issue_11_series_page_shows_the_toll_and_beside_it_the_incidents_per_week() {
    let (_dir, app) = super::app(Some(TOKEN));
    let report = post(&app, "/api/documents", Some(TOKEN), TOLL_AND_STRIKE)
        .await
        .json();
    assert_eq!(report["n_new"], 3, "{report}");
    // The toll is UKR civilian killed (a running total); the strike's reports are event
    // claims of UKR killed, merged into one incident listed beside the total.
    let answer = get(&app, "/series/UKR/civilian/killed").await;
    let html = answer.text();
    assert_eq!(answer.status, StatusCode::OK, "{html}");
    assert!(html.contains("12,300"), "the toll's estimate: {html}");
    assert!(html.contains("id=\"chart\""), "the chart is kept");
    assert!(html.contains("data-scope=\"total\""), "{html}");
    assert!(
        html.contains("<section class=\"incidents\" id=\"incidents\">"),
        "{html}"
    );
    assert_eq!(
        html.matches("<tr class=\"incident\">").count(),
        1,
        "one incident: {html}"
    );
    assert!(
        html.contains("<td class=\"num n-reports\">2</td>"),
        "with two reports: {html}"
    );
    assert!(html.contains("Dnipro"), "its place: {html}");
    assert!(html.contains("2025-03-04"), "its day: {html}");
    let strike: Vec<i64> = get(&app, "/api/claims?scope=event").await.json()["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(strike.len(), 2);
    for id in strike {
        assert!(
            html.contains(&format!("href=\"/claims/{id}\"")),
            "a link to report #{id}: {html}"
        );
    }
    // The bars per week, labelled as a lower bound and not a total; the estimate leaves
    // the incident out.
    assert!(html.contains("<svg class=\"bars\""), "{html}");
    assert_eq!(html.matches("<rect ").count(), 1, "one week: {html}");
    assert!(
        html.contains("at least 6 killed in the 1 incident reported that week; not a total"),
        "{html}"
    );
    assert!(html.contains("at least N killed in the incidents reported that week; not a total"));
    assert!(
        !html.contains("12,306"),
        "the incident is not added to the toll"
    );

    // A period series opens with scope=period; event figures go to the incidents list.
    // No count over a period here: the page says so and still lists the incidents.
    let period = get(&app, "/series/UKR/civilian/killed?scope=period")
        .await
        .text();
    assert!(
        period.contains("No dated figure of UKR civilian killed (period) in the ledger"),
        "{period}"
    );
    assert_eq!(period.matches("<tr class=\"incident\">").count(), 1);
    let event = get(&app, "/series/UKR/unspecified/killed?scope=event").await;
    assert_eq!(event.status, StatusCode::SEE_OTHER);
    assert_eq!(
        event.headers["location"],
        "/series/UKR/unspecified/killed#incidents"
    );
    // A series with only incidents still has a page: the incidents, no estimate.
    let only = get(&app, "/series/UKR/unspecified/killed").await;
    assert_eq!(only.status, StatusCode::OK, "{}", only.text());
    assert!(only.text().contains("only the incidents below"));
    assert_eq!(only.text().matches("<tr class=\"incident\">").count(), 1);
    assert_eq!(
        get(&app, "/series/UKR/civilian/killed?scope=sometimes")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );

    // The overview names each series' scope and links it accordingly.
    let overview = get(&app, "/").await.text();
    assert!(overview.contains("<th>Scope</th>"), "{overview}");
    assert!(
        overview.contains("href=\"/series/UKR/civilian/killed\">UKR civilian killed</a>"),
        "{overview}"
    );
    assert!(
        overview.contains(
            "href=\"/series/UKR/unspecified/killed#incidents\">UKR unspecified killed (event)</a>"
        ),
        "{overview}"
    );
    assert!(overview.contains("<td class=\"scope\">running total</td>"));
    assert!(overview.contains("<td class=\"scope\">incidents</td>"));
    assert!(overview.contains("none: incidents are not a total"));

    // A claim page shows the claim's scope and place.
    let id = get(&app, "/api/claims?scope=event&limit=1").await.json()["claims"][0]["id"]
        .as_i64()
        .unwrap();
    let claim = get(&app, &format!("/claims/{id}")).await.text();
    assert!(
        claim.contains("<dt>scope</dt><dd>event (the people of one incident)</dd>"),
        "{claim}"
    );
    assert!(
        claim.contains("<dt>place</dt><dd>“Dnipro” → <strong>"),
        "{claim}"
    );
    assert!(claim.contains("(UKR)"), "{claim}");
}

#[tokio::test]
async fn issue_11_a_period_series_opens_with_its_scope() {
    let (_dir, app) = super::app(Some(TOKEN));
    let jsonl = concat!(
        r#"{"id": "day", "published": "2025-03-05", "text": "Over the past 24 hours, 14 Ukrainian soldiers were killed in the fighting, the general staff said."}"#,
        "\n",
    );
    let report = post(&app, "/api/documents", Some(TOKEN), jsonl)
        .await
        .json();
    assert_eq!(report["n_new"], 1, "{report}");
    let claims = get(&app, "/api/claims?scope=period").await.json();
    let claim = &claims["claims"][0];
    assert!(claim.is_object(), "a period claim: {claims}");
    let path = format!(
        "/series/{}/{}/{}",
        claim["actor"].as_str().unwrap(),
        claim["role"].as_str().unwrap(),
        claim["metric"].as_str().unwrap()
    );
    let overview = get(&app, "/").await.text();
    assert!(
        overview.contains(&format!("href=\"{path}?scope=period\"")),
        "{overview}"
    );
    assert!(overview.contains("<td class=\"scope\">counts over periods</td>"));
    let page = get(&app, &format!("{path}?scope=period")).await;
    let html = page.text();
    assert_eq!(page.status, StatusCode::OK, "{html}");
    assert!(html.contains("(period)</h1>"), "{html}");
    assert!(html.contains("data-scope=\"period\""), "{html}");
    assert!(
        html.contains("<input type=\"hidden\" name=\"scope\" value=\"period\">"),
        "the day's form keeps the scope: {html}"
    );
    assert!(html.contains("14"), "{html}");
    assert!(
        html.contains("No incident of"),
        "no incident of this actor and metric: {html}"
    );
}

/// Issue 16: the claim page's form reviews the claim (the token in the form), the page
/// then shows the review, the claims table marks it, the estimate sees it; the Sources
/// page lists the sources with their grades.
#[tokio::test]
async fn issue_16_the_claim_page_form_reviews_a_claim_and_the_estimate_sees_it() {
    use axum::body::Body;
    use axum::http::{header, Request};

    let (_dir, app) = seed_app().await;
    let jcs = get(&app, "/api/claims?source=joint%20chiefs&metric=casualties")
        .await
        .json();
    let id = jcs["claims"][0]["id"].as_i64().unwrap();
    let page = get(&app, &format!("/claims/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains(&format!("action=\"/claims/{id}/review\"")),
        "{html}"
    );
    assert!(html.contains("name=\"token\""));
    assert!(html.contains("No one has reviewed this claim."));

    let form = |token: &str| {
        Request::post(format!("/claims/{id}/review"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "action=correct&value=&actor=RUS&role=&reason=read+the+statement&by=ann&token={token}"
            )))
            .unwrap()
    };
    let refused = super::send(&app, form("wrong")).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let before = get(&app, "/api/estimate?actor=PRK&metric=casualties")
        .await
        .json();
    let done = super::send(&app, form(TOKEN)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    let after = get(&app, "/api/estimate?actor=PRK&metric=casualties")
        .await
        .json();
    assert_ne!(
        before["sources"].as_array().unwrap().len(),
        after["sources"].as_array().unwrap().len()
    );
    let html = get(&app, &format!("/claims/{id}")).await.text();
    assert!(html.contains("set by hand: actor"), "{html}");
    assert!(html.contains("by ann"), "{html}");
    let table = get(&app, "/claims?actor=RUS").await.text();
    assert!(table.contains("reviewed: corrected"), "{table}");

    let sources = get(&app, "/sources").await;
    assert_eq!(sources.status, StatusCode::OK);
    assert!(sources.text().contains("UK Ministry of Defence"));
    assert!(sources.text().contains("cannot be judged"));
}

/// Issue 17's series: the UK's floors, the General Staff's range and the Kremlin's twelve,
/// from 12 to 50,000.
const BOUNDS: &str = concat!(
    r#"{"id": "uk-1", "published": "2023-03-04", "text": "Over 5,000 Russian soldiers have been killed, the UK Ministry of Defence said on Tuesday."}"#,
    "\n",
    r#"{"id": "uk-2", "published": "2024-03-05", "text": "Over 50,000 Russian soldiers have been killed, the UK Ministry of Defence said on Tuesday."}"#,
    "\n",
    r#"{"id": "gs", "published": "2023-09-05", "text": "Between 10,000 and 20,000 Russian soldiers have been killed, the Ukrainian General Staff said on Tuesday."}"#,
    "\n",
    r#"{"id": "kremlin", "published": "2022-04-05", "text": "Twelve Russian soldiers were killed in the war so far, the Kremlin said on Tuesday."}"#,
    "\n",
);

/// The chart's data a series page embeds for `series.js`.
fn chart_data(html: &str) -> serde_json::Value {
    let start = html
        .find("<script id=\"chart-data\" type=\"application/json\">")
        .unwrap_or_else(|| panic!("no chart data: {html}"));
    let json = &html[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    assert!(
        !json.contains('<'),
        "no markup can close the element: {json}"
    );
    serde_json::from_str(json).unwrap()
}

#[tokio::test]
async fn issue_17_the_chart_data_draws_bounds_as_what_they_are_on_a_log_axis() {
    let (_dir, app) = super::app(Some(TOKEN));
    let report = post(&app, "/api/documents", Some(TOKEN), BOUNDS)
        .await
        .json();
    assert_eq!(report["n_new"], 4, "{report}");
    let chart = chart_data(&get(&app, "/series/RUS/military/killed").await.text());
    assert_eq!(chart["scale"], "log", "12 to 50,000: {chart}");
    assert_eq!(chart["log"], serde_json::json!([1.0, 100000.0]));
    let sources: Vec<&str> = chart["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(sources[0], "UK Ministry of Defence", "most figures first");
    let colors: Vec<&str> = chart["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["color"].as_str().unwrap())
        .collect();
    assert_eq!(colors, &tally_app::chart::PALETTE[..3]);
    let marks = chart["marks"].as_array().unwrap();
    let shape_of = |display: &str| {
        marks
            .iter()
            .find(|m| m["display"] == display)
            .unwrap_or_else(|| panic!("no mark {display}: {marks:?}"))
    };
    let floor = shape_of("over 5,000");
    assert_eq!(floor["shape"], "floor");
    assert_eq!(floor["low"], 5000.0);
    assert!(floor["high"].is_null(), "a floor has no top");
    let range = shape_of("10,000–20,000");
    assert_eq!(range["shape"], "range", "a bar, not a point at 15,000");
    assert_eq!(
        (range["low"].as_f64(), range["high"].as_f64()),
        (Some(10000.0), Some(20000.0))
    );
    assert_eq!(shape_of("12")["shape"], "point");
    assert!(
        marks.iter().all(|m| m["reports"][0]["claim"].is_i64()),
        "each mark links to its claims"
    );
}

#[tokio::test]
async fn issue_17_one_figure_gets_an_axis_from_zero() {
    let (_dir, app) = super::app(Some(TOKEN));
    let one = r#"{"id": "one", "published": "2024-06-15", "text": "About 1,670 Russian soldiers have been killed, the UK Ministry of Defence said on Saturday."}"#;
    let report = post(&app, "/api/documents", Some(TOKEN), one).await.json();
    assert_eq!(report["n_new"], 1, "{report}");
    let chart = chart_data(&get(&app, "/series/RUS/military/killed").await.text());
    assert_eq!(chart["scale"], "linear");
    assert_eq!(chart["linear"], serde_json::json!([0.0, 2000.0]), "{chart}");
    let days = chart["days"].as_array().unwrap();
    assert_ne!(days[0], days[1], "days around the one figure");
}
