//! The JSON API on the seed: claims with filters and paging, series, estimates, timelines,
//! documents, explanations, writes with and without the token, the body limit, errors.

use axum::http::StatusCode;
use serde_json::Value;

use super::{app, get, post, seed_app, TOKEN};

fn ids(page: &Value) -> Vec<i64> {
    page["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

fn near(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|x| (x - expected).abs() < 1e-6)
}

#[tokio::test]
async fn claims_take_the_filters_of_tally_claims_and_come_in_pages() {
    let (_dir, app) = seed_app().await;
    let all = get(&app, "/api/claims?actor=prk&limit=1000").await.json();
    let n_claims = all["claims"].as_array().unwrap().len();
    assert!(n_claims >= 8, "{all}");
    assert!(all["next"].is_null());

    let first = get(&app, "/api/claims?actor=PRK&limit=3").await.json();
    assert_eq!(
        (
            first["offset"].as_u64(),
            first["limit"].as_u64(),
            first["next"].as_u64()
        ),
        (Some(0), Some(3), Some(3))
    );
    let second = get(&app, "/api/claims?actor=PRK&limit=3&offset=3")
        .await
        .json();
    assert_eq!(ids(&first).len(), 3);
    assert_eq!(
        [ids(&first), ids(&second)].concat(),
        ids(&all)[..6],
        "pages follow each other in id order"
    );
    let last = get(
        &app,
        &format!("/api/claims?actor=PRK&limit=3&offset={}", n_claims - 1),
    )
    .await
    .json();
    assert_eq!(ids(&last).len(), 1);
    assert!(last["next"].is_null());

    let casualties = get(
        &app,
        "/api/claims?metric=casualties&source=ministry%20of%20defence",
    )
    .await
    .json();
    let claims = casualties["claims"].as_array().unwrap();
    assert!(!claims.is_empty());
    for claim in claims {
        assert_eq!(claim["metric"], "casualties");
        assert_eq!(claim["source"], "UK Ministry of Defence");
        assert_eq!(
            claim["document"].as_str().unwrap().len(),
            64,
            "each claim names its document's hash"
        );
    }
    let searched = get(&app, "/api/claims?text=Kursk&metric=deployed")
        .await
        .json();
    assert!(!ids(&searched).is_empty());
    let none = get(&app, "/api/claims?text=Mariupol").await.json();
    assert!(ids(&none).is_empty());
    let blank_fields = get(&app, "/api/claims?actor=PRK&metric=&role=&since=")
        .await
        .json();
    assert_eq!(
        ids(&blank_fields).len(),
        50.min(n_claims),
        "blank parameters are absent ones"
    );
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_message_saying_what_is_wrong() {
    let (_dir, app) = seed_app().await;
    for (uri, says) in [
        ("/api/claims?metric=kiled", "kiled"),
        ("/api/claims?role=soldier", "soldier"),
        ("/api/claims?since=March", "since"),
        ("/api/claims?limit=0", "limit"),
        ("/api/claims?limit=5000", "limit"),
        ("/api/claims?offset=-1", "offset"),
        ("/api/claims?metrc=killed", "metrc"),
        ("/api/claims?text=%22unbalanced", "text query"),
        ("/api/estimate?metric=casualties", "actor"),
        ("/api/estimate?actor=PRK", "metric"),
        (
            "/api/estimate?actor=PRK&metric=casualties&at=yesterday",
            "at",
        ),
        (
            "/api/timeline?actor=PRK&metric=casualties&until=2025-13-01",
            "until",
        ),
        ("/api/claims/abc/explain", "abc"),
        ("/api/documents?limit=0", "limit"),
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            answer.text()
        );
        assert_eq!(answer.headers["content-type"], "application/json", "{uri}");
        let message = answer.json()["error"].as_str().unwrap().to_string();
        assert!(
            message.contains(says),
            "{uri}: {message:?} should name {says:?}"
        );
    }
    for uri in [
        "/api/claims/999999",
        "/api/claims/999999/explain",
        "/api/documents/nothing-like-it",
        "/api/nowhere",
        "/api/estimate?actor=ZZZ&metric=killed",
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "{uri}: {}",
            answer.text()
        );
        assert!(answer.json()["error"].is_string(), "{uri}");
    }
}

#[tokio::test]
async fn issue_6_estimate_is_the_json_of_tally_estimate() {
    let (_dir, app) = seed_app().await;
    let estimate = get(
        &app,
        "/api/estimate?actor=PRK&metric=casualties&at=2025-03-31",
    )
    .await
    .json();
    assert_eq!(
        estimate["series"]["role"], "military",
        "the role with most claims"
    );
    assert!(
        near(&estimate["estimate"]["low"], 4000.0),
        "{}",
        estimate["estimate"]
    );
    assert!(
        near(&estimate["estimate"]["best"], 5000.0),
        "{}",
        estimate["estimate"]
    );
    assert_eq!(estimate["estimate"]["open_high"], true);
    assert_eq!(estimate["contradictions"].as_array().unwrap().len(), 1);
    let uk = estimate["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "UK Ministry of Defence")
        .unwrap();
    assert_eq!(uk["bound"], "lower");

    let deployed = get(
        &app,
        "/api/estimate?actor=PRK&metric=deployed&role=military&at=2025-03-31",
    )
    .await
    .json();
    assert!(
        near(&deployed["estimate"]["best"], 14000.0),
        "{}",
        deployed["estimate"]
    );
    assert_eq!(
        deployed["sources"][0]["derived"]["operation"],
        "sum_of_increments"
    );

    let share = get(
        &app,
        "/api/estimate?actor=PRK&metric=casualties&of=deployed&at=2025-03-31",
    )
    .await
    .json();
    assert!(
        near(&share["share"]["low"], 4000.0 / 14000.0),
        "{}",
        share["share"]
    );
    assert_eq!(share["of"]["metric"], "deployed");

    let latest = get(&app, "/api/estimate?actor=PRK&metric=casualties")
        .await
        .json();
    assert_eq!(
        latest["at"], "2025-03-31",
        "without `at`, the last day a figure is placed at (the publisher's share as of March)"
    );
}

#[tokio::test]
async fn timeline_and_series_list_the_seeds_figures() {
    let (_dir, app) = seed_app().await;
    let timeline = get(&app, "/api/timeline?actor=PRK&metric=casualties")
        .await
        .json();
    let points = timeline["points"].as_array().unwrap();
    assert!(points.len() >= 2, "{timeline}");
    assert!(points
        .windows(2)
        .all(|w| w[0]["date"].as_str() < w[1]["date"].as_str()));
    let sources: Vec<&str> = timeline["assertions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["source"].as_str().unwrap())
        .collect();
    assert!(
        sources.contains(&"South Korean Joint Chiefs of Staff")
            && sources.contains(&"UK Ministry of Defence"),
        "{sources:?}"
    );
    let cut = get(
        &app,
        "/api/timeline?actor=PRK&metric=casualties&until=2025-03-27",
    )
    .await
    .json();
    assert_eq!(cut["points"].as_array().unwrap().len(), 1);

    let series = get(&app, "/api/series?actor=PRK").await.json();
    let labels: Vec<String> = series["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {} {}",
                s["series"]["actor"].as_str().unwrap(),
                s["series"]["role"].as_str().unwrap(),
                s["series"]["metric"].as_str().unwrap()
            )
        })
        .collect();
    for label in [
        "PRK military casualties",
        "PRK military deployed",
        "PRK military killed",
    ] {
        assert!(labels.iter().any(|l| l == label), "{label} in {labels:?}");
    }
    let busy = get(&app, "/api/series?min_assertions=2").await.json();
    assert!(busy["series"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["n_assertions"].as_u64().unwrap() >= 2));
}

#[tokio::test]
async fn documents_by_hash_or_id_with_text_and_claims_and_explanations() {
    let (_dir, app) = seed_app().await;
    let found = get(&app, "/api/documents?text=Kursk").await.json();
    let docs = found["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    let hash = docs[0]["hash"].as_str().unwrap().to_string();
    assert_eq!(docs[0]["published"], "2025-04-01");

    let by_hash = get(&app, &format!("/api/documents/{hash}")).await.json();
    let by_id = get(&app, "/api/documents/000_a9c692d039172afc.txt")
        .await
        .json();
    let by_prefix = get(&app, &format!("/api/documents/{}", &hash[..10]))
        .await
        .json();
    assert_eq!(by_hash, by_id);
    assert_eq!(by_hash, by_prefix);
    assert!(by_hash["text"]
        .as_str()
        .unwrap()
        .contains("Joint Chiefs of Staff"));
    let claims = by_hash["claims"].as_array().unwrap();
    assert_eq!(claims.len() as u64, docs[0]["n_claims"].as_u64().unwrap());

    // The UK's over 5,000 in the text, explained.
    let uk = claims
        .iter()
        .find(|c| {
            c["source"] == "UK Ministry of Defence"
                && c["metric"] == "casualties"
                && c["evidence"]["field"].is_null()
                && c["confidence"] == "highly likely"
        })
        .unwrap();
    let explanation = get(&app, &format!("/api/claims/{}/explain", uk["id"]))
        .await
        .json();
    assert_eq!(explanation["display"], "over 5,000");
    assert_eq!(explanation["id"], uk["id"]);
    assert_eq!(
        explanation["low"], 5000,
        "the claim's own fields come with it"
    );
    assert_eq!(
        explanation["source_phrase"], "ministry",
        "the phrase that named the source"
    );
    assert_eq!(explanation["qualifier"], "lower bound");
    assert_eq!(explanation["sentence"]["number"], "over 5,000");
    assert!(explanation["sentence"]["before"]
        .as_str()
        .unwrap()
        .contains("As of March 2025"));
    assert_eq!(
        explanation["as_of"],
        serde_json::json!(["2025-03-01", "2025-03-31"])
    );
    assert!(explanation["as_of_rules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap().starts_with("story.as_of")));
    assert!(explanation["rules"].as_array().unwrap().len() >= 3);
    let one = get(&app, &format!("/api/claims/{}", uk["id"])).await.json();
    assert_eq!(&one, uk);
}

#[tokio::test]
async fn issue_6_a_write_without_the_token_is_401_and_changes_nothing() {
    let (_dir, app) = app(Some(TOKEN));
    let text = "Over 300 soldiers were killed near the river, officials said on Monday.";
    let missing = post(&app, "/api/documents", None, text).await;
    assert_eq!(
        missing.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        missing.text()
    );
    assert_eq!(missing.headers["www-authenticate"], "Bearer");
    assert!(missing.json()["error"]
        .as_str()
        .unwrap()
        .contains("Authorization: Bearer"));
    let wrong = post(&app, "/api/documents", Some("guess"), text).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(&app, "/api/claims").await.json()["claims"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "nothing was written"
    );

    let written = post(
        &app,
        "/api/documents?name=note.txt&published=2025-04-01",
        Some(TOKEN),
        text,
    )
    .await;
    assert_eq!(written.status, StatusCode::CREATED, "{}", written.text());
    let report = written.json();
    assert_eq!(
        (report["n_new"].as_u64(), report["n_claims"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(report["documents"][0]["id"], "note.txt");
    let again = post(&app, "/api/documents?name=copy.txt", Some(TOKEN), text).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["n_present"], 1);
    let claims = get(&app, "/api/claims").await.json();
    assert_eq!(
        claims["claims"][0]["stated"], "2025-03-31",
        "\"on Monday\" resolved against `published`"
    );
}

#[tokio::test]
async fn writes_take_jsonl_and_html_and_report_bad_lines() {
    let (_dir, app) = app(Some(TOKEN));
    let jsonl = concat!(
        r#"{"id": "a", "published": "2025-04-01", "text": "Around 11,000 troops were sent last year, officials said."}"#,
        "\n",
        "not json\n",
        r#"{"id": "b", "published": "2025-04-02", "text": "At least 40 civilians were killed, the ministry said."}"#,
        "\n",
    );
    let report = post(&app, "/api/documents", Some(TOKEN), jsonl)
        .await
        .json();
    assert_eq!(
        (report["n_new"].as_u64(), report["n_failed"].as_u64()),
        (Some(2), Some(1)),
        "{report}"
    );
    assert!(
        report["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("upload:2:"),
        "the line is named: {report}"
    );
    let html = "<html lang=\"en\"><head><title>Front</title><meta property=\"article:published_time\" content=\"2025-04-03\"></head>\
                <body><article><p>More than 200 soldiers were wounded in the assault, the general staff said.</p></article></body></html>";
    let page = post(&app, "/api/documents?name=front.html", Some(TOKEN), html)
        .await
        .json();
    assert_eq!(page["n_new"], 1, "{page}");
    let stored = get(
        &app,
        &format!(
            "/api/documents/{}",
            page["documents"][0]["hash"].as_str().unwrap()
        ),
    )
    .await
    .json();
    assert_eq!(stored["title"], "Front");
    assert!(
        !stored["text"].as_str().unwrap().contains("<p>"),
        "the page's main text, not its markup"
    );
    let empty = post(&app, "/api/documents", Some(TOKEN), "  \n").await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn with_no_token_configured_every_write_is_refused() {
    let (_dir, app) = app(None);
    for token in [None, Some(""), Some("anything")] {
        let answer = post(
            &app,
            "/api/documents",
            token,
            "Over 300 soldiers were killed.",
        )
        .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{token:?}");
        assert!(answer.json()["error"].as_str().unwrap().contains("--token"));
    }
    assert_eq!(
        get(&app, "/api/documents").await.json()["documents"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn bodies_over_16_mib_are_refused_with_413() {
    let (_dir, app) = app(Some(TOKEN));
    let body = "Over 300 soldiers were killed. ".repeat((16 << 20) / 31 + 10);
    let answer = post(&app, "/api/documents", Some(TOKEN), body.clone()).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        answer.json()["error"]
            .as_str()
            .unwrap()
            .contains("length limit"),
        "{}",
        answer.text()
    );
    let anonymous = post(&app, "/api/documents", None, body).await;
    assert_eq!(
        anonymous.status,
        StatusCode::UNAUTHORIZED,
        "the token is checked before the body is read"
    );
    assert_eq!(
        get(&app, "/api/documents").await.json()["documents"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn openapi_describes_every_endpoint_and_each_answers() {
    let (_dir, app) = seed_app().await;
    let spec = get(&app, "/api/openapi.json").await.json();
    assert_eq!(spec["openapi"], "3.1.0");
    let paths = spec["paths"].as_object().unwrap();
    for path in [
        "/api/claims",
        "/api/claims/{id}",
        "/api/claims/{id}/explain",
        "/api/sources",
        "/api/series",
        "/api/estimate",
        "/api/timeline",
        "/api/incidents",
        "/api/documents",
        "/api/documents/{id}",
        "/api/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} is described");
        let concrete = path.replace("{id}", "1");
        let uri = match path {
            "/api/estimate" | "/api/timeline" => format!("{concrete}?actor=PRK&metric=casualties"),
            "/api/documents/{id}" => "/api/documents/000_a9c692d039172afc.txt".to_string(),
            _ => concrete,
        };
        let answer = get(&app, &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
    }
    assert!(paths["/api/documents"]["post"]["responses"]["401"].is_object());
    for write in ["/api/claims/{id}/review", "/api/sources/grade"] {
        assert!(
            paths[write]["post"]["responses"]["401"].is_object(),
            "{write}"
        );
    }
    // Every parameter the code accepts is described, and nothing more.
    let claim_params: Vec<&str> = paths["/api/claims"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        claim_params,
        [
            "actor",
            "metric",
            "role",
            "scope",
            "place",
            "source",
            "since",
            "until",
            "doc",
            "text",
            "published_by",
            "known_on",
            "offset",
            "limit"
        ]
    );
}

#[tokio::test]
async fn issue_11_incidents_merge_the_reports_of_one_strike_and_stay_out_of_the_total() {
    let (_dir, app) = app(Some(TOKEN));
    let jsonl = concat!(
        r#"{"id": "a", "published": "2025-03-04", "text": "The death toll in the war has risen to 7,200 people, the health ministry said on Tuesday."}"#,
        "\n",
        r#"{"id": "b", "published": "2025-03-04", "text": "A missile strike on a hospital in Kharkiv killed five people on Tuesday, the governor said."}"#,
        "\n",
        r#"{"id": "c", "published": "2025-03-05", "text": "A missile strike on a hospital in Kharkiv killed five people on Tuesday, the regional police said."}"#,
        "\n",
    );
    let report = post(&app, "/api/documents", Some(TOKEN), jsonl)
        .await
        .json();
    assert_eq!(report["n_new"], 3, "{report}");
    let found = get(&app, "/api/incidents?per=week").await.json();
    let incidents = found["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 1, "{found}");
    assert_eq!(
        incidents[0]["reports"].as_array().unwrap().len(),
        2,
        "{found}"
    );
    assert_eq!(
        incidents[0]["sources"].as_array().unwrap().len(),
        2,
        "{found}"
    );
    assert!(near(&found["totals"][0]["at_least"], 5.0), "{found}");
    let events = get(&app, "/api/claims?scope=event").await.json();
    assert_eq!(ids(&events).len(), 2, "{events}");
    let bad = get(&app, "/api/incidents?per=year").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let event_series = get(&app, "/api/estimate?actor=UKR&metric=killed&scope=event").await;
    assert_eq!(event_series.status, StatusCode::BAD_REQUEST);
}

/// The casualty sources of the PRK estimate.
async fn prk_casualty_sources(app: &axum::Router) -> Vec<String> {
    let estimate = get(app, "/api/estimate?actor=PRK&metric=casualties")
        .await
        .json();
    estimate["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["source"].as_str().unwrap().to_string())
        .collect()
}

/// Issue 16: `POST /api/claims/{id}/review` needs the token, checks the body and names
/// the valid values; a review moves the claim out of the PRK series and marks it
/// reviewed; a grade shows beside its source and `min_grade` leaves sources out.
#[tokio::test]
async fn issue_16_reviews_and_grades_through_the_api() {
    let (_dir, app) = seed_app().await;
    let jcs = get(&app, "/api/claims?source=joint%20chiefs&metric=casualties")
        .await
        .json();
    let id = jcs["claims"][0]["id"].as_i64().unwrap();
    let uri = format!("/api/claims/{id}/review");
    let body = r#"{"set": {"actor": "RUS"}, "reason": "checked", "by": "ann"}"#;
    let refused = post(&app, &uri, None, body).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let wrong = post(
        &app,
        &uri,
        Some(TOKEN),
        r#"{"set": {"role": "pilot"}, "reason": "x"}"#,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{}", wrong.text());
    assert!(
        wrong.text().contains("military, civilian, unspecified"),
        "{}",
        wrong.text()
    );
    let unknown = post(&app, &uri, Some(TOKEN), r#"{"colour": "red"}"#).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let missing = post(
        &app,
        "/api/claims/99999/review",
        Some(TOKEN),
        r#"{"confirm": true}"#,
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(prk_casualty_sources(&app)
        .await
        .contains(&"South Korean Joint Chiefs of Staff".to_string()));

    let done = post(&app, &uri, Some(TOKEN), body).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.text());
    let done = done.json();
    assert_eq!(done["review"]["by"], "ann");
    assert_eq!(done["review"]["changes"]["actor"]["from"], "PRK");
    assert_eq!(done["claim"]["actor"], "RUS");
    assert_eq!(done["claim"]["reviewed"], serde_json::json!(["actor"]));
    assert_eq!(done["claim"]["review"], "corrected");
    assert!(!prk_casualty_sources(&app)
        .await
        .contains(&"South Korean Joint Chiefs of Staff".to_string()));
    let rus = get(&app, "/api/claims?actor=RUS").await.json();
    assert_eq!(ids(&rus), [id]);

    // Grades: shown beside each source, and a minimum leaves sources out.
    let grade = r#"{"source": "UK Ministry of Defence", "grade": "A", "reason": "track record"}"#;
    assert_eq!(
        post(&app, "/api/sources/grade", None, grade).await.status,
        StatusCode::UNAUTHORIZED
    );
    let graded = post(&app, "/api/sources/grade", Some(TOKEN), grade).await;
    assert_eq!(graded.status, StatusCode::CREATED, "{}", graded.text());
    let bad = post(
        &app,
        "/api/sources/grade",
        Some(TOKEN),
        r#"{"source": "UK Ministry of Defence", "grade": "Z", "reason": "x"}"#,
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let estimate = get(
        &app,
        "/api/estimate?actor=PRK&metric=casualties&min_grade=B",
    )
    .await
    .json();
    let sources = estimate["sources"].as_array().unwrap();
    assert!(!sources.is_empty());
    assert!(sources.iter().all(|f| f["grade"] == "A"), "{estimate}");
    let sources = get(&app, "/api/sources").await.json();
    let uk = sources["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "UK Ministry of Defence")
        .unwrap()
        .clone();
    assert_eq!(uk["grade"], "A");
    assert!(uk["n_claims"].as_u64().unwrap() >= 3);
    let bad_min = get(
        &app,
        "/api/estimate?actor=PRK&metric=casualties&min_grade=Q",
    )
    .await;
    assert_eq!(bad_min.status, StatusCode::BAD_REQUEST);
}
