//! A small routing broker on our own codec, for `inspect` checks against
//! behaviours the brokers a test can start here do not have: a broker that
//! drops QoS 0 while a subscriber's Receive Maximum window is full, one
//! that announces a small Maximum Packet Size, one that answers MQTT 5 with
//! a 3.1.1 CONNACK, drops the connection on a `$SYS` subscription, or
//! sends a stray retained message with every SUBACK.
//!
//! It routes PUBLISH at QoS 0 and 1 (QoS 2 is acknowledged but delivered
//! at QoS 1 at most), honours each subscriber's Receive Maximum, and keeps
//! no retained messages or sessions. It listens on 127.0.0.1:0 until the
//! test process ends.

use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::BytesMut;
use mqtt_proto::{
    decode, matches, ConnAck, ConnectReasonCode, Disconnect, DisconnectReasonCode, Packet,
    PacketId, ProtocolVersion, Publish, QoS, Topic, TopicFilter,
};

use crate::support::scripted::{standard, Session};

/// How the broker departs from a plain one.
#[derive(Clone, Default)]
pub struct Quirks {
    /// Drop QoS 0 messages to a subscriber whose window is full.
    pub drop_qos0_when_window_full: bool,
    /// Announce this Maximum Packet Size (MQTT 5) and disconnect with 0x95
    /// on larger packets.
    pub maximum_packet_size: Option<u32>,
    /// Answer an MQTT 5 CONNECT with a 3.1.1 CONNACK, return code 1.
    pub v311_only: bool,
    /// Refuse every CONNECT with this reason.
    pub refuse: Option<ConnectReasonCode>,
    /// Close the connection on a SUBSCRIBE to a `$SYS` filter.
    pub close_on_sys: bool,
    /// Send this retained message after every SUBACK.
    pub stray_on_subscribe: Option<&'static str>,
}

struct Client {
    writer: TcpStream,
    version: ProtocolVersion,
    filters: Vec<(TopicFilter, QoS)>,
    window: usize,
    in_flight: Vec<u16>,
    queue: VecDeque<Publish>,
    next_id: u16,
}

impl Client {
    fn write(&mut self, packet: &Packet) {
        let mut out = BytesMut::new();
        packet.encode(self.version, &mut out).expect("the tiny broker's packets encode");
        let _ = self.writer.write_all(&out);
    }

    fn deliver(&mut self, mut publish: Publish, drop_qos0_when_full: bool) {
        let full = self.in_flight.len() >= self.window;
        if publish.qos == QoS::AtMostOnce {
            if !(full && drop_qos0_when_full) {
                self.write(&Packet::Publish(publish));
            }
            return;
        }
        if full {
            self.queue.push_back(publish);
            return;
        }
        self.next_id = self.next_id % 60_000 + 1;
        publish.packet_id = PacketId::new(self.next_id);
        self.in_flight.push(self.next_id);
        self.write(&Packet::Publish(publish));
    }

    fn acked(&mut self, id: u16, drop_qos0_when_full: bool) {
        self.in_flight.retain(|pending| *pending != id);
        if let Some(next) = self.queue.pop_front() {
            self.deliver(next, drop_qos0_when_full);
        }
    }
}

/// The running broker.
pub struct TinyBroker {
    pub port: u16,
    /// The largest packet a client sent, in bytes.
    pub largest_packet: Arc<AtomicUsize>,
}

impl TinyBroker {
    pub fn start(quirks: Quirks) -> TinyBroker {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().unwrap().port();
        let largest_packet = Arc::new(AtomicUsize::new(0));
        let clients: Arc<Mutex<HashMap<usize, Client>>> = Arc::default();
        let largest = largest_packet.clone();
        std::thread::spawn(move || {
            for (key, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { return };
                let (quirks, clients, largest) = (quirks.clone(), clients.clone(), largest.clone());
                std::thread::spawn(move || {
                    Connection { key, quirks, clients, largest }.serve(stream);
                });
            }
        });
        TinyBroker { port, largest_packet }
    }

    pub fn largest_packet(&self) -> usize {
        self.largest_packet.load(Ordering::SeqCst)
    }
}

struct Connection {
    key: usize,
    quirks: Quirks,
    clients: Arc<Mutex<HashMap<usize, Client>>>,
    largest: Arc<AtomicUsize>,
}

impl Connection {
    fn serve(self, mut stream: TcpStream) {
        let mut buf = BytesMut::new();
        let mut version = ProtocolVersion::V5;
        loop {
            let before = buf.len();
            let packet = match decode(&mut buf, version, usize::MAX) {
                Ok(Some(packet)) => packet,
                Ok(None) => {
                    let mut chunk = [0u8; 64 * 1024];
                    match stream.read(&mut chunk) {
                        Ok(0) | Err(_) => break,
                        Ok(count) => buf.extend_from_slice(&chunk[..count]),
                    }
                    continue;
                }
                Err(_) => break,
            };
            let size = before - buf.len();
            self.largest.fetch_max(size, Ordering::SeqCst);
            if let Packet::Connect(connect) = &packet {
                version = connect.protocol;
                let window = connect.properties.receive_maximum().unwrap_or(u16::MAX);
                if !self.connected(&mut stream, version, window) {
                    break;
                }
                continue;
            }
            if self.quirks.maximum_packet_size.is_some_and(|max| size > max as usize) {
                self.with_client(|client| {
                    let disconnect = Disconnect {
                        reason_code: DisconnectReasonCode::PacketTooLarge,
                        ..Disconnect::default()
                    };
                    client.write(&Packet::Disconnect(disconnect));
                });
                break;
            }
            if !self.handle(packet) {
                break;
            }
        }
        self.clients.lock().unwrap().remove(&self.key);
    }

    /// Answers CONNECT; false when the connection is to end.
    fn connected(&self, stream: &mut TcpStream, version: ProtocolVersion, window: u16) -> bool {
        if self.quirks.v311_only && version.is_v5() {
            let _ = stream.write_all(&[0x20, 0x02, 0x00, 0x01]);
            return false;
        }
        let mut connack = ConnAck::new(self.quirks.refuse.unwrap_or(ConnectReasonCode::Success));
        if let Some(max) = self.quirks.maximum_packet_size.filter(|_| version.is_v5()) {
            connack.properties.set_maximum_packet_size(max);
        }
        let mut client = Client {
            writer: stream.try_clone().expect("clone the stream"),
            version,
            filters: Vec::new(),
            window: usize::from(window),
            in_flight: Vec::new(),
            queue: VecDeque::new(),
            next_id: 0,
        };
        client.write(&Packet::ConnAck(connack));
        if self.quirks.refuse.is_some() {
            return false;
        }
        self.clients.lock().unwrap().insert(self.key, client);
        true
    }

    fn with_client(&self, action: impl FnOnce(&mut Client)) {
        if let Some(client) = self.clients.lock().unwrap().get_mut(&self.key) {
            action(client);
        }
    }

    /// One packet after CONNECT; false when the connection is to end.
    fn handle(&self, packet: Packet) -> bool {
        let drop_qos0 = self.quirks.drop_qos0_when_window_full;
        match &packet {
            Packet::PubAck(ack) => {
                self.with_client(|client| client.acked(ack.packet_id.get(), drop_qos0));
                return true;
            }
            Packet::Subscribe(subscribe) => {
                let to_sys =
                    subscribe.filters.iter().any(|(filter, _)| filter.as_str().starts_with("$SYS"));
                if self.quirks.close_on_sys && to_sys {
                    return false;
                }
                // Granted at QoS 1 at most: QoS 2 is not routed.
                let mut capped = subscribe.clone();
                for (filter, options) in &mut capped.filters {
                    options.qos = options.qos.min(QoS::AtLeastOnce);
                    self.with_client(|client| client.filters.push((filter.clone(), options.qos)));
                }
                self.answer(&Packet::Subscribe(capped));
                if let Some(topic) = self.quirks.stray_on_subscribe {
                    let mut publish = Publish::new(Topic::try_from(topic).unwrap(), &b"stray"[..]);
                    publish.retain = true;
                    self.with_client(|client| client.write(&Packet::Publish(publish)));
                }
                return true;
            }
            Packet::Unsubscribe(unsubscribe) => self.with_client(|client| {
                client.filters.retain(|(filter, _)| !unsubscribe.filters.contains(filter));
            }),
            _ => {}
        }
        if !self.answer(&packet) {
            return false;
        }
        if let Packet::Publish(publish) = &packet {
            self.route(publish);
        }
        true
    }

    /// What a plain broker answers (`scripted::standard`); false when the
    /// connection is to end.
    fn answer(&self, packet: &Packet) -> bool {
        let Some(answers) = standard(packet, &mut Session::default()) else { return false };
        self.with_client(|client| {
            for answer in &answers {
                client.write(answer);
            }
        });
        true
    }

    fn route(&self, publish: &Publish) {
        let drop_qos0 = self.quirks.drop_qos0_when_window_full;
        let mut clients = self.clients.lock().unwrap();
        for client in clients.values_mut() {
            let granted = client
                .filters
                .iter()
                .filter(|(filter, _)| matches(filter, &publish.topic))
                .map(|(_, qos)| *qos)
                .max();
            if let Some(granted) = granted {
                let mut copy = Publish::new(publish.topic.clone(), publish.payload.clone());
                copy.qos = publish.qos.min(granted);
                client.deliver(copy, drop_qos0);
            }
        }
    }
}
