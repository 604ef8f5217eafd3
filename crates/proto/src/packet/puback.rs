//! PUBACK (MQTT 5.0 §3.4, 3.1.1 §3.4): acknowledges a QoS 1 PUBLISH.

use super::ack::ack_packet;

ack_packet!(
    /// PUBACK: acknowledges a QoS 1 PUBLISH.
    PubAck,
    PubAckReasonCode,
    PubAckProperties,
    "PUBACK"
);
