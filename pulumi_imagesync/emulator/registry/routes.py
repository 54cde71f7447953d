"""Which OCI API endpoint a request is for, and the action name it has in faults and the call log.

Action names: ``GET base`` (``/v2/``), ``GET token`` (the token service), ``GET catalog``,
``GET|HEAD|PUT|DELETE manifest``, ``GET|HEAD|DELETE blob``, ``POST upload`` (start, mount or
single-request upload), ``GET|PATCH|PUT|DELETE upload`` (status, chunk, finish, cancel),
``GET tags``, ``GET referrers``. Repository names and tags follow the distribution spec's grammar
(https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pulling-manifests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import NameInvalid, Unsupported

NAME = re.compile(r"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$")
TAG = re.compile(r"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")
_PATH = re.compile(
    r"^/v2/(?P<name>.+?)/(?P<kind>manifests|blobs/uploads|blobs|tags|referrers)(?:/(?P<rest>.*))?$"
)
_METHODS = {
    "manifest": ("GET", "HEAD", "PUT", "DELETE"),
    "blob": ("GET", "HEAD", "DELETE"),
    "upload": ("GET", "PATCH", "PUT", "DELETE"),
}


@dataclass(frozen=True)
class Route:
    action: str  # e.g. "GET blob"
    repository: str = ""
    reference: str = ""  # tag or digest (manifests), digest (blobs, referrers), upload id


def route(method: str, path: str, token_path: str) -> Route:
    """The endpoint of a request. Raises `NameInvalid` / `Unsupported` (never `KeyError`)."""
    if path in ("/v2", "/v2/"):
        return _check(method, Route(f"{method} base"), ("GET", "HEAD"))
    if token_path and path.rstrip("/") == token_path.rstrip("/"):
        return _check(method, Route("GET token"), ("GET", "POST"))
    if path == "/v2/_catalog":
        return _check(method, Route("GET catalog"), ("GET",))
    match = _PATH.match(path)
    if match is None:
        raise Unsupported(f"no such endpoint: {method} {path}", status=404)
    name, kind, rest = match["name"], match["kind"], match["rest"] or ""
    if not NAME.match(name):
        raise NameInvalid(f"invalid repository name {name!r}", {"name": name})
    if kind == "tags":
        if rest != "list":
            raise Unsupported(f"no such endpoint: {method} {path}", status=404)
        return _check(method, Route("GET tags", name), ("GET",))
    if kind == "blobs/uploads":
        if not rest:
            return _check(method, Route("POST upload", name), ("POST",))
        return _check(method, Route(f"{method} upload", name, rest), _METHODS["upload"])
    if not rest or "/" in rest:
        raise Unsupported(f"no such endpoint: {method} {path}", status=404)
    if kind == "referrers":
        return _check(method, Route("GET referrers", name, rest), ("GET",))
    noun = "manifest" if kind == "manifests" else "blob"
    return _check(method, Route(f"{method} {noun}", name, rest), _METHODS[noun])


def _check(method: str, found: Route, allowed: tuple[str, ...]) -> Route:
    if method not in allowed:
        raise Unsupported(f"{method} is not supported here (allowed: {', '.join(allowed)})")
    return found
