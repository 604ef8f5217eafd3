//! The harness itself: a broker starts, accepts, restarts and stops.

use std::net::TcpStream;

use mqtt_test_support::Mosquitto;

#[test]
fn broker_accepts_and_stops_on_drop() {
    let broker = Mosquitto::start();
    let addr = broker.addr();
    TcpStream::connect(addr).expect("broker accepts TCP");
    assert!(broker.config_text().contains(&format!("listener {} 127.0.0.1", broker.port())));
    drop(broker);
    assert!(TcpStream::connect(addr).is_err(), "broker still listening after drop");
}

#[test]
fn broker_restarts_on_the_same_port() {
    let mut broker = Mosquitto::builder().persistence(true).start();
    let port = broker.port();
    broker.restart();
    assert_eq!(broker.port(), port);
    TcpStream::connect(broker.addr()).expect("broker accepts TCP after restart");
}

#[test]
fn bad_config_fails_with_the_log() {
    let result = std::panic::catch_unwind(|| {
        Mosquitto::builder().config("this_is_not_an_option 1").start();
    });
    let panic = result.expect_err("a bad config must not start");
    let text = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(text.contains("mosquitto"), "unexpected panic text: {text}");
}
