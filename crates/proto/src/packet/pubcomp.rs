//! PUBCOMP (MQTT 5.0 §3.7, 3.1.1 §3.7): completes the QoS 2 exchange.

use super::ack::ack_packet;

ack_packet!(
    /// PUBCOMP: completes the QoS 2 exchange.
    PubComp,
    PubCompReasonCode,
    PubCompProperties,
    "PUBCOMP"
);
