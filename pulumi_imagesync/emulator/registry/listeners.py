"""Where each emulated registry answers: a port of its own, rooted at ``/v2/`` as the spec wants.

A registry's port is opened the first time the registry exists (seeded, or made by a reset to a
named world) and stays the registry's for the emulator's life, through resets: ``tcr-xxx`` keeps
its endpoint when the demo world is seeded again. All ports are served by one acceptor thread and
one thread per connection (HTTP/1.1 keep-alive). Bodies are streamed both ways (see `wire`).
"""

from __future__ import annotations

import contextlib
import logging
import selectors
import socket
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from ..server import HandlerBase
from ..wire import joined_headers
from .dispatch import RegistryDispatcher
from .keys import RegistryKey
from .wire import Body, RegistryRequest, RegistryResponse

log = logging.getLogger(__name__)

DRAIN_LIMIT = 1 << 20  # an unread request body up to this size is drained to keep the connection


class RegistryListeners:
    def __init__(self, host: str, dispatcher: RegistryDispatcher, *, verbose: bool = False) -> None:
        self.host = host
        self.dispatcher = dispatcher
        self.verbose = verbose
        self._sockets: dict[RegistryKey, socket.socket] = {}
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._selector = selectors.DefaultSelector()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="imagesync-registries", daemon=True)
        self._thread.start()

    def endpoint(self, key: RegistryKey) -> str | None:
        """``host:port`` of the registry (None until it has a port)."""
        with self._lock:
            listening = self._sockets.get(key)
            return None if listening is None else f"{self.host}:{listening.getsockname()[1]}"

    def open(self, keys: Iterable[RegistryKey]) -> None:
        """Give every registry in ``keys`` a port (those that have one keep it)."""
        with self._lock:
            for key in keys:
                if key in self._sockets or self._stopping.is_set():
                    continue
                listening = socket.create_server((self.host, 0), backlog=64)
                listening.setblocking(False)
                self._sockets[key] = listening
                self._selector.register(listening, selectors.EVENT_READ, key)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
        with self._lock:
            for listening in self._sockets.values():
                listening.close()
            connections = list(self._connections)
        self._selector.close()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                ready = self._selector.select(timeout=0.2)
            except (OSError, ValueError):  # a socket closed under us: look again
                continue
            for selected, _ in ready:
                try:
                    connection, address = selected.fileobj.accept()  # type: ignore[union-attr]
                except OSError:
                    continue
                connection.setblocking(True)
                with self._lock:
                    self._connections.add(connection)
                threading.Thread(
                    target=self._serve, args=(connection, address, selected.data), daemon=True
                ).start()

    def _serve(self, connection: socket.socket, address: Any, key: RegistryKey) -> None:
        try:
            # The handler takes its context where socketserver would give it the server.
            _Handler(connection, address, _Context(self.dispatcher, key, self.verbose))  # type: ignore[arg-type]
        except OSError:  # the client went away; routine under fault injection
            log.debug("registry connection from %s ended abruptly", address, exc_info=True)
        finally:
            with self._lock:
                self._connections.discard(connection)
            with contextlib.suppress(OSError):
                connection.close()


class _Context:
    """What a handler needs of its listener (it stands where socketserver puts the server)."""

    def __init__(self, dispatcher: RegistryDispatcher, key: RegistryKey, verbose: bool) -> None:
        self.dispatcher = dispatcher
        self.key = key
        self.verbose = verbose


class _Handler(HandlerBase):
    server: _Context  # type: ignore[assignment]

    def _serve(self) -> None:
        url = urlsplit(self.path)
        headers = joined_headers(self.headers.items())
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        length = int(headers.get("content-length") or 0)
        body = Body(self.rfile, length, chunked)
        request = RegistryRequest(self.command, url.path or "/", url.query, headers, body)
        response = self.server.dispatcher.handle(self.server.key, request)
        if response.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if not body.consumed and not body.drain(DRAIN_LIMIT):
            self.close_connection = True
        try:
            self._answer(response)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _answer(self, response: RegistryResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(response.content_length()))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if response.stream is None:
            self.wfile.write(response.body)
            return
        for piece in response.stream:
            self.wfile.write(piece)
