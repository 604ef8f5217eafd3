//! Many connections through one prepared `Connector` (as `mqtt bench`
//! opens them), and the transport timings each connection reports.

use mqtt_client::{connect_with, Connector, DisconnectReasonCode, ProtocolVersion};
use mqtt_test_support::Mosquitto;

use crate::support::{guard, options};

#[tokio::test]
async fn one_connector_serves_many_connections_and_reports_timings() {
    let broker = Mosquitto::start();
    let template = options(broker.port(), ProtocolVersion::V5);
    let connector = Connector::new(&template.transport).expect("prepare the connector");
    let mut clients = Vec::new();
    for index in 0..3 {
        let mut options = template.clone();
        options.client_id = Some(format!("shared-connector-{index}"));
        let (client, _events) =
            guard(connect_with(connector.clone(), options)).await.expect("connect");
        let connack = client.connack();
        let transport = connack.transport.as_ref().expect("transport info is reported");
        assert_eq!(transport.peer_addr, mqtt_client::Endpoint::Inet(broker.addr()));
        assert!(transport.tls_handshake.is_none(), "plain TCP has no TLS handshake");
        assert_eq!(connack.client_id, format!("shared-connector-{index}"));
        clients.push(client);
    }
    for client in clients {
        guard(client.disconnect(DisconnectReasonCode::NormalDisconnection)).await.unwrap();
    }
}
