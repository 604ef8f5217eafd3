//! Inbound messages: acknowledgements, exactly-once delivery of QoS 2, and
//! topic aliases.
//!
//! Policy: acks are emitted the moment a packet is processed, so they leave
//! in the order the packets arrived (MQTT-4.6.0-2) whatever the consumer
//! does. A QoS 2 identifier is remembered from PUBLISH until PUBREL; a
//! PUBLISH with a remembered id is a duplicate: it is answered with PUBREC
//! again and not delivered (MQTT-4.3.3-10). The set survives reconnects
//! when the session does. Topic aliases live for one connection only.

use mqtt_proto::{
    DisconnectReasonCode, Packet, PacketId, ProtocolVersion, PubAck, PubComp, PubRec,
    PubRelReasonCode, Publish, QoS, Topic,
};

use crate::session::packet_ids::PacketIds;
use crate::session::{Outbox, Violation};

/// The receiving half of a session.
pub(crate) struct Inbound {
    version: ProtocolVersion,
    /// QoS 2 ids received and not yet released.
    qos2: PacketIds,
    /// Alias → topic; index 0 unused.
    aliases: Vec<Option<Topic>>,
    receive_maximum: u16,
}

impl Inbound {
    pub(crate) fn new(
        version: ProtocolVersion,
        topic_alias_maximum: u16,
        receive_maximum: u16,
    ) -> Inbound {
        let alias_slots = if version.is_v5() { usize::from(topic_alias_maximum) + 1 } else { 0 };
        Inbound {
            version,
            qos2: PacketIds::new(),
            aliases: vec![None; alias_slots],
            receive_maximum,
        }
    }

    /// A new connection: aliases start over.
    pub(crate) fn reset_aliases(&mut self) {
        self.aliases.iter_mut().for_each(|slot| *slot = None);
    }

    /// The session was not resumed: forget QoS 2 ids.
    pub(crate) fn clear_qos2(&mut self) {
        self.qos2.clear();
    }

    /// Handles a PUBLISH; returns it when it is to be delivered.
    pub(crate) fn on_publish(
        &mut self,
        mut publish: Publish,
        out: &mut dyn Outbox,
    ) -> Result<Option<Publish>, Violation> {
        if let Some(alias) = publish.properties.topic_alias().filter(|_| self.version.is_v5()) {
            self.resolve_alias(alias, &mut publish)?;
        }
        match (publish.qos, publish.packet_id) {
            (QoS::AtMostOnce, _) => Ok(Some(publish)),
            (QoS::AtLeastOnce, Some(id)) => {
                let _ = out.send(&Packet::PubAck(PubAck::new(id)));
                Ok(Some(publish))
            }
            (QoS::ExactlyOnce, Some(id)) => {
                if self.qos2.contains(id.get()) {
                    let _ = out.send(&Packet::PubRec(PubRec::new(id)));
                    return Ok(None);
                }
                if self.version.is_v5() && self.qos2.len() >= usize::from(self.receive_maximum) {
                    return Err(Violation::new(
                        DisconnectReasonCode::ReceiveMaximumExceeded,
                        format!(
                            "the broker sent more than our Receive Maximum of {} unreleased QoS 2 messages",
                            self.receive_maximum
                        ),
                    ));
                }
                self.qos2.reserve(id.get());
                let _ = out.send(&Packet::PubRec(PubRec::new(id)));
                Ok(Some(publish))
            }
            // The codec guarantees an id for QoS 1/2.
            (_, None) => Err(Violation::new(
                DisconnectReasonCode::MalformedPacket,
                "PUBLISH with QoS above 0 and no packet identifier".to_owned(),
            )),
        }
    }

    /// Handles a PUBREL: forget the id and answer PUBCOMP.
    pub(crate) fn on_pubrel(&mut self, packet_id: PacketId, out: &mut dyn Outbox) {
        let mut pubcomp = PubComp::new(packet_id);
        if !self.qos2.release(packet_id.get()) && self.version.is_v5() {
            pubcomp.reason_code = PubRelReasonCode::PacketIdentifierNotFound;
        }
        let _ = out.send(&Packet::PubComp(pubcomp));
    }

    fn resolve_alias(&mut self, alias: u16, publish: &mut Publish) -> Result<(), Violation> {
        let maximum = self.aliases.len().saturating_sub(1);
        if alias == 0 || usize::from(alias) > maximum {
            return Err(Violation::new(
                DisconnectReasonCode::TopicAliasInvalid,
                format!("topic alias {alias} is outside our Topic Alias Maximum of {maximum}"),
            ));
        }
        let slot = &mut self.aliases[usize::from(alias)];
        if publish.topic.is_empty() {
            match slot {
                Some(topic) => publish.topic = topic.clone(),
                None => {
                    return Err(Violation::new(
                        DisconnectReasonCode::ProtocolError,
                        format!("PUBLISH uses topic alias {alias}, which was never set"),
                    ))
                }
            }
        } else {
            *slot = Some(publish.topic.clone());
        }
        Ok(())
    }
}
