//! PUBREC (MQTT 5.0 §3.5, 3.1.1 §3.5): first reply to a QoS 2 PUBLISH.

use super::ack::ack_packet;

ack_packet!(
    /// PUBREC: first reply to a QoS 2 PUBLISH.
    PubRec,
    PubRecReasonCode,
    PubRecProperties,
    "PUBREC"
);
