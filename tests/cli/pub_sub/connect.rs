//! Transports and connection sources for pub/sub: TLS (server and mutual),
//! WebSocket, named profiles.

use mqtt_test_support::tls::TlsMaterial;
use mqtt_test_support::Mosquitto;

use crate::support::pubsub::{mosquitto_tool, wait_subscribed};
use crate::support::{mqtt, run, Background};

#[test]
fn tls_with_cafile_and_client_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let tls = TlsMaterial::generate(&dir.path().join("tls"));
    let lines = tls.mosquitto_listener_lines();
    let broker = Mosquitto::builder()
        .listener(move |port| format!("listener {port} 127.0.0.1\n{lines}"))
        .listener({
            let lines = tls.mosquitto_listener_lines();
            move |port| format!("listener {port} 127.0.0.1\n{lines}\nrequire_certificate true")
        })
        .start();
    let watcher = Background::start(
        mosquitto_tool(&broker, "mosquitto_sub")
            .args(["-i", "watch", "-t", "tls/#", "-v", "-C", "3", "-W", "30"]),
    );
    wait_subscribed(&broker, "watch");
    let tls_port = broker.extra_port(0).to_string();
    let mtls_port = broker.extra_port(1).to_string();
    let cafile = tls.ca.cert_path.to_str().unwrap();
    run(
        mqtt().args([
            "pub",
            "-h",
            "localhost",
            "-p",
            &tls_port,
            "--cafile",
            cafile,
            "-t",
            "tls/ca",
            "-m",
            "1",
        ]),
        b"",
    )
    .expect_code(0);
    run(
        mqtt().args([
            "pub",
            "-L",
            &format!("mqtts://127.0.0.1:{tls_port}/tls/url"),
            "--insecure",
            "-m",
            "2",
        ]),
        b"",
    )
    .expect_code(0);
    // Without our certificate the mutual-TLS listener refuses us...
    let out = run(
        mqtt().args([
            "pub",
            "-h",
            "localhost",
            "-p",
            &mtls_port,
            "--cafile",
            cafile,
            "-t",
            "tls/x",
            "-m",
            "x",
        ]),
        b"",
    );
    assert_eq!(out.code(), 3, "{}", out.stderr);
    // ...with it, we are in.
    run(
        mqtt()
            .args([
                "pub",
                "-h",
                "localhost",
                "-p",
                &mtls_port,
                "--cafile",
                cafile,
                "--tls-version",
                "tlsv1.3",
            ])
            .args([
                "--cert",
                tls.client.cert_path.to_str().unwrap(),
                "--key",
                tls.client.key_path.to_str().unwrap(),
            ])
            .args(["-t", "tls/mutual", "-m", "3"]),
        b"",
    )
    .expect_code(0);
    // An unknown CA is a connection failure that names the problem.
    let out = run(
        mqtt().args(["pub", "-h", "localhost", "-p", &tls_port, "--tls", "-t", "tls/x", "-m", "x"]),
        b"",
    );
    assert_eq!(out.code(), 3, "{}", out.stderr);
    assert!(out.stderr.to_lowercase().contains("certificate"), "{}", out.stderr);
    assert_eq!(
        watcher.finish().expect_code(0).stdout_text(),
        "tls/ca 1\ntls/url 2\ntls/mutual 3\n"
    );
}

#[test]
fn websocket_url_works_for_pub_and_sub() {
    let broker = Mosquitto::builder()
        .listener(|port| format!("listener {port} 127.0.0.1\nprotocol websockets"))
        .start();
    let url = format!("ws://127.0.0.1:{}", broker.extra_port(0));
    let sub = Background::start(
        mqtt().args(["sub", "-L", &url, "-i", "wsub", "-t", "ws/#", "-v", "-C", "1", "-W", "30"]),
    );
    wait_subscribed(&broker, "wsub");
    run(mqtt().args(["pub", "-L", &url, "-t", "ws/a", "-m", "over websocket"]), b"").expect_code(0);
    assert_eq!(sub.finish().expect_code(0).stdout_text(), "ws/a over websocket\n");
}

#[test]
fn named_profile_supplies_host_port_and_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let passwords = dir.path().join("passwd");
    let status = std::process::Command::new("mosquitto_passwd")
        .args(["-b", "-c"])
        .arg(&passwords)
        .args(["bob", "hunter2"])
        .status()
        .unwrap();
    assert!(status.success());
    let broker = Mosquitto::builder().password_file(&passwords).start();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.test]\nhost = \"127.0.0.1\"\nport = {}\nusername = \"bob\"\npassword_env = \"BOB_PASSWORD\"\n",
            broker.port()
        ),
    )
    .unwrap();
    let sub = Background::start(
        mqtt().env("MQTT_CONFIG", &config).env("BOB_PASSWORD", "hunter2").args([
            "sub",
            "--profile",
            "test",
            "-i",
            "psub",
            "-t",
            "p",
            "-C",
            "1",
            "-W",
            "30",
        ]),
    );
    wait_subscribed(&broker, "psub");
    run(
        mqtt().env("MQTT_CONFIG", &config).env("BOB_PASSWORD", "hunter2").args([
            "pub",
            "--profile",
            "test",
            "-t",
            "p",
            "-m",
            "from profile",
        ]),
        b"",
    )
    .expect_code(0);
    assert_eq!(sub.finish().expect_code(0).stdout_text(), "from profile\n");
    let out = run(
        mqtt().env("MQTT_CONFIG", &config).args(["pub", "--profile", "nope", "-t", "p", "-m", "x"]),
        b"",
    );
    assert!(out.stderr.contains("no profile named \"nope\""), "{}", out.stderr);
}
