//! Sans-io MQTT codec: packets, properties, reason codes and topics for
//! MQTT 3.1, 3.1.1 and 5.0. No I/O and no async runtime live here.
