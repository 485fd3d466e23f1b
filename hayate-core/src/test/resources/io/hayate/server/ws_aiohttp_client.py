"""A WebSocket client made with aiohttp (Debian: python3-aiohttp), an independent peer for Hayate's tests.

Usage: ws_aiohttp_client.py http://127.0.0.1:PORT/path
Offers permessage-deflate (aiohttp does only when asked), echoes text and binary, then closes with 4002. Prints
key=value lines (java.util.Properties format).
"""
import asyncio
import sys

import aiohttp


def emit(key, value):
    text = str(value)
    print(key + "=" + "".join(c if 32 <= ord(c) < 127 and c != "\\" else "\\u%04x" % ord(c) for c in text))


async def main(url):
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url, compress=15) as ws:
            emit("compress", ws.compress)
            await ws.send_str("hi from aiohttp " + "z" * 5000)
            msg = await ws.receive()
            emit("text", msg.data)
            await ws.send_bytes(b"\x00\x01\xff")
            msg = await ws.receive()
            emit("binary", list(msg.data))
            await ws.close(code=4002, message=b"done")
            emit("close_code", ws.close_code)


asyncio.run(asyncio.wait_for(main(sys.argv[1]), 20))
