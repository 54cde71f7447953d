"""HTTP requests and responses as the emulator sees them: parsed once, immutable, no sockets."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl


def joined_headers(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Header names lower-cased, repeated headers joined by "," (as HTTP allows)."""
    headers: dict[str, str] = {}
    for name, value in items:
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    return headers


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str  # raw, exactly as sent: TC3 signs the query string byte for byte
    headers: dict[str, str]  # lower-cased names; repeated headers joined by ","
    body: bytes = b""

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased."""
        return self.header("content-type").split(";", 1)[0].strip().lower()

    def query_pairs(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query, keep_blank_values=True)

    def form_pairs(self) -> list[tuple[str, str]]:
        """The urlencoded body's fields ([] for any other body)."""
        if self.content_type != "application/x-www-form-urlencoded":
            return []
        return parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True)


@dataclass(frozen=True)
class Response:
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    drop: bool = False  # close the connection without answering (a fault)

    @classmethod
    def json(cls, payload: Any, status: int = 200, content_type: str = "application/json") -> Response:
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return cls(status, [("Content-Type", content_type)], body)

    @classmethod
    def text(cls, text: str, status: int, content_type: str = "text/plain; charset=utf-8") -> Response:
        return cls(status, [("Content-Type", content_type)], text.encode("utf-8"))

    @classmethod
    def dropped(cls) -> Response:
        return cls(drop=True)
