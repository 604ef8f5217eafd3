
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'mqtt' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'mqtt'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'mqtt' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('pub', 'pub', [CompletionResultType]::ParameterValue, 'Publish messages: from -m, a file, stdin, or one per stdin line')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Subscribe to topic filters and print messages as they arrive')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Measure broker throughput and latency')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Create and edit mosquitto password files')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Report what a broker supports, or decode raw MQTT packets')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write man pages or shell completions (for packagers)')
            break
        }
        'mqtt;pub' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Topic to publish to (no + or # wildcards). May also come from -L''s /topic path; --json-lines takes each message''s own topic')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic to publish to (no + or # wildcards). May also come from -L''s /topic path; --json-lines takes each message''s own topic')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The message payload, taken literally')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'The message payload, taken literally')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Send the contents of FILE as the message')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Send the contents of FILE as the message')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quality of service: 0, 1 or 2')
            [CompletionResult]::new('--qos', '--qos', [CompletionResultType]::ParameterName, 'Quality of service: 0, 1 or 2')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Send the message this many times (with -m, -f, -s or -n)')
            [CompletionResult]::new('--repeat-delay', '--repeat-delay', [CompletionResultType]::ParameterName, 'Pause between repeated messages, e.g. 0.5, 100ms, 2s')
            [CompletionResult]::new('-M', '-M ', [CompletionResultType]::ParameterName, 'Most QoS 1/2 messages awaiting acknowledgement at once (the broker''s Receive Maximum may lower it)')
            [CompletionResult]::new('--max-inflight', '--max-inflight', [CompletionResultType]::ParameterName, 'Most QoS 1/2 messages awaiting acknowledgement at once (the broker''s Receive Maximum may lower it)')
            [CompletionResult]::new('--user-property', '--user-property', [CompletionResultType]::ParameterName, 'User property KEY=VALUE (repeatable; order and duplicates kept)')
            [CompletionResult]::new('--content-type', '--content-type', [CompletionResultType]::ParameterName, 'Content type of the message')
            [CompletionResult]::new('--response-topic', '--response-topic', [CompletionResultType]::ParameterName, 'Response topic for request/response')
            [CompletionResult]::new('--correlation-data', '--correlation-data', [CompletionResultType]::ParameterName, 'Correlation data (text) for request/response')
            [CompletionResult]::new('--message-expiry', '--message-expiry', [CompletionResultType]::ParameterName, 'Message expiry interval, e.g. 10m')
            [CompletionResult]::new('--payload-format', '--payload-format', [CompletionResultType]::ParameterName, 'Payload format indicator')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Broker host name or address [default: localhost]')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Broker host name or address [default: localhost]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Broker port [default: 1883, or 8883 with TLS]')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Broker port [default: 1883, or 8883 with TLS]')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Broker URL: mqtt://, mqtts://, ws:// or wss://, with optional user:password@ and a /topic path (as mosquitto''s -L)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Broker URL: mqtt://, mqtts://, ws:// or wss://, with optional user:password@ and a /topic path (as mosquitto''s -L)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'MQTT protocol version')
            [CompletionResult]::new('--protocol-version', '--protocol-version', [CompletionResultType]::ParameterName, 'MQTT protocol version')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Client identifier [default: generated]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Client identifier [default: generated]')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'Client identifier prefix; the process id is appended')
            [CompletionResult]::new('--id-prefix', '--id-prefix', [CompletionResultType]::ParameterName, 'Client identifier prefix; the process id is appended')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]')
            [CompletionResult]::new('--keepalive', '--keepalive', [CompletionResultType]::ParameterName, 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]')
            [CompletionResult]::new('-x', '-x', [CompletionResultType]::ParameterName, 'MQTT 5 session expiry interval (e.g. 1h, or "never")')
            [CompletionResult]::new('--session-expiry', '--session-expiry', [CompletionResultType]::ParameterName, 'MQTT 5 session expiry interval (e.g. 1h, or "never")')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username to authenticate with')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username to authenticate with')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of this file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named profile from the config file')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'An MQTT 5 property as mosquitto''s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'An MQTT 5 property as mosquitto''s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)')
            [CompletionResult]::new('--cafile', '--cafile', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file (enables TLS)')
            [CompletionResult]::new('--capath', '--capath', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this directory (enables TLS)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate')
            [CompletionResult]::new('--tls-version', '--tls-version', [CompletionResultType]::ParameterName, 'Restrict the TLS version')
            [CompletionResult]::new('--alpn', '--alpn', [CompletionResultType]::ParameterName, 'ALPN protocol to offer (repeatable)')
            [CompletionResult]::new('--sni', '--sni', [CompletionResultType]::ParameterName, 'Server name to send and verify, when it differs from the host')
            [CompletionResult]::new('--will-topic', '--will-topic', [CompletionResultType]::ParameterName, 'Topic of the will message')
            [CompletionResult]::new('--will-payload', '--will-payload', [CompletionResultType]::ParameterName, 'Payload of the will message')
            [CompletionResult]::new('--will-qos', '--will-qos', [CompletionResultType]::ParameterName, 'QoS of the will message')
            [CompletionResult]::new('--will-delay', '--will-delay', [CompletionResultType]::ParameterName, 'MQTT 5 will delay interval (e.g. 10s)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Read all of standard input and send it as one message')
            [CompletionResult]::new('--stdin-file', '--stdin-file', [CompletionResultType]::ParameterName, 'Read all of standard input and send it as one message')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Send each line of standard input as its own message, as lines arrive (the newline is not sent; an empty line is a zero-length message)')
            [CompletionResult]::new('--stdin-line', '--stdin-line', [CompletionResultType]::ParameterName, 'Send each line of standard input as its own message, as lines arrive (the newline is not sent; an empty line is a zero-length message)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Send a zero-length message (with -r: clear the retained message)')
            [CompletionResult]::new('--null-message', '--null-message', [CompletionResultType]::ParameterName, 'Send a zero-length message (with -r: clear the retained message)')
            [CompletionResult]::new('--json-lines', '--json-lines', [CompletionResultType]::ParameterName, 'Read JSON lines as printed by `mqtt sub --json` from standard input and republish each one with its own topic, payload, QoS, retain flag and properties. -t, -q and -r, when given, override the recorded ones')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Ask the broker to retain the message')
            [CompletionResult]::new('--retain', '--retain', [CompletionResultType]::ParameterName, 'Ask the broker to retain the message')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Keep the session: clean session off (3.1.1) / clean start off (5)')
            [CompletionResult]::new('--no-clean', '--no-clean', [CompletionResultType]::ParameterName, 'Keep the session: clean session off (3.1.1) / clean start off (5)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the broker''s certificate or host name. Dangerous')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Use TLS with the system''s trusted roots')
            [CompletionResult]::new('--will-retain', '--will-retain', [CompletionResultType]::ParameterName, 'Retain the will message')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Print every packet sent and received, decoded, on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print every packet sent and received, decoded, on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or status messages')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mqtt;sub' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Topic filter to subscribe to; repeatable. `+` matches one level, `#` the rest')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic filter to subscribe to; repeatable. `+` matches one level, `#` the rest')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Maximum QoS to receive: 0, 1 or 2')
            [CompletionResult]::new('--qos', '--qos', [CompletionResultType]::ParameterName, 'Maximum QoS to receive: 0, 1 or 2')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Do not print messages whose topic matches this filter; repeatable')
            [CompletionResult]::new('--filter-out', '--filter-out', [CompletionResultType]::ParameterName, 'Do not print messages whose topic matches this filter; repeatable')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'Unsubscribe from this filter after subscribing (to end a persistent session''s subscription with -c); repeatable')
            [CompletionResult]::new('--unsubscribe', '--unsubscribe', [CompletionResultType]::ParameterName, 'Unsubscribe from this filter after subscribing (to end a persistent session''s subscription with -c); repeatable')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Print each message with mosquitto_sub''s format language, e.g. ''%t %p'', ''%j'', ''@H:@M:@S %x''')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Print each message with mosquitto_sub''s format language, e.g. ''%t %p'', ''%j'', ''@H:@M:@S %x''')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Exit after this many messages')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit after this many messages')
            [CompletionResult]::new('-W', '-W ', [CompletionResultType]::ParameterName, 'Exit with status 27 when this much time has passed since connecting')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Exit with status 27 when this much time has passed since connecting')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'Exit when no message has arrived for this long (status 0, or 27 when -C was given and not reached)')
            [CompletionResult]::new('--retained-wait', '--retained-wait', [CompletionResultType]::ParameterName, 'How long --retained-only waits for another retained message')
            [CompletionResult]::new('--retain-handling', '--retain-handling', [CompletionResultType]::ParameterName, 'MQTT 5: when the broker sends retained messages')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Broker host name or address [default: localhost]')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Broker host name or address [default: localhost]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Broker port [default: 1883, or 8883 with TLS]')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Broker port [default: 1883, or 8883 with TLS]')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Broker URL: mqtt://, mqtts://, ws:// or wss://, with optional user:password@ and a /topic path (as mosquitto''s -L)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Broker URL: mqtt://, mqtts://, ws:// or wss://, with optional user:password@ and a /topic path (as mosquitto''s -L)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'MQTT protocol version')
            [CompletionResult]::new('--protocol-version', '--protocol-version', [CompletionResultType]::ParameterName, 'MQTT protocol version')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Client identifier [default: generated]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Client identifier [default: generated]')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'Client identifier prefix; the process id is appended')
            [CompletionResult]::new('--id-prefix', '--id-prefix', [CompletionResultType]::ParameterName, 'Client identifier prefix; the process id is appended')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]')
            [CompletionResult]::new('--keepalive', '--keepalive', [CompletionResultType]::ParameterName, 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]')
            [CompletionResult]::new('-x', '-x', [CompletionResultType]::ParameterName, 'MQTT 5 session expiry interval (e.g. 1h, or "never")')
            [CompletionResult]::new('--session-expiry', '--session-expiry', [CompletionResultType]::ParameterName, 'MQTT 5 session expiry interval (e.g. 1h, or "never")')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username to authenticate with')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username to authenticate with')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of this file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named profile from the config file')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'An MQTT 5 property as mosquitto''s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'An MQTT 5 property as mosquitto''s -D: COMMAND NAME VALUE, e.g. `-D connect receive-maximum 10`, `-D publish content-type text/plain`, or `-D publish user-property KEY VALUE` (four values)')
            [CompletionResult]::new('--cafile', '--cafile', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file (enables TLS)')
            [CompletionResult]::new('--capath', '--capath', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this directory (enables TLS)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate')
            [CompletionResult]::new('--tls-version', '--tls-version', [CompletionResultType]::ParameterName, 'Restrict the TLS version')
            [CompletionResult]::new('--alpn', '--alpn', [CompletionResultType]::ParameterName, 'ALPN protocol to offer (repeatable)')
            [CompletionResult]::new('--sni', '--sni', [CompletionResultType]::ParameterName, 'Server name to send and verify, when it differs from the host')
            [CompletionResult]::new('--will-topic', '--will-topic', [CompletionResultType]::ParameterName, 'Topic of the will message')
            [CompletionResult]::new('--will-payload', '--will-payload', [CompletionResultType]::ParameterName, 'Payload of the will message')
            [CompletionResult]::new('--will-qos', '--will-qos', [CompletionResultType]::ParameterName, 'QoS of the will message')
            [CompletionResult]::new('--will-delay', '--will-delay', [CompletionResultType]::ParameterName, 'MQTT 5 will delay interval (e.g. 10s)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the topic before the payload')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the topic before the payload')
            [CompletionResult]::new('-N', '-N ', [CompletionResultType]::ParameterName, 'Do not print a newline after each message')
            [CompletionResult]::new('--no-eol', '--no-eol', [CompletionResultType]::ParameterName, 'Do not print a newline after each message')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line: topic, payload (text or base64), qos, retain and MQTT 5 properties. `mqtt pub --json-lines` replays it')
            [CompletionResult]::new('-E', '-E ', [CompletionResultType]::ParameterName, 'Exit as soon as the subscriptions are acknowledged (e.g. to create a persistent session with -c)')
            [CompletionResult]::new('--exit-after-subscribe', '--exit-after-subscribe', [CompletionResultType]::ParameterName, 'Exit as soon as the subscriptions are acknowledged (e.g. to create a persistent session with -c)')
            [CompletionResult]::new('--retained-only', '--retained-only', [CompletionResultType]::ParameterName, 'Print only retained messages and exit at the first fresh one, or when nothing more arrives shortly after the subscription (see --retained-wait), so it never hangs on an empty tree')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Do not print retained (stale) messages')
            [CompletionResult]::new('--skip-retained', '--skip-retained', [CompletionResultType]::ParameterName, 'Do not print retained (stale) messages')
            [CompletionResult]::new('--remove-retained', '--remove-retained', [CompletionResultType]::ParameterName, 'Clear each retained message received (publishes a zero-length retained message to its topic). Works with -R too')
            [CompletionResult]::new('--no-local', '--no-local', [CompletionResultType]::ParameterName, 'MQTT 5: do not receive our own publishes')
            [CompletionResult]::new('--retain-as-published', '--retain-as-published', [CompletionResultType]::ParameterName, 'MQTT 5: keep the retain flag as the publisher set it')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Keep the session: clean session off (3.1.1) / clean start off (5)')
            [CompletionResult]::new('--no-clean', '--no-clean', [CompletionResultType]::ParameterName, 'Keep the session: clean session off (3.1.1) / clean start off (5)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the broker''s certificate or host name. Dangerous')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Use TLS with the system''s trusted roots')
            [CompletionResult]::new('--will-retain', '--will-retain', [CompletionResultType]::ParameterName, 'Retain the will message')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Print every packet sent and received, decoded, on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print every packet sent and received, decoded, on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or status messages')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mqtt;bench' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mqtt;passwd' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The hash for new passwords')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'The hash for new passwords')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'PBKDF2 iterations for sha512-pbkdf2 [default: 1000]. mosquitto_passwd 2.0 writes 101, 2.1 writes 1000. More is slower to guess but costs the broker as much CPU at every connect')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'PBKDF2 iterations for sha512-pbkdf2 [default: 1000]. mosquitto_passwd 2.0 writes 101, 2.1 writes 1000. More is slower to guess but costs the broker as much CPU at every connect')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Create a new file, replacing FILE if it exists (as mosquitto_passwd -c). FILE `-` prints the new file to stdout instead')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create a new file, replacing FILE if it exists (as mosquitto_passwd -c). FILE `-` prints the new file to stdout instead')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'Delete USER from FILE (every line of that user)')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete USER from FILE (every line of that user)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Batch mode: the password is the PASSWORD argument. Beware: other users can see it in the process list, and it lands in shell history')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Batch mode: the password is the PASSWORD argument. Beware: other users can see it in the process list, and it lands in shell history')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'Hash every plain-text password in FILE (a file of `user:password` lines). Lines already hashed are left as they are, so unlike mosquitto_passwd -U it is safe to run twice. Blanks around a password are trimmed, as mosquitto does')
            [CompletionResult]::new('--hash-plain-text', '--hash-plain-text', [CompletionResultType]::ParameterName, 'Hash every plain-text password in FILE (a file of `user:password` lines). Lines already hashed are left as they are, so unlike mosquitto_passwd -U it is safe to run twice. Blanks around a password are trimmed, as mosquitto does')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Check USER''s password instead of setting it: exit 0 when it matches, 1 when it does not')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the users in FILE with their hash types and parameters (tab-separated: user, hash, parameters)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'With --list: print a JSON array of `{"user", "line", "hash", …parameters}` objects')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mqtt;inspect' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mqtt;generate' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
