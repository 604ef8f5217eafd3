//! `mqtt rr`: request/response over MQTT 5 (Response Topic and Correlation
//! Data), with a 3.1.1 fallback, and `--respond` to answer requests with a
//! command.
//!
//! | file | what it owns |
//! |---|---|
//! | `plan` | flags → [`plan::RrPlan`], before any I/O |
//! | `request` | subscribe, publish the requests, print the answers |
//! | `pending` | which response answers which request |
//! | `respond` | run a command per request and publish its output |

use std::process::ExitCode;

use self::plan::{RrPlan, Side};

mod pending;
pub mod plan;
mod request;
mod respond;

/// Runs `mqtt rr`.
pub async fn run(plan: RrPlan) -> anyhow::Result<ExitCode> {
    match plan.side {
        Side::Request(request) => request::run(plan.connect, request).await,
        Side::Respond(respond) => respond::run(plan.connect, respond).await,
    }
}
