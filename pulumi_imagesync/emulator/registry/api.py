"""The OCI distribution API of one registry: one function per action, as ``responses.py`` are.

Each reads the request, takes the world's lock for what touches state (`Exchange.locked`), and
answers; bodies are streamed outside the lock, so a 1 GiB upload or download blocks nobody. The
behaviour is the distribution spec's, v1.1
(https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md): pulls of manifests and
blobs (with ``Range``), pushes monolithic (POST + PUT, or one POST with ``digest``), chunked
(PATCH) and by cross-repository mount (``mount``/``from``, or ``mount`` alone: any repository of the
registry the caller can read), tag lists with ``n``/``last`` and a ``Link`` to the next page, the
referrers API with the ``artifactType`` filter and ``OCI-Subject`` on pushes with a subject,
deletes of tags, manifests and blobs.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from . import digests, manifests
from .auth import (
    BEARER,
    DELETE,
    READ,
    WRITE,
    Principal,
    authenticate,
    login_for_token,
    requested_scopes,
    scope,
)
from .credentials import TOKEN_SECONDS
from .errors import (
    BlobUnknown,
    BlobUploadInvalid,
    BlobUploadUnknown,
    Denied,
    DigestInvalid,
    ManifestInvalid,
    ManifestUnknown,
    NameUnknown,
    RangeNotSatisfiable,
    RegistryError,
    Unauthorized,
)
from .hosts import RegistryHost
from .hub import RegistryHub
from .manifests import Manifest
from .routes import TAG, Route
from .uploads import UploadSession
from .wire import RegistryRequest, RegistryResponse

MAX_MANIFEST = 4 * 1024 * 1024  # the size the spec asks registries to accept at least
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CONTENT_RANGE = re.compile(r"^(?:bytes )?(\d+)-(\d+)(?:/\d+)?$")


@dataclass
class Exchange:
    """One request on its way through the API."""

    request: RegistryRequest
    route: Route
    host: RegistryHost
    hub: RegistryHub
    locked: Callable[[], AbstractContextManager[None]]  # the world's lock, checked for a reset
    now: Callable[[], float]
    principal: Principal | None = None

    @property
    def repository(self) -> str:
        return self.route.repository


class Challenge(Unauthorized):
    """401 with the registry's ``WWW-Authenticate`` challenge for the scopes the request needs."""

    def __init__(self, message: str, challenge: str) -> None:
        super().__init__(message)
        self.challenge = challenge


def handle(ex: Exchange) -> RegistryResponse:
    """Authenticate and authorize, then run the action (`RegistryError` is the answer)."""
    if ex.route.action == "GET token":
        return get_token(ex)
    with ex.locked():
        ex.principal = authenticate(
            ex.host.auth, ex.request.header("authorization"), ex.hub.credentials, ex.host.key
        )
        needed = _needed(ex)
        if ex.principal is None:
            raise _challenge(ex, needed)
        missing = {name: actions for name, actions in needed.items() if not _granted(ex, name, actions)}
        if missing:  # the client asks again for a token with every scope the request needs
            raise _challenge(ex, needed, f"the token does not grant {' '.join(_scopes(missing))}")
        if ex.route.repository:
            _authorize(ex, ex.repository, *needed[ex.repository])
    return ACTIONS[ex.route.action](ex)


# --- base, token, catalog ------------------------------------------------------------------------


def get_base(ex: Exchange) -> RegistryResponse:
    return _json({})


def get_token(ex: Exchange) -> RegistryResponse:
    """The token service: trade a login (Basic, or an OAuth2 password grant) for a bearer token."""
    if ex.host.auth.kind != BEARER:
        raise RegistryError("this registry has no token service", status=404)
    header, query = ex.request.header("authorization"), ex.request.query
    if ex.request.method == "POST":
        form = dict(parse_qsl(ex.request.body.read(64 * 1024).decode("utf-8", "replace")))
        header = _basic(form.get("username", ""), form.get("password", ""))
        query = urlencode([("scope", form.get("scope", ""))])
    with ex.locked():
        try:
            login = login_for_token(header, ex.hub.credentials, ex.host.key, ex.host.auth)
        except Unauthorized as error:
            raise Challenge(error.message, f'Basic realm="{ex.host.auth.service}"') from None
        token = ex.hub.credentials.grant(login, requested_scopes(query))
        ex.principal = Principal(login.account_id, login, token)
    issued = datetime.fromtimestamp(token.expires_at - TOKEN_SECONDS, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _json(
        {"token": token.value, "access_token": token.value, "expires_in": TOKEN_SECONDS, "issued_at": issued}
    )


def get_catalog(ex: Exchange) -> RegistryResponse:
    with ex.locked():
        names = sorted(name for name in _repositories(ex) if _readable(ex, name, scoped=False))
    page, link = _page(names, ex, "/v2/_catalog")
    return _json({"repositories": page}, link)


# --- manifests -----------------------------------------------------------------------------------


def get_manifest(ex: Exchange) -> RegistryResponse:
    with ex.locked():
        manifest = _resolve(ex)
    headers = [("Content-Type", manifest.media_type), ("Docker-Content-Digest", manifest.digest)]
    if ex.request.method == "HEAD":
        return RegistryResponse(200, headers, length=manifest.size, stream=iter(()))
    return RegistryResponse(200, headers, manifest.raw)


def put_manifest(ex: Exchange) -> RegistryResponse:
    raw = ex.request.body.read(MAX_MANIFEST)
    reference = ex.route.reference
    if ":" in reference:
        parsed = digests.parse(reference)
        if parsed is None:
            raise DigestInvalid(f"invalid digest {reference!r}", {"digest": reference})
        digest = digests.of(raw, parsed[0])
        if digest != reference:
            raise DigestInvalid(f"the manifest's digest is {digest}, not {reference}", {"digest": reference})
        tag = None
    else:
        if not TAG.match(reference):
            raise ManifestInvalid(f"invalid tag {reference!r}", {"tag": reference})
        digest, tag = digests.of(raw), reference
    content_type = ex.request.header("content-type").split(";", 1)[0].strip()
    manifest = manifests.parse(raw, content_type, digest)
    with ex.locked():
        content = ex.host.content
        content.put_manifest(ex.repository, manifest)
        if tag is not None:
            ex.host.put_tag(ex.repository, tag, digest, content.image_size(ex.repository, digest))
    headers = [
        ("Location", f"/v2/{ex.repository}/manifests/{digest}"),
        ("Docker-Content-Digest", digest),
    ]
    if manifest.subject is not None:
        headers.append(("OCI-Subject", manifest.subject.digest))
    return RegistryResponse(201, headers)


def delete_manifest(ex: Exchange) -> RegistryResponse:
    reference = ex.route.reference
    with ex.locked():
        tags = _tags(ex)
        if ":" not in reference:
            if reference not in tags:
                raise ManifestUnknown(f"tag {reference} is not in {ex.repository}", {"tag": reference})
            ex.host.delete_tag(ex.repository, reference)
            return RegistryResponse(202)
        repository = ex.host.content.repository(ex.repository)
        if repository is None or reference not in repository.manifests:
            raise ManifestUnknown(f"manifest {reference} is not in {ex.repository}", {"digest": reference})
        for tag in [name for name, digest in tags.items() if digest == reference]:
            ex.host.delete_tag(ex.repository, tag)
        del repository.manifests[reference]
    return RegistryResponse(202)


# --- blobs ---------------------------------------------------------------------------------------


def get_blob(ex: Exchange) -> RegistryResponse:
    digest = _digest(ex.route.reference)
    with ex.locked():
        reader = ex.hub.store.open(digest) if ex.host.content.has_blob(ex.repository, digest) else None
    if reader is None:
        raise BlobUnknown(f"blob {digest} is not in {ex.repository}", {"digest": digest})
    headers = [("Content-Type", "application/octet-stream"), ("Docker-Content-Digest", digest)]
    headers.append(("Accept-Ranges", "bytes"))
    if ex.request.method == "HEAD":
        reader.close()
        return RegistryResponse(200, headers, stream=iter(()), length=reader.size)
    try:
        window = _range(ex.request.header("range"), reader.size)
    except RegistryError:
        reader.close()
        raise
    if window is None:
        return RegistryResponse(200, headers, stream=reader.chunks(), length=reader.size)
    start, end = window
    headers.append(("Content-Range", f"bytes {start}-{end - 1}/{reader.size}"))
    return RegistryResponse(206, headers, stream=reader.chunks(start, end), length=end - start)


def delete_blob(ex: Exchange) -> RegistryResponse:
    digest = _digest(ex.route.reference)
    with ex.locked():
        repository = ex.host.content.repository(ex.repository)
        if repository is None or digest not in repository.blobs:
            raise BlobUnknown(f"blob {digest} is not in {ex.repository}", {"digest": digest})
        repository.blobs.discard(digest)
    return RegistryResponse(202)


# --- uploads -------------------------------------------------------------------------------------


def post_upload(ex: Exchange) -> RegistryResponse:
    mount = ex.request.param("mount")
    if mount:
        mounted = _mount(ex, _digest(mount), ex.request.param("from"))
        if mounted is not None:
            return mounted
    expected = ex.request.param("digest")
    with ex.locked():
        ex.host.owner(ex.repository)
        session = UploadSession(ex.repository, ex.hub.store.upload(), ex.now())
        ex.host.content.uploads[session.id] = session
    if expected is not None:  # a whole blob in one POST
        return _finish(ex, session, _digest(expected))
    return _session_answer(ex, session, 202)


def patch_upload(ex: Exchange) -> RegistryResponse:
    session = _session(ex)
    with session.upload.lock:
        _receive(ex, session)
    return _session_answer(ex, session, 202)


def put_upload(ex: Exchange) -> RegistryResponse:
    expected = ex.request.param("digest")
    if not expected:
        raise DigestInvalid("the digest query parameter is required to finish an upload")
    return _finish(ex, _session(ex), _digest(expected))


def get_upload(ex: Exchange) -> RegistryResponse:
    return _session_answer(ex, _session(ex), 204)


def delete_upload(ex: Exchange) -> RegistryResponse:
    session = _session(ex)
    with ex.locked():
        ex.host.content.uploads.pop(session.id, None)
    session.upload.discard()
    return RegistryResponse(204)


# --- discovery -----------------------------------------------------------------------------------


def get_tags(ex: Exchange) -> RegistryResponse:
    with ex.locked():
        names = sorted(_tags(ex))
    page, link = _page(names, ex, f"/v2/{ex.repository}/tags/list")
    return _json({"name": ex.repository, "tags": page}, link)


def get_referrers(ex: Exchange) -> RegistryResponse:
    subject = _digest(ex.route.reference)
    wanted = ex.request.param("artifactType")
    with ex.locked():
        repository = ex.host.content.repository(ex.repository)
        found = [] if repository is None else repository.referrers(subject)
    entries = [m.descriptor() for m in sorted(found, key=lambda m: m.digest)]
    headers = []
    if wanted:
        entries = [entry for entry in entries if entry.artifact_type == wanted]
        headers.append(("OCI-Filters-Applied", "artifactType"))
    index = {
        "schemaVersion": 2,
        "mediaType": manifests.OCI_INDEX,
        "manifests": [e.to_json() for e in entries],
    }
    return RegistryResponse(200, [("Content-Type", manifests.OCI_INDEX), *headers], _dumps(index))


ACTIONS: Mapping[str, Callable[[Exchange], RegistryResponse]] = {
    "GET base": get_base,
    "HEAD base": get_base,
    "GET catalog": get_catalog,
    "GET manifest": get_manifest,
    "HEAD manifest": get_manifest,
    "PUT manifest": put_manifest,
    "DELETE manifest": delete_manifest,
    "GET blob": get_blob,
    "HEAD blob": get_blob,
    "DELETE blob": delete_blob,
    "POST upload": post_upload,
    "PATCH upload": patch_upload,
    "PUT upload": put_upload,
    "GET upload": get_upload,
    "DELETE upload": delete_upload,
    "GET tags": get_tags,
    "GET referrers": get_referrers,
}


# --- helpers -------------------------------------------------------------------------------------


def _needed(ex: Exchange) -> dict[str, tuple[str, ...]]:
    """The repository actions a request needs (the scopes its challenge asks for); a mount also
    needs to read its source, as distribution asks."""
    route = ex.route
    if not route.repository:
        return {}
    method = route.action.split(" ", 1)[0]
    if method in ("GET", "HEAD") and not route.action.endswith("upload"):
        return {route.repository: (READ,)}
    if method == "DELETE" and not route.action.endswith("upload"):
        return {route.repository: (DELETE,)}
    needed: dict[str, tuple[str, ...]] = {route.repository: (READ, WRITE)}
    source = ex.request.param("from") if route.action == "POST upload" and ex.request.param("mount") else None
    if source and source != route.repository:
        needed[source] = (READ,)
    return needed


def _scopes(needed: Mapping[str, tuple[str, ...]]) -> list[str]:
    return [scope(name, *actions) for name, actions in needed.items()]


def _granted(ex: Exchange, repository: str, actions: tuple[str, ...]) -> bool:
    assert ex.principal is not None
    return all(ex.principal.allows(repository, action) for action in actions)


def _challenge(ex: Exchange, needed: Mapping[str, tuple[str, ...]], message: str = "") -> Challenge:
    issuer = ex.host.auth.issued_by or "this registry"
    why = message or f"authentication required ({issuer} issues the logins)"
    return Challenge(why, ex.host.auth.challenge(ex.request.host, _scopes(needed)))


def _authorize(ex: Exchange, repository: str, *actions: str) -> None:
    """The caller's token covers ``actions`` on ``repository`` and its account owns the namespace."""
    assert ex.principal is not None
    if not _granted(ex, repository, actions):
        needed = {repository: actions}
        raise _challenge(ex, needed, f"the token does not grant {' '.join(_scopes(needed))}")
    owner = ex.host.owner(repository)
    if owner is not None and owner != ex.principal.account_id:
        raise Denied(f"requested access to {repository} is denied", {"repository": repository})


def _readable(ex: Exchange, repository: str, *, scoped: bool = True) -> bool:
    """Whether the caller may read ``repository`` (``scoped=False``: whatever its token names,
    its account's own repositories, as a mount without ``from`` may use)."""
    assert ex.principal is not None
    try:
        owner = ex.host.owner(repository)
    except RegistryError:
        return False
    allowed = owner is None or owner == ex.principal.account_id
    return allowed and (not scoped or _granted(ex, repository, (READ,)))


def _repositories(ex: Exchange) -> set[str]:
    content = ex.host.content
    return set(ex.host.repositories()) | {
        name for name, repo in content.repositories.items() if repo.manifests
    }


def _tags(ex: Exchange) -> Mapping[str, str]:
    tags = ex.host.tags(ex.repository)
    if tags is None:
        if ex.host.content.repository(ex.repository) is None:
            raise NameUnknown(f"repository {ex.repository} is not known", {"name": ex.repository})
        return {}
    return tags


def _resolve(ex: Exchange) -> Manifest:
    reference = ex.route.reference
    digest = _digest(reference) if ":" in reference else _tags(ex).get(reference)
    manifest = ex.host.content.manifest(ex.repository, digest) if digest else None
    if manifest is None:
        raise ManifestUnknown(f"manifest {reference} is not in {ex.repository}", {"reference": reference})
    return manifest


def _digest(value: str) -> str:
    if digests.parse(value) is None:
        raise DigestInvalid(f"invalid digest {value!r}", {"digest": value})
    return value


def _mount(ex: Exchange, digest: str, source: str | None) -> RegistryResponse | None:
    """Link a blob the caller can read in another repository (None: answer with an upload session)."""
    with ex.locked():
        content = ex.host.content
        candidates = [source] if source else sorted(content.repositories)
        for name in candidates:
            if content.has_blob(name, digest) and _readable(ex, name, scoped=source is not None):
                content.link_blob(ex.repository, digest)
                return _blob_created(ex, digest)
    return None


def _session(ex: Exchange) -> UploadSession:
    with ex.locked():
        session = ex.host.content.uploads.get(ex.route.reference)
    if session is None or session.repository != ex.repository:
        raise BlobUploadUnknown(f"upload {ex.route.reference} is not known", {"upload": ex.route.reference})
    return session


def _receive(ex: Exchange, session: UploadSession) -> None:
    """Append the request body to the upload (a ``Content-Range`` must start where it stands)."""
    content_range = ex.request.header("content-range")
    if content_range:
        match = _CONTENT_RANGE.match(content_range.strip())
        if match is None:
            raise BlobUploadInvalid(f"invalid Content-Range {content_range!r}")
        if int(match[1]) != session.offset:
            ex.request.body.drain(MAX_MANIFEST)
            error = RangeNotSatisfiable(f"the upload is at byte {session.offset}, not {match[1]}")
            error.detail = {"range": session.range_header()[1]}
            raise error
    for piece in ex.request.body.chunks():
        session.upload.write(piece)


def _finish(ex: Exchange, session: UploadSession, expected: str) -> RegistryResponse:
    with session.upload.lock:
        _receive(ex, session)
        actual = session.upload.digest(expected.split(":", 1)[0])
        with ex.locked():
            ex.host.content.uploads.pop(session.id, None)
            if actual != expected:
                session.upload.discard()
                raise DigestInvalid(f"the upload's digest is {actual}, not {expected}", {"digest": expected})
            ex.hub.store.commit(session.upload, expected)
            ex.host.content.link_blob(ex.repository, expected)
    return _blob_created(ex, expected)


def _blob_created(ex: Exchange, digest: str) -> RegistryResponse:
    return RegistryResponse(
        201, [("Location", f"/v2/{ex.repository}/blobs/{digest}"), ("Docker-Content-Digest", digest)]
    )


def _session_answer(ex: Exchange, session: UploadSession, status: int) -> RegistryResponse:
    return RegistryResponse(
        status,
        [
            ("Location", f"/v2/{ex.repository}/blobs/uploads/{session.id}"),
            session.range_header(),
            ("Docker-Upload-UUID", session.id),
        ],
    )


def _page(names: list[str], ex: Exchange, path: str) -> tuple[list[str], str | None]:
    """``n``/``last`` pagination; the ``Link`` of the next page when there is one."""
    last, raw_n = ex.request.param("last"), ex.request.param("n")
    if last:
        names = [name for name in names if name > last]
    if raw_n is None or not raw_n.isdigit():
        return names, None
    n = int(raw_n)
    page = names[:n]
    if len(names) <= n or not page:
        return page, None
    return page, f'<{path}?{urlencode({"n": n, "last": page[-1]})}>; rel="next"'


def _range(header: str, size: int) -> tuple[int, int] | None:
    """``[start, end)`` of a ``Range: bytes=a-b`` header (None: the whole blob); a range that
    starts past the end or ends before it starts is answered 416 (RFC 9110, 14.1.2)."""
    match = _RANGE.match(header.strip()) if header else None
    if match is None or (not match[1] and not match[2]):
        return None
    if not match[1]:  # the last N bytes
        return max(size - int(match[2]), 0), size
    start = int(match[1])
    end = min(int(match[2]) + 1, size) if match[2] else size
    if start >= size or (match[2] and int(match[2]) < start):
        raise RegistryError(f"range {header} is not satisfiable: the blob has {size} bytes", status=416)
    return start, end


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def _json(doc: Any, link: str | None = None) -> RegistryResponse:
    headers = [("Content-Type", "application/json")]
    if link:
        headers.append(("Link", link))
    return RegistryResponse(200, headers, _dumps(doc))


def _dumps(doc: Any) -> bytes:
    return json.dumps(doc, separators=(",", ":")).encode()
