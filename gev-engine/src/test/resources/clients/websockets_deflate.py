"""Python's `websockets` client, with permessage-deflate, against a gev echo server.

usage: websockets_deflate.py PORT OFFER   (OFFER: one of the keys of OFFERS)
Sends JSON chat lines, a large JSON text and incompressible binary, checks every echo, and prints the extension the
server agreed and what was echoed. Exits non-zero on any mismatch.
"""
import asyncio
import json
import random
import sys

from websockets.asyncio.client import connect
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory

OFFERS = {
    "default": {},  # the library's own offer: client_max_window_bits
    "no-context": dict(server_no_context_takeover=True, client_no_context_takeover=True),
    "server-window-9": dict(server_max_window_bits=9),
    "server-window-8": dict(server_max_window_bits=8, client_max_window_bits=9),
}


def chat_line(i):
    user = ["ann", "bob", "chloé", "dmitri"][i % 4]
    return {"type": "chat", "seq": i, "room": "general", "user": user,
            "text": "message number %d from %s: %s" % (i, user, "lorem ipsum " * (i % 9))}


def messages():
    for i in range(200):
        yield json.dumps(chat_line(i), ensure_ascii=False)
    yield json.dumps([chat_line(i) for i in range(2000)], ensure_ascii=False)  # about 300 KB
    rng = random.Random(7692)
    yield bytes(rng.getrandbits(8) for _ in range(20_000))
    yield ""


async def main(port, offer):
    factory = ClientPerMessageDeflateFactory(**OFFERS[offer])
    async with connect("ws://127.0.0.1:%d/py" % port, extensions=[factory], max_size=None) as ws:
        print("extensions:", ws.response.headers.get("Sec-WebSocket-Extensions"))
        count = size = 0
        for message in messages():
            await ws.send(message)
            echo = await ws.recv()
            if echo != message:
                sys.exit("echo %d differs: %r... != %r..." % (count, echo[:40], message[:40]))
            count += 1
            size += len(message.encode() if isinstance(message, str) else message)
        print("echoed %d messages" % count)
        print("bytes", size)


asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
