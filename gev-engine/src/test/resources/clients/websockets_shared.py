"""Python's `websockets` clients, with permessage-deflate, receiving gev's shared (broadcast) frames.

usage: websockets_shared.py PORT
Two clients connect: one with the library's default offer (context takeover), one with no context takeover. The
first asks the server (text "share:LINE") to send LINE as a SharedFrame to every open WebSocket, 20 times, with an
ordinary echo after each; both check every message and record RSV1 of each data frame as it arrives (before the
extension inflates it). Prints the extensions agreed and, per client, how many shared lines came compressed; exits
non-zero on any mismatch.
"""
import asyncio
import json
import sys

from websockets.asyncio.client import connect
from websockets.extensions import permessage_deflate
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory
from websockets.frames import Opcode

RSV1 = {}  # id of the extension instance -> RSV1 of each data frame it decoded
_decode = permessage_deflate.PerMessageDeflate.decode


def recording_decode(self, frame, *, max_size=None):
    if frame.opcode in (Opcode.TEXT, Opcode.BINARY):
        RSV1.setdefault(id(self), []).append(frame.rsv1)
    return _decode(self, frame, max_size=max_size)


permessage_deflate.PerMessageDeflate.decode = recording_decode


def line(i):
    return json.dumps({"type": "chat", "seq": i, "room": "general", "user": "chloé",
                       "text": "shared line %d: %s" % (i, "lorem ipsum dolor " * (3 + i % 7))}, ensure_ascii=False)


async def main(port):
    url = "ws://127.0.0.1:%d/py" % port
    async with connect(url, extensions=[ClientPerMessageDeflateFactory()]) as sender, \
            connect(url, extensions=[ClientPerMessageDeflateFactory(server_no_context_takeover=True)]) as other:
        for ws in (sender, other):
            print("extensions:", ws.response.headers.get("Sec-WebSocket-Extensions"))
        for i in range(20):
            await sender.send("share:" + line(i))
            for ws in (sender, other):
                got = await ws.recv()
                if got != line(i):
                    sys.exit("shared line %d differs: %r" % (i, got[:60]))
            echo = "echo %d after a shared line: %s" % (i, "and some more words " * 5)
            await sender.send(echo)
            if await sender.recv() != echo:
                sys.exit("echo %d differs" % i)
        for name, ws in (("sender", sender), ("other", other)):
            flags = RSV1[id(ws.protocol.extensions[0])]
            shared = flags[0::2] if ws is sender else flags
            print("%s: %d of %d shared lines compressed" % (name, sum(shared), len(shared)))


asyncio.run(main(int(sys.argv[1])))
