"""A request/response responder written with paho-mqtt (PyPI), MQTT 5: for
each request on TOPIC, a payload "SECONDS:WORD" is answered after SECONDS
with WORD in upper case, on the request's Response Topic and with its
Correlation Data (each request on a thread of its own, so answers overtake
each other). Exits 0 after COUNT answers.

Usage: paho_responder.py PORT TOPIC COUNT
Exit 2 when paho-mqtt is missing, 4 when COUNT requests do not come in time.
"""
import sys
import threading
import time

try:
    import paho.mqtt.client as mqtt
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties
except ImportError as err:
    print(f"paho-mqtt is not installed (pip install paho-mqtt): {err}", file=sys.stderr)
    sys.exit(2)

PORT, TOPIC, COUNT = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
lock = threading.Lock()
answered = []
done = threading.Event()


def answer(c, message):
    delay, _, word = message.payload.decode().partition(":")
    time.sleep(float(delay))
    properties = Properties(PacketTypes.PUBLISH)
    correlation = getattr(message.properties, "CorrelationData", None)
    if correlation is not None:
        properties.CorrelationData = correlation
    info = c.publish(message.properties.ResponseTopic, word.upper().encode(), qos=1, properties=properties)
    info.wait_for_publish(10)
    with lock:
        answered.append(word)
        if len(answered) == COUNT:
            done.set()


def on_message(c, userdata, message):
    threading.Thread(target=answer, args=(c, message), daemon=True).start()


c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="paho-responder", protocol=mqtt.MQTTv5)
c.on_message = on_message
c.connect("127.0.0.1", PORT)
c.subscribe(TOPIC, qos=1)
c.loop_start()
ok = done.wait(30)
c.disconnect()
c.loop_stop()
sys.exit(0 if ok else 4)
