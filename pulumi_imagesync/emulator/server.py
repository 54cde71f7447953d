"""The HTTP server: parse each request once, route it, write the answer.

``/_emulator/*`` goes to the admin API; anything else to the first registered cloud protocol that
recognises it. HTTP/1.1 keep-alive with Content-Length on every answer (the SDKs pool connections);
one daemon thread per connection, so a request sleeping in a latency fault blocks nobody else.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from .admin import PREFIX, Admin
from .dispatch import CloudDispatcher
from .wire import Request, Response, joined_headers

log = logging.getLogger(__name__)


class App:
    """Routes a parsed request to the admin API or a cloud protocol."""

    def __init__(self, admin: Admin, dispatcher: CloudDispatcher) -> None:
        self.admin = admin
        self.dispatcher = dispatcher

    def handle(self, request: Request) -> Response:
        try:
            if request.path.startswith(PREFIX):
                return self.admin.handle(request)
            protocol = self.dispatcher.protocol_for(request)
            if protocol is None:
                return Response.json({"error": "not a request of any emulated cloud API"}, 404)
            return self.dispatcher.handle(protocol, request)
        except Exception as bug:  # an emulator bug must not cost the caller its connection
            log.exception("emulator failure on %s %s", request.method, request.path)
            return Response.json({"error": f"emulator failure: {bug!r}"}, 500)


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: App, *, verbose: bool = False) -> None:
        self.app = app
        self.verbose = verbose
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End kept-alive connections too, so that a stopped emulator answers nobody."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out or drop their connection are routine under fault injection.
        log.debug("connection from %s ended abruptly", client_address, exc_info=True)


class HandlerBase(BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive, every method to `_serve`, quiet unless the server is verbose."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: don't wait on delayed ACKs
    server_version = "imagesync-emulator"
    sys_version = ""

    def do_GET(self) -> None:
        self._serve()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def _serve(self) -> None:
        raise NotImplementedError


class _Handler(HandlerBase):
    server: EmulatorHTTPServer

    def _serve(self) -> None:
        url = urlsplit(self.path)
        headers = joined_headers(self.headers.items())
        request = Request(self.command, url.path or "/", url.query, headers, self._read_body())
        response = self.server.app.handle(request)
        if response.drop:
            self.close_connection = True
            self._abort()
            return
        try:
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. timed out during latency)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _abort(self) -> None:
        """Close the socket with no answer at all, as a crashed peer or a broken LB does."""
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)
