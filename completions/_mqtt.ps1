
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mqtt;sub' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mqtt;bench' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mqtt;passwd' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mqtt;inspect' {
            [CompletionResult]::new('--decode', '--decode', [CompletionResultType]::ParameterName, 'Decode MQTT packets instead of contacting a broker. INPUT is hex (spaces, 0x, \x, commas and colons allowed), @FILE (raw bytes, or a hex dump such as xxd or hexdump -C output: a file that is all printable text is read as hex), or - for stdin (detected the same way). -V sets the protocol version of the packets; without it, 5.0 is tried first and a packet that is only valid as 3.1.1 is decoded as 3.1.1, with a note. A CONNECT sets the version for the packets after it')
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
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords and authentication data in decoded packets (hidden by default, with their length)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout instead of text')
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
        'mqtt;generate' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
