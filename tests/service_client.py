"""A loopback server for tests: uvicorn in a thread on a socket bound to a free port, and a tiny
stdlib HTTP client (JSON, multipart uploads, raw bodies) — no extra test dependency."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@contextmanager
def running(limits: Any = None, app: Any = None) -> Iterator[str]:
    """Start the service (or `app`) on 127.0.0.1:<free port>; yield its base URL; stop it afterwards."""
    import uvicorn

    from indicator_dsl.service import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app or create_app(limits), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(500):  # wait until it answers (not a timing assertion: a readiness poll)
        if server.started:
            break
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str = "") -> Answer:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method or ("POST" if data else "GET"))
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return Answer(resp.status, dict(resp.headers), resp.read())
    except urllib.error.HTTPError as err:
        return Answer(err.code, dict(err.headers), err.read())


def post_json(url: str, payload: Any) -> Answer:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return request(url, data, {"Content-Type": "application/json"})


def post_form(
    url: str, fields: dict[str, str] | None = None, files: dict[str, tuple[str, bytes]] | None = None
) -> Answer:
    """multipart/form-data with text fields and (filename, bytes) uploads."""
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in (fields or {}).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, blob) in (files or {}).items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + blob + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return request(url, b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"})
