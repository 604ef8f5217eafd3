//! Real traffic: mosquitto_sub and mosquitto_pub talk to a real mosquitto
//! through a recording TCP proxy, for MQTT 3.1, 3.1.1 and 5.0. Every byte
//! either way must decode, every packet must encode back to the bytes
//! mosquitto produced (up to the order of MQTT 5 properties), and the packets must say what the command
//! lines asked for.
//!
//! Set `MQTT_PROTO_DUMP=1` to print every recorded frame (this is how the
//! mosquitto vectors in `vectors.rs` were made).

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use bytes::BytesMut;
use mqtt_proto::{decode, Packet, PacketType, ProtocolVersion, QoS};
use mqtt_test_support::Mosquitto;

/// Guards against a hang only; nothing here is timed.
const HANG_GUARD: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    ToBroker,
    ToClient,
}

/// What the proxy saw: which connection (in accept order), which way, and
/// a decoded packet, a decode error, or the end of that direction (`None`).
struct Event {
    connection: usize,
    direction: Direction,
    packet: Option<Result<Packet, String>>,
}

/// The raw bytes of one connection, both ways.
#[derive(Default)]
struct Streams {
    to_broker: Vec<u8>,
    to_client: Vec<u8>,
}

struct Recorder {
    addr: SocketAddr,
    events: Receiver<Event>,
    connections: Arc<Mutex<Vec<Arc<Mutex<Streams>>>>>,
}

impl Recorder {
    fn start(broker: SocketAddr, version: ProtocolVersion) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (sender, events) = channel();
        let connections: Arc<Mutex<Vec<Arc<Mutex<Streams>>>>> = Arc::default();
        let registry = connections.clone();
        thread::spawn(move || {
            for (index, client) in listener.incoming().enumerate() {
                let Ok(client) = client else { return };
                let upstream = TcpStream::connect(broker).unwrap();
                let streams = Arc::new(Mutex::new(Streams::default()));
                registry.lock().unwrap().push(streams.clone());
                let pump = |from: &TcpStream, to: &TcpStream, direction| {
                    let (from, to) = (from.try_clone().unwrap(), to.try_clone().unwrap());
                    let (streams, sender) = (streams.clone(), sender.clone());
                    thread::spawn(move || {
                        pump(from, to, direction, index, version, streams, sender)
                    });
                };
                pump(&client, &upstream, Direction::ToBroker);
                pump(&upstream, &client, Direction::ToClient);
            }
        });
        Recorder { addr, events, connections }
    }

    /// Waits for the first event that `wanted` accepts; fails on a decode
    /// error.
    fn wait_for(&self, what: &str, wanted: impl Fn(&Event) -> bool) {
        loop {
            let event = self
                .events
                .recv_timeout(HANG_GUARD)
                .unwrap_or_else(|_| panic!("no {what} seen by the proxy"));
            if let Some(Err(err)) = &event.packet {
                panic!("connection {} {:?}: {err}", event.connection, event.direction);
            }
            if wanted(&event) {
                return;
            }
        }
    }

    fn streams(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        let connections = self.connections.lock().unwrap();
        connections
            .iter()
            .map(|streams| {
                let streams = streams.lock().unwrap();
                (streams.to_broker.clone(), streams.to_client.clone())
            })
            .collect()
    }
}

fn pump(
    mut from: TcpStream,
    mut to: TcpStream,
    direction: Direction,
    connection: usize,
    version: ProtocolVersion,
    streams: Arc<Mutex<Streams>>,
    events: Sender<Event>,
) {
    let mut pending = BytesMut::new();
    let mut chunk = [0u8; 4096];
    loop {
        let read = match from.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        {
            let mut streams = streams.lock().unwrap();
            let stream = if direction == Direction::ToBroker {
                &mut streams.to_broker
            } else {
                &mut streams.to_client
            };
            stream.extend_from_slice(&chunk[..read]);
        }
        pending.extend_from_slice(&chunk[..read]);
        loop {
            let packet = match decode(&mut pending, version, usize::MAX) {
                Ok(None) => break,
                Ok(Some(packet)) => Ok(packet),
                Err(err) => Err(err.to_string()),
            };
            let failed = packet.is_err();
            let _ = events.send(Event { connection, direction, packet: Some(packet) });
            if failed {
                return;
            }
        }
        if to.write_all(&chunk[..read]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
    let _ = events.send(Event { connection, direction, packet: None });
}

fn client(program: &str, version: ProtocolVersion, port: u16, args: &[&str]) -> Child {
    let version_arg = match version {
        ProtocolVersion::V3_1 => "mqttv31",
        ProtocolVersion::V3_1_1 => "mqttv311",
        ProtocolVersion::V5 => "mqttv5",
    };
    Command::new(program)
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-V", version_arg])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot run {program} (install mosquitto-clients): {err}"))
}

fn finish(child: Child, what: &str) -> String {
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{what} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Splits a recorded stream into frames and decodes each.
fn frames(stream: &[u8], version: ProtocolVersion) -> Frames {
    let mut buf = BytesMut::from(stream);
    let mut frames = Vec::new();
    while !buf.is_empty() {
        let before = buf.clone();
        let packet = decode(&mut buf, version, usize::MAX)
            .unwrap_or_else(|err| panic!("{version}: {err} in {before:02x?}"))
            .unwrap_or_else(|| panic!("{version}: stream ends inside a packet: {before:02x?}"));
        let used = before.len() - buf.len();
        frames.push((before[..used].to_vec(), packet));
    }
    frames
}

/// Frames of one direction: the raw bytes of each packet and the packet.
type Frames = Vec<(Vec<u8>, Packet)>;

/// Runs the scenario; returns, per connection, the frames sent to the broker
/// and the frames sent to the client.
fn run_session(version: ProtocolVersion) -> Vec<(Frames, Frames)> {
    let broker = Mosquitto::start();
    let recorder = Recorder::start(broker.addr(), version);
    let port = recorder.addr.port();
    let v5 = version.is_v5();
    let sub_client_id = format!("sub-{}", version.level());

    // Connection 0: a subscriber with credentials, a will and (v5) properties.
    let mut sub_args = vec![
        "-i",
        &sub_client_id,
        "-k",
        "30",
        "-q",
        "2",
        "-t",
        "test/#",
        "-t",
        "other/+",
        "-C",
        "2",
        "-W",
        "30",
        "-u",
        "user",
        "-P",
        "secret",
        "--will-topic",
        "will/t",
        "--will-payload",
        "bye",
        "--will-qos",
        "1",
        "--will-retain",
        "-v",
    ];
    if v5 {
        sub_args.extend([
            "-D",
            "connect",
            "session-expiry-interval",
            "60",
            "-D",
            "connect",
            "user-property",
            "k",
            "v",
            "-D",
            "connect",
            "receive-maximum",
            "20",
            "-D",
            "subscribe",
            "user-property",
            "s",
            "x",
            "-D",
            "will",
            "content-type",
            "text/plain",
        ]);
    }
    let subscriber = client("mosquitto_sub", version, port, &sub_args);
    recorder.wait_for("SUBACK", |event| {
        event.connection == 0 && matches!(event.packet, Some(Ok(Packet::SubAck(_))))
    });

    // Connection 1: QoS 1; connection 2: QoS 2, retained, with properties.
    let publisher = client(
        "mosquitto_pub",
        version,
        port,
        &["-i", "pub-1", "-q", "1", "-t", "test/y", "-m", "one"],
    );
    finish(publisher, "mosquitto_pub -q 1");
    let mut pub_args = vec!["-i", "pub-2", "-q", "2", "-r", "-t", "test/x", "-m", "hello"];
    if v5 {
        pub_args.extend([
            "-D",
            "publish",
            "user-property",
            "a",
            "b",
            "-D",
            "publish",
            "content-type",
            "text/plain",
            "-D",
            "publish",
            "message-expiry-interval",
            "30",
            "-D",
            "publish",
            "correlation-data",
            "abc",
            "-D",
            "publish",
            "response-topic",
            "resp/t",
            "-D",
            "publish",
            "payload-format-indicator",
            "1",
        ]);
    }
    finish(client("mosquitto_pub", version, port, &pub_args), "mosquitto_pub -q 2");
    let received = finish(subscriber, "mosquitto_sub");
    assert_eq!(received, "test/y one\ntest/x hello\n");

    // Connection 3: subscribe, unsubscribe, exit.
    let unsubscriber = client(
        "mosquitto_sub",
        version,
        port,
        &["-i", "unsub", "-t", "u/1", "-U", "u/1", "-E", "-W", "30"],
    );
    recorder.wait_for("UNSUBACK", |event| {
        event.connection == 3 && matches!(event.packet, Some(Ok(Packet::UnsubAck(_))))
    });
    finish(unsubscriber, "mosquitto_sub -U");
    // The broker closes its side after the client's DISCONNECT.
    recorder.wait_for("end of connection 3", |event| {
        event.connection == 3 && event.direction == Direction::ToClient && event.packet.is_none()
    });

    recorder
        .streams()
        .iter()
        .map(|(to_broker, to_client)| (frames(to_broker, version), frames(to_client, version)))
        .collect()
}

fn dump(version: ProtocolVersion, direction: &str, frames: &[(Vec<u8>, Packet)]) {
    if std::env::var_os("MQTT_PROTO_DUMP").is_none() {
        return;
    }
    for (bytes, packet) in frames {
        let hex: Vec<String> = bytes.iter().map(|byte| format!("0x{byte:02x}")).collect();
        eprintln!("// {version} {direction} {}\n[{}],", packet.packet_type(), hex.join(", "));
    }
}

fn types(frames: &[(Vec<u8>, Packet)]) -> Vec<PacketType> {
    frames.iter().map(|(_, packet)| packet.packet_type()).collect()
}

/// One scenario at a time: a recorder binding an ephemeral port while
/// another test's broker is starting could take the port the harness just
/// picked for that broker.
static SERIAL: Mutex<()> = Mutex::new(());

fn check_version(version: ProtocolVersion) {
    let _serial = SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let connections = run_session(version);
    assert_eq!(connections.len(), 4, "{version}: expected four client connections");
    for (to_broker, to_client) in &connections {
        dump(version, "client->broker", to_broker);
        dump(version, "broker->client", to_client);
        for (bytes, packet) in to_broker.iter().chain(to_client) {
            let mut encoded = BytesMut::new();
            packet.encode(version, &mut encoded).unwrap();
            if encoded[..] != bytes[..] {
                // Typed property sets write user properties last, so only
                // the order of properties may differ from mosquitto's.
                let (mut ours, mut theirs) = (encoded.to_vec(), bytes.clone());
                ours.sort_unstable();
                theirs.sort_unstable();
                assert_eq!(ours, theirs, "{version}: {packet:?} re-encodes differently");
                let again = decode(&mut encoded, version, usize::MAX).unwrap().unwrap();
                assert_eq!(&again, packet, "{version}");
            }
        }
    }

    use PacketType::*;
    let (sub_out, sub_in) = &connections[0];
    assert_eq!(types(sub_out)[..2], [Connect, Subscribe], "{version}");
    assert!(types(sub_out).ends_with(&[Disconnect]), "{version}: {:?}", types(sub_out));
    assert!(types(sub_out).contains(&PubRec) && types(sub_out).contains(&PubComp));
    assert!(types(sub_in).contains(&PubRel) && !types(sub_in).contains(&PubAck));
    let Packet::Connect(connect) = &sub_out[0].1 else { unreachable!() };
    assert_eq!(connect.protocol, version);
    assert_eq!(connect.client_id, format!("sub-{}", version.level()).as_str());
    assert_eq!(connect.keep_alive, 30);
    assert_eq!(connect.username.as_ref().unwrap(), "user");
    assert_eq!(connect.password.as_deref(), Some(&b"secret"[..]));
    let will = connect.will.as_ref().unwrap();
    assert_eq!(
        (will.topic.as_str(), &will.payload[..], will.qos, will.retain),
        ("will/t", &b"bye"[..], QoS::AtLeastOnce, true)
    );
    let Packet::Subscribe(subscribe) = &sub_out[1].1 else { unreachable!() };
    let filters: Vec<_> =
        subscribe.filters.iter().map(|(filter, options)| (filter.as_str(), options.qos)).collect();
    assert_eq!(filters, [("test/#", QoS::ExactlyOnce), ("other/+", QoS::ExactlyOnce)]);
    let Packet::ConnAck(connack) = &sub_in[0].1 else {
        panic!("{version}: first packet to the client is not CONNACK")
    };
    assert!(!connack.reason_code.is_error());
    let publishes: Vec<_> = sub_in
        .iter()
        .filter_map(|(_, packet)| match packet {
            Packet::Publish(publish) => {
                Some((publish.topic.as_str(), &publish.payload[..], publish.qos))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        publishes,
        [("test/y", &b"one"[..], QoS::AtLeastOnce), ("test/x", &b"hello"[..], QoS::ExactlyOnce)]
    );

    let (qos1_out, qos1_in) = &connections[1];
    assert_eq!(types(qos1_out), [Connect, Publish, Disconnect], "{version}");
    assert_eq!(types(qos1_in), [ConnAck, PubAck], "{version}");
    let (qos2_out, qos2_in) = &connections[2];
    assert_eq!(types(qos2_out), [Connect, Publish, PubRel, Disconnect], "{version}");
    assert_eq!(types(qos2_in), [ConnAck, PubRec, PubComp], "{version}");
    let (unsub_out, unsub_in) = &connections[3];
    // mosquitto_sub -E sometimes exits before its DISCONNECT is written.
    let unsub_types = types(unsub_out);
    assert!(
        unsub_types == [Connect, Subscribe, Unsubscribe, Disconnect]
            || unsub_types == [Connect, Subscribe, Unsubscribe],
        "{version}: {unsub_types:?}"
    );
    assert_eq!(types(unsub_in), [ConnAck, SubAck, UnsubAck], "{version}");

    if version.is_v5() {
        let user_properties: Vec<_> =
            connect.properties.user_properties().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(user_properties, [("k", "v")]);
        assert_eq!(connect.properties.session_expiry_interval(), Some(60));
        assert_eq!(connect.properties.receive_maximum(), Some(20));
        assert_eq!(will.properties.content_type().unwrap(), "text/plain");
        let Packet::Publish(publish) = &qos2_out[1].1 else { unreachable!() };
        let properties = &publish.properties;
        assert_eq!(properties.content_type().unwrap(), "text/plain");
        assert_eq!(properties.message_expiry_interval(), Some(30));
        assert_eq!(properties.correlation_data().map(|data| &data[..]), Some(&b"abc"[..]));
        assert_eq!(properties.response_topic().unwrap(), "resp/t");
        assert_eq!(properties.payload_format_indicator(), Some(true));
        assert_eq!(properties.user_properties().next().unwrap().0, "a");
    }
}

#[test]
fn mosquitto_traffic_v3_1() {
    check_version(ProtocolVersion::V3_1);
}

#[test]
fn mosquitto_traffic_v3_1_1() {
    check_version(ProtocolVersion::V3_1_1);
}

#[test]
fn mosquitto_traffic_v5() {
    check_version(ProtocolVersion::V5);
}
