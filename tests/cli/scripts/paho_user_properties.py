"""paho-mqtt (PyPI) against a broker at MQTT 5: one client subscribes, another
publishes a message and sets a will, both with user properties; prints the
user properties the subscriber received, one JSON list per message.

Usage: paho_user_properties.py PORT
Exit 2 when paho-mqtt is missing, 3 when it cannot connect (the CONNACK it
refuses is named), 4 when the messages do not arrive in time.
"""
import json
import sys
import threading

try:
    import paho.mqtt.client as mqtt
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties
except ImportError as err:
    print(f"paho-mqtt is not installed (pip install paho-mqtt): {err}", file=sys.stderr)
    sys.exit(2)

PORT = int(sys.argv[1])
SENT = [("b", "2"), ("x-mqtt-client-id", "mine"), ("a", "1"), ("x-mqtt-sender", "me"), ("a", "3")]
received = []
done = threading.Event()
subscribed = threading.Event()


def client(name):
    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=name, protocol=mqtt.MQTTv5)
    return c


def connect(c):
    try:
        c.connect("127.0.0.1", PORT)
    except Exception as err:  # paho raises on a CONNACK it refuses
        print(f"{c._client_id.decode()}: cannot connect: {err}", file=sys.stderr)
        sys.exit(3)


def on_message(c, userdata, message):
    props = getattr(message.properties, "UserProperty", [])
    received.append({"topic": message.topic, "user_properties": [list(p) for p in props]})
    if len(received) == 2:
        done.set()


sub = client("paho-sub")
sub.on_message = on_message
sub.on_subscribe = lambda *args: subscribed.set()
sub.on_connect_fail = lambda *args: print("paho-sub: connect failed", file=sys.stderr)
connect(sub)
sub.subscribe("props/#", qos=1)
sub.loop_start()
if not subscribed.wait(10):
    print("paho-sub: no SUBACK", file=sys.stderr)
    sys.exit(4)

pub = client("paho-pub")
will = Properties(PacketTypes.WILLMESSAGE)
will.UserProperty = SENT
pub.will_set("props/will", b"gone", qos=1, properties=will)
connect(pub)
pub.loop_start()
publish = Properties(PacketTypes.PUBLISH)
publish.UserProperty = SENT
pub.publish("props/message", b"hello", qos=1, properties=publish).wait_for_publish(10)
# Drop the socket without DISCONNECT: the broker publishes the will.
pub.loop_stop()
pub._sock_close()

if not done.wait(10):
    print(f"only {len(received)} of 2 messages arrived: {received}", file=sys.stderr)
    sys.exit(4)
sub.loop_stop()
for message in sorted(received, key=lambda m: m["topic"]):
    print(json.dumps(message))
