# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_mqtt_global_optspecs
    string join \n h/help V/version
end

function __fish_mqtt_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_mqtt_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_mqtt_using_subcommand
    set -l cmd (__fish_mqtt_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c mqtt -n "__fish_mqtt_needs_command" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_needs_command" -s V -l version -d 'Print version'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "pub" -d 'Publish messages: from -m, a file, stdin, or one per stdin line'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "sub" -d 'Subscribe to topic filters and print messages as they arrive'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "rr" -d 'Request/response: send a request and print the matching response, or answer requests with a command (--respond)'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "bench" -d 'Measure broker throughput and latency'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "passwd" -d 'Create and edit mosquitto password files'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "watch" -d 'A live view of a broker\'s topic space: a topic tree with rates, the last message, its history and a chart; statistics off a terminal'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "inspect" -d 'Report what a broker supports, or decode raw MQTT packets'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "config" -d 'Show where profiles are read from and what one resolves to'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "serve" -d 'Run a local MQTT broker for development'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "generate" -d 'Write man pages or shell completions (for packagers)'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s t -l topic -d 'Topic to publish to (no + or # wildcards). May also come from -L\'s /topic path; --json-lines takes each message\'s own topic' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s m -l message -d 'The message payload, taken literally' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s f -l file -d 'Send the contents of FILE as the message' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l encode -d 'Encode each payload with CODEC: -m, -f, -s and -l take JSON text (hex, base64 and text also take the bare text); --json-lines encodes a line\'s `decoded` member (a line without one keeps its `payload`). CODEC: json, text, hex, base64, msgpack, cbor, sparkplug (a missing `seq` counts up from 0, a missing `timestamp` is now), protobuf[:FILE[:TYPE]], avro[:FILE] (a raw datum; see --avro-single-object). Given here, it replaces a profile\'s `encode`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l proto -d 'A .proto file for the protobuf codec, compiled at start (no protoc needed); repeatable' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l proto-path -d 'A directory where the .proto files\' imports are looked up; repeatable (the directory of each --proto file is searched too)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l proto-type -d 'The message type of the protobuf codec, e.g. telemetry.Reading [default: the only one the schema defines]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l descriptor-set -d 'A compiled schema (protoc --include_imports --descriptor_set_out) instead of --proto' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l avro-schema -d 'The Avro schema (.avsc) of the avro codec' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s q -l qos -d 'Quality of service: 0, 1 or 2' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l repeat -d 'Send the message this many times (with -m, -f, -s or -n)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l repeat-delay -d 'Pause between repeated messages, e.g. 0.5, 100ms, 2s' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s M -l max-inflight -d 'Most QoS 1/2 messages awaiting acknowledgement at once; the broker\'s Receive Maximum caps it [default: the broker\'s Receive Maximum with MQTT 5, 20 with 3.1.1]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l reconnect-limit -d 'With -l or --json-lines: give up (status 8, saying how many messages were not confirmed) after this many failed reconnect attempts in a row. Attempts wait 0.1 s, doubling up to 30 s [default: 10, about 80 s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l user-property -d 'User property KEY=VALUE (repeatable; order and duplicates kept)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l content-type -d 'Content type of the message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l response-topic -d 'Response topic for request/response' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l correlation-data -d 'Correlation data (text) for request/response' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l message-expiry -d 'Message expiry interval, e.g. 10m' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l payload-format -d 'Payload format indicator' -r -f -a "bytes\t'Unspecified bytes (0)'
utf8\t'UTF-8 text (1)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s h -l host -d 'Broker host name or address [default: localhost] [env: MQTT_HOST]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s p -l port -d 'Broker port [default: 1883, or 8883 with TLS] [env: MQTT_PORT]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s L -l url -d 'Broker URL: mqtt://, mqtts://, ws://, wss:// or unix:///PATH, with optional user:password@ and a /topic path (as mosquitto\'s -L)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l unix -d 'Connect to the broker\'s Unix domain socket at PATH instead of TCP (as mosquitto\'s --unix; the same as -L unix://PATH)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l proxy -d 'Reach the broker through a proxy: socks5h://[USER[:PASS]@]HOST[:PORT] (the proxy resolves the broker\'s name), socks5://… (resolved here) or http://… (CONNECT); port 1080 by default. Without it, ALL_PROXY (and HTTPS_PROXY for wss://, http_proxy for ws://) apply, minus NO_PROXY; --proxy \'\' ignores them' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s A -l bind-address -l bind -d 'Local address to connect from (as mosquitto\'s -A). bench: a comma-separated list or a CIDR block (127.0.0.0/30: its host addresses); connections take the addresses in turn' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s V -l protocol-version -d 'MQTT protocol version' -r -f -a "31\t'MQTT 3.1 (protocol name MQIsdp, level 3)'
311\t'MQTT 3.1.1 (level 4)'
5\t'MQTT 5.0 (level 5)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s i -l id -d 'Client identifier [default: generated]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s I -l id-prefix -d 'Client identifier prefix; the process id is appended' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s k -l keepalive -d 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l connect-timeout -d 'Give up connecting (TCP, TLS, WebSocket and the CONNACK together) after this long, e.g. 5, 500ms, 1m [default: 10s]. Each automatic reconnect attempt has the same limit' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l ack-timeout -d 'While a QoS 1/2 message, SUBSCRIBE or UNSUBSCRIBE awaits its acknowledgement, fail when the broker acknowledges nothing for this long, e.g. 10s, 2m [default: 30s]. The connection is then closed (pub: exit 7 with the count of unconfirmed messages)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s x -l session-expiry -d 'MQTT 5 session expiry interval (e.g. 1h, or "never")' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s u -l username -d 'Username to authenticate with [env: MQTT_USERNAME]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s P -l password -d 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l profile -d 'Use the named profile from the config file [env: MQTT_PROFILE]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s D -l property -d 'An MQTT 5 property as mosquitto\'s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l cafile -d 'Trust the CA certificates in this PEM file (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l capath -d 'Trust the CA certificates in this directory (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l key -d 'Private key (PEM) of the client certificate' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l tls-version -d 'Restrict the TLS version' -r -f -a "tlsv1.2\t'TLS 1.2 only'
tlsv1.3\t'TLS 1.3 only'"
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l alpn -d 'ALPN protocol to offer (repeatable)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l sni -d 'Server name to send and verify, when it differs from the host' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l tls-keylog -d 'Append the TLS session secrets to FILE (NSS key log format, for Wireshark; created with mode 0600) [env: SSLKEYLOGFILE]. Whoever reads the file can decrypt the traffic' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l will-topic -d 'Topic of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l will-payload -d 'Payload of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l will-qos -d 'QoS of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l will-delay -d 'MQTT 5 will delay interval (e.g. 10s)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s s -l stdin-file -d 'Read all of standard input and send it as one message'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s l -l stdin-line -d 'Send each line of standard input as its own message, as lines arrive (the newline is not sent; an empty line is a zero-length message)'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s n -l null-message -d 'Send a zero-length message (with -r: clear the retained message)'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l json-lines -d 'Read JSON lines as printed by `mqtt sub --json` from standard input and republish each one with its own topic, payload, QoS, retain flag and properties. -t, -q and -r, when given, override the recorded ones (-t also fills in a line without a topic). Members this version does not know are ignored, so captures from newer versions replay. A bad line stops the run, naming the line and how many were sent before it'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l skip-invalid -d 'With --json-lines: report a bad line on stderr and go on with the next; the number skipped is reported at the end (exit 0)'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l avro-single-object -d 'With --encode avro: write Avro\'s single-object encoding (marker, schema fingerprint, datum) instead of the raw datum'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s r -l retain -d 'Ask the broker to retain the message'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l no-reconnect -d 'With -l or --json-lines: end with status 8 when the connection is lost instead of reconnecting'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s c -l no-clean -d 'Keep the session: clean session off (3.1.1) / clean start off (5)'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l insecure -d 'Do not verify the broker\'s certificate or host name. Dangerous'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l tls -d 'Use TLS with the system\'s trusted roots'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l will-retain -d 'Retain the will message'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l nodelay -d 'Accepted for mosquitto\'s scripts: TCP_NODELAY is always on here (the client batches its own writes)'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s d -l debug -d 'Print every packet sent and received, decoded, on stderr'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l quiet -d 'Print no warnings or status messages'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s t -l topic -d 'Topic filter to subscribe to; repeatable. `+` matches one level, `#` the rest' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s q -l qos -d 'Maximum QoS to receive: 0, 1 or 2' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s T -l filter-out -d 'Do not print messages whose topic matches this filter; repeatable' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s U -l unsubscribe -d 'Unsubscribe from this filter after subscribing (to end a persistent session\'s subscription with -c); repeatable' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s F -l format -d 'Print each message with mosquitto_sub\'s (2.1) format language, e.g. \'%t %p\', \'%j\', \'@H:@M:@S %x\', \'%.2:x\' (hex bytes split by \':\'), \'%f\' (a 4-byte float payload), \'%d\' (an 8-byte double); ours adds %v, the payload decoded by --decode as JSON' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l message-rate -d 'Print the message rate on stderr each second: `N msgs/s` for all messages received, as mosquitto_sub 2.1 (whose rate replaces the messages; here they still go to stdout: add `> /dev/null`). `--message-rate=topic` adds a line per topic, `=filter` one per -t filter (busiest first, at most 20)' -r -f -a "total\t'All messages together'
topic\t'Each topic'
filter\t'Each subscribed filter (-t); a message counts for every filter it matches'"
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l decode -d 'Decode payloads with CODEC, for every topic or, as FILTER=CODEC, for the topics FILTER matches; repeatable, the first matching filter wins. CODEC: auto, json, text, hex, base64, msgpack, cbor, sparkplug, protobuf[:FILE[:TYPE]], avro[:FILE] (raw datum or single-object). The default output and -v show the decoded value as JSON, --json adds `decoded` (or `decode_error`), -F has %v. A payload that does not decode is reported on stderr and printed as it is. Given here, it replaces a profile\'s `decode`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l proto -d 'A .proto file for the protobuf codec, compiled at start (no protoc needed); repeatable' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l proto-path -d 'A directory where the .proto files\' imports are looked up; repeatable (the directory of each --proto file is searched too)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l proto-type -d 'The message type of the protobuf codec, e.g. telemetry.Reading [default: the only one the schema defines]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l descriptor-set -d 'A compiled schema (protoc --include_imports --descriptor_set_out) instead of --proto' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l avro-schema -d 'The Avro schema (.avsc) of the avro codec' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l color -d 'When to colour the output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s C -l count -d 'Exit after this many messages' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s W -l timeout -d 'Exit with status 27 when this much time has passed since the start, connecting included (as mosquitto_sub\'s -W)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l idle-timeout -d 'Exit when no message has arrived for this long (status 0, or 27 when -C was given and not reached)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l retained-wait -d 'How long --retained-only waits for another retained message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l retain-handling -d 'MQTT 5: when the broker sends retained messages' -r -f -a "always\t'Send retained messages on every subscribe (0)'
new\t'Only when the subscription is new (1)'
never\t'Never send retained messages (2)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l reconnect-limit -d 'Give up (status 8) after this many failed reconnect attempts in a row. Attempts wait 0.1 s, doubling up to 30 s [default: no limit]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s h -l host -d 'Broker host name or address [default: localhost] [env: MQTT_HOST]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s p -l port -d 'Broker port [default: 1883, or 8883 with TLS] [env: MQTT_PORT]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s L -l url -d 'Broker URL: mqtt://, mqtts://, ws://, wss:// or unix:///PATH, with optional user:password@ and a /topic path (as mosquitto\'s -L)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l unix -d 'Connect to the broker\'s Unix domain socket at PATH instead of TCP (as mosquitto\'s --unix; the same as -L unix://PATH)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l proxy -d 'Reach the broker through a proxy: socks5h://[USER[:PASS]@]HOST[:PORT] (the proxy resolves the broker\'s name), socks5://… (resolved here) or http://… (CONNECT); port 1080 by default. Without it, ALL_PROXY (and HTTPS_PROXY for wss://, http_proxy for ws://) apply, minus NO_PROXY; --proxy \'\' ignores them' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s A -l bind-address -l bind -d 'Local address to connect from (as mosquitto\'s -A). bench: a comma-separated list or a CIDR block (127.0.0.0/30: its host addresses); connections take the addresses in turn' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s V -l protocol-version -d 'MQTT protocol version' -r -f -a "31\t'MQTT 3.1 (protocol name MQIsdp, level 3)'
311\t'MQTT 3.1.1 (level 4)'
5\t'MQTT 5.0 (level 5)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s i -l id -d 'Client identifier [default: generated]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s I -l id-prefix -d 'Client identifier prefix; the process id is appended' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s k -l keepalive -d 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l connect-timeout -d 'Give up connecting (TCP, TLS, WebSocket and the CONNACK together) after this long, e.g. 5, 500ms, 1m [default: 10s]. Each automatic reconnect attempt has the same limit' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l ack-timeout -d 'While a QoS 1/2 message, SUBSCRIBE or UNSUBSCRIBE awaits its acknowledgement, fail when the broker acknowledges nothing for this long, e.g. 10s, 2m [default: 30s]. The connection is then closed (pub: exit 7 with the count of unconfirmed messages)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s x -l session-expiry -d 'MQTT 5 session expiry interval (e.g. 1h, or "never")' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s u -l username -d 'Username to authenticate with [env: MQTT_USERNAME]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s P -l password -d 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l profile -d 'Use the named profile from the config file [env: MQTT_PROFILE]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s D -l property -d 'An MQTT 5 property as mosquitto\'s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l cafile -d 'Trust the CA certificates in this PEM file (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l capath -d 'Trust the CA certificates in this directory (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l key -d 'Private key (PEM) of the client certificate' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l tls-version -d 'Restrict the TLS version' -r -f -a "tlsv1.2\t'TLS 1.2 only'
tlsv1.3\t'TLS 1.3 only'"
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l alpn -d 'ALPN protocol to offer (repeatable)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l sni -d 'Server name to send and verify, when it differs from the host' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l tls-keylog -d 'Append the TLS session secrets to FILE (NSS key log format, for Wireshark; created with mode 0600) [env: SSLKEYLOGFILE]. Whoever reads the file can decrypt the traffic' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l will-topic -d 'Topic of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l will-payload -d 'Payload of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l will-qos -d 'QoS of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l will-delay -d 'MQTT 5 will delay interval (e.g. 10s)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s v -l verbose -d 'Print the topic before the payload'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s N -l no-eol -d 'Do not print a newline after each message'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l pretty -d 'Print the JSON of -F %j and %J indented over several lines, as mosquitto_sub --pretty'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l json -d 'Print one JSON object per line: topic, payload (text or base64), qos, retain and MQTT 5 properties. `mqtt pub --json-lines` replays it'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s w -l watch -d 'On a terminal, keep one line per topic, updated in place: its last payload, how many messages and how long ago (as mosquitto_sub 2.1\'s -w). Not for a pipe or file: use --json there. Not with --message-rate, whose lines would scroll the table away'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l strict-decode -d 'Exit with status 65 at the first payload that does not decode (it is printed first)'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s E -l exit-after-subscribe -d 'Exit as soon as the subscriptions are acknowledged (e.g. to create a persistent session with -c)'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l retained-only -d 'Print only retained messages and exit at the first fresh one, or when nothing more arrives shortly after the subscription (see --retained-wait), so it never hangs on an empty tree'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s R -l skip-retained -d 'Do not print retained (stale) messages'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l remove-retained -d 'Clear each retained message received (publishes a zero-length retained message to its topic). Works with -R too'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l no-local -d 'MQTT 5: do not receive our own publishes'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l retain-as-published -d 'MQTT 5: keep the retain flag as the publisher set it'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l no-reconnect -d 'End with status 8 when the connection is lost instead of reconnecting (by default a lost connection is resumed, for ever)'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s c -l no-clean -d 'Keep the session: clean session off (3.1.1) / clean start off (5)'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l insecure -d 'Do not verify the broker\'s certificate or host name. Dangerous'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l tls -d 'Use TLS with the system\'s trusted roots'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l will-retain -d 'Retain the will message'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l nodelay -d 'Accepted for mosquitto\'s scripts: TCP_NODELAY is always on here (the client batches its own writes)'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s d -l debug -d 'Print every packet sent and received, decoded, on stderr'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l quiet -d 'Print no warnings or status messages'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s t -l topic -d 'Topic the request is published to; with --respond, the filter the requests arrive on' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s e -l response-topic -d 'Topic the responses come back on [default: mqtt-rr/<random>, MQTT 5 only]. With --respond: where to answer requests that carry no Response Topic (MQTT 3.1.1)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s m -l message -d 'The request payload, taken literally' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s f -l file -d 'Send the contents of FILE as the request' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l correlation-data -d 'Correlation data (text) of the request [default: generated]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s q -l qos -d 'QoS of the requests, the responses\' subscription and (with --respond) the answers' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s C -l count -d 'Responses to wait for per request (several responders may answer); with --respond, exit after answering this many requests' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s W -l timeout -d 'Exit with status 27 when the responses have not all arrived this long after the start (with --respond: stop answering then, status 0)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s F -l format -d 'Print each response with mosquitto\'s format language (as sub -F)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l color -d 'When to colour the output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l decode -d 'Decode responses with CODEC, as `sub --decode` (auto, json, msgpack, cbor, sparkplug, protobuf[:FILE[:TYPE]], avro[:FILE], …); the output shows the decoded value, --json adds `decoded` or `decode_error`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l proto -d 'A .proto file for the protobuf codec, compiled at start (no protoc needed); repeatable' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l proto-path -d 'A directory where the .proto files\' imports are looked up; repeatable (the directory of each --proto file is searched too)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l proto-type -d 'The message type of the protobuf codec, e.g. telemetry.Reading [default: the only one the schema defines]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l descriptor-set -d 'A compiled schema (protoc --include_imports --descriptor_set_out) instead of --proto' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l avro-schema -d 'The Avro schema (.avsc) of the avro codec' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l concurrency -d 'With --respond: how many CMDs may run at once' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s h -l host -d 'Broker host name or address [default: localhost] [env: MQTT_HOST]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s p -l port -d 'Broker port [default: 1883, or 8883 with TLS] [env: MQTT_PORT]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s L -l url -d 'Broker URL: mqtt://, mqtts://, ws://, wss:// or unix:///PATH, with optional user:password@ and a /topic path (as mosquitto\'s -L)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l unix -d 'Connect to the broker\'s Unix domain socket at PATH instead of TCP (as mosquitto\'s --unix; the same as -L unix://PATH)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l proxy -d 'Reach the broker through a proxy: socks5h://[USER[:PASS]@]HOST[:PORT] (the proxy resolves the broker\'s name), socks5://… (resolved here) or http://… (CONNECT); port 1080 by default. Without it, ALL_PROXY (and HTTPS_PROXY for wss://, http_proxy for ws://) apply, minus NO_PROXY; --proxy \'\' ignores them' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s A -l bind-address -l bind -d 'Local address to connect from (as mosquitto\'s -A). bench: a comma-separated list or a CIDR block (127.0.0.0/30: its host addresses); connections take the addresses in turn' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s V -l protocol-version -d 'MQTT protocol version' -r -f -a "31\t'MQTT 3.1 (protocol name MQIsdp, level 3)'
311\t'MQTT 3.1.1 (level 4)'
5\t'MQTT 5.0 (level 5)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s i -l id -d 'Client identifier [default: generated]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s I -l id-prefix -d 'Client identifier prefix; the process id is appended' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s k -l keepalive -d 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l connect-timeout -d 'Give up connecting (TCP, TLS, WebSocket and the CONNACK together) after this long, e.g. 5, 500ms, 1m [default: 10s]. Each automatic reconnect attempt has the same limit' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l ack-timeout -d 'While a QoS 1/2 message, SUBSCRIBE or UNSUBSCRIBE awaits its acknowledgement, fail when the broker acknowledges nothing for this long, e.g. 10s, 2m [default: 30s]. The connection is then closed (pub: exit 7 with the count of unconfirmed messages)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s x -l session-expiry -d 'MQTT 5 session expiry interval (e.g. 1h, or "never")' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s u -l username -d 'Username to authenticate with [env: MQTT_USERNAME]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s P -l password -d 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l profile -d 'Use the named profile from the config file [env: MQTT_PROFILE]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s D -l property -d 'An MQTT 5 property as mosquitto\'s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l cafile -d 'Trust the CA certificates in this PEM file (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l capath -d 'Trust the CA certificates in this directory (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l key -d 'Private key (PEM) of the client certificate' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l tls-version -d 'Restrict the TLS version' -r -f -a "tlsv1.2\t'TLS 1.2 only'
tlsv1.3\t'TLS 1.3 only'"
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l alpn -d 'ALPN protocol to offer (repeatable)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l sni -d 'Server name to send and verify, when it differs from the host' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l tls-keylog -d 'Append the TLS session secrets to FILE (NSS key log format, for Wireshark; created with mode 0600) [env: SSLKEYLOGFILE]. Whoever reads the file can decrypt the traffic' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l will-topic -d 'Topic of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l will-payload -d 'Payload of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l will-qos -d 'QoS of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l will-delay -d 'MQTT 5 will delay interval (e.g. 10s)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s s -l stdin-file -d 'Read all of standard input and send it as the request'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s l -l stdin-line -d 'One request per line of standard input, sent as lines arrive without waiting for the answers, each with its own correlation data'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s n -l null-message -d 'Send a zero-length request'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l latency -d 'Print on stderr how long each response took from its request\'s publishing (as mosquitto_rr 2.1, which prints it on stdout)'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s v -l verbose -d 'Print the topic before the payload'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s N -l no-eol -d 'Do not print a newline after each response'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l pretty -d 'Print the JSON of -F %j and %J over several lines'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l json -d 'Print each response as one JSON object per line (as sub --json)'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l respond -d 'Answer requests on -t FILTER by running CMD for each (see below)'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s c -l no-clean -d 'Keep the session: clean session off (3.1.1) / clean start off (5)'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l insecure -d 'Do not verify the broker\'s certificate or host name. Dangerous'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l tls -d 'Use TLS with the system\'s trusted roots'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l will-retain -d 'Retain the will message'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l nodelay -d 'Accepted for mosquitto\'s scripts: TCP_NODELAY is always on here (the client batches its own writes)'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -s d -l debug -d 'Print every packet sent and received, decoded, on stderr'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l quiet -d 'Print no warnings or status messages'
complete -c mqtt -n "__fish_mqtt_using_subcommand rr" -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l scenario -d 'Start from a preset topology (publishers, subscribers, topics, filters, rate, QoS 1, 32-byte payloads); any flag given overrides its part, e.g. `--scenario fan-out --subscribers 50`' -r -f -a "fan-out\t'5 publishers, 50 msg/s each, on 5 topics that each of 1,000 subscribers subscribes to (mqttbs fanout-5-1000-5-250K)'
p2p\t'50,000 publishers, 1 msg/s each, one topic each, and 50,000 subscribers, one per topic (mqttbs p2p-50K-50K-50K-50K)'
shared\t'50,000 publishers, 1 msg/s each, to a shared subscription of 500 subscribers (mqttbs sharesub-50K-500-50K-50K)'
fan-in\t'50,000 publishers, 1 msg/s each, to one subscriber of every topic (mqttbs\'s fan-in without the shared subscription)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l publishers -d 'Publisher connections [default: 1; 0 for `bench sub`]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l subscribers -d 'Subscriber connections [default: 1; 0 for `bench pub`]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s t -l topic -d 'Publish topic template: %i (publisher index), %c (client id), %u (user name), %s (sequence), %rand_N, %% [default: bench/%i]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l filter -d 'Subscription filter template, %i being the subscriber index [default: the topic template, so subscriber i receives publisher i; use \'bench/#\' for fan-out]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l shared -d 'Subscribe as shared subscription group GROUP ($share/GROUP/filter)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s q -l qos -d 'Quality of service of publishes and subscriptions [default: 0]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s s -l size -d 'Payload size in bytes, including the 32-byte bench header [default: 64]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l rate -d 'Total messages per second over all publishers (50k, 1.5M); 0 sends as fast as the inflight window allows [default: 0]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l pub-rate -d 'Messages per second of each publisher (instead of --rate)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l inflight -d 'QoS 1/2 messages each publisher keeps unacknowledged at most (the broker\'s Receive Maximum may lower it) [default: 64; 20 for MQTT 3.x, whose brokers cap it without saying so]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l duration -d 'Length of the measurement, after --warmup [default: 10s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l count -d 'Measured messages per publisher, instead of --duration (for `bench sub`: measured messages in total)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l warmup -d 'Time to send before measuring; those messages are delivery-checked but not counted' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l subscriber-delay -d 'Subscribers go offline after subscribing and come back this long into the run (with -c and -x the broker queues QoS 1/2 meanwhile)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l drain -d 'After the last send, wait this long at most for acks and deliveries that are still missing' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l connect-rate -d 'Connections opened per second at most; 0 = as fast as --connect-concurrency allows' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l connect-concurrency -d 'Connection attempts in progress at once at most' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l threads -d 'Worker threads of the load generator [default: one per core, one fewer for a broker on loopback]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l json -d 'Write the report (schema mqtt-bench/1) as JSON to FILE, or to standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l csv -d 'Write the per-second series as CSV to FILE, or standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l html -d 'Write the report as one self-contained HTML page (charts as inline SVG, nothing fetched when opened) to FILE, or standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l hdr-log -d 'Write an HdrHistogram interval log (one tagged histogram per latency per second) to FILE' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l metrics-listen -d 'Serve live metrics for Prometheus at http://ADDR:PORT/metrics while the run lasts (counters, errors, latency histograms; labels shard and scenario), e.g. 127.0.0.1:9464 or 0.0.0.0:9464 in a pod' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l fail-if -d 'Fail (exit 9) unless these hold, e.g. \'p99 < 20ms, loss == 0, rate >= 50k\' (repeatable; see docs/bench.md)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l shard -d 'Run shard I of N (0-based) of the scenario; merge the --json reports with `mqtt bench merge`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l start-at -d 'Start the schedule at this time (RFC 3339 or UNIX seconds), so shards on several hosts start together' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s h -l host -d 'Broker host name or address [default: localhost] [env: MQTT_HOST]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s p -l port -d 'Broker port [default: 1883, or 8883 with TLS] [env: MQTT_PORT]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s L -l url -d 'Broker URL: mqtt://, mqtts://, ws://, wss:// or unix:///PATH, with optional user:password@ and a /topic path (as mosquitto\'s -L)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l unix -d 'Connect to the broker\'s Unix domain socket at PATH instead of TCP (as mosquitto\'s --unix; the same as -L unix://PATH)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l proxy -d 'Reach the broker through a proxy: socks5h://[USER[:PASS]@]HOST[:PORT] (the proxy resolves the broker\'s name), socks5://… (resolved here) or http://… (CONNECT); port 1080 by default. Without it, ALL_PROXY (and HTTPS_PROXY for wss://, http_proxy for ws://) apply, minus NO_PROXY; --proxy \'\' ignores them' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s A -l bind-address -l bind -d 'Local address to connect from (as mosquitto\'s -A). bench: a comma-separated list or a CIDR block (127.0.0.0/30: its host addresses); connections take the addresses in turn' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s V -l protocol-version -d 'MQTT protocol version' -r -f -a "31\t'MQTT 3.1 (protocol name MQIsdp, level 3)'
311\t'MQTT 3.1.1 (level 4)'
5\t'MQTT 5.0 (level 5)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s i -l id -d 'Client identifier [default: generated]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s I -l id-prefix -d 'Client identifier prefix; the process id is appended' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s k -l keepalive -d 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l connect-timeout -d 'Give up connecting (TCP, TLS, WebSocket and the CONNACK together) after this long, e.g. 5, 500ms, 1m [default: 10s]. Each automatic reconnect attempt has the same limit' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l ack-timeout -d 'While a QoS 1/2 message, SUBSCRIBE or UNSUBSCRIBE awaits its acknowledgement, fail when the broker acknowledges nothing for this long, e.g. 10s, 2m [default: 30s]. The connection is then closed (pub: exit 7 with the count of unconfirmed messages)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s x -l session-expiry -d 'MQTT 5 session expiry interval (e.g. 1h, or "never")' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s u -l username -d 'Username to authenticate with [env: MQTT_USERNAME]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s P -l password -d 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l profile -d 'Use the named profile from the config file [env: MQTT_PROFILE]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s D -l property -d 'An MQTT 5 property as mosquitto\'s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l cafile -d 'Trust the CA certificates in this PEM file (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l capath -d 'Trust the CA certificates in this directory (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l key -d 'Private key (PEM) of the client certificate' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l tls-version -d 'Restrict the TLS version' -r -f -a "tlsv1.2\t'TLS 1.2 only'
tlsv1.3\t'TLS 1.3 only'"
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l alpn -d 'ALPN protocol to offer (repeatable)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l sni -d 'Server name to send and verify, when it differs from the host' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l tls-keylog -d 'Append the TLS session secrets to FILE (NSS key log format, for Wireshark; created with mode 0600) [env: SSLKEYLOGFILE]. Whoever reads the file can decrypt the traffic' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l will-topic -d 'Topic of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l will-payload -d 'Payload of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l will-qos -d 'QoS of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l will-delay -d 'MQTT 5 will delay interval (e.g. 10s)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s r -l retain -d 'Publish with the retain flag'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l no-sys -d 'Do not ask the broker for $SYS/broker/version'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l embedded -d 'Run against a broker started inside this process (`mqtt serve`) on a free loopback port: no set-up needed. Its CPU counts as the bench\'s, so use a real broker for comparisons'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s c -l no-clean -d 'Keep the session: clean session off (3.1.1) / clean start off (5)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l insecure -d 'Do not verify the broker\'s certificate or host name. Dangerous'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l tls -d 'Use TLS with the system\'s trusted roots'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l will-retain -d 'Retain the will message'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l nodelay -d 'Accepted for mosquitto\'s scripts: TCP_NODELAY is always on here (the client batches its own writes)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -s d -l debug -d 'Print every packet sent and received, decoded, on stderr'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l quiet -d 'Print no warnings or status messages'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -f -a "pub" -d 'Publishers only: send rate, PUBLISH -> PUBACK/PUBCOMP latency'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -f -a "sub" -d 'Subscribers only: count and time what other processes publish (their payloads carry the bench header)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -f -a "conn" -d 'Connections only: connect rate and latency, holding many connections, and reconnect storms (--churn)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -f -a "merge" -d 'Merge `--json` reports of the shards of one scenario into one'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and not __fish_seen_subcommand_from pub sub conn merge help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l scenario -d 'Start from a preset topology (publishers, subscribers, topics, filters, rate, QoS 1, 32-byte payloads); any flag given overrides its part, e.g. `--scenario fan-out --subscribers 50`' -r -f -a "fan-out\t'5 publishers, 50 msg/s each, on 5 topics that each of 1,000 subscribers subscribes to (mqttbs fanout-5-1000-5-250K)'
p2p\t'50,000 publishers, 1 msg/s each, one topic each, and 50,000 subscribers, one per topic (mqttbs p2p-50K-50K-50K-50K)'
shared\t'50,000 publishers, 1 msg/s each, to a shared subscription of 500 subscribers (mqttbs sharesub-50K-500-50K-50K)'
fan-in\t'50,000 publishers, 1 msg/s each, to one subscriber of every topic (mqttbs\'s fan-in without the shared subscription)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l publishers -d 'Publisher connections [default: 1; 0 for `bench sub`]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l subscribers -d 'Subscriber connections [default: 1; 0 for `bench pub`]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s t -l topic -d 'Publish topic template: %i (publisher index), %c (client id), %u (user name), %s (sequence), %rand_N, %% [default: bench/%i]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l filter -d 'Subscription filter template, %i being the subscriber index [default: the topic template, so subscriber i receives publisher i; use \'bench/#\' for fan-out]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l shared -d 'Subscribe as shared subscription group GROUP ($share/GROUP/filter)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s q -l qos -d 'Quality of service of publishes and subscriptions [default: 0]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s s -l size -d 'Payload size in bytes, including the 32-byte bench header [default: 64]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l rate -d 'Total messages per second over all publishers (50k, 1.5M); 0 sends as fast as the inflight window allows [default: 0]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l pub-rate -d 'Messages per second of each publisher (instead of --rate)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l inflight -d 'QoS 1/2 messages each publisher keeps unacknowledged at most (the broker\'s Receive Maximum may lower it) [default: 64; 20 for MQTT 3.x, whose brokers cap it without saying so]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l duration -d 'Length of the measurement, after --warmup [default: 10s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l count -d 'Measured messages per publisher, instead of --duration (for `bench sub`: measured messages in total)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l warmup -d 'Time to send before measuring; those messages are delivery-checked but not counted' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l subscriber-delay -d 'Subscribers go offline after subscribing and come back this long into the run (with -c and -x the broker queues QoS 1/2 meanwhile)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l drain -d 'After the last send, wait this long at most for acks and deliveries that are still missing' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l connect-rate -d 'Connections opened per second at most; 0 = as fast as --connect-concurrency allows' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l connect-concurrency -d 'Connection attempts in progress at once at most' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l threads -d 'Worker threads of the load generator [default: one per core, one fewer for a broker on loopback]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l json -d 'Write the report (schema mqtt-bench/1) as JSON to FILE, or to standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l csv -d 'Write the per-second series as CSV to FILE, or standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l html -d 'Write the report as one self-contained HTML page (charts as inline SVG, nothing fetched when opened) to FILE, or standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l hdr-log -d 'Write an HdrHistogram interval log (one tagged histogram per latency per second) to FILE' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l metrics-listen -d 'Serve live metrics for Prometheus at http://ADDR:PORT/metrics while the run lasts (counters, errors, latency histograms; labels shard and scenario), e.g. 127.0.0.1:9464 or 0.0.0.0:9464 in a pod' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l fail-if -d 'Fail (exit 9) unless these hold, e.g. \'p99 < 20ms, loss == 0, rate >= 50k\' (repeatable; see docs/bench.md)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l shard -d 'Run shard I of N (0-based) of the scenario; merge the --json reports with `mqtt bench merge`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l start-at -d 'Start the schedule at this time (RFC 3339 or UNIX seconds), so shards on several hosts start together' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s h -l host -d 'Broker host name or address [default: localhost] [env: MQTT_HOST]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s p -l port -d 'Broker port [default: 1883, or 8883 with TLS] [env: MQTT_PORT]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s L -l url -d 'Broker URL: mqtt://, mqtts://, ws://, wss:// or unix:///PATH, with optional user:password@ and a /topic path (as mosquitto\'s -L)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l unix -d 'Connect to the broker\'s Unix domain socket at PATH instead of TCP (as mosquitto\'s --unix; the same as -L unix://PATH)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l proxy -d 'Reach the broker through a proxy: socks5h://[USER[:PASS]@]HOST[:PORT] (the proxy resolves the broker\'s name), socks5://… (resolved here) or http://… (CONNECT); port 1080 by default. Without it, ALL_PROXY (and HTTPS_PROXY for wss://, http_proxy for ws://) apply, minus NO_PROXY; --proxy \'\' ignores them' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s A -l bind-address -l bind -d 'Local address to connect from (as mosquitto\'s -A). bench: a comma-separated list or a CIDR block (127.0.0.0/30: its host addresses); connections take the addresses in turn' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s V -l protocol-version -d 'MQTT protocol version' -r -f -a "31\t'MQTT 3.1 (protocol name MQIsdp, level 3)'
311\t'MQTT 3.1.1 (level 4)'
5\t'MQTT 5.0 (level 5)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s i -l id -d 'Client identifier [default: generated]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s I -l id-prefix -d 'Client identifier prefix; the process id is appended' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s k -l keepalive -d 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l connect-timeout -d 'Give up connecting (TCP, TLS, WebSocket and the CONNACK together) after this long, e.g. 5, 500ms, 1m [default: 10s]. Each automatic reconnect attempt has the same limit' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l ack-timeout -d 'While a QoS 1/2 message, SUBSCRIBE or UNSUBSCRIBE awaits its acknowledgement, fail when the broker acknowledges nothing for this long, e.g. 10s, 2m [default: 30s]. The connection is then closed (pub: exit 7 with the count of unconfirmed messages)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s x -l session-expiry -d 'MQTT 5 session expiry interval (e.g. 1h, or "never")' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s u -l username -d 'Username to authenticate with [env: MQTT_USERNAME]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s P -l password -d 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l profile -d 'Use the named profile from the config file [env: MQTT_PROFILE]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s D -l property -d 'An MQTT 5 property as mosquitto\'s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l cafile -d 'Trust the CA certificates in this PEM file (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l capath -d 'Trust the CA certificates in this directory (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l key -d 'Private key (PEM) of the client certificate' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l tls-version -d 'Restrict the TLS version' -r -f -a "tlsv1.2\t'TLS 1.2 only'
tlsv1.3\t'TLS 1.3 only'"
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l alpn -d 'ALPN protocol to offer (repeatable)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l sni -d 'Server name to send and verify, when it differs from the host' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l tls-keylog -d 'Append the TLS session secrets to FILE (NSS key log format, for Wireshark; created with mode 0600) [env: SSLKEYLOGFILE]. Whoever reads the file can decrypt the traffic' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l will-topic -d 'Topic of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l will-payload -d 'Payload of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l will-qos -d 'QoS of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l will-delay -d 'MQTT 5 will delay interval (e.g. 10s)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s r -l retain -d 'Publish with the retain flag'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l no-sys -d 'Do not ask the broker for $SYS/broker/version'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l embedded -d 'Run against a broker started inside this process (`mqtt serve`) on a free loopback port: no set-up needed. Its CPU counts as the bench\'s, so use a real broker for comparisons'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s c -l no-clean -d 'Keep the session: clean session off (3.1.1) / clean start off (5)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l insecure -d 'Do not verify the broker\'s certificate or host name. Dangerous'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l tls -d 'Use TLS with the system\'s trusted roots'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l will-retain -d 'Retain the will message'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l nodelay -d 'Accepted for mosquitto\'s scripts: TCP_NODELAY is always on here (the client batches its own writes)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -s d -l debug -d 'Print every packet sent and received, decoded, on stderr'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l quiet -d 'Print no warnings or status messages'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from pub" -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l scenario -d 'Start from a preset topology (publishers, subscribers, topics, filters, rate, QoS 1, 32-byte payloads); any flag given overrides its part, e.g. `--scenario fan-out --subscribers 50`' -r -f -a "fan-out\t'5 publishers, 50 msg/s each, on 5 topics that each of 1,000 subscribers subscribes to (mqttbs fanout-5-1000-5-250K)'
p2p\t'50,000 publishers, 1 msg/s each, one topic each, and 50,000 subscribers, one per topic (mqttbs p2p-50K-50K-50K-50K)'
shared\t'50,000 publishers, 1 msg/s each, to a shared subscription of 500 subscribers (mqttbs sharesub-50K-500-50K-50K)'
fan-in\t'50,000 publishers, 1 msg/s each, to one subscriber of every topic (mqttbs\'s fan-in without the shared subscription)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l publishers -d 'Publisher connections [default: 1; 0 for `bench sub`]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l subscribers -d 'Subscriber connections [default: 1; 0 for `bench pub`]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s t -l topic -d 'Publish topic template: %i (publisher index), %c (client id), %u (user name), %s (sequence), %rand_N, %% [default: bench/%i]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l filter -d 'Subscription filter template, %i being the subscriber index [default: the topic template, so subscriber i receives publisher i; use \'bench/#\' for fan-out]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l shared -d 'Subscribe as shared subscription group GROUP ($share/GROUP/filter)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s q -l qos -d 'Quality of service of publishes and subscriptions [default: 0]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s s -l size -d 'Payload size in bytes, including the 32-byte bench header [default: 64]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l rate -d 'Total messages per second over all publishers (50k, 1.5M); 0 sends as fast as the inflight window allows [default: 0]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l pub-rate -d 'Messages per second of each publisher (instead of --rate)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l inflight -d 'QoS 1/2 messages each publisher keeps unacknowledged at most (the broker\'s Receive Maximum may lower it) [default: 64; 20 for MQTT 3.x, whose brokers cap it without saying so]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l duration -d 'Length of the measurement, after --warmup [default: 10s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l count -d 'Measured messages per publisher, instead of --duration (for `bench sub`: measured messages in total)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l warmup -d 'Time to send before measuring; those messages are delivery-checked but not counted' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l subscriber-delay -d 'Subscribers go offline after subscribing and come back this long into the run (with -c and -x the broker queues QoS 1/2 meanwhile)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l drain -d 'After the last send, wait this long at most for acks and deliveries that are still missing' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l connect-rate -d 'Connections opened per second at most; 0 = as fast as --connect-concurrency allows' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l connect-concurrency -d 'Connection attempts in progress at once at most' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l threads -d 'Worker threads of the load generator [default: one per core, one fewer for a broker on loopback]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l json -d 'Write the report (schema mqtt-bench/1) as JSON to FILE, or to standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l csv -d 'Write the per-second series as CSV to FILE, or standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l html -d 'Write the report as one self-contained HTML page (charts as inline SVG, nothing fetched when opened) to FILE, or standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l hdr-log -d 'Write an HdrHistogram interval log (one tagged histogram per latency per second) to FILE' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l metrics-listen -d 'Serve live metrics for Prometheus at http://ADDR:PORT/metrics while the run lasts (counters, errors, latency histograms; labels shard and scenario), e.g. 127.0.0.1:9464 or 0.0.0.0:9464 in a pod' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l fail-if -d 'Fail (exit 9) unless these hold, e.g. \'p99 < 20ms, loss == 0, rate >= 50k\' (repeatable; see docs/bench.md)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l shard -d 'Run shard I of N (0-based) of the scenario; merge the --json reports with `mqtt bench merge`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l start-at -d 'Start the schedule at this time (RFC 3339 or UNIX seconds), so shards on several hosts start together' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s h -l host -d 'Broker host name or address [default: localhost] [env: MQTT_HOST]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s p -l port -d 'Broker port [default: 1883, or 8883 with TLS] [env: MQTT_PORT]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s L -l url -d 'Broker URL: mqtt://, mqtts://, ws://, wss:// or unix:///PATH, with optional user:password@ and a /topic path (as mosquitto\'s -L)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l unix -d 'Connect to the broker\'s Unix domain socket at PATH instead of TCP (as mosquitto\'s --unix; the same as -L unix://PATH)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l proxy -d 'Reach the broker through a proxy: socks5h://[USER[:PASS]@]HOST[:PORT] (the proxy resolves the broker\'s name), socks5://… (resolved here) or http://… (CONNECT); port 1080 by default. Without it, ALL_PROXY (and HTTPS_PROXY for wss://, http_proxy for ws://) apply, minus NO_PROXY; --proxy \'\' ignores them' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s A -l bind-address -l bind -d 'Local address to connect from (as mosquitto\'s -A). bench: a comma-separated list or a CIDR block (127.0.0.0/30: its host addresses); connections take the addresses in turn' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s V -l protocol-version -d 'MQTT protocol version' -r -f -a "31\t'MQTT 3.1 (protocol name MQIsdp, level 3)'
311\t'MQTT 3.1.1 (level 4)'
5\t'MQTT 5.0 (level 5)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s i -l id -d 'Client identifier [default: generated]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s I -l id-prefix -d 'Client identifier prefix; the process id is appended' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s k -l keepalive -d 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l connect-timeout -d 'Give up connecting (TCP, TLS, WebSocket and the CONNACK together) after this long, e.g. 5, 500ms, 1m [default: 10s]. Each automatic reconnect attempt has the same limit' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l ack-timeout -d 'While a QoS 1/2 message, SUBSCRIBE or UNSUBSCRIBE awaits its acknowledgement, fail when the broker acknowledges nothing for this long, e.g. 10s, 2m [default: 30s]. The connection is then closed (pub: exit 7 with the count of unconfirmed messages)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s x -l session-expiry -d 'MQTT 5 session expiry interval (e.g. 1h, or "never")' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s u -l username -d 'Username to authenticate with [env: MQTT_USERNAME]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s P -l password -d 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l profile -d 'Use the named profile from the config file [env: MQTT_PROFILE]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s D -l property -d 'An MQTT 5 property as mosquitto\'s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l cafile -d 'Trust the CA certificates in this PEM file (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l capath -d 'Trust the CA certificates in this directory (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l key -d 'Private key (PEM) of the client certificate' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l tls-version -d 'Restrict the TLS version' -r -f -a "tlsv1.2\t'TLS 1.2 only'
tlsv1.3\t'TLS 1.3 only'"
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l alpn -d 'ALPN protocol to offer (repeatable)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l sni -d 'Server name to send and verify, when it differs from the host' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l tls-keylog -d 'Append the TLS session secrets to FILE (NSS key log format, for Wireshark; created with mode 0600) [env: SSLKEYLOGFILE]. Whoever reads the file can decrypt the traffic' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l will-topic -d 'Topic of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l will-payload -d 'Payload of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l will-qos -d 'QoS of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l will-delay -d 'MQTT 5 will delay interval (e.g. 10s)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s r -l retain -d 'Publish with the retain flag'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l no-sys -d 'Do not ask the broker for $SYS/broker/version'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l embedded -d 'Run against a broker started inside this process (`mqtt serve`) on a free loopback port: no set-up needed. Its CPU counts as the bench\'s, so use a real broker for comparisons'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s c -l no-clean -d 'Keep the session: clean session off (3.1.1) / clean start off (5)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l insecure -d 'Do not verify the broker\'s certificate or host name. Dangerous'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l tls -d 'Use TLS with the system\'s trusted roots'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l will-retain -d 'Retain the will message'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l nodelay -d 'Accepted for mosquitto\'s scripts: TCP_NODELAY is always on here (the client batches its own writes)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -s d -l debug -d 'Print every packet sent and received, decoded, on stderr'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l quiet -d 'Print no warnings or status messages'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from sub" -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s n -l connections -d 'Connections to open' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l hold -d 'Keep every connection open this long after the last one is up (with --churn: how long each stays up before reconnecting)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l duration -d 'How long --churn runs' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l connect-rate -d 'Connections opened per second at most; 0 = as fast as --connect-concurrency allows' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l connect-concurrency -d 'Connection attempts in progress at once at most' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l threads -d 'Worker threads of the load generator [default: one per core, one fewer for a broker on loopback]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l json -d 'Write the report (schema mqtt-bench/1) as JSON to FILE, or to standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l csv -d 'Write the per-second series as CSV to FILE, or standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l html -d 'Write the report as one self-contained HTML page (charts as inline SVG, nothing fetched when opened) to FILE, or standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l hdr-log -d 'Write an HdrHistogram interval log (one tagged histogram per latency per second) to FILE' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l metrics-listen -d 'Serve live metrics for Prometheus at http://ADDR:PORT/metrics while the run lasts (counters, errors, latency histograms; labels shard and scenario), e.g. 127.0.0.1:9464 or 0.0.0.0:9464 in a pod' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l fail-if -d 'Fail (exit 9) unless these hold, e.g. \'p99 < 20ms, loss == 0, rate >= 50k\' (repeatable; see docs/bench.md)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l shard -d 'Run shard I of N (0-based) of the scenario; merge the --json reports with `mqtt bench merge`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l start-at -d 'Start the schedule at this time (RFC 3339 or UNIX seconds), so shards on several hosts start together' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s h -l host -d 'Broker host name or address [default: localhost] [env: MQTT_HOST]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s p -l port -d 'Broker port [default: 1883, or 8883 with TLS] [env: MQTT_PORT]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s L -l url -d 'Broker URL: mqtt://, mqtts://, ws://, wss:// or unix:///PATH, with optional user:password@ and a /topic path (as mosquitto\'s -L)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l unix -d 'Connect to the broker\'s Unix domain socket at PATH instead of TCP (as mosquitto\'s --unix; the same as -L unix://PATH)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l proxy -d 'Reach the broker through a proxy: socks5h://[USER[:PASS]@]HOST[:PORT] (the proxy resolves the broker\'s name), socks5://… (resolved here) or http://… (CONNECT); port 1080 by default. Without it, ALL_PROXY (and HTTPS_PROXY for wss://, http_proxy for ws://) apply, minus NO_PROXY; --proxy \'\' ignores them' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s A -l bind-address -l bind -d 'Local address to connect from (as mosquitto\'s -A). bench: a comma-separated list or a CIDR block (127.0.0.0/30: its host addresses); connections take the addresses in turn' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s V -l protocol-version -d 'MQTT protocol version' -r -f -a "31\t'MQTT 3.1 (protocol name MQIsdp, level 3)'
311\t'MQTT 3.1.1 (level 4)'
5\t'MQTT 5.0 (level 5)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s i -l id -d 'Client identifier [default: generated]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s I -l id-prefix -d 'Client identifier prefix; the process id is appended' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s k -l keepalive -d 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l connect-timeout -d 'Give up connecting (TCP, TLS, WebSocket and the CONNACK together) after this long, e.g. 5, 500ms, 1m [default: 10s]. Each automatic reconnect attempt has the same limit' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l ack-timeout -d 'While a QoS 1/2 message, SUBSCRIBE or UNSUBSCRIBE awaits its acknowledgement, fail when the broker acknowledges nothing for this long, e.g. 10s, 2m [default: 30s]. The connection is then closed (pub: exit 7 with the count of unconfirmed messages)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s x -l session-expiry -d 'MQTT 5 session expiry interval (e.g. 1h, or "never")' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s u -l username -d 'Username to authenticate with [env: MQTT_USERNAME]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s P -l password -d 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l profile -d 'Use the named profile from the config file [env: MQTT_PROFILE]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s D -l property -d 'An MQTT 5 property as mosquitto\'s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l cafile -d 'Trust the CA certificates in this PEM file (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l capath -d 'Trust the CA certificates in this directory (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l key -d 'Private key (PEM) of the client certificate' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l tls-version -d 'Restrict the TLS version' -r -f -a "tlsv1.2\t'TLS 1.2 only'
tlsv1.3\t'TLS 1.3 only'"
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l alpn -d 'ALPN protocol to offer (repeatable)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l sni -d 'Server name to send and verify, when it differs from the host' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l tls-keylog -d 'Append the TLS session secrets to FILE (NSS key log format, for Wireshark; created with mode 0600) [env: SSLKEYLOGFILE]. Whoever reads the file can decrypt the traffic' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l will-topic -d 'Topic of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l will-payload -d 'Payload of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l will-qos -d 'QoS of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l will-delay -d 'MQTT 5 will delay interval (e.g. 10s)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l churn -d 'Reconnect storm: every connection disconnects and reconnects (after --hold) until --duration ends'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l no-sys -d 'Do not ask the broker for $SYS/broker/version'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l embedded -d 'Run against a broker started inside this process (`mqtt serve`) on a free loopback port: no set-up needed. Its CPU counts as the bench\'s, so use a real broker for comparisons'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s c -l no-clean -d 'Keep the session: clean session off (3.1.1) / clean start off (5)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l insecure -d 'Do not verify the broker\'s certificate or host name. Dangerous'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l tls -d 'Use TLS with the system\'s trusted roots'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l will-retain -d 'Retain the will message'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l nodelay -d 'Accepted for mosquitto\'s scripts: TCP_NODELAY is always on here (the client batches its own writes)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -s d -l debug -d 'Print every packet sent and received, decoded, on stderr'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l quiet -d 'Print no warnings or status messages'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from conn" -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from merge" -l json -d 'Write the merged report as JSON to FILE, or standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from merge" -l csv -d 'Write the merged per-second series as CSV to FILE, or standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from merge" -l html -d 'Write the merged report as one self-contained HTML page to FILE, or standard output with `-`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from merge" -l fail-if -d 'Fail (exit 9) unless these hold for the merged result' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from merge" -s h -l help -d 'Print help (no broker options here, so -h is help too)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "pub" -d 'Publishers only: send rate, PUBLISH -> PUBACK/PUBCOMP latency'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "sub" -d 'Subscribers only: count and time what other processes publish (their payloads carry the bench header)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "conn" -d 'Connections only: connect rate and latency, holding many connections, and reconnect storms (--churn)'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "merge" -d 'Merge `--json` reports of the shards of one scenario into one'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s H -l hash -d 'The hash for new passwords' -r -f -a "sha512-pbkdf2\t'PBKDF2-HMAC-SHA512 (`$7$`): mosquitto 2.0 and newer read it'
sha512\t'Salted SHA-512 (`$6$`): every mosquitto reads it, 1.6 and older read nothing else. Weak: a single fast hash'
argon2id\t'Argon2id (`$argon2id$`, mosquitto 2.1\'s parameters): only mosquitto 2.1 and newer built with argon2 support read it (upstream\'s 2.1.0 to 2.1.2 builds leave it out)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s I -l iterations -d 'PBKDF2 iterations for sha512-pbkdf2 [default: 1000]. mosquitto_passwd 2.0 writes 101, 2.1 writes 1000. More is slower to guess but costs the broker as much CPU at every connect' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -l owner -d 'Owner of a new FILE, USER[:GROUP] [default: when run as root and a `mosquitto` account exists, that account; else whoever runs this]. An existing file keeps its owner and mode' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s c -l create -d 'Create a new file, replacing FILE if it exists (as mosquitto_passwd -c). FILE `-` prints the new file to stdout instead'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s D -l delete -d 'Delete USER from FILE (every line of that user)'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s b -l batch -d 'Batch mode: the password is the PASSWORD argument. Beware: other users can see it in the process list, and it lands in shell history'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s U -l hash-plain-text -d 'Hash every plain-text password in FILE (a file of `user:password` lines). Lines already hashed are left as they are, so unlike mosquitto_passwd -U it is safe to run twice. Blanks around a password are trimmed, as mosquitto does'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -l verify -d 'Check USER\'s password instead of setting it: exit 0 when it matches, 1 when it does not'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -l list -d 'List the users in FILE with their hash types and parameters (tab-separated: user, hash, parameters)'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -l json -d 'With --list: print a JSON array of `{"user", "line", "hash", …parameters}` objects'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s t -l topic -d 'Topic filter to watch; repeatable [default: #]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s q -l qos -d 'Maximum QoS to receive: 0, 1 or 2' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l value -d 'Read the number charted for each message from this JSON field of the payload (or of its decoded value with --decode), e.g. `sensor.temp`, `list.0`, or `metrics.Temp.value` (an array element by its `name`) [default: the payload as a number, a unit allowed, such as `20.5 °C`]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l history -d 'Messages kept per topic for the history table and the chart' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l max-topics -d 'Topics kept; messages on further topics are counted in the totals only (the status line says how many)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l interval -d 'How often statistics are printed, and what their rates are measured over' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l duration -d 'End after this long (status 0), printing the statistics once more [default: until Ctrl-C or q]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l decode -d 'Decode payloads with CODEC, for every topic or, as FILTER=CODEC, for the topics FILTER matches; repeatable, the first matching filter wins. CODEC: auto, json, text, hex, base64, msgpack, cbor, sparkplug, protobuf[:FILE[:TYPE]]. The detail pane shows the decoded value (Sparkplug metrics by name); --json statistics add `decoded`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l proto -d 'A .proto file for the protobuf codec, compiled at start (no protoc needed); repeatable' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l proto-path -d 'A directory where the .proto files\' imports are looked up; repeatable (the directory of each --proto file is searched too)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l proto-type -d 'The message type of the protobuf codec, e.g. telemetry.Reading [default: the only one the schema defines]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l descriptor-set -d 'A compiled schema (protoc --include_imports --descriptor_set_out) instead of --proto' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l avro-schema -d 'The Avro schema (.avsc) of the avro codec' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l color -d 'When to colour the view' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s h -l host -d 'Broker host name or address [default: localhost] [env: MQTT_HOST]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s p -l port -d 'Broker port [default: 1883, or 8883 with TLS] [env: MQTT_PORT]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s L -l url -d 'Broker URL: mqtt://, mqtts://, ws://, wss:// or unix:///PATH, with optional user:password@ and a /topic path (as mosquitto\'s -L)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l unix -d 'Connect to the broker\'s Unix domain socket at PATH instead of TCP (as mosquitto\'s --unix; the same as -L unix://PATH)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l proxy -d 'Reach the broker through a proxy: socks5h://[USER[:PASS]@]HOST[:PORT] (the proxy resolves the broker\'s name), socks5://… (resolved here) or http://… (CONNECT); port 1080 by default. Without it, ALL_PROXY (and HTTPS_PROXY for wss://, http_proxy for ws://) apply, minus NO_PROXY; --proxy \'\' ignores them' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s A -l bind-address -l bind -d 'Local address to connect from (as mosquitto\'s -A). bench: a comma-separated list or a CIDR block (127.0.0.0/30: its host addresses); connections take the addresses in turn' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s V -l protocol-version -d 'MQTT protocol version' -r -f -a "31\t'MQTT 3.1 (protocol name MQIsdp, level 3)'
311\t'MQTT 3.1.1 (level 4)'
5\t'MQTT 5.0 (level 5)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s i -l id -d 'Client identifier [default: generated]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s I -l id-prefix -d 'Client identifier prefix; the process id is appended' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s k -l keepalive -d 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l connect-timeout -d 'Give up connecting (TCP, TLS, WebSocket and the CONNACK together) after this long, e.g. 5, 500ms, 1m [default: 10s]. Each automatic reconnect attempt has the same limit' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l ack-timeout -d 'While a QoS 1/2 message, SUBSCRIBE or UNSUBSCRIBE awaits its acknowledgement, fail when the broker acknowledges nothing for this long, e.g. 10s, 2m [default: 30s]. The connection is then closed (pub: exit 7 with the count of unconfirmed messages)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s x -l session-expiry -d 'MQTT 5 session expiry interval (e.g. 1h, or "never")' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s u -l username -d 'Username to authenticate with [env: MQTT_USERNAME]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s P -l password -d 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l profile -d 'Use the named profile from the config file [env: MQTT_PROFILE]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s D -l property -d 'An MQTT 5 property as mosquitto\'s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l cafile -d 'Trust the CA certificates in this PEM file (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l capath -d 'Trust the CA certificates in this directory (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l key -d 'Private key (PEM) of the client certificate' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l tls-version -d 'Restrict the TLS version' -r -f -a "tlsv1.2\t'TLS 1.2 only'
tlsv1.3\t'TLS 1.3 only'"
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l alpn -d 'ALPN protocol to offer (repeatable)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l sni -d 'Server name to send and verify, when it differs from the host' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l tls-keylog -d 'Append the TLS session secrets to FILE (NSS key log format, for Wireshark; created with mode 0600) [env: SSLKEYLOGFILE]. Whoever reads the file can decrypt the traffic' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l will-topic -d 'Topic of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l will-payload -d 'Payload of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l will-qos -d 'QoS of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l will-delay -d 'MQTT 5 will delay interval (e.g. 10s)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l stats -d 'Print per-topic statistics every --interval instead of the full-screen view (the default when stdout is not a terminal)'
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l json -d 'Statistics as one JSON object per topic and interval (implies --stats)'
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s c -l no-clean -d 'Keep the session: clean session off (3.1.1) / clean start off (5)'
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l insecure -d 'Do not verify the broker\'s certificate or host name. Dangerous'
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l tls -d 'Use TLS with the system\'s trusted roots'
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l will-retain -d 'Retain the will message'
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l nodelay -d 'Accepted for mosquitto\'s scripts: TCP_NODELAY is always on here (the client batches its own writes)'
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -s d -l debug -d 'Print every packet sent and received, decoded, on stderr'
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l quiet -d 'Print no warnings or status messages'
complete -c mqtt -n "__fish_mqtt_using_subcommand watch" -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l decode -d 'Decode MQTT packets instead of contacting a broker. INPUT is hex (spaces, 0x, \\x, commas and colons allowed), @FILE (raw bytes, or a hex dump such as xxd or hexdump -C output: a file that is all printable text is read as hex), or - for stdin (detected the same way). -V sets the protocol version of the packets; without it, 5.0 is tried first and a packet that is only valid as 3.1.1 is decoded as 3.1.1, with a note. A CONNECT sets the version for the packets after it' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l only -d 'Run only these checks (comma-separated; see --list-checks)' -r -f -a "mqtt31\t''
mqtt311\t''
mqtt5\t''
sys\t''
qos0\t''
qos1\t''
qos2\t''
retain\t''
wildcards\t''
shared\t''
overlap\t''
will\t''
will-delay\t''
session\t''
expiry\t''
topic-alias\t''
no-local\t''
retain-as-published\t''
retain-handling\t''
receive-maximum\t''
max-payload\t''
max-topic\t''
max-client-id\t''"
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l skip -d 'Do not run these checks (comma-separated)' -r -f -a "mqtt31\t''
mqtt311\t''
mqtt5\t''
sys\t''
qos0\t''
qos1\t''
qos2\t''
retain\t''
wildcards\t''
shared\t''
overlap\t''
will\t''
will-delay\t''
session\t''
expiry\t''
topic-alias\t''
no-local\t''
retain-as-published\t''
retain-handling\t''
receive-maximum\t''
max-payload\t''
max-topic\t''
max-client-id\t''"
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l require -d 'Exit with status 9 unless each of these checks answers yes, e.g. `--require qos2,retain,shared` as a CI health check. Required checks run even when --only or --skip would leave them out' -r -f -a "mqtt31\t''
mqtt311\t''
mqtt5\t''
sys\t''
qos0\t''
qos1\t''
qos2\t''
retain\t''
wildcards\t''
shared\t''
overlap\t''
will\t''
will-delay\t''
session\t''
expiry\t''
topic-alias\t''
no-local\t''
retain-as-published\t''
retain-handling\t''
receive-maximum\t''
max-payload\t''
max-topic\t''
max-client-id\t''"
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l timeout -d 'The longest wait for any one answer from the broker; each check is also bounded (6 times this, 12 for the size searches)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l max-payload-probe -d 'The largest payload the max-payload search tries' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s h -l host -d 'Broker host name or address [default: localhost] [env: MQTT_HOST]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s p -l port -d 'Broker port [default: 1883, or 8883 with TLS] [env: MQTT_PORT]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s L -l url -d 'Broker URL: mqtt://, mqtts://, ws://, wss:// or unix:///PATH, with optional user:password@ and a /topic path (as mosquitto\'s -L)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l unix -d 'Connect to the broker\'s Unix domain socket at PATH instead of TCP (as mosquitto\'s --unix; the same as -L unix://PATH)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l proxy -d 'Reach the broker through a proxy: socks5h://[USER[:PASS]@]HOST[:PORT] (the proxy resolves the broker\'s name), socks5://… (resolved here) or http://… (CONNECT); port 1080 by default. Without it, ALL_PROXY (and HTTPS_PROXY for wss://, http_proxy for ws://) apply, minus NO_PROXY; --proxy \'\' ignores them' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s A -l bind-address -l bind -d 'Local address to connect from (as mosquitto\'s -A). bench: a comma-separated list or a CIDR block (127.0.0.0/30: its host addresses); connections take the addresses in turn' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s V -l protocol-version -d 'MQTT protocol version' -r -f -a "31\t'MQTT 3.1 (protocol name MQIsdp, level 3)'
311\t'MQTT 3.1.1 (level 4)'
5\t'MQTT 5.0 (level 5)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s i -l id -d 'Client identifier [default: generated]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s I -l id-prefix -d 'Client identifier prefix; the process id is appended' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s k -l keepalive -d 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l connect-timeout -d 'Give up connecting (TCP, TLS, WebSocket and the CONNACK together) after this long, e.g. 5, 500ms, 1m [default: 10s]. Each automatic reconnect attempt has the same limit' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l ack-timeout -d 'While a QoS 1/2 message, SUBSCRIBE or UNSUBSCRIBE awaits its acknowledgement, fail when the broker acknowledges nothing for this long, e.g. 10s, 2m [default: 30s]. The connection is then closed (pub: exit 7 with the count of unconfirmed messages)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s x -l session-expiry -d 'MQTT 5 session expiry interval (e.g. 1h, or "never")' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s u -l username -d 'Username to authenticate with [env: MQTT_USERNAME]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s P -l password -d 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l profile -d 'Use the named profile from the config file [env: MQTT_PROFILE]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s D -l property -d 'An MQTT 5 property as mosquitto\'s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l cafile -d 'Trust the CA certificates in this PEM file (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l capath -d 'Trust the CA certificates in this directory (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l key -d 'Private key (PEM) of the client certificate' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l tls-version -d 'Restrict the TLS version' -r -f -a "tlsv1.2\t'TLS 1.2 only'
tlsv1.3\t'TLS 1.3 only'"
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l alpn -d 'ALPN protocol to offer (repeatable)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l sni -d 'Server name to send and verify, when it differs from the host' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l tls-keylog -d 'Append the TLS session secrets to FILE (NSS key log format, for Wireshark; created with mode 0600) [env: SSLKEYLOGFILE]. Whoever reads the file can decrypt the traffic' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l will-topic -d 'Topic of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l will-payload -d 'Payload of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l will-qos -d 'QoS of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l will-delay -d 'MQTT 5 will delay interval (e.g. 10s)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l show-secrets -d 'Show passwords and authentication data in decoded packets (hidden by default, with their length)'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l no-size-probes -d 'Leave out the size searches (max-payload, max-topic, max-client-id): the checks that send packets at and past a broker\'s limits, which a production broker may not welcome'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l exceed-announced-limits -d 'Let the size searches send packets larger than the Maximum Packet Size the broker announced (MQTT-3.2.2-15 forbids it; brokers disconnect, and a buggy one may fall over). Without it the search stops at the announced limit'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l list-checks -d 'List the checks and exit'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l json -d 'Print JSON on stdout instead of text'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s c -l no-clean -d 'Keep the session: clean session off (3.1.1) / clean start off (5)'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l insecure -d 'Do not verify the broker\'s certificate or host name. Dangerous'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l tls -d 'Use TLS with the system\'s trusted roots'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l will-retain -d 'Retain the will message'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l nodelay -d 'Accepted for mosquitto\'s scripts: TCP_NODELAY is always on here (the client batches its own writes)'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s d -l debug -d 'Print every packet sent and received, decoded, on stderr'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l quiet -d 'Print no warnings or status messages'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand config" -l json -d 'Print JSON on stdout instead of text'
complete -c mqtt -n "__fish_mqtt_using_subcommand config" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l bind -d 'Address to listen on (all listeners)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -s p -l port -d 'Port for plain MQTT; 0 picks a free port' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l tls-port -d 'Also listen for MQTT over TLS on this port (0: a free port); needs --cert and --key' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l cert -d 'PEM certificate chain for the TLS listener, server certificate first' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l key -d 'PEM private key for the TLS listener' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l ws-port -d 'Also listen for MQTT over WebSocket on this port (0: a free port), path /mqtt' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l password-file -d 'Accept only the users in this mosquitto password file (made by `mqtt passwd` or mosquitto_passwd; $7$, $6$ and argon2id hashes)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l max-packet-size -d 'The largest packet the broker accepts, announced to MQTT 5 clients as Maximum Packet Size (1024 to 268435455, the MQTT maximum)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l allow-anonymous -d 'With --password-file, also accept clients that send no user name'
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and not __fish_seen_subcommand_from pub sub rr bench passwd watch inspect config serve generate help" -f -a "pub" -d 'Publish messages: from -m, a file, stdin, or one per stdin line'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and not __fish_seen_subcommand_from pub sub rr bench passwd watch inspect config serve generate help" -f -a "sub" -d 'Subscribe to topic filters and print messages as they arrive'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and not __fish_seen_subcommand_from pub sub rr bench passwd watch inspect config serve generate help" -f -a "rr" -d 'Request/response: send a request and print the matching response, or answer requests with a command (--respond)'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and not __fish_seen_subcommand_from pub sub rr bench passwd watch inspect config serve generate help" -f -a "bench" -d 'Measure broker throughput and latency'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and not __fish_seen_subcommand_from pub sub rr bench passwd watch inspect config serve generate help" -f -a "passwd" -d 'Create and edit mosquitto password files'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and not __fish_seen_subcommand_from pub sub rr bench passwd watch inspect config serve generate help" -f -a "watch" -d 'A live view of a broker\'s topic space: a topic tree with rates, the last message, its history and a chart; statistics off a terminal'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and not __fish_seen_subcommand_from pub sub rr bench passwd watch inspect config serve generate help" -f -a "inspect" -d 'Report what a broker supports, or decode raw MQTT packets'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and not __fish_seen_subcommand_from pub sub rr bench passwd watch inspect config serve generate help" -f -a "config" -d 'Show where profiles are read from and what one resolves to'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and not __fish_seen_subcommand_from pub sub rr bench passwd watch inspect config serve generate help" -f -a "serve" -d 'Run a local MQTT broker for development'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and not __fish_seen_subcommand_from pub sub rr bench passwd watch inspect config serve generate help" -f -a "generate" -d 'Write man pages or shell completions (for packagers)'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and not __fish_seen_subcommand_from pub sub rr bench passwd watch inspect config serve generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "pub" -d 'Publishers only: send rate, PUBLISH -> PUBACK/PUBCOMP latency'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "sub" -d 'Subscribers only: count and time what other processes publish (their payloads carry the bench header)'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "conn" -d 'Connections only: connect rate and latency, holding many connections, and reconnect storms (--churn)'
complete -c mqtt -n "__fish_mqtt_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "merge" -d 'Merge `--json` reports of the shards of one scenario into one'
