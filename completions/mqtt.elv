
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
            cand -H 'The hash for new passwords'
            cand --hash 'The hash for new passwords'
            cand -I 'PBKDF2 iterations for sha512-pbkdf2 [default: 1000]. mosquitto_passwd 2.0 writes 101, 2.1 writes 1000. More is slower to guess but costs the broker as much CPU at every connect'
            cand --iterations 'PBKDF2 iterations for sha512-pbkdf2 [default: 1000]. mosquitto_passwd 2.0 writes 101, 2.1 writes 1000. More is slower to guess but costs the broker as much CPU at every connect'
            cand -c 'Create a new file, replacing FILE if it exists (as mosquitto_passwd -c). FILE `-` prints the new file to stdout instead'
            cand --create 'Create a new file, replacing FILE if it exists (as mosquitto_passwd -c). FILE `-` prints the new file to stdout instead'
            cand -D 'Delete USER from FILE (every line of that user)'
            cand --delete 'Delete USER from FILE (every line of that user)'
            cand -b 'Batch mode: the password is the PASSWORD argument. Beware: other users can see it in the process list, and it lands in shell history'
            cand --batch 'Batch mode: the password is the PASSWORD argument. Beware: other users can see it in the process list, and it lands in shell history'
            cand -U 'Hash every plain-text password in FILE (a file of `user:password` lines). Lines already hashed are left as they are, so unlike mosquitto_passwd -U it is safe to run twice. Blanks around a password are trimmed, as mosquitto does'
            cand --hash-plain-text 'Hash every plain-text password in FILE (a file of `user:password` lines). Lines already hashed are left as they are, so unlike mosquitto_passwd -U it is safe to run twice. Blanks around a password are trimmed, as mosquitto does'
            cand --verify 'Check USER''s password instead of setting it: exit 0 when it matches, 1 when it does not'
            cand --list 'List the users in FILE with their hash types and parameters (tab-separated: user, hash, parameters)'
            cand --json 'With --list: print a JSON array of `{"user", "line", "hash", …parameters}` objects'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
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
