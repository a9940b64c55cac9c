//! A failed request: its status and a message for the person who sent it. The API sends it
//! as `{"error": message}`, the pages as an HTML page; server errors are logged with
//! tracing and their details kept out of the answer.

use axum::http::StatusCode;

use crate::Error;

/// A request's failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the client.
    pub message: String,
}

impl HttpError {
    /// 400: the request is malformed (a bad parameter, a bad text query).
    pub fn bad_request(message: impl Into<String>) -> HttpError {
        HttpError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// 404: nothing has that id.
    pub fn not_found(message: impl Into<String>) -> HttpError {
        HttpError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl HttpError {
    /// 503: the server is too busy, or the work ran past its deadline; answered with
    /// `Retry-After`.
    pub fn unavailable(message: impl Into<String>) -> HttpError {
        HttpError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: message.into(),
        }
    }

    /// 500: the server failed; the message is logged, the client gets a generic one.
    pub fn internal(message: impl Into<String>) -> HttpError {
        let message = message.into();
        tracing::error!(%message, "request failed");
        HttpError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "internal error (see the server's log)".into(),
        }
    }
}

impl From<Error> for HttpError {
    fn from(error: Error) -> HttpError {
        match error {
            Error::Store(tally_store::Error::TextQuery { query, message }) => {
                HttpError::bad_request(format!("bad text query {query:?}: {message}"))
            }
            Error::Store(error) if error.is_deadline() => HttpError::unavailable(
                "the query ran past its deadline and was cancelled: narrow it (fewer or longer words, a filter) or try again later",
            ),
            error => {
                tracing::error!(%error, "request failed");
                HttpError { status: StatusCode::INTERNAL_SERVER_ERROR, message: "internal error: the ledger could not be read or written (see the server's log)".into() }
            }
        }
    }
}

impl From<tally_app::Error> for HttpError {
    fn from(error: tally_app::Error) -> HttpError {
        match error {
            tally_app::Error::Store(error) => HttpError::from(error),
            error @ tally_app::Error::Deadline { .. } => HttpError::unavailable(error.to_string()),
            error @ tally_app::Error::TooManyClaims { .. } => HttpError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                message: error.to_string(),
            },
            error @ (tally_app::Error::NoClaim { .. }
            | tally_app::Error::NoDocument { .. }
            | tally_app::Error::NoDatedClaims { .. }) => HttpError::not_found(error.to_string()),
            error @ (tally_app::Error::BadReview { .. } | tally_app::Error::BadGrade { .. }) => {
                HttpError::bad_request(error.to_string())
            }
            error => HttpError::internal(error.to_string()),
        }
    }
}

impl From<tally_store::Error> for HttpError {
    fn from(error: tally_store::Error) -> HttpError {
        HttpError::from(Error::from(error))
    }
}
