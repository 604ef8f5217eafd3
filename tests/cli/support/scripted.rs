//! A scripted broker on our own codec, for faults the brokers a test can
//! start here will not produce: RabbitMQ 3.10's PUBACK to a QoS 2 PUBLISH,
//! a broker that never acknowledges, a small Maximum Packet Size or Receive
//! Maximum with QoS 0 dropped while the window is full. Everything else it
//! answers as a plain broker does ([`standard`]); a test overrides the
//! packets it cares about.
//!
//! It listens on 127.0.0.1:0 and serves every connection on a thread of its
//! own until the test process ends. Messages are not routed between
//! clients: a script that needs delivery sends the PUBLISH itself.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use bytes::BytesMut;
use mqtt_proto::{
    decode, ConnAck, Connect, ConnectReasonCode, Packet, ProtocolVersion, PubAck, PubComp, PubRec,
    QoS, SubAck, SubAckReasonCode, UnsubAck, UnsubAckReasonCode,
};

/// What the broker answers to one packet from the client; `None` closes
/// the connection without a word.
pub type Script = dyn Fn(&Packet, &mut Session) -> Option<Vec<Packet>> + Send + Sync;

/// Per-connection state a script may use.
#[derive(Default)]
pub struct Session {
    /// The client's CONNECT.
    pub connect: Option<Connect>,
}

/// The listening side; `packets` records everything clients sent.
pub struct ScriptedBroker {
    pub port: u16,
    pub packets: Arc<Mutex<Vec<Packet>>>,
}

impl ScriptedBroker {
    /// Answers CONNECT with `connack(connect)`, every later packet with
    /// `script`.
    pub fn start(
        connack: impl Fn(&Connect) -> ConnAck + Send + Sync + 'static,
        script: impl Fn(&Packet, &mut Session) -> Option<Vec<Packet>> + Send + Sync + 'static,
    ) -> ScriptedBroker {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().unwrap().port();
        let packets = Arc::new(Mutex::new(Vec::new()));
        let connack: Arc<dyn Fn(&Connect) -> ConnAck + Send + Sync> = Arc::new(connack);
        let script: Arc<Script> = Arc::new(script);
        let recorded = packets.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let (connack, script, recorded) =
                    (connack.clone(), script.clone(), recorded.clone());
                std::thread::spawn(move || serve(stream, &*connack, &*script, &recorded));
            }
        });
        ScriptedBroker { port, packets }
    }

    /// How many packets clients sent that `which` picks.
    pub fn count(&self, which: impl Fn(&Packet) -> bool) -> usize {
        self.packets.lock().unwrap().iter().filter(|packet| which(packet)).count()
    }
}

/// An accepted CONNACK.
pub fn accept(_: &Connect) -> ConnAck {
    ConnAck::new(ConnectReasonCode::Success)
}

/// What a plain broker answers: acks of the right kind, SUBACK granting
/// what was asked, PINGRESP; DISCONNECT ends the connection.
pub fn standard(packet: &Packet, _: &mut Session) -> Option<Vec<Packet>> {
    Some(match packet {
        Packet::Publish(publish) => match (publish.qos, publish.packet_id) {
            (QoS::AtLeastOnce, Some(id)) => vec![Packet::PubAck(PubAck::new(id))],
            (QoS::ExactlyOnce, Some(id)) => vec![Packet::PubRec(PubRec::new(id))],
            _ => vec![],
        },
        Packet::PubRel(pubrel) => vec![Packet::PubComp(PubComp::new(pubrel.packet_id))],
        Packet::Subscribe(subscribe) => vec![Packet::SubAck(SubAck {
            packet_id: subscribe.packet_id,
            reason_codes: subscribe
                .filters
                .iter()
                .map(|(_, options)| SubAckReasonCode::granted(options.qos))
                .collect(),
            properties: Default::default(),
        })],
        Packet::Unsubscribe(unsubscribe) => vec![Packet::UnsubAck(UnsubAck {
            packet_id: unsubscribe.packet_id,
            reason_codes: vec![UnsubAckReasonCode::Success; unsubscribe.filters.len()],
            properties: Default::default(),
        })],
        Packet::PingReq => vec![Packet::PingResp],
        Packet::Disconnect(_) => return None,
        _ => vec![],
    })
}

fn serve(
    mut stream: TcpStream,
    connack: &(dyn Fn(&Connect) -> ConnAck + Send + Sync),
    script: &Script,
    recorded: &Mutex<Vec<Packet>>,
) {
    let mut buf = BytesMut::new();
    let mut version = ProtocolVersion::V5;
    let mut session = Session::default();
    loop {
        let packet = match decode(&mut buf, version, usize::MAX) {
            Ok(Some(packet)) => packet,
            Ok(None) => {
                let mut chunk = [0u8; 16 * 1024];
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(count) => buf.extend_from_slice(&chunk[..count]),
                }
                continue;
            }
            Err(_) => return,
        };
        recorded.lock().unwrap().push(packet.clone());
        let answers = match &packet {
            Packet::Connect(connect) => {
                version = connect.protocol;
                session.connect = Some(connect.clone());
                vec![Packet::ConnAck(connack(connect))]
            }
            other => match script(other, &mut session) {
                Some(answers) => answers,
                None => return,
            },
        };
        let mut out = BytesMut::new();
        for answer in &answers {
            answer.encode(version, &mut out).expect("a scripted answer encodes");
        }
        if stream.write_all(&out).is_err() {
            return;
        }
    }
}
