//! Session and lifecycle checks: will on an abrupt close, will delay,
//! persistent sessions with queued QoS 1, message expiry while queued.
//!
//! Policy: will delay and message expiry are about the passage of time, so
//! those two checks wait (2 s each); everything else waits for events.

use std::time::Duration;

use bytes::Bytes;
use mqtt_proto::{Disconnect, MqttString, ProtocolVersion, QoS, SubscriptionOptions, Topic, Will};
use tokio::time::Instant;

use crate::cmd::inspect::report::check::{human, millis, CheckResult};
use crate::cmd::inspect::report::context::{message, Ctx};
use crate::cmd::inspect::report::messaging::subscribe_or_no;
use crate::cmd::inspect::report::probe::{Probe, ProbeError};

/// The will delay the will-delay check asks for.
const WILL_DELAY: Duration = Duration::from_secs(2);
/// How long queued messages wait in the expiry check (longer than 1 s).
const EXPIRY_WAIT: Duration = Duration::from_millis(2100);

fn will_to(topic: &str, payload: &'static [u8]) -> Will {
    Will {
        topic: Topic::try_from(topic).unwrap_or_else(|_| Topic::from_static("mqtt-inspect/will")),
        payload: Bytes::from_static(payload),
        qos: QoS::AtLeastOnce,
        retain: false,
        properties: Default::default(),
    }
}

/// The will is published when a client vanishes, and not after DISCONNECT.
pub async fn will(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    let topic = ctx.topic("will");
    let mut observer = ctx.open().await?;
    if let Err(no) =
        subscribe_or_no(&mut observer, &topic, SubscriptionOptions::new(QoS::AtLeastOnce)).await?
    {
        return Ok(no);
    }
    // A clean DISCONNECT must discard the will.
    let mut polite = ctx.connect_packet();
    polite.will = Some(will_to(&topic, b"will after DISCONNECT (must not be sent)"));
    ctx.target.open_with(polite).await?.disconnect().await;
    let mut vanishing = ctx.connect_packet();
    vanishing.will = Some(will_to(&topic, b"will after an abrupt close"));
    let victim = ctx.target.open_with(vanishing).await?;
    let dropped = Instant::now();
    victim.abort();
    let deadline = observer.deadline();
    let mut after_disconnect = false;
    let mut delivered = None;
    while let Some((publish, arrived)) = observer.next_message_timed(deadline).await? {
        if publish.payload.starts_with(b"will after DISCONNECT") {
            after_disconnect = true;
        } else if publish.payload.starts_with(b"will after an abrupt close") {
            delivered = Some(arrived.saturating_duration_since(dropped));
            break;
        }
    }
    observer.disconnect().await;
    let Some(after) = delivered else {
        return Ok(CheckResult::no("no will message arrived after the connection dropped"));
    };
    let summary = format!("published {} after the connection dropped", human(after));
    let result = if after_disconnect {
        CheckResult::no(format!("{summary}, but also after a clean DISCONNECT"))
    } else {
        CheckResult::yes(format!("{summary}; not published after a clean DISCONNECT"))
    };
    Ok(result.detail("after_ms", millis(after)).detail("sent_after_disconnect", after_disconnect))
}

/// MQTT 5 will delay: the will waits for the delay.
pub async fn will_delay(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    let topic = ctx.topic("will-delay");
    let mut observer = ctx.open().await?;
    if let Err(no) =
        subscribe_or_no(&mut observer, &topic, SubscriptionOptions::new(QoS::AtLeastOnce)).await?
    {
        return Ok(no);
    }
    let mut connect = ctx.connect_packet();
    let mut will = will_to(&topic, b"delayed will");
    will.properties.set_will_delay_interval(WILL_DELAY.as_secs() as u32);
    connect.will = Some(will);
    // The will waits for the delay only while the session lives.
    connect.properties.set_session_expiry_interval(30);
    ctx.session(&connect.client_id);
    let victim = ctx.target.open_with(connect).await?;
    let dropped = Instant::now();
    victim.abort();
    let deadline = Instant::now() + WILL_DELAY + ctx.target.timeout;
    let arrived = observer.next_message_timed(deadline).await?;
    observer.disconnect().await;
    let Some((_, at)) = arrived else {
        return Ok(CheckResult::no(format!(
            "no will within {} of the drop (delay {} s)",
            human(WILL_DELAY + ctx.target.timeout),
            WILL_DELAY.as_secs()
        )));
    };
    let after = at.saturating_duration_since(dropped);
    let result = if after + Duration::from_millis(500) < WILL_DELAY {
        CheckResult::no(format!(
            "published {} after the drop, ignoring the {} s delay",
            human(after),
            WILL_DELAY.as_secs()
        ))
    } else {
        CheckResult::yes(format!(
            "published {} after the drop (delay {} s)",
            human(after),
            WILL_DELAY.as_secs()
        ))
    };
    Ok(result.detail("delay_s", WILL_DELAY.as_secs()).detail("after_ms", millis(after)))
}

/// Opens a persistent session subscribed to `topic` and leaves it offline.
/// Returns the client id.
async fn offline_session(
    ctx: &Ctx<'_>,
    topic: &str,
) -> Result<Result<String, CheckResult>, ProbeError> {
    let mut connect = ctx.connect_packet();
    connect.clean_start = false;
    if ctx.v5() {
        connect.properties.set_session_expiry_interval(300);
    }
    let client_id = connect.client_id.to_string();
    ctx.session(&client_id);
    let mut probe = ctx.target.open_with(connect).await?;
    if let Err(no) =
        subscribe_or_no(&mut probe, topic, SubscriptionOptions::new(QoS::AtLeastOnce)).await?
    {
        return Ok(Err(no));
    }
    probe.disconnect().await;
    Ok(Ok(client_id))
}

/// Reconnects to the session of `client_id`.
async fn resume(ctx: &Ctx<'_>, client_id: &str) -> Result<Probe, ProbeError> {
    let mut connect = ctx.connect_packet();
    connect.client_id = MqttString::try_from(client_id).unwrap_or_default();
    connect.clean_start = false;
    if ctx.v5() {
        connect.properties.set_session_expiry_interval(300);
    }
    ctx.target.open_with(connect).await
}

/// QoS 1 messages are queued for an offline persistent session.
pub async fn session(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    let topic = ctx.topic("session");
    let client_id = match offline_session(ctx, &topic).await? {
        Ok(client_id) => client_id,
        Err(no) => return Ok(no),
    };
    let mut publisher = ctx.open().await?;
    publisher.publish(message(&topic, &b"queued while offline"[..], QoS::AtLeastOnce)).await?;
    publisher.disconnect().await;
    let mut back = resume(ctx, &client_id).await?;
    // MQTT 3.1's CONNACK has no session-present flag (it came in 3.1.1,
    // §3.2.2.2): there, delivery alone tells.
    let present = (ctx.version != ProtocolVersion::V3_1).then_some(back.connack.session_present);
    let deadline = back.deadline();
    let got = back.next_message(deadline).await?;
    back.disconnect().await;
    let delivered = got.is_some_and(|publish| publish.payload.as_ref() == b"queued while offline");
    let result = match (present, delivered) {
        (Some(true), true) => CheckResult::yes(
            "session resumed (session present 1) and the queued QoS 1 message delivered",
        ),
        (None, true) => CheckResult::yes(
            "the queued QoS 1 message was delivered on return (MQTT 3.1 has no session-present flag)",
        ),
        (Some(false), _) => {
            CheckResult::no("the session was not kept: CONNACK session present 0 on return")
        }
        (None, false) => CheckResult::no(
            "the queued QoS 1 message never came on return (MQTT 3.1 has no session-present flag)",
        ),
        (Some(true), false) => {
            CheckResult::no("session present 1, but the queued QoS 1 message never came")
        }
    };
    Ok(result.detail("session_present", present).detail("queued_delivered", delivered))
}

/// MQTT 5 message expiry: an expired queued message is dropped, a live
/// one is delivered with its remaining lifetime.
pub async fn expiry(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    let topic = ctx.topic("expiry");
    let client_id = match offline_session(ctx, &topic).await? {
        Ok(client_id) => client_id,
        Err(no) => return Ok(no),
    };
    let mut publisher = ctx.open().await?;
    let mut short = message(&topic, &b"expires after 1 s"[..], QoS::AtLeastOnce);
    short.properties.set_message_expiry_interval(1);
    let mut long = message(&topic, &b"expires after 300 s"[..], QoS::AtLeastOnce);
    long.properties.set_message_expiry_interval(300);
    publisher.publish(short).await?;
    publisher.publish(long).await?;
    publisher.disconnect().await;
    tokio::time::sleep(EXPIRY_WAIT).await;
    let mut back = resume(ctx, &client_id).await?;
    let deadline = back.deadline();
    let (seen, found) = back
        .messages_until(|publish| publish.payload.as_ref() == b"expires after 300 s", deadline)
        .await?;
    back.disconnect_with(Disconnect::default()).await;
    let expired_delivered =
        seen.iter().any(|publish| publish.payload.as_ref() == b"expires after 1 s");
    let remaining = seen
        .last()
        .filter(|_| found)
        .and_then(|publish| publish.properties.message_expiry_interval());
    let result = if !found {
        CheckResult::error("the queued message with 300 s to live never came")
    } else if expired_delivered {
        CheckResult::no(format!(
            "a message that expired {} ago was still delivered",
            human(EXPIRY_WAIT - Duration::from_secs(1))
        ))
    } else {
        CheckResult::yes(format!(
            "the expired message was dropped; the live one came with {} s left",
            remaining.map_or("no expiry".to_string(), |seconds| seconds.to_string())
        ))
    };
    Ok(result.detail("expired_delivered", expired_delivered).detail("remaining_s", remaining))
}
