"""A small OCI distribution client on httpx, for the tests: not the provider's copy engine.

It does what registry clients do: answers a ``401`` by following the ``WWW-Authenticate``
challenge (Docker token flow with the login as Basic credentials, or Basic), keeps the bearer
token per scope, streams blobs both ways, and raises `RegistryFailure` with the spec's error codes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

_PARAM = re.compile(r'(\w+)="([^"]*)"')
CHUNK = 1 << 20


class RegistryFailure(Exception):
    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        try:
            self.errors: list[dict[str, Any]] = response.json().get("errors", [])
        except ValueError:
            self.errors = []
        self.codes = [error.get("code") for error in self.errors]
        super().__init__(f"{response.request.method} {response.request.url.path}: {self.status} {self.codes}")


def refusal(call: Callable[[], object]) -> RegistryFailure:
    """The `RegistryFailure` ``call`` raises (failing the test when the registry accepts)."""
    try:
        call()
    except RegistryFailure as error:
        return error
    raise AssertionError("expected the registry to refuse")


@dataclass(frozen=True)
class Pulled:
    body: bytes
    media_type: str
    digest: str


class OciClient:
    def __init__(self, endpoint: str, username: str | None = None, password: str | None = None) -> None:
        self.base = f"http://{endpoint}"
        self._login = (username, password) if username is not None and password is not None else None
        self._http = httpx.Client(base_url=self.base, timeout=30, trust_env=False)
        self._authorization: dict[str, str] = {}  # challenge scope -> Authorization header

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OciClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the API -----------------------------------------------------------------------------

    def ping(self) -> httpx.Response:
        return self.request("GET", "/v2/")

    def manifest(self, repository: str, reference: str) -> Pulled:
        accept = ",".join(
            [
                "application/vnd.oci.image.index.v1+json",
                "application/vnd.oci.image.manifest.v1+json",
                "application/vnd.docker.distribution.manifest.list.v2+json",
                "application/vnd.docker.distribution.manifest.v2+json",
            ]
        )
        answer = self.request("GET", f"/v2/{repository}/manifests/{reference}", headers={"Accept": accept})
        return Pulled(answer.content, answer.headers["content-type"], answer.headers["docker-content-digest"])

    def blob(self, repository: str, digest: str) -> bytes:
        return b"".join(self.stream_blob(repository, digest))

    def stream_blob(self, repository: str, digest: str) -> Iterator[bytes]:
        """The blob in pieces, checked against its digest as they come."""
        hasher = hashlib.new(digest.split(":", 1)[0])
        self.request("HEAD", f"/v2/{repository}/blobs/{digest}")  # authenticates before streaming
        with self._http.stream(
            "GET", f"/v2/{repository}/blobs/{digest}", headers=self._auth_headers(repository, "pull")
        ) as answer:
            if answer.status_code != 200:
                answer.read()
                raise RegistryFailure(answer)
            for piece in answer.iter_bytes(CHUNK):
                hasher.update(piece)
                yield piece
        if f"{digest.split(':', 1)[0]}:{hasher.hexdigest()}" != digest:
            raise AssertionError(f"blob {digest} does not hash to its digest")

    def push_blob(self, repository: str, data: bytes | Iterable[bytes], digest: str) -> httpx.Response:
        """POST then PUT with the whole blob (streamed when ``data`` is an iterable)."""
        location = self.request("POST", f"/v2/{repository}/blobs/uploads/").headers["location"]
        return self.request("PUT", location, params={"digest": digest}, content=data)

    def push_blob_chunked(self, repository: str, chunks: Iterable[bytes], digest: str) -> httpx.Response:
        """POST, one PATCH per chunk with its Content-Range, PUT without a body."""
        location = self.request("POST", f"/v2/{repository}/blobs/uploads/").headers["location"]
        offset = 0
        for chunk in chunks:
            headers = {
                "Content-Range": f"{offset}-{offset + len(chunk) - 1}",
                "Content-Type": "application/octet-stream",
            }
            location = self.request("PATCH", location, content=chunk, headers=headers).headers["location"]
            offset += len(chunk)
        return self.request("PUT", location, params={"digest": digest})

    def mount(self, repository: str, digest: str, source: str | None) -> httpx.Response:
        params = {"mount": digest, **({"from": source} if source else {})}
        return self.request("POST", f"/v2/{repository}/blobs/uploads/", params=params)

    def push_manifest(self, repository: str, reference: str, body: bytes, media_type: str) -> httpx.Response:
        return self.request(
            "PUT",
            f"/v2/{repository}/manifests/{reference}",
            content=body,
            headers={"Content-Type": media_type},
        )

    def tags(self, repository: str, **params: Any) -> httpx.Response:
        return self.request("GET", f"/v2/{repository}/tags/list", params=params)

    def referrers(self, repository: str, digest: str, artifact_type: str | None = None) -> httpx.Response:
        params = {"artifactType": artifact_type} if artifact_type else {}
        return self.request("GET", f"/v2/{repository}/referrers/{digest}", params=params)

    def delete(self, repository: str, kind: str, reference: str) -> httpx.Response:
        return self.request("DELETE", f"/v2/{repository}/{kind}/{reference}")

    # --- requests and auth -------------------------------------------------------------------

    def request(self, method: str, url: str, *, ok: bool = True, **kwargs: Any) -> httpx.Response:
        """One request, authenticated as the registry's challenge asks; `RegistryFailure` unless
        it succeeds (``ok=False``: the answer whatever it is)."""
        repository, action = _scope_of(method, url)
        headers = {**kwargs.pop("headers", {}), **self._auth_headers(repository, action)}
        answer = self._http.request(method, url, headers=headers, **kwargs)
        if answer.status_code == 401 and "www-authenticate" in answer.headers and not _streamed(kwargs):
            self._authenticate(answer.headers["www-authenticate"], repository, action)
            headers.update(self._auth_headers(repository, action))
            answer = self._http.request(method, url, headers=headers, **kwargs)
        if ok and answer.status_code >= 300:
            raise RegistryFailure(answer)
        return answer

    def _auth_headers(self, repository: str, action: str) -> dict[str, str]:
        found = self._authorization.get(f"{repository}:{action}") or self._authorization.get("*")
        return {"Authorization": found} if found else {}

    def _authenticate(self, challenge: str, repository: str, action: str) -> None:
        scheme, _, rest = challenge.partition(" ")
        if self._login is None:
            return
        if scheme.lower() == "basic":
            user, password = self._login
            self._authorization["*"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
            return
        params = dict(_PARAM.findall(rest))
        query = {"service": params.get("service", "")}
        if params.get("scope"):
            query["scope"] = params["scope"]
        answer = self._http.get(params["realm"], params=query, auth=httpx.BasicAuth(*self._login))
        if answer.status_code != 200:
            raise RegistryFailure(answer)
        token = answer.json().get("token") or answer.json()["access_token"]
        self._authorization[f"{repository}:{action}"] = f"Bearer {token}"


def _scope_of(method: str, url: str) -> tuple[str, str]:
    match = re.search(r"/v2/(.+?)/(manifests|blobs|tags|referrers)/", url)
    repository = match[1] if match else ""
    action = "pull" if method in ("GET", "HEAD") else "delete" if method == "DELETE" else "push"
    return repository, action


def _streamed(kwargs: dict[str, Any]) -> bool:
    """A body that is an iterator cannot be sent twice."""
    content = kwargs.get("content")
    return content is not None and not isinstance(content, bytes)
