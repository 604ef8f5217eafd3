
use builtin;
use str;

set edit:completion:arg-completer[mqtt] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'mqtt'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'mqtt'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand pub 'Publish messages: from -m, a file, stdin, or one per stdin line'
            cand sub 'Subscribe to topic filters and print messages as they arrive'
            cand bench 'Measure broker throughput and latency'
            cand passwd 'Create and edit mosquitto password files'
            cand inspect 'Report what a broker supports, or decode raw MQTT packets'
            cand generate 'Write man pages or shell completions (for packagers)'
        }
        &'mqtt;pub'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mqtt;sub'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mqtt;bench'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mqtt;passwd'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mqtt;inspect'= {
            cand --decode 'Decode MQTT packets instead of contacting a broker. INPUT is hex (spaces, 0x, \x, commas and colons allowed), @FILE (raw bytes, or a hex dump such as xxd or hexdump -C output: a file that is all printable text is read as hex), or - for stdin (detected the same way). -V sets the protocol version of the packets; without it, 5.0 is tried first and a packet that is only valid as 3.1.1 is decoded as 3.1.1, with a note. A CONNECT sets the version for the packets after it'
            cand -h 'Broker host name or address [default: localhost]'
            cand --host 'Broker host name or address [default: localhost]'
            cand -p 'Broker port [default: 1883, or 8883 with TLS]'
            cand --port 'Broker port [default: 1883, or 8883 with TLS]'
            cand -L 'Broker URL: mqtt://, mqtts://, ws:// or wss://, with optional user:password@ and a /topic path (as mosquitto''s -L)'
            cand --url 'Broker URL: mqtt://, mqtts://, ws:// or wss://, with optional user:password@ and a /topic path (as mosquitto''s -L)'
            cand -V 'MQTT protocol version'
            cand --protocol-version 'MQTT protocol version'
            cand -i 'Client identifier [default: generated]'
            cand --id 'Client identifier [default: generated]'
            cand -I 'Client identifier prefix; the process id is appended'
            cand --id-prefix 'Client identifier prefix; the process id is appended'
            cand -k 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]'
            cand --keepalive 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]'
            cand -x 'MQTT 5 session expiry interval (e.g. 1h, or "never")'
            cand --session-expiry 'MQTT 5 session expiry interval (e.g. 1h, or "never")'
            cand -u 'Username to authenticate with'
            cand --username 'Username to authenticate with'
            cand -P 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`'
            cand --password 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`'
            cand --password-file 'Read the password from the first line of this file'
            cand --profile 'Use the named profile from the config file'
            cand --cafile 'Trust the CA certificates in this PEM file (enables TLS)'
            cand --capath 'Trust the CA certificates in this directory (enables TLS)'
            cand --cert 'Client certificate (PEM) for mutual TLS'
            cand --key 'Private key (PEM) of the client certificate'
            cand --tls-version 'Restrict the TLS version'
            cand --alpn 'ALPN protocol to offer (repeatable)'
            cand --sni 'Server name to send and verify, when it differs from the host'
            cand --will-topic 'Topic of the will message'
            cand --will-payload 'Payload of the will message'
            cand --will-qos 'QoS of the will message'
            cand --will-delay 'MQTT 5 will delay interval (e.g. 10s)'
            cand --show-secrets 'Show passwords and authentication data in decoded packets (hidden by default, with their length)'
            cand --json 'Print JSON on stdout instead of text'
            cand -c 'Keep the session: clean session off (3.1.1) / clean start off (5)'
            cand --no-clean 'Keep the session: clean session off (3.1.1) / clean start off (5)'
            cand --insecure 'Do not verify the broker''s certificate or host name. Dangerous'
            cand --tls 'Use TLS with the system''s trusted roots'
            cand --will-retain 'Retain the will message'
            cand -d 'Print every packet sent and received, decoded, on stderr'
            cand --debug 'Print every packet sent and received, decoded, on stderr'
            cand --quiet 'Print no warnings or status messages'
            cand --help 'Print help'
        }
        &'mqtt;generate'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
    ]
    $completions[$command]
}
