//! MQTT 5 feature checks: topic aliases, no-local, retain-as-published,
//! retain handling, and whether the broker honours our Receive Maximum.

use std::time::Duration;

use bytes::Bytes;
use mqtt_proto::{QoS, RetainHandling, SubscriptionOptions, Topic};

use crate::cmd::inspect::report::check::CheckResult;
use crate::cmd::inspect::report::context::{before_marker, message, stray, Ctx};
use crate::cmd::inspect::report::messaging::subscribe_or_no;
use crate::cmd::inspect::report::probe::ProbeError;

/// How long the receive-maximum check waits for a message past the window
/// once the window's worth has arrived.
const SETTLE: Duration = Duration::from_millis(300);

/// The broker accepts a PUBLISH that names its topic by alias only.
pub async fn topic_alias(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    let maximum = ctx.connack.properties.topic_alias_maximum().unwrap_or(0);
    if maximum == 0 {
        return Ok(CheckResult::no(
            "the broker's CONNACK allows no topic aliases (Topic Alias Maximum 0)",
        )
        .detail("topic_alias_maximum", maximum));
    }
    let topic = ctx.topic("alias");
    let mut connect = ctx.connect_packet();
    // Let the broker use aliases toward us too, to see whether it does.
    connect.properties.set_topic_alias_maximum(10);
    let mut probe = ctx.target.open_with(connect).await?;
    if let Err(no) =
        subscribe_or_no(&mut probe, &topic, SubscriptionOptions::new(QoS::AtLeastOnce)).await?
    {
        return Ok(no);
    }
    let mut first = message(&topic, &b"alias set"[..], QoS::AtLeastOnce);
    first.properties.set_topic_alias(1);
    let mut second = message(&topic, &b"alias only"[..], QoS::AtLeastOnce);
    second.topic = Topic::empty();
    second.properties.set_topic_alias(1);
    probe.publish(first).await?;
    let ack = match probe.publish(second).await {
        Ok(ack) => ack,
        Err(err @ ProbeError::Closed(_)) => {
            return Ok(CheckResult::no(format!("a PUBLISH by alias only was refused: {err}")));
        }
        Err(err) => return Err(err),
    };
    if !ack.accepted() {
        return Ok(CheckResult::no(format!(
            "a PUBLISH by alias only was refused: {:#04x} {}",
            ack.code, ack.name
        )));
    }
    let mut got = Vec::new();
    let mut aliased_to_us = false;
    while got.len() < 2 {
        let deadline = probe.deadline();
        let Some(publish) = probe.next_message(deadline).await? else { break };
        aliased_to_us |= publish.properties.topic_alias().is_some();
        got.push(publish);
    }
    probe.disconnect().await;
    // An aliased message to us may carry an empty topic; the alias names it.
    let right = got.len() == 2
        && got.iter().all(|publish| publish.topic.is_empty() || publish.topic.as_str() == topic);
    let toward_us = if aliased_to_us {
        "it also uses aliases toward clients"
    } else {
        "it sends full topics to clients"
    };
    let result = if right {
        CheckResult::yes(format!(
            "a PUBLISH by alias only reached the subscriber (maximum {maximum}); {toward_us}"
        ))
    } else {
        CheckResult::no(format!("{} of 2 aliased messages arrived on {topic}", got.len()))
    };
    Ok(result.detail("topic_alias_maximum", maximum).detail("aliases_toward_client", aliased_to_us))
}

/// A no-local subscription does not get the subscriber's own messages.
pub async fn no_local(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    let topic = ctx.topic("no-local");
    let mut own = ctx.open().await?;
    let mut options = SubscriptionOptions::new(QoS::AtLeastOnce);
    options.no_local = true;
    if let Err(no) = subscribe_or_no(&mut own, &topic, options).await? {
        return Ok(no);
    }
    own.publish(message(&topic, &b"own message"[..], QoS::AtLeastOnce)).await?;
    let mut other = ctx.open().await?;
    let before = before_marker(Some(&mut other), &mut own, &topic).await?;
    own.disconnect().await;
    other.disconnect().await;
    if let Some(error) = stray(&before, |publish| publish.payload.as_ref() == b"own message") {
        return Ok(error);
    }
    Ok(if before.is_empty() {
        CheckResult::yes("own messages were not sent back")
    } else {
        CheckResult::no("the subscriber got its own message back")
    })
}

/// Publishes a retained message for the retain option checks; `None` when
/// the broker keeps no retained messages (then those checks are skipped).
async fn retained_message(ctx: &Ctx<'_>, topic: &str) -> Result<Option<Bytes>, ProbeError> {
    if ctx.connack.properties.retain_available() == Some(false) {
        return Ok(None);
    }
    let payload = Bytes::from_static(b"retained for a subscription option check");
    let mut publish = message(topic, payload.clone(), QoS::AtLeastOnce);
    publish.retain = true;
    let mut probe = ctx.open().await?;
    let ack = probe.publish(publish).await?;
    probe.disconnect().await;
    if !ack.accepted() {
        return Ok(None);
    }
    ctx.retained(topic);
    Ok(Some(payload))
}

/// Retain-as-published keeps the RETAIN flag on forwarded messages.
pub async fn retain_as_published(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    let topic = ctx.topic("retain-as-published");
    let mut keep = SubscriptionOptions::new(QoS::AtLeastOnce);
    keep.retain_as_published = true;
    // Retained messages sent at subscribe time always carry RETAIN, so do
    // not ask for them: only the live forward is tested.
    keep.retain_handling = RetainHandling::DoNotSend;
    let mut clear = keep;
    clear.retain_as_published = false;
    let mut with = ctx.open().await?;
    let mut without = ctx.open().await?;
    if let Err(no) = subscribe_or_no(&mut with, &topic, keep).await? {
        return Ok(no);
    }
    without.subscribe_one(&topic, clear).await?;
    let Some(payload) = retained_message(ctx, &topic).await? else {
        return Ok(CheckResult::skipped("needs retained messages, which the broker does not keep"));
    };
    let deadline = with.deadline();
    let kept = with
        .next_message(deadline)
        .await?
        .map(|publish| publish.payload == payload && publish.retain);
    let deadline = without.deadline();
    let dropped = without
        .next_message(deadline)
        .await?
        .map(|publish| publish.payload == payload && !publish.retain);
    with.disconnect().await;
    without.disconnect().await;
    Ok(match (kept, dropped) {
        (Some(true), Some(true)) => {
            CheckResult::yes("RETAIN kept with the option, cleared without it")
        }
        (Some(false), _) => {
            CheckResult::no("RETAIN was cleared although retain-as-published was set")
        }
        (_, Some(false)) => {
            CheckResult::no("RETAIN was kept although retain-as-published was not set")
        }
        _ => CheckResult::error("a forwarded retained message did not arrive"),
    })
}

/// Retain handling 0, 1 and 2 send retained messages when they should.
pub async fn retain_handling(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    let topic = ctx.topic("retain-handling");
    let Some(payload) = retained_message(ctx, &topic).await? else {
        return Ok(CheckResult::skipped("needs retained messages, which the broker does not keep"));
    };
    let mut publisher = ctx.open().await?;
    let mut outcomes = Vec::new();
    // (handling, new subscription?, expected to get the retained message)
    let steps = [
        (RetainHandling::DoNotSend, true, false, "2 (never)"),
        (RetainHandling::SendIfNewSubscription, true, true, "1 on a new subscription"),
        (RetainHandling::SendIfNewSubscription, false, false, "1 on an existing subscription"),
        (RetainHandling::SendAtSubscribe, false, true, "0 (always)"),
    ];
    let mut subscriber: Option<crate::cmd::inspect::report::probe::Probe> = None;
    for (handling, fresh, expected, label) in steps {
        if fresh || subscriber.is_none() {
            if let Some(old) = subscriber.take() {
                old.disconnect().await;
            }
            subscriber = Some(ctx.open().await?);
        }
        let Some(probe) = subscriber.as_mut() else { break };
        let mut options = SubscriptionOptions::new(QoS::AtLeastOnce);
        options.retain_handling = handling;
        if let Err(no) = subscribe_or_no(probe, &topic, options).await? {
            return Ok(no);
        }
        let got = before_marker(Some(&mut publisher), probe, &topic).await?;
        let received = got.iter().any(|publish| publish.payload == payload && publish.retain);
        outcomes.push((label, expected, received));
    }
    if let Some(probe) = subscriber {
        probe.disconnect().await;
    }
    publisher.disconnect().await;
    let wrong: Vec<String> = outcomes
        .iter()
        .filter(|(_, expected, received)| expected != received)
        .map(|(label, expected, _)| {
            format!(
                "retain handling {label} {} the retained message",
                if *expected { "did not send" } else { "sent" }
            )
        })
        .collect();
    let details: serde_json::Map<String, serde_json::Value> = outcomes
        .iter()
        .map(|(label, _, received)| (label.to_string(), (*received).into()))
        .collect();
    let result = if wrong.is_empty() {
        CheckResult::yes("retain handling 0, 1 and 2 all behave as specified")
    } else {
        CheckResult::no(wrong.join("; "))
    };
    Ok(result.detail("retained_sent", details))
}

/// With our Receive Maximum at 2, the broker must not send a third QoS 1
/// message before we acknowledge one.
///
/// When the broker has routed everything is learnt from a second
/// subscriber without a window, which gets all four: the check never
/// relies on a QoS 0 message, which a broker may drop while the window is
/// full (QoS 0 is at most once, and §4.9 only says it *may* keep sending).
pub async fn receive_maximum(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    const WINDOW: u16 = 2;
    const SENT: usize = 4;
    let topic = ctx.topic("receive-maximum");
    let mut connect = ctx.connect_packet();
    connect.properties.set_receive_maximum(WINDOW);
    let mut slow = ctx.target.open_with(connect).await?;
    slow.auto_ack = false;
    if let Err(no) =
        subscribe_or_no(&mut slow, &topic, SubscriptionOptions::new(QoS::AtLeastOnce)).await?
    {
        return Ok(no);
    }
    let mut observer = ctx.open().await?;
    observer.subscribe_one(&topic, SubscriptionOptions::new(QoS::AtLeastOnce)).await?;
    let mut publisher = ctx.open().await?;
    for index in 0..SENT {
        publisher.publish(message(&topic, format!("window {index}"), QoS::AtLeastOnce)).await?;
    }
    let last = format!("window {}", SENT - 1);
    let deadline = observer.deadline();
    let (_, routed) =
        observer.messages_until(|publish| publish.payload == last.as_bytes(), deadline).await?;
    observer.disconnect().await;
    if !routed {
        publisher.disconnect().await;
        slow.disconnect().await;
        return Ok(CheckResult::error(format!(
            "a subscriber without a window did not get all {SENT} messages"
        )));
    }
    // Everything is routed: the window's worth is on its way to the slow
    // subscriber; a little longer shows whether more comes.
    let deadline = slow.deadline();
    let mut unacked = Vec::new();
    while unacked.len() < usize::from(WINDOW) {
        match slow.next_message(deadline).await? {
            Some(publish) => unacked.push(publish),
            None => break,
        }
    }
    let settle = tokio::time::Instant::now() + SETTLE;
    while let Some(publish) = slow.next_message(settle).await? {
        unacked.push(publish);
    }
    if let Some(error) = stray(&unacked, |publish| publish.topic.as_str() == topic) {
        return Ok(error);
    }
    // Acknowledge one: the next withheld message should follow.
    let mut released = false;
    if unacked.len() == usize::from(WINDOW) {
        slow.acknowledge(&unacked[0]).await?;
        let deadline = slow.deadline();
        released = slow
            .next_message(deadline)
            .await?
            .is_some_and(|publish| publish.topic.as_str() == topic);
    }
    slow.auto_ack = true;
    slow.disconnect().await;
    publisher.disconnect().await;
    let count = unacked.len();
    let result = if count > usize::from(WINDOW) {
        CheckResult::no(format!(
            "sent {count} unacknowledged QoS 1 messages to a client with Receive Maximum {WINDOW}"
        ))
    } else if count == usize::from(WINDOW) && released {
        CheckResult::yes(format!(
            "held back at {WINDOW} unacknowledged messages and sent the next after an ack"
        ))
    } else if count == usize::from(WINDOW) {
        CheckResult::no(format!("held back at {WINDOW}, but sent nothing more after an ack"))
    } else {
        CheckResult::no(format!(
            "sent only {count} of the {SENT} messages to a client with Receive Maximum {WINDOW}"
        ))
    };
    Ok(result
        .detail("receive_maximum", WINDOW)
        .detail("unacknowledged_sent", count)
        .detail("released_after_ack", released))
}
