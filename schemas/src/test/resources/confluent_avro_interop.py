#!/usr/bin/python3
"""Drives Confluent's own Python Avro client (confluent_kafka.avro, as packaged by Debian) against
Journeyline's broker and registry, for ConfluentPythonInteropIT.

usage: confluent_avro_interop.py BOOTSTRAP REGISTRY_URL READ_TOPIC COUNT WRITE_TOPIC VALUE_SCHEMA_JSON

1. Reads COUNT records from READ_TOPIC with AvroConsumer (which decodes keys and values) and prints
   each as one JSON line {"key": ..., "value": ...} on stdout.
2. Writes two Heartbeat records with AvroProducer (key schema "string", value schema given) to
   WRITE_TOPIC, then prints {"produced": 2}.
"""
import datetime
import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, TopicPartition
from confluent_kafka import avro
from confluent_kafka.avro import AvroConsumer, AvroProducer


def to_json(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


def main():
    bootstrap, registry, read_topic, count, write_topic, value_schema = sys.argv[1:7]
    count = int(count)

    consumer = AvroConsumer({
        "bootstrap.servers": bootstrap,
        "group.id": "journeyline-python-interop",
        "enable.auto.commit": False,
        "schema.registry.url": registry,
    })
    consumer.assign([TopicPartition(read_topic, 0, OFFSET_BEGINNING)])
    read = []
    deadline = time.monotonic() + 60
    while len(read) < count and time.monotonic() < deadline:
        message = consumer.poll(1.0)
        if message is None:
            continue
        if message.error():
            raise SystemExit("consume error: %s" % message.error())
        read.append({"key": message.key(), "value": message.value()})
    consumer.close()
    for record in read:
        print(json.dumps(record, default=to_json, sort_keys=True))

    producer = AvroProducer(
        {"bootstrap.servers": bootstrap, "schema.registry.url": registry},
        default_key_schema=avro.loads('"string"'),
        default_value_schema=avro.loads(value_schema),
    )
    base = datetime.datetime(2025, 3, 1, 9, 0, 0, tzinfo=datetime.timezone.utc)
    for i in range(2):
        producer.produce(
            topic=write_topic,
            key="py-%d" % i,
            value={
                "producerId": "python-%d" % i,
                "watermark": base + datetime.timedelta(seconds=60 + i),
                "partition": i,
                "partitions": 3,
                "sentAt": base + datetime.timedelta(seconds=61 + i),
            },
        )
    remaining = producer.flush(30)
    if remaining:
        raise SystemExit("%d records not delivered" % remaining)
    print(json.dumps({"produced": 2}))


if __name__ == "__main__":
    main()
