
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
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local MQTT broker for development')
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
        'mqtt;serve' {
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to listen on (all listeners)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Port for plain MQTT; 0 picks a free port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port for plain MQTT; 0 picks a free port')
            [CompletionResult]::new('--tls-port', '--tls-port', [CompletionResultType]::ParameterName, 'Also listen for MQTT over TLS on this port (0: a free port); needs --cert and --key')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'PEM certificate chain for the TLS listener, server certificate first')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'PEM private key for the TLS listener')
            [CompletionResult]::new('--ws-port', '--ws-port', [CompletionResultType]::ParameterName, 'Also listen for MQTT over WebSocket on this port (0: a free port), path /mqtt')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Accept only the users in this mosquitto password file (made by `mqtt passwd` or mosquitto_passwd; $7$ and $6$ hashes)')
            [CompletionResult]::new('--allow-anonymous', '--allow-anonymous', [CompletionResultType]::ParameterName, 'With --password-file, also accept clients that send no user name')
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
