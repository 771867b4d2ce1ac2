"""The Python connector's way of pushing to RabbitMQ, for `bench/amqp-push.ts`.

pycti's `send_stix2_bundle` opens one pika `BlockingConnection` per bundle,
turns on publisher confirms, and publishes every split bundle with
`basic_publish`, which blocks until the broker confirms it. This script does
the same with one message body read from standard input, `count` times, and
prints the milliseconds from opening the connection to closing it (Python's
own start-up and `import pika` excluded). pycti also serializes and base64-encodes
each message, which this skips: the rate here is an upper bound of pycti's.

Usage: python3 pika-publish.py AMQP_URL QUEUE COUNT < BODY
"""
import sys
import time

import pika


def main() -> None:
    url, queue, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    body = sys.stdin.buffer.read()
    properties = pika.BasicProperties(delivery_mode=2, content_encoding="utf-8")
    start = time.perf_counter()
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.confirm_delivery()
    for _ in range(count):
        channel.basic_publish(exchange="", routing_key=queue, body=body, properties=properties)
    channel.close()
    connection.close()
    print(f"{(time.perf_counter() - start) * 1000:.1f}")


main()
