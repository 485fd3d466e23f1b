"""A server-sent events reader made with aiohttp (Debian: python3-aiohttp), reading the stream line by line as
EventSource does, an independent peer for Hayate's tests.

Usage: sse_aiohttp_client.py http://127.0.0.1:PORT/path LAST_EVENT_ID COUNT
Reads COUNT events, sending Last-Event-ID unless it is "-", then hangs up. Prints key=value lines
(java.util.Properties format): the response head, then each event's fields and each comment.
"""
import asyncio
import sys

import aiohttp


def emit(key, value):
    text = str(value)
    print(key + "=" + "".join(c if 32 <= ord(c) < 127 and c != "\\" else "\\u%04x" % ord(c) for c in text))


async def main(url, last_id, count):
    headers = {"Accept": "text/event-stream"}
    if last_id != "-":
        headers["Last-Event-ID"] = last_id
    async with aiohttp.ClientSession() as session:
        async with session.get(url, headers=headers) as r:
            emit("status", r.status)
            emit("content_type", r.headers.get("Content-Type"))
            emit("cache_control", r.headers.get("Cache-Control"))
            events, comments, fields = 0, 0, {}
            while events < count:
                raw = await r.content.readline()
                if not raw:
                    break  # the stream ended
                line = raw.decode("utf-8").rstrip("\r\n")
                if line == "":
                    if fields:
                        for k, v in fields.items():
                            emit("event.%d.%s" % (events, k), v)
                        events += 1
                        fields = {}
                    continue
                if line.startswith(":"):
                    emit("comment.%d" % comments, line[1:].strip())
                    comments += 1
                    continue
                name, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                fields[name] = fields[name] + "\n" + value if name == "data" and name in fields else value
            emit("events", events)


asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2], int(sys.argv[3])), 20))
