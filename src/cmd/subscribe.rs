//! `mqtt sub`: subscribe, print each message, end when the plan says so.
//!
//! Policy:
//! * Messages go to stdout through one buffered writer that is flushed
//!   whenever no further message is already waiting, so a pipe gets bulk
//!   writes and a terminal sees each message at once.
//! * `-T` drops a message before it counts towards `-C` (as mosquitto);
//!   `-R` drops retained messages after `--remove-retained` saw them.
//! * The link is resumed by the client's reconnect policy; after a
//!   reconnect without a session the filters are subscribed again. Both
//!   are reported on stderr (unless `--quiet`).
//! * Ctrl-C sends DISCONNECT and exits 130; a closed stdout is success.

use std::io::Write;
use std::process::ExitCode;
use std::time::{Instant, SystemTime};

use anyhow::Context;
use bytes::Bytes;
use mqtt_client::{
    Client, DisconnectReasonCode, Event, Events, Message, OutgoingPublish, PublishProperties,
    QoS, RetainHandling, SubscribeProperties, SubscriptionOptions, TopicFilter,
    UnsubscribeProperties,
};
use tokio::time::sleep_until;

use crate::cli::subscribe::RetainHandlingArg;
use crate::cmd::session::{self, describe, Tuning};
use crate::cmd::sub_output::Printer;
use crate::cmd::subscribe_plan::SubscribePlan;
use crate::cmd::topics::matches;
use crate::exit::{coded, Exit};

/// Why the loop ended.
enum End {
    Done,
    Timeout,
    Interrupted,
}

/// Runs `mqtt sub`.
pub async fn run(plan: SubscribePlan) -> anyhow::Result<ExitCode> {
    let tuning = Tuning { max_inflight: 20, reconnect: !plan.ending.after_subscribe };
    let options = session::options(&plan.connect, &tuning)?;
    let started = Instant::now();
    let (client, mut events) =
        mqtt_client::connect(options).await.map_err(|err| session::connect_error(&plan.connect, err))?;
    let quiet = plan.connect.quiet;

    subscribe(&client, &plan).await?;
    if !plan.unsubscribe.is_empty() {
        let filters = plan.unsubscribe.iter().map(|f| TopicFilter::new(f)).collect::<Result<_, _>>()?;
        client
            .unsubscribe(filters, unsubscribe_properties(&plan))
            .await
            .context("unsubscribing")?;
    }
    if plan.ending.after_subscribe || plan.filters.is_empty() {
        disconnect(&client).await;
        return Ok(ExitCode::SUCCESS);
    }

    let mut printer = Printer::new(&plan)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut received: u64 = 0;
    let far = tokio::time::Instant::now() + std::time::Duration::from_secs(86_400 * 365);
    let timeout_at = plan.ending.timeout.map(|t| tokio::time::Instant::from_std(started + t));
    let idle_deadline = |now: tokio::time::Instant| plan.ending.idle_timeout.map(|t| now + t);
    let mut idle_at = idle_deadline(tokio::time::Instant::now());
    // --retained-only: quiet period once SUBACK arrived, reset by each retained message.
    let mut retained_quiet_at = plan.ending.retained_only.map(|t| tokio::time::Instant::now() + t);
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);

    let end = loop {
        let event = tokio::select! {
            biased;
            _ = &mut ctrl_c => break End::Interrupted,
            _ = sleep_until(timeout_at.unwrap_or(far)), if timeout_at.is_some() => break End::Timeout,
            _ = sleep_until(idle_at.unwrap_or(far)), if idle_at.is_some() => {
                let short = plan.ending.count.is_some_and(|count| received < count);
                break if short { End::Timeout } else { End::Done };
            }
            _ = sleep_until(retained_quiet_at.unwrap_or(far)), if retained_quiet_at.is_some() => break End::Done,
            event = events.recv() => event,
        };
        let Some(event) = event else {
            out.flush().context("writing to stdout")?;
            return Err(coded(Exit::ConnectionLost, "the connection ended"));
        };
        match event {
            Event::Message(message) => {
                idle_at = idle_deadline(tokio::time::Instant::now());
                if plan.ending.retained_only.is_some() {
                    if !message.retain {
                        break End::Done;
                    }
                    retained_quiet_at = plan.ending.retained_only.map(|t| tokio::time::Instant::now() + t);
                }
                if plan.filter_out.iter().any(|filter| matches(filter, message.topic.as_str())) {
                    continue;
                }
                if plan.remove_retained && message.retain && !message.payload.is_empty() {
                    remove_retained(&client, &message).await?;
                }
                if plan.skip_retained && message.retain {
                    continue;
                }
                printer.print(&mut out, &message, SystemTime::now()).context("writing to stdout")?;
                received += 1;
                if events.is_empty() {
                    out.flush().context("writing to stdout")?;
                }
                if plan.ending.count.is_some_and(|count| received >= count) {
                    break End::Done;
                }
            }
            Event::Disconnected { reason } => {
                out.flush().context("writing to stdout")?;
                if !quiet {
                    eprintln!("mqtt: connection lost ({reason}); reconnecting");
                }
            }
            Event::Reconnected { session_present, .. } => {
                if !quiet {
                    eprintln!("mqtt: reconnected to {}", plan.connect.broker.authority());
                }
                if !session_present {
                    subscribe(&client, &plan).await?;
                }
            }
        }
    };
    out.flush().context("writing to stdout")?;
    disconnect(&client).await;
    match end {
        End::Done => Ok(ExitCode::SUCCESS),
        End::Timeout => Ok(Exit::Timeout.into()),
        End::Interrupted => Ok(Exit::Interrupted.into()),
    }
}

async fn subscribe(client: &Client, plan: &SubscribePlan) -> anyhow::Result<()> {
    let options = SubscriptionOptions {
        qos: session::qos(plan.qos),
        no_local: plan.no_local,
        retain_as_published: plan.retain_as_published,
        retain_handling: match plan.retain_handling {
            None | Some(RetainHandlingArg::Always) => RetainHandling::SendAtSubscribe,
            Some(RetainHandlingArg::New) => RetainHandling::SendAtSubscribeIfNew,
            Some(RetainHandlingArg::Never) => RetainHandling::DoNotSend,
        },
    };
    let filters = plan
        .filters
        .iter()
        .map(|filter| Ok((TopicFilter::new(filter)?, options)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut properties = SubscribeProperties::default();
    properties.subscription_identifier = plan.connect.properties.subscription_identifier;
    properties.user_properties = plan
        .connect
        .properties
        .subscribe_user_properties
        .iter()
        .map(|(k, v)| (k.as_str().into(), v.as_str().into()))
        .collect();
    let suback = client.subscribe(filters, properties).await.context("subscribing")?;
    let refused: Vec<String> = plan
        .filters
        .iter()
        .zip(&suback.reason_codes)
        .filter(|(_, code)| u8::from(**code) >= 0x80)
        .map(|(filter, code)| format!("{filter:?}: {}", describe(*code, suback.reason_string.as_deref())))
        .collect();
    if !refused.is_empty() {
        return Err(coded(Exit::SubscribeRefused, format!("the broker refused {}", refused.join(", "))));
    }
    Ok(())
}

fn unsubscribe_properties(plan: &SubscribePlan) -> UnsubscribeProperties {
    let mut properties = UnsubscribeProperties::default();
    properties.user_properties = plan
        .connect
        .properties
        .unsubscribe_user_properties
        .iter()
        .map(|(k, v)| (k.as_str().into(), v.as_str().into()))
        .collect();
    properties
}

async fn remove_retained(client: &Client, message: &Message) -> anyhow::Result<()> {
    let clear = OutgoingPublish {
        topic: message.topic.clone(),
        payload: Bytes::new(),
        qos: QoS::AtMostOnce,
        retain: true,
        properties: PublishProperties::default(),
    };
    client.publish(clear).await.context("clearing a retained message")?;
    Ok(())
}

async fn disconnect(client: &Client) {
    let _ = tokio::time::timeout(
        session::DISCONNECT_WAIT,
        client.disconnect(DisconnectReasonCode::NormalDisconnection),
    )
    .await;
}
