//! The Sparkplug B topic namespace: `spBv1.0/GROUP/TYPE/EDGE[/DEVICE]` and
//! the host application's `spBv1.0/STATE/HOST` (Sparkplug 3.0; the 2.x
//! `STATE/HOST` is read too).

/// What a Sparkplug topic names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Topic<'a> {
    /// A message of an edge node or one of its devices.
    Message { group: &'a str, kind: MessageType, edge: &'a str, device: Option<&'a str> },
    /// A host application's online state (a JSON payload).
    State { host: &'a str },
}

/// The message types of the namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageType {
    NBirth,
    NDeath,
    NData,
    NCmd,
    DBirth,
    DDeath,
    DData,
    DCmd,
}

impl MessageType {
    fn parse(text: &str) -> Option<MessageType> {
        Some(match text {
            "NBIRTH" => MessageType::NBirth,
            "NDEATH" => MessageType::NDeath,
            "NDATA" => MessageType::NData,
            "NCMD" => MessageType::NCmd,
            "DBIRTH" => MessageType::DBirth,
            "DDEATH" => MessageType::DDeath,
            "DDATA" => MessageType::DData,
            "DCMD" => MessageType::DCmd,
            _ => return None,
        })
    }

    /// Whether the topic carries a device level.
    pub fn is_device(self) -> bool {
        matches!(
            self,
            MessageType::DBirth | MessageType::DDeath | MessageType::DData | MessageType::DCmd
        )
    }
}

/// Parses a Sparkplug topic; `Ok(None)` when the topic is outside the
/// namespace, `Err` (what is wrong) when it is inside but malformed.
pub fn parse(topic: &str) -> Result<Option<Topic<'_>>, String> {
    let levels: Vec<&str> = topic.split('/').collect();
    match levels.as_slice() {
        ["spBv1.0", "STATE", host] | ["STATE", host] => Ok(Some(Topic::State { host })),
        ["spBv1.0", group, kind, rest @ ..] => {
            let kind = MessageType::parse(kind).ok_or_else(|| {
                format!("unknown Sparkplug message type {kind:?} in topic {topic:?}")
            })?;
            let (edge, device) = match (rest, kind.is_device()) {
                ([edge], false) => (*edge, None),
                ([edge, device], true) => (*edge, Some(*device)),
                _ => {
                    let shape =
                        if kind.is_device() { "GROUP/TYPE/EDGE/DEVICE" } else { "GROUP/TYPE/EDGE" };
                    return Err(format!("topic {topic:?} is not spBv1.0/{shape}"));
                }
            };
            Ok(Some(Topic::Message { group, kind, edge, device }))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_namespace() {
        assert_eq!(
            parse("spBv1.0/plant/DDATA/edge1/pump").unwrap(),
            Some(Topic::Message {
                group: "plant",
                kind: MessageType::DData,
                edge: "edge1",
                device: Some("pump")
            })
        );
        assert_eq!(
            parse("spBv1.0/plant/NBIRTH/edge1").unwrap(),
            Some(Topic::Message {
                group: "plant",
                kind: MessageType::NBirth,
                edge: "edge1",
                device: None
            })
        );
        assert_eq!(parse("spBv1.0/STATE/scada").unwrap(), Some(Topic::State { host: "scada" }));
        assert_eq!(parse("sensors/a").unwrap(), None);
        assert!(parse("spBv1.0/plant/NOPE/edge1").unwrap_err().contains("NOPE"));
        assert!(parse("spBv1.0/plant/DDATA/edge1").unwrap_err().contains("DEVICE"));
        assert!(parse("spBv1.0/plant/NDATA/edge1/extra").is_err());
    }
}
