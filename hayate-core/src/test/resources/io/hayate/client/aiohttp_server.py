"""An independent HTTP server for Hayate's client tests: the article's slow endpoint on aiohttp, plus gzip, a
chunked stream, the client's port (to see connection reuse) and a WebSocket echo.

Prints the port it listens on (127.0.0.1, chosen by the OS), then serves until its stdin closes.
"""
import asyncio
import os
import sys

import aiohttp
from aiohttp import web


async def slow(request):
    await asyncio.sleep(float(request.query.get("s", "1")))
    return web.Response(text="This is a slow web api")


async def peer(request):
    return web.Response(text=str(request.transport.get_extra_info("peername")[1]))


async def gzip(request):
    resp = web.Response(text="compressed by aiohttp " * 2000)
    resp.enable_compression(web.ContentCoding.gzip)
    return resp


async def chunks(request):
    resp = web.StreamResponse()
    resp.enable_chunked_encoding()
    await resp.prepare(request)
    for i in range(20):
        await resp.write(("chunk %d\n" % i).encode())
        await asyncio.sleep(0.01)
    await resp.write_eof()
    return resp


async def echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == aiohttp.WSMsgType.TEXT:
            if msg.data == "close":
                await ws.close(code=4001, message=b"aiohttp says bye")
            else:
                await ws.send_str("aiohttp: " + msg.data)
        elif msg.type == aiohttp.WSMsgType.BINARY:
            await ws.send_bytes(msg.data[::-1])
    return ws


async def main():
    app = web.Application()
    app.add_routes([web.get("/", slow), web.get("/peer", peer), web.get("/gzip", gzip),
                    web.get("/chunks", chunks), web.get("/ws", echo)])
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(site._server.sockets[0].getsockname()[1], flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def stdin_ready():
        if not os.read(sys.stdin.fileno(), 1024):
            stop.set()

    loop.add_reader(sys.stdin.fileno(), stdin_ready)
    await stop.wait()
    await runner.cleanup()


asyncio.run(main())
