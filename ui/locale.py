"""Gradio chooses the language of its own strings (buttons, "connection lost", aria labels) from the browser; staff
use German, so the chat page gets a tiny script at the very top of <head> that reports German before Gradio starts."""

from __future__ import annotations

GERMAN_FIRST = (b"<script>try{Object.defineProperty(navigator,'language',{get:function(){return 'de-DE';}});"
                b"Object.defineProperty(navigator,'languages',{get:function(){return ['de-DE','de'];}});}catch(e){}</script>")


class GermanPage:
    """ASGI middleware: injects GERMAN_FIRST into the HTML of the chat page (GET /) and sets lang="de"."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != "/":
            await self.app(scope, receive, send)
            return
        held: dict = {"start": None, "body": b""}

        async def wrapped(message):
            if message["type"] == "http.response.start":
                content_type = dict(message["headers"]).get(b"content-type", b"")
                if message["status"] == 200 and content_type.startswith(b"text/html"):
                    held["start"] = message
                    return
            elif held["start"] is not None and message["type"] == "http.response.body":
                held["body"] += message.get("body", b"")
                if message.get("more_body"):
                    return
                body = held["body"].replace(b"<head>", b"<head>" + GERMAN_FIRST, 1).replace(b'<html lang="en"', b'<html lang="de"', 1)
                headers = [(k, v) for k, v in held["start"]["headers"] if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send(held["start"] | {"headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, wrapped)
