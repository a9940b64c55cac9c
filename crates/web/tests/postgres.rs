//! `tally serve` works on PostgreSQL (issue 7): the API over a PostgreSQL ledger answers as
//! over SQLite. The server is `TALLY_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/test`); the test works in a schema of its own,
//! dropped at the end. An unreachable server skips the test with a message, and fails it
//! when `CI` is set.

use axum::http::StatusCode;
use tally_web::server::{router, AppState};

use super::{get, post, seed_app, seed_path, TOKEN};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_7_the_api_answers_on_postgresql_as_on_sqlite() {
    // The scratch schema is made and dropped off the runtime: its client blocks.
    let Some(scratch) = tokio::task::spawn_blocking(|| tally_testkit::Scratch::new("web"))
        .await
        .unwrap()
    else {
        return;
    };
    let url = scratch.url.clone();

    let outcome = async {
        let state =
            tokio::task::spawn_blocking(move || AppState::open(&url, Some(TOKEN.to_string()), 4))
                .await
                .unwrap()
                .unwrap();
        let app = router(state);
        let seed = std::fs::read(seed_path()).unwrap();
        let answer = post(
            &app,
            "/api/documents?name=000_a9c692d039172afc.txt",
            Some(TOKEN),
            seed,
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
        let (_dir, sqlite) = seed_app().await;
        for uri in [
            "/api/estimate?actor=PRK&metric=casualties&at=2025-03-31",
            "/api/timeline?actor=PRK&metric=deployed",
            "/api/series",
            "/api/claims?actor=PRK&limit=5&offset=2",
            "/api/claims?text=Kursk%20AND%20korea*",
        ] {
            let on_postgres = get(&app, uri).await;
            assert_eq!(
                on_postgres.status,
                StatusCode::OK,
                "{uri}: {}",
                on_postgres.text()
            );
            assert_eq!(on_postgres.json(), get(&sqlite, uri).await.json(), "{uri}");
        }
        let page = get(&app, "/series/PRK/military/casualties").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text().contains("4,000–5,000+"));
    };
    // Drop the schema whether or not the checks passed.
    let outcome = tokio::spawn(outcome).await;
    let _ = tokio::task::spawn_blocking(move || drop(scratch)).await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
}
