//! `bench -A` with a CIDR block: connections spread over its host
//! addresses, counted per address in the report and seen by mosquitto.

use mqtt_test_support::Mosquitto;
use serde_json::json;

use crate::bench::report;

#[test]
fn a_cidr_block_spreads_connections_over_its_host_addresses() {
    let broker = Mosquitto::start();
    let (code, json, outcome) = report(&broker, &["conn", "-n", "6", "--bind", "127.0.0.8/30"]);
    assert_eq!(code, 0, "{}", outcome.stderr);
    assert_eq!(
        json["context"]["connections_by_address"],
        json!({"127.0.0.10": 3, "127.0.0.9": 3}),
        "127.0.0.8/30 holds .9 and .10 (not the network or broadcast address)"
    );
    let log = broker.log();
    for address in ["127.0.0.9", "127.0.0.10"] {
        assert!(log.contains(&format!("New connection from {address}:")), "{address}\n{log}");
    }
    let refused = crate::support::run(
        crate::support::mqtt().args(["bench", "conn", "-A", "127.0.0.0/8", "-n", "1"]),
        b"",
    )
    .expect_code(2);
    assert!(refused.stderr.contains("at most 65,536 addresses"), "{}", refused.stderr);
}
