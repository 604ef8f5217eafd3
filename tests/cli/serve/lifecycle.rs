//! Starting and stopping: port 0, the listening lines, signals, stdout.

use super::harness::{publish, run_mqtt, Serve, Subscriber};

#[test]
fn port_zero_reports_distinct_bound_ports_and_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let material = mqtt_test_support::tls::TlsMaterial::generate(dir.path());
    let cert = material.server.cert_path.to_str().unwrap();
    let key = material.server.key_path.to_str().unwrap();
    let serve = Serve::start(&["--tls-port", "0", "--cert", cert, "--key", key, "--ws-port", "0"]);
    assert_eq!(serve.urls.len(), 3, "{:?}", serve.urls);
    let ports = [serve.port(), serve.port_of("mqtts"), serve.port_of("ws")];
    assert!(ports[0] != ports[1] && ports[1] != ports[2] && ports[0] != ports[2], "{ports:?}");
    // The plain port really is the broker.
    publish(ports[0], &["-t", "t", "-m", "x"]);

    let output = run_mqtt(&["serve", "-p", "0", "--help"]);
    assert!(output.stdout.contains("mqtt serve: listening on mqtt://"), "help lacks the format");
}

#[test]
fn sigterm_stops_gracefully_with_clients_connected() {
    let serve = Serve::start(&[]);
    let subscriber = Subscriber::start(serve.port(), &["-t", "t"]);
    let (status, stderr) = serve.stop("TERM");
    assert!(status.success(), "{status}\n{stderr}");
    assert!(stderr.contains("mqtt serve: SIGTERM received, shutting down"), "{stderr}");
    assert!(stderr.ends_with("mqtt serve: stopped"), "{stderr}");
    drop(subscriber);
}

#[test]
fn sigint_stops_gracefully() {
    let serve = Serve::start(&[]);
    let (status, stderr) = serve.stop("INT");
    assert_eq!(status.code(), Some(130), "Ctrl-C is an interruption\n{stderr}");
    assert!(stderr.contains("SIGINT received"), "{stderr}");
    assert!(stderr.ends_with("mqtt serve: stopped"), "{stderr}");
    // Whether the port is closed is not checked here: once the process is
    // gone, a parallel test may already have been given the same port.
}

#[test]
fn bad_bind_address_is_a_usage_error() {
    let output = run_mqtt(&["serve", "--bind", "localhost:1883"]);
    assert_eq!(output.status.code(), Some(2), "{}", output.describe());
    assert!(output.stderr.contains("--bind"), "{}", output.describe());
}
