//! PUBREL (MQTT 5.0 §3.6, 3.1.1 §3.6): releases a QoS 2 message after PUBREC.

use super::ack::ack_packet;

ack_packet!(
    /// PUBREL: releases a QoS 2 message after PUBREC.
    PubRel,
    PubRelReasonCode,
    PubRelProperties,
    "PUBREL"
);
