"""A WebSocket client made with websockets (Debian: python3-websockets), an independent peer for Hayate's tests.

Usage: ws_websockets_client.py ws://127.0.0.1:PORT/path
Echoes text (one message large and repetitive, so permessage-deflate, which websockets offers by default, shrinks
it), binary, a ping, then closes with 4001. Prints what happened as key=value lines (java.util.Properties format).
"""
import asyncio
import sys

import websockets


def emit(key, value):
    text = str(value)
    print(key + "=" + "".join(c if 32 <= ord(c) < 127 and c != "\\" else "\\u%04x" % ord(c) for c in text))


async def main(url):
    async with websockets.connect(url, max_size=None, ping_interval=None) as ws:
        emit("extensions", ws.response_headers.get("Sec-WebSocket-Extensions"))
        await ws.send("hello from websockets")
        emit("text", await ws.recv())
        big = "compress me, " * 20000
        await ws.send(big)
        emit("big_echoed", (await ws.recv()) == big)
        await ws.send(bytes(range(256)))
        emit("binary_echoed", (await ws.recv()) == bytes(range(256)))
        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 5)
        emit("pong", True)
        await ws.close(code=4001, reason="bye")
        emit("close_code", ws.close_code)
        emit("close_reason", ws.close_reason)


asyncio.run(asyncio.wait_for(main(sys.argv[1]), 20))
