//! `mqtt watch`: a live view of a broker's topic space: the full-screen
//! view on a terminal ([`screen`]), periodic statistics otherwise
//! ([`stats`]). Both record every message in a `mqtt_watch::TopicTree`.
//!
//! Policy:
//! * Connect first (errors print as for every command), then subscribe
//!   beside the loop: a broker may send thousands of retained messages
//!   before the SUBACK, and they must be read for the SUBACK to be read.
//! * A lost link is resumed for ever (the status line says so); without a
//!   session the filters are subscribed again.
//! * `q` and `--duration` end with 0, Ctrl-C with 130, after a DISCONNECT.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use mqtt_client::{Client, QoS, SubscribeProperties, SubscriptionOptions, TopicFilter};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::cmd::watch::plan::{Display, WatchPlan};
use crate::connect::open::{self, describe, Interrupt, Tuning};
use crate::exit::{coded, Exit};

mod app;
mod feed;
pub mod plan;
mod screen;
mod stats;
mod view;

/// How the loop ended.
pub enum End {
    Done,
    Interrupted,
}

/// Runs `mqtt watch`.
pub async fn run(plan: WatchPlan) -> anyhow::Result<ExitCode> {
    let tuning = Tuning { max_inflight: None, reconnect: true, reconnect_limit: None };
    let options = open::options(&plan.connect, &tuning)?;
    let mut interrupt = Interrupt::listen()?;
    let Some((client, mut events)) = open::connect(&plan.connect, options, &mut interrupt).await?
    else {
        return Ok(Exit::Interrupted.into());
    };
    let properties = plan.connect.properties.subscribe.clone();
    let mut setup = Setup(Some(tokio::spawn(subscribe(
        client.clone(),
        plan.filters.clone(),
        plan.qos,
        properties,
    ))));
    let end = match plan.display {
        Display::Screen { color } => {
            screen::run(&plan, &client, &mut events, &mut interrupt, &mut setup, color).await
        }
        Display::Text { escape } => {
            stats::run(
                &plan,
                &client,
                &mut events,
                &mut interrupt,
                &mut setup,
                stats::Format::Text { escape },
            )
            .await
        }
        Display::Json => {
            stats::run(&plan, &client, &mut events, &mut interrupt, &mut setup, stats::Format::Json)
                .await
        }
    };
    open::disconnect(&client, &plan.connect).await;
    Ok(match end? {
        End::Done => ExitCode::SUCCESS,
        End::Interrupted => Exit::Interrupted.into(),
    })
}

/// The SUBSCRIBE running beside the loop.
pub struct Setup(Option<JoinHandle<anyhow::Result<()>>>);

impl Setup {
    /// Resolves only if subscribing failed, with the error.
    pub async fn failed(&mut self) -> anyhow::Error {
        let Some(task) = &mut self.0 else { return std::future::pending().await };
        let result = task.await;
        self.0 = None;
        match result {
            Ok(Ok(())) => std::future::pending().await,
            Ok(Err(err)) => err,
            Err(err) => anyhow::anyhow!("subscribing: {err}"),
        }
    }
}

/// Subscribes to every filter; a refused one is exit 6.
async fn subscribe(
    client: Client,
    filters: Vec<TopicFilter>,
    qos: QoS,
    properties: SubscribeProperties,
) -> anyhow::Result<()> {
    let names: Vec<String> = filters.iter().map(|filter| filter.as_str().to_owned()).collect();
    let request =
        filters.into_iter().map(|filter| (filter, SubscriptionOptions::new(qos))).collect();
    let suback = client.subscribe(request, properties).await.context("subscribing")?;
    let reason_string = suback.properties.reason_string().as_ref().map(|text| text.as_str());
    let refused: Vec<String> = names
        .iter()
        .zip(&suback.reason_codes)
        .filter(|(_, code)| code.is_error())
        .map(|(filter, code)| {
            format!("{filter:?}: {}", describe(code.name(), code.code(), reason_string))
        })
        .collect();
    if !refused.is_empty() {
        return Err(coded(
            Exit::SubscribeRefused,
            format!("the broker refused the subscription to {}", refused.join(", ")),
        ));
    }
    Ok(())
}

/// Subscribes again after a reconnect without a session.
pub async fn resubscribe(client: Client, filters: Vec<TopicFilter>, qos: QoS) {
    let _ = subscribe(client, filters, qos, SubscribeProperties::default()).await;
}

/// A deadline that never comes (for disabled timers).
fn far() -> Instant {
    Instant::now() + Duration::from_secs(86_400 * 365)
}
