//! `mqtt sub`: subscribe, print each message, end when the plan says so.
//!
//! Policy:
//! * Messages go to stdout through one buffered writer, flushed after each
//!   batch of messages that were already waiting, so a pipe gets bulk
//!   writes and a terminal sees each message at once.
//! * `-T` drops a message before it counts towards `-C` (as mosquitto);
//!   `-R` drops retained messages after `--remove-retained` saw them.
//! * The link is resumed by the client's reconnect policy (for ever unless
//!   `--reconnect-limit`; `--no-reconnect` and `-E` end at a lost link
//!   with exit 8); after a reconnect without a session the filters are
//!   subscribed again. Both are reported on stderr (unless `--quiet`).
//! * `-W` counts from the start of the run, connecting included, as
//!   mosquitto_sub's does: a broker that never answers CONNECT ends it too.
//! * Ctrl-C sends DISCONNECT and exits 130; a closed stdout is success.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use anyhow::Context;
use bytes::Bytes;
use mqtt_client::{
    Client, Event, Message, OutgoingPublish, PublishProperties, QoS, RetainHandling,
    SubscribeProperties, SubscriptionOptions, TopicFilter, UnsubscribeProperties,
};
use tokio::time::{sleep_until, Instant};

use self::live::{next_tick, Live};
use crate::cli::subscribe::RetainHandlingArg;
use crate::cmd::subscribe::plan::SubscribePlan;
use crate::connect::open::{self, Interrupt, Tuning};
use crate::exit::{coded, Exit};
use crate::output::printer::{MessagePrinter, Shown};

mod live;
pub mod plan;
mod rate;

/// Why the loop ended.
enum End {
    Done,
    Timeout,
    Interrupted,
}

/// How many ready events are handled before the output is flushed.
const BATCH: usize = 512;

/// Runs `mqtt sub`.
pub async fn run(plan: SubscribePlan) -> anyhow::Result<ExitCode> {
    let tuning = Tuning {
        max_inflight: None,
        reconnect: plan.reconnect,
        reconnect_limit: plan.reconnect_limit,
    };
    let options = open::options(&plan.connect, &tuning)?;
    let mut live = Live::new(&plan)?;
    let mut interrupt = Interrupt::listen()?;
    let started = Instant::now();
    let timeout_at = plan.ending.timeout.map(|t| started + t);
    let connected = tokio::select! {
        connected = open::connect(&plan.connect, options, &mut interrupt) => connected?,
        _ = sleep_until(timeout_at.unwrap_or_else(far)), if timeout_at.is_some() => {
            if !plan.connect.quiet {
                diag!("mqtt: -W ran out while connecting to {}", plan.connect.address());
            }
            return Ok(Exit::Timeout.into());
        }
    };
    let Some((client, mut events)) = connected else {
        return Ok(Exit::Interrupted.into());
    };
    let quiet = plan.connect.quiet;
    // SUBSCRIBE (then -U's UNSUBSCRIBE) runs beside the event loop: a
    // resumed session may deliver thousands of queued messages before the
    // SUBACK, and they must be read for the SUBACK to be read at all.
    let request = SubscribeRequest::new(&plan)?;
    let unsubscribe = UnsubscribeRequest::new(&plan)?;
    let mut setup =
        tokio::spawn(set_up(client.clone(), request.clone(), Some(unsubscribe), !quiet));
    let mut setting_up = true;

    let mut printer = MessagePrinter::new(&plan.output, std::io::stdout().is_terminal());
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let mut received: u64 = 0;
    let after = |duration: Option<Duration>| duration.map(|d| Instant::now() + d);
    // Both start once the SUBACK is in.
    let mut idle_at = None;
    // --retained-only: a quiet period after the SUBACK, renewed by each retained message.
    let mut retained_quiet_at = None;
    let mut batch = Vec::with_capacity(BATCH);
    if let Some(live) = &mut live {
        live.start(&mut out).context("writing to stdout")?;
    }

    let end = 'run: loop {
        tokio::select! {
            biased;
            _ = interrupt.wait() => break End::Interrupted,
            _ = sleep_until(timeout_at.unwrap_or_else(far)), if timeout_at.is_some() => break End::Timeout,
            _ = sleep_until(idle_at.unwrap_or_else(far)), if idle_at.is_some() => {
                let short = plan.ending.count.is_some_and(|count| received < count);
                break if short { End::Timeout } else { End::Done };
            }
            _ = sleep_until(retained_quiet_at.unwrap_or_else(far)), if retained_quiet_at.is_some() => break End::Done,
            _ = next_tick(&mut live) => {
                if let Some(live) = &mut live {
                    live.on_tick(&mut out).context("writing to stdout")?;
                }
                continue;
            }
            done = &mut setup, if setting_up => {
                setting_up = false;
                done.context("subscribing")??;
                if plan.ending.after_subscribe || plan.filters.is_empty() {
                    break End::Done;
                }
                idle_at = idle_at.or(after(plan.ending.idle_timeout));
                retained_quiet_at = retained_quiet_at.or(after(plan.ending.retained_only));
                continue;
            }
            count = events.recv_many(&mut batch, BATCH) => {
                if count == 0 {
                    out.flush().context("writing to stdout")?;
                    let why = match plan.reconnect_limit {
                        Some(limit) if plan.reconnect => format!(
                            "gave up reconnecting to {} after {limit} failed attempts (--reconnect-limit)",
                            plan.connect.address()
                        ),
                        _ => "the connection ended".to_owned(),
                    };
                    return Err(coded(Exit::ConnectionLost, why));
                }
            }
        }
        for event in batch.drain(..) {
            match event {
                Event::Message(message) => {
                    idle_at = after(plan.ending.idle_timeout);
                    if let Some(live) = &mut live {
                        live.count(message.topic.as_str());
                    }
                    if plan.ending.retained_only.is_some() {
                        if !message.retain {
                            break 'run End::Done;
                        }
                        retained_quiet_at = after(plan.ending.retained_only);
                    }
                    if plan
                        .filter_out
                        .iter()
                        .any(|filter| mqtt_proto::matches(filter.as_str(), message.topic.as_str()))
                    {
                        continue;
                    }
                    if plan.remove_retained && message.retain && !message.payload.is_empty() {
                        remove_retained(&client, &message).await?;
                    }
                    if plan.skip_retained && message.retain {
                        continue;
                    }
                    let shown = live
                        .as_mut()
                        .is_some_and(|live| live.show(message.topic.as_str(), &message.payload));
                    let shown = if shown {
                        Shown::default()
                    } else {
                        printer
                            .print(&mut out, &message, SystemTime::now())
                            .context("writing to stdout")?
                    };
                    received += 1;
                    if let (true, Some(why)) = (plan.output.strict_decode, shown.decode_error) {
                        out.flush().context("writing to stdout")?;
                        open::disconnect(&client, &plan.connect).await;
                        return Err(coded(Exit::DataError, format!("{why} (--strict-decode)")));
                    }
                    if plan.ending.count.is_some_and(|count| received >= count) {
                        break 'run End::Done;
                    }
                }
                Event::Disconnected { reason } => {
                    out.flush().context("writing to stdout")?;
                    if !plan.reconnect {
                        return Err(coded(
                            Exit::ConnectionLost,
                            format!("connection lost: {reason}"),
                        ));
                    }
                    if !quiet {
                        diag!("mqtt: connection lost ({reason}); reconnecting");
                    }
                }
                Event::Reconnected { session_present, .. } => {
                    if !quiet {
                        let session =
                            if session_present { "session resumed" } else { "subscribing again" };
                        diag!("mqtt: reconnected to {} ({session})", plan.connect.address());
                    }
                    if !session_present && !plan.filters.is_empty() {
                        setup = tokio::spawn(set_up(client.clone(), request.clone(), None, false));
                        setting_up = true;
                    }
                }
            }
        }
        if let Some(live) = &mut live {
            live.redraw(&mut out).context("writing to stdout")?;
        }
        out.flush().context("writing to stdout")?;
    };
    if let Some(live) = &mut live {
        live.redraw(&mut out).context("writing to stdout")?;
    }
    out.flush().context("writing to stdout")?;
    open::disconnect(&client, &plan.connect).await;
    Ok(match end {
        End::Done => ExitCode::SUCCESS,
        End::Timeout => Exit::Timeout.into(),
        End::Interrupted => Exit::Interrupted.into(),
    })
}

/// A deadline that never comes (for disabled timers).
fn far() -> Instant {
    Instant::now() + Duration::from_secs(86_400 * 365)
}

/// One SUBSCRIBE for all of the plan's filters.
#[derive(Clone)]
struct SubscribeRequest {
    filters: Vec<(TopicFilter, SubscriptionOptions)>,
    properties: SubscribeProperties,
}

impl SubscribeRequest {
    fn new(plan: &SubscribePlan) -> anyhow::Result<SubscribeRequest> {
        let mut options = SubscriptionOptions::new(plan.qos);
        options.no_local = plan.no_local;
        options.retain_as_published = plan.retain_as_published;
        options.retain_handling = match plan.retain_handling {
            None | Some(RetainHandlingArg::Always) => RetainHandling::SendAtSubscribe,
            Some(RetainHandlingArg::New) => RetainHandling::SendIfNewSubscription,
            Some(RetainHandlingArg::Never) => RetainHandling::DoNotSend,
        };
        let properties = plan.connect.properties.subscribe.clone();
        let filters = plan.filters.iter().map(|filter| (filter.clone(), options)).collect();
        Ok(SubscribeRequest { filters, properties })
    }
}

/// `-U`: one UNSUBSCRIBE after the SUBSCRIBE.
struct UnsubscribeRequest {
    filters: Vec<TopicFilter>,
    properties: UnsubscribeProperties,
}

impl UnsubscribeRequest {
    fn new(plan: &SubscribePlan) -> anyhow::Result<UnsubscribeRequest> {
        let properties = plan.connect.properties.unsubscribe.clone();
        Ok(UnsubscribeRequest { filters: plan.unsubscribe.clone(), properties })
    }
}

/// Subscribes (failing with exit 6 when the broker refuses a filter), then
/// unsubscribes what `-U` names. With `announce`, a QoS below the one asked
/// for is said once on stderr: messages on that filter arrive at that QoS
/// at most, and nothing in the data would show it.
async fn set_up(
    client: Client,
    request: SubscribeRequest,
    unsubscribe: Option<UnsubscribeRequest>,
    announce: bool,
) -> anyhow::Result<()> {
    if !request.filters.is_empty() {
        let names: Vec<String> =
            request.filters.iter().map(|(filter, _)| filter.as_str().to_owned()).collect();
        let asked: Vec<QoS> = request.filters.iter().map(|(_, options)| options.qos).collect();
        let suback = open::subscribe(&client, request.filters, request.properties).await?;
        for ((filter, asked), code) in names.iter().zip(asked).zip(&suback.reason_codes) {
            match code.granted_qos() {
                Some(granted) if announce && granted < asked => diag!(
                    "mqtt: the broker granted QoS {} for {filter:?} (asked for QoS {}): messages \
                     on it arrive at QoS {} at most",
                    granted as u8,
                    asked as u8,
                    granted as u8
                ),
                _ => {}
            }
        }
    }
    if let Some(unsubscribe) = unsubscribe.filter(|request| !request.filters.is_empty()) {
        client
            .unsubscribe(unsubscribe.filters, unsubscribe.properties)
            .await
            .context("unsubscribing")?;
    }
    Ok(())
}

async fn remove_retained(client: &Client, message: &Message) -> anyhow::Result<()> {
    let clear = OutgoingPublish {
        topic: message.topic.clone(),
        payload: Bytes::new(),
        qos: QoS::AtMostOnce,
        retain: true,
        properties: PublishProperties::default(),
    };
    // QoS 0: the handle is already complete.
    drop(client.publish(clear).await.context("clearing a retained message")?);
    Ok(())
}
