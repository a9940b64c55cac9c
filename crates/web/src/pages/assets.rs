//! The files the pages load, embedded at build time: the stylesheet, the series chart's
//! script, the tables' labels for narrow screens (`tables.js`), the icon and the vendored uPlot (MIT, `assets/uPlot.LICENSE`).

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::PageError;
use crate::http_error::HttpError;

/// Name, content type, bytes.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/app.css"),
    ),
    (
        "series.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/series.js"),
    ),
    (
        "tables.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/tables.js"),
    ),
    (
        "uPlot.iife.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/uPlot.iife.min.js"),
    ),
    (
        "uPlot.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/uPlot.min.css"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../../assets/favicon.svg"),
    ),
    (
        "uPlot.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/uPlot.LICENSE"),
    ),
];

/// One asset, cached by the browser for an hour.
pub async fn asset(Path(name): Path<String>) -> Result<Response, PageError> {
    let Some((_, content_type, bytes)) = ASSETS.iter().find(|(asset, _, _)| *asset == name) else {
        return Err(HttpError::not_found(format!("no asset {name:?}")).into());
    };
    Ok((
        [
            (header::CONTENT_TYPE, *content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        *bytes,
    )
        .into_response())
}

/// `/favicon.ico`, where browsers look for the icon: the SVG tally mark (four strokes and
/// a fifth across), which every current browser takes whatever the name.
pub async fn favicon() -> Result<Response, PageError> {
    asset(Path("favicon.svg".to_string())).await
}
