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
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "serve" -d 'Run a local MQTT broker for development'
complete -c mqtt -n "__fish_mqtt_needs_command" -f -a "generate" -d 'Write man pages or shell completions (for packagers)'
complete -c mqtt -n "__fish_mqtt_using_subcommand pub" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand sub" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand bench" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s H -l hash -d 'The hash for new passwords' -r -f -a "sha512-pbkdf2\t'PBKDF2-HMAC-SHA512 (`$7$`): mosquitto 2.0 and newer read it'
sha512\t'Salted SHA-512 (`$6$`): every mosquitto reads it, 1.6 and older read nothing else. Weak: a single fast hash'
argon2id\t'Argon2id (`$argon2id$`, mosquitto 2.1\'s parameters): only mosquitto 2.1 and newer built with argon2 support read it (upstream\'s 2.1.0 to 2.1.2 builds leave it out)'"
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s I -l iterations -d 'PBKDF2 iterations for sha512-pbkdf2 [default: 1000]. mosquitto_passwd 2.0 writes 101, 2.1 writes 1000. More is slower to guess but costs the broker as much CPU at every connect' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s c -l create -d 'Create a new file, replacing FILE if it exists (as mosquitto_passwd -c). FILE `-` prints the new file to stdout instead'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s D -l delete -d 'Delete USER from FILE (every line of that user)'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s b -l batch -d 'Batch mode: the password is the PASSWORD argument. Beware: other users can see it in the process list, and it lands in shell history'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s U -l hash-plain-text -d 'Hash every plain-text password in FILE (a file of `user:password` lines). Lines already hashed are left as they are, so unlike mosquitto_passwd -U it is safe to run twice. Blanks around a password are trimmed, as mosquitto does'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -l verify -d 'Check USER\'s password instead of setting it: exit 0 when it matches, 1 when it does not'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -l list -d 'List the users in FILE with their hash types and parameters (tab-separated: user, hash, parameters)'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -l json -d 'With --list: print a JSON array of `{"user", "line", "hash", …parameters}` objects'
complete -c mqtt -n "__fish_mqtt_using_subcommand passwd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mqtt -n "__fish_mqtt_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l bind -d 'Address to listen on (all listeners)' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -s p -l port -d 'Port for plain MQTT; 0 picks a free port' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l tls-port -d 'Also listen for MQTT over TLS on this port (0: a free port); needs --cert and --key' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l cert -d 'PEM certificate chain for the TLS listener, server certificate first' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l key -d 'PEM private key for the TLS listener' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l ws-port -d 'Also listen for MQTT over WebSocket on this port (0: a free port), path /mqtt' -r
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l password-file -d 'Accept only the users in this mosquitto password file (made by `mqtt passwd` or mosquitto_passwd; $7$ and $6$ hashes)' -r -F
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -l allow-anonymous -d 'With --password-file, also accept clients that send no user name'
complete -c mqtt -n "__fish_mqtt_using_subcommand serve" -s h -l help -d 'Print help'
complete -c mqtt -n "__fish_mqtt_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
