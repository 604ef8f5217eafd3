
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
            cand serve 'Run a local MQTT broker for development'
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
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mqtt;serve'= {
            cand --bind 'Address to listen on (all listeners)'
            cand -p 'Port for plain MQTT; 0 picks a free port'
            cand --port 'Port for plain MQTT; 0 picks a free port'
            cand --tls-port 'Also listen for MQTT over TLS on this port (0: a free port); needs --cert and --key'
            cand --cert 'PEM certificate chain for the TLS listener, server certificate first'
            cand --key 'PEM private key for the TLS listener'
            cand --ws-port 'Also listen for MQTT over WebSocket on this port (0: a free port), path /mqtt'
            cand --password-file 'Accept only the users in this mosquitto password file (made by `mqtt passwd` or mosquitto_passwd; $7$ and $6$ hashes)'
            cand --allow-anonymous 'With --password-file, also accept clients that send no user name'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mqtt;generate'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
    ]
    $completions[$command]
}
