//! Message delivery checks: QoS round trips with latency, retained
//! messages, wildcards, shared subscriptions, overlapping subscriptions.

use bytes::Bytes;
use mqtt_proto::{QoS, SubAckReasonCode, SubscriptionOptions};
use serde_json::json;
use tokio::time::Instant;

use crate::cmd::inspect::report::check::{human, millis, CheckResult};
use crate::cmd::inspect::report::context::{before_marker, message, Ctx};
use crate::cmd::inspect::report::probe::{Probe, ProbeError};

/// Messages per QoS round trip.
const ROUND_TRIPS: usize = 10;

fn qos_of(level: u8) -> QoS {
    QoS::try_from(level).unwrap_or(QoS::AtMostOnce)
}

fn code_name(code: u8) -> &'static str {
    SubAckReasonCode::from_code(code).map_or("unknown code", SubAckReasonCode::name)
}

/// Subscribes; `Err(result)` is the check's "no" when the broker refuses.
pub async fn subscribe_or_no(
    probe: &mut Probe,
    filter: &str,
    options: SubscriptionOptions,
) -> Result<Result<u8, CheckResult>, ProbeError> {
    let code = probe.subscribe_one(filter, options).await?;
    if code >= 0x80 {
        return Ok(Err(CheckResult::no(format!(
            "SUBSCRIBE to {filter} refused: {code:#04x} {}",
            code_name(code)
        ))));
    }
    Ok(Ok(code))
}

/// QoS `level` round trips on one connection: subscribe, publish, receive.
pub async fn qos(ctx: &Ctx<'_>, level: u8) -> Result<CheckResult, ProbeError> {
    let qos = qos_of(level);
    let mut probe = ctx.open().await?;
    let topic = ctx.topic(&format!("qos{level}"));
    let granted = match subscribe_or_no(&mut probe, &topic, SubscriptionOptions::new(qos)).await? {
        Ok(code) => code,
        Err(no) => return Ok(no),
    };
    // Publishing above the CONNACK's Maximum QoS would be our protocol
    // error, so that limit is reported, not tested.
    if let Some(maximum) = ctx.connack.properties.maximum_qos().filter(|maximum| *maximum < qos) {
        probe.disconnect().await;
        return Ok(CheckResult::no(format!(
            "the broker's CONNACK says Maximum QoS {}; a QoS {level} subscription was granted QoS {granted}",
            maximum.level()
        ))
        .detail("maximum_qos", maximum.level())
        .detail("granted_qos", granted));
    }
    if granted < level {
        probe.disconnect().await;
        return Ok(CheckResult::no(format!(
            "a QoS {level} subscription was granted QoS {granted}"
        ))
        .detail("granted_qos", granted));
    }
    let mut latencies = Vec::with_capacity(ROUND_TRIPS);
    let mut delivered_qos = level;
    for index in 0..ROUND_TRIPS {
        let payload = Bytes::from(format!("qos{level} round trip {index}"));
        let sent = Instant::now();
        let ack = probe.publish(message(&topic, payload.clone(), qos)).await?;
        if !ack.accepted() {
            return Ok(CheckResult::no(format!(
                "QoS {level} PUBLISH refused: {:#04x} {}",
                ack.code, ack.name
            )));
        }
        let deadline = probe.deadline();
        let Some((received, arrived)) = probe.next_message_timed(deadline).await? else {
            return Ok(CheckResult::no(format!(
                "{index} of {ROUND_TRIPS} QoS {level} messages came back; the next did not"
            )));
        };
        if received.payload != payload {
            return Ok(CheckResult::error(format!(
                "message {index} came back with another payload"
            )));
        }
        delivered_qos = delivered_qos.min(received.qos.level());
        latencies.push(arrived.saturating_duration_since(sent));
    }
    probe.disconnect().await;
    latencies.sort();
    let median = latencies[latencies.len() / 2];
    let max = latencies[latencies.len() - 1];
    let summary = format!(
        "{ROUND_TRIPS}/{ROUND_TRIPS} delivered at QoS {delivered_qos}, round trip median {}, max {}",
        human(median),
        human(max)
    );
    let result = if delivered_qos < level {
        CheckResult::no(format!("downgraded: {summary}"))
    } else {
        CheckResult::yes(summary)
    };
    Ok(result
        .detail("messages", ROUND_TRIPS)
        .detail("delivered_qos", delivered_qos)
        .detail("median_ms", millis(median))
        .detail("max_ms", millis(max)))
}

/// A retained message reaches a new subscriber, and our deletion works.
pub async fn retain(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    let advertised = ctx.connack.properties.retain_available();
    let topic = ctx.topic("retain");
    let mut publisher = ctx.open().await?;
    let mut retained = message(&topic, &b"retained by mqtt inspect"[..], QoS::AtLeastOnce);
    retained.retain = true;
    let ack = match publisher.publish(retained.clone()).await {
        Ok(ack) => ack,
        Err(err @ ProbeError::Closed(_)) => {
            let said = if advertised == Some(false) { "CONNACK Retain Available 0; " } else { "" };
            return Ok(CheckResult::no(format!("{said}a retained PUBLISH was answered: {err}"))
                .detail("retain_available", advertised));
        }
        Err(err) => return Err(err),
    };
    if !ack.accepted() {
        return Ok(CheckResult::no(format!(
            "retained PUBLISH refused: {:#04x} {}",
            ack.code, ack.name
        )));
    }
    ctx.retained(&topic);
    let mut subscriber = ctx.open().await?;
    if let Err(no) =
        subscribe_or_no(&mut subscriber, &topic, SubscriptionOptions::new(QoS::AtLeastOnce)).await?
    {
        return Ok(no);
    }
    let before = before_marker(Some(&mut publisher), &mut subscriber, &topic).await?;
    let got = before.iter().find(|publish| publish.payload == retained.payload);
    let Some(got) = got else {
        let said =
            if advertised == Some(false) { " (CONNACK says Retain Available 0)" } else { "" };
        return Ok(CheckResult::no(format!(
            "a new subscriber did not get the retained message{said}"
        )));
    };
    let flag = got.retain;
    // Delete it and check that a newer subscriber gets nothing.
    let mut clear = message(&topic, Bytes::new(), QoS::AtLeastOnce);
    clear.retain = true;
    publisher.publish(clear).await?;
    let mut late = ctx.open().await?;
    late.subscribe_one(&topic, SubscriptionOptions::new(QoS::AtLeastOnce)).await?;
    let after = before_marker(Some(&mut publisher), &mut late, &topic).await?;
    let removed = after.is_empty();
    for probe in [publisher, subscriber, late] {
        probe.disconnect().await;
    }
    let summary = format!(
        "a new subscriber got it{}; deleting it {}",
        if flag { " with the RETAIN flag" } else { " but without the RETAIN flag" },
        if removed { "worked" } else { "did not work" }
    );
    let result = if flag && removed { CheckResult::yes(summary) } else { CheckResult::no(summary) };
    Ok(result
        .detail("retain_flag", flag)
        .detail("deleted", removed)
        .detail("retain_available", advertised))
}

/// `+` and `#` each match what they should.
pub async fn wildcards(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    let mut probe = ctx.open().await?;
    let mut outcomes = Vec::new();
    for (wildcard, filter, topic) in [
        ("+", ctx.topic("plus/+/end"), ctx.topic("plus/middle/end")),
        ("#", ctx.topic("hash/#"), ctx.topic("hash/one/two")),
    ] {
        let code = probe.subscribe_one(&filter, SubscriptionOptions::new(QoS::AtLeastOnce)).await?;
        let works = if code >= 0x80 {
            Err(format!("SUBSCRIBE {filter} refused: {code:#04x} {}", code_name(code)))
        } else {
            probe.publish(message(&topic, &b"wildcard"[..], QoS::AtLeastOnce)).await?;
            let deadline = probe.deadline();
            match probe.next_message(deadline).await? {
                Some(got) if got.topic.as_str() == topic => Ok(()),
                Some(got) => Err(format!("'{wildcard}' delivered {} instead", got.topic.as_str())),
                None => Err(format!("'{wildcard}': nothing arrived on {topic}")),
            }
        };
        outcomes.push((wildcard, works));
    }
    probe.disconnect().await;
    let failures: Vec<String> =
        outcomes.iter().filter_map(|(_, outcome)| outcome.as_ref().err().cloned()).collect();
    let details = json!(outcomes
        .iter()
        .map(|(wildcard, outcome)| (wildcard.to_string(), json!(outcome.is_ok())))
        .collect::<serde_json::Map<_, _>>());
    let result = if failures.is_empty() {
        CheckResult::yes("'+' and '#' both match")
    } else {
        CheckResult::no(failures.join("; "))
    };
    Ok(result.detail("wildcards", details))
}

/// Messages to a shared subscription go to one member of the group each.
pub async fn shared(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    if ctx.connack.properties.shared_subscription_available() == Some(false) {
        return Ok(CheckResult::no("the broker's CONNACK says Shared Subscription Available 0"));
    }
    const MESSAGES: usize = 6;
    let topic = ctx.topic("shared");
    let marker_topic = ctx.topic("shared-marker");
    let filter = format!("$share/{}/{topic}", ctx.prefix.replace('/', "-"));
    let mut members = Vec::new();
    for _ in 0..2 {
        let mut member = ctx.open().await?;
        if let Err(no) =
            subscribe_or_no(&mut member, &filter, SubscriptionOptions::new(QoS::AtLeastOnce))
                .await?
        {
            return Ok(no);
        }
        member.subscribe_one(&marker_topic, SubscriptionOptions::new(QoS::AtLeastOnce)).await?;
        members.push(member);
    }
    let mut publisher = ctx.open().await?;
    for index in 0..MESSAGES {
        publisher.publish(message(&topic, format!("shared {index}"), QoS::AtLeastOnce)).await?;
    }
    let mut counts = Vec::new();
    let mut all = Vec::new();
    for member in &mut members {
        let got = before_marker(Some(&mut publisher), member, &marker_topic).await?;
        // Markers for the other members arrive too; count the test messages only.
        let got: Vec<Bytes> = got
            .into_iter()
            .filter(|publish| publish.topic.as_str() == topic)
            .map(|publish| publish.payload)
            .collect();
        counts.push(got.len());
        all.extend(got);
    }
    let total: usize = counts.iter().sum();
    all.sort();
    all.dedup();
    let distinct = all.len();
    for probe in members.into_iter().chain([publisher]) {
        probe.disconnect().await;
    }
    let split = counts.iter().map(ToString::to_string).collect::<Vec<_>>().join(" + ");
    let result = if counts.iter().all(|count| *count == MESSAGES) {
        CheckResult::no(format!(
            "not shared: each of the 2 subscribers got all {MESSAGES} messages"
        ))
    } else if total == MESSAGES && distinct == MESSAGES {
        CheckResult::yes(format!("{MESSAGES} messages, each delivered once in the group ({split})"))
    } else {
        CheckResult::no(format!(
            "{MESSAGES} messages arrived {total} times ({distinct} distinct; {split})"
        ))
    };
    Ok(result.detail("messages", MESSAGES).detail("per_subscriber", json!(counts)))
}

/// How a message matching two of a client's subscriptions is delivered.
pub async fn overlap(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    let mut probe = ctx.open().await?;
    let topic = ctx.topic("overlap/x");
    let marker_topic = ctx.topic("overlap-marker");
    if let Err(no) = subscribe_or_no(
        &mut probe,
        &ctx.topic("overlap/#"),
        SubscriptionOptions::new(QoS::AtMostOnce),
    )
    .await?
    {
        return Ok(no);
    }
    if let Err(no) = subscribe_or_no(
        &mut probe,
        &ctx.topic("overlap/+"),
        SubscriptionOptions::new(QoS::AtLeastOnce),
    )
    .await?
    {
        return Ok(no);
    }
    probe.subscribe_one(&marker_topic, SubscriptionOptions::new(QoS::AtLeastOnce)).await?;
    probe.publish(message(&topic, &b"overlap"[..], QoS::AtLeastOnce)).await?;
    let got = before_marker(None, &mut probe, &marker_topic).await?;
    probe.disconnect().await;
    let copies: Vec<u8> = got.iter().map(|publish| publish.qos.level()).collect();
    let result = match copies.len() {
        0 => CheckResult::no("a message matching two subscriptions was not delivered"),
        1 => CheckResult::yes(format!(
            "delivered once, at QoS {} (the higher subscription QoS)",
            copies[0]
        )),
        count => CheckResult::yes(format!(
            "delivered {count} times, once per matching subscription (QoS {})",
            copies.iter().map(ToString::to_string).collect::<Vec<_>>().join(" and ")
        )),
    };
    Ok(result.detail("copies", copies.len()).detail("qos", json!(copies)))
}
