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
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "bench" -d 'Measure broker throughput and latency'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "passwd" -d 'Create and edit mosquitto password files'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "inspect" -d 'Report what a broker supports, or decode raw MQTT packets'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "generate" -d 'Write man pages or shell completions (for packagers)'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l decode -d 'Decode MQTT packets instead of contacting a broker. INPUT is hex (spaces, 0x, \\x, commas and colons allowed), @FILE (raw bytes, or a hex dump such as xxd or hexdump -C output: a file that is all printable text is read as hex), or - for stdin (detected the same way). -V sets the protocol version of the packets; without it, 5.0 is tried first and a packet that is only valid as 3.1.1 is decoded as 3.1.1, with a note. A CONNECT sets the version for the packets after it' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s h -l host -d 'Broker host name or address [default: localhost]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s p -l port -d 'Broker port [default: 1883, or 8883 with TLS]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s L -l url -d 'Broker URL: mqtt://, mqtts://, ws:// or wss://, with optional user:password@ and a /topic path (as mosquitto\'s -L)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s V -l protocol-version -d 'MQTT protocol version' -r -f -a "31\t'MQTT 3.1 (protocol name MQIsdp, level 3)'
311\t'MQTT 3.1.1 (level 4)'
5\t'MQTT 5.0 (level 5)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s i -l id -d 'Client identifier [default: generated]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s I -l id-prefix -d 'Client identifier prefix; the process id is appended' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s k -l keepalive -d 'Keep-alive interval, e.g. 60, 30s, 2m [default: 60s]' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s x -l session-expiry -d 'MQTT 5 session expiry interval (e.g. 1h, or "never")' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s u -l username -d 'Username to authenticate with' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s P -l password -d 'Password; with no value, prompt for it. Prefer MQTT_PASSWORD or --password-file: a password on the command line is visible to `ps`' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l profile -d 'Use the named profile from the config file' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l cafile -d 'Trust the CA certificates in this PEM file (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l capath -d 'Trust the CA certificates in this directory (enables TLS)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l key -d 'Private key (PEM) of the client certificate' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l tls-version -d 'Restrict the TLS version' -r -f -a "tlsv1.2\t'TLS 1.2 only'
tlsv1.3\t'TLS 1.3 only'"
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l alpn -d 'ALPN protocol to offer (repeatable)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l sni -d 'Server name to send and verify, when it differs from the host' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l will-topic -d 'Topic of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l will-payload -d 'Payload of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l will-qos -d 'QoS of the will message' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l will-delay -d 'MQTT 5 will delay interval (e.g. 10s)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l show-secrets -d 'Show passwords and authentication data in decoded packets (hidden by default, with their length)'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l json -d 'Print JSON on stdout instead of text'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s c -l no-clean -d 'Keep the session: clean session off (3.1.1) / clean start off (5)'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l insecure -d 'Do not verify the broker\'s certificate or host name. Dangerous'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l tls -d 'Use TLS with the system\'s trusted roots'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l will-retain -d 'Retain the will message'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s d -l debug -d 'Print every packet sent and received, decoded, on stderr'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l quiet -d 'Print no warnings or status messages'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
