"""A small client of the OCI distribution API, on httpx: one registry, logged in, paced, retried.

Why not a library: `oras` (oras-py 0.2.43, PyPI) moves blobs only between files and registries —
`download_blob` writes a file, `put_upload` reads the whole file into memory, `chunked_upload` reads
a file — so a registry-to-registry copy would go through full-size temporary files. This client
streams a blob from one registry's `GET` into the other's `PUT`, in pieces, with nothing on disk.
httpx is well kept, typed, streams request and response bodies, strips `Authorization` on
cross-origin redirects (registries send blob downloads to object storage), and honours the usual
proxy variables. It is the `registry` extra's only dependency.

Each request is paced (`pacing.PACER`: per registry, account and action; a `429` slows the pace)
and retried when the failure is transient (`retry.call_with_retry`: `429`, `5xx`, connection
failures), within the operation's deadline. Logins are the short-lived credentials each cloud's API
issues (see `registry.logins`); they live in this object only, never in Pulumi state.
"""

from __future__ import annotations

import base64
import functools
import ssl
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from ...provider.errors import CloudError, ImageSyncError
from ...provider.pacing import PACER, PaceKey
from ...provider.retry import call_with_retry
from ...provider.waiting import Deadline
from . import media
from .auth import Challenge, Token, parse_challenge, scope

T = TypeVar("T")

TAGS_PAGE = 1000  # tags asked for per page of a tag list (a registry may answer fewer, with a Link)
PIECE = 512 * 1024  # how much of a streamed blob one read takes from the network


def _read_in_bigger_pieces() -> None:
    """Have httpcore read 512 KiB at a time from a socket, not 64 KiB.

    A registry-to-registry copy is a loop in Python over what one connection reads and the other
    writes: per read, h11 parses and httpcore hands the piece on, and at 64 KiB that work, not the
    network, bounds the copy (one 256 MiB blob between two emulated registries: 184 MiB/s at
    64 KiB, 250 MiB/s at 256 KiB, 346 MiB/s at 1 MiB). What a copy holds grows with the piece and
    the blobs in flight (`transfer.PARALLEL_BLOBS`): two blobs at 512 KiB hold what four held at
    256 KiB (the process peaks at 99 MiB, 91 of them the server and two SDKs) and go faster,
    because the loop is bound by the GIL, not by connections (`scripts/bench image_copy`).
    httpcore has no option for it; its connection class reads `READ_NUM_BYTES` (httpcore 1.0), so
    the provider process sets it, where it exists.
    """
    from httpcore._sync import http11

    connection = getattr(http11, "HTTP11Connection", None)
    if connection is not None and getattr(connection, "READ_NUM_BYTES", PIECE) < PIECE:
        connection.READ_NUM_BYTES = PIECE


REGISTRY_PACE = 50.0
"""Requests per second per registry, account and action. No registry documents a rate for its
distribution API; a `429` halves this pace (`pacing`), which then recovers slowly."""


@dataclass(frozen=True, repr=False)
class Login:
    """A registry login: a user name and a short-lived password (a token a cloud API issued)."""

    username: str
    password: str
    expires_at: float | None = None  # epoch seconds; None: does not expire

    def __repr__(self) -> str:  # never print a password, not even in a traceback
        return f"Login(username={self.username!r}, password=***)"


LoginSource = Callable[[bool], "Login | None"]
"""The login of a registry: `source(False)` may answer a cached one, `source(True)` asks anew."""


@dataclass(frozen=True)
class Endpoint:
    """Where a registry answers, and how errors and paces name it."""

    url: str  # scheme://host[:port]
    cloud: str  # "Tencent Cloud", "OCI": the error line's first words
    service: str  # "TCR registry tcr-e8pg46c6": names the registry in every error
    issued_by: str  # the cloud API that issued the login ("" for a user's own)
    account: str  # who calls (a digest, never a key): paces are per account

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


_read_in_bigger_pieces()


class RegistryLoginError(ImageSyncError):
    """The registry refused the login its cloud issued (or the user's own, for `oci`)."""


class RegistryClient:
    """The distribution API of one registry, for one operation; thread-safe."""

    def __init__(
        self,
        endpoint: Endpoint,
        login: LoginSource,
        *,
        timeout: float,
        deadline: Deadline | None,
        connections: int = 8,
    ) -> None:
        self.endpoint = endpoint
        self._login_source = login
        self._deadline = deadline
        self._http = httpx.Client(
            base_url=endpoint.url,
            verify=_tls(),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        )
        self._lock = threading.Lock()
        self._challenge: Challenge | None = None
        self._tokens: dict[str, Token] = {}
        self._login: Login | None = None
        self._pinged = False

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- manifests ------------------------------------------------------------------------------

    def get_manifest(self, repository: str, reference: str) -> media.Manifest:
        """The manifest, byte for byte (CloudError `not_found` when the registry has none)."""
        answer = self.call(
            "GET manifest",
            lambda: self.request(
                "GET",
                f"/v2/{repository}/manifests/{reference}",
                action="GET manifest",
                scopes=[scope(repository, "pull")],
                headers={"Accept": media.ACCEPT},
            ),
        )
        digest = reference if ":" in reference else None
        try:
            return media.parse(answer.content, answer.headers.get("content-type"), digest)
        except media.ManifestError as error:
            raise self._failure(
                "GET manifest", "MANIFEST_INVALID", f"{repository}:{reference}: {error}"
            ) from None

    def manifest_digest(self, repository: str, reference: str) -> str | None:
        """The digest a tag holds now (None: no such tag, or no such repository)."""

        def head() -> str | None:
            answer = self.request(
                "HEAD",
                f"/v2/{repository}/manifests/{reference}",
                action="HEAD manifest",
                scopes=[scope(repository, "pull")],
                headers={"Accept": media.ACCEPT},
                missing_ok=True,
            )
            if answer.status_code == 404:
                return None
            digest = answer.headers.get("docker-content-digest")
            if digest:
                return str(digest)
            return self.get_manifest(repository, reference).digest  # a registry that does not say

        return self.call("HEAD manifest", head)

    def put_manifest(
        self,
        repository: str,
        reference: str,
        manifest: media.Manifest,
        *,
        already_applied: Callable[[], bool] | None = None,
    ) -> bool:
        """Push a manifest's bytes (by digest or onto a tag); whether the registry took its subject
        (`OCI-Subject`: it lists the manifest as a referrer)."""

        def put() -> httpx.Response:
            return self.request(
                "PUT",
                f"/v2/{repository}/manifests/{reference}",
                action="PUT manifest",
                scopes=[scope(repository, "pull", "push")],
                headers={"Content-Type": manifest.media_type},
                content=manifest.raw,
            )

        def landed() -> httpx.Response | None:
            return httpx.Response(201) if already_applied is not None and already_applied() else None

        answer = self.call("PUT manifest", put, already_applied=landed)
        said = answer.headers.get("docker-content-digest")
        if said and said != manifest.digest:
            raise self._failure(
                "PUT manifest", "DIGEST_INVALID", f"the registry stored {said}, not {manifest.digest}"
            )
        return "oci-subject" in answer.headers

    def delete_tag(self, repository: str, tag: str) -> bool:
        """`DELETE /v2/<name>/manifests/<tag>` (distribution-spec v1.1, "Deleting tags"): whether the
        registry allows it. A tag already gone is deleted."""

        def delete() -> bool:
            answer = self.request(
                "DELETE",
                f"/v2/{repository}/manifests/{tag}",
                action="DELETE manifest",
                scopes=[scope(repository, "delete")],
                missing_ok=True,
                unsupported_ok=True,
            )
            return answer.status_code not in (400, 405)

        return self.call("DELETE manifest", delete)

    def list_tags(self, repository: str) -> list[str]:
        """Every tag of a repository (`GET /v2/<name>/tags/list`, paged with `n` and `last`, following
        the `Link` header: distribution-spec v1.1, "Listing tags"). A repository that does not exist
        has none."""
        tags: list[str] = []
        url: str | None = f"/v2/{repository}/tags/list"
        params: dict[str, str] | None = {"n": str(TAGS_PAGE)}
        while url is not None:
            answer = self.call(
                "GET tags",
                functools.partial(
                    self.request,
                    "GET",
                    url,
                    action="GET tags",
                    scopes=[scope(repository, "pull")],
                    params=params,
                    missing_ok=True,
                ),
            )
            if answer.status_code == 404:
                return tags
            try:
                page = answer.json().get("tags") or []
            except ValueError:
                raise self._failure("GET tags", "TAGS_INVALID", f"{repository}: not a tag list") from None
            tags.extend(str(tag) for tag in page)
            url, params = _next_page(answer.headers.get("link")), None
            if url is not None:
                url = self._same_origin(url)
        return tags

    def referrers(self, repository: str, digest: str) -> list[media.Descriptor] | None:
        """The referrers API's list (None: the registry does not offer the API)."""

        def get() -> httpx.Response:
            return self.request(
                "GET",
                f"/v2/{repository}/referrers/{digest}",
                action="GET referrers",
                scopes=[scope(repository, "pull")],
                missing_ok=True,
                unsupported_ok=True,
            )

        answer = self.call("GET referrers", get)
        if answer.status_code != 200:
            return None
        return media.referrer_descriptors(answer.content)

    # -- blobs ----------------------------------------------------------------------------------

    def has_blob(self, repository: str, digest: str) -> bool:
        def head() -> bool:
            answer = self.request(
                "HEAD",
                f"/v2/{repository}/blobs/{digest}",
                action="HEAD blob",
                scopes=[scope(repository, "pull")],
                missing_ok=True,
            )
            return answer.status_code == 200

        return self.call("HEAD blob", head)

    def mount_blob(self, repository: str, digest: str, source: str) -> str | None:
        """Link a blob of another repository of this registry (None); or, when the registry would
        rather take it again, the upload session it opened instead."""
        answer = self.call(
            "POST upload",
            lambda: self.request(
                "POST",
                f"/v2/{repository}/blobs/uploads/",
                action="POST upload",
                scopes=[scope(repository, "pull", "push"), scope(source, "pull")],
                params={"mount": digest, "from": source},
            ),
        )
        return None if answer.status_code == 201 else self._location(answer)

    def start_upload(self, repository: str) -> str:
        answer = self.request(
            "POST",
            f"/v2/{repository}/blobs/uploads/",
            action="POST upload",
            scopes=[scope(repository, "pull", "push")],
        )
        return self._location(answer)

    @contextmanager
    def open_blob(self, repository: str, digest: str) -> Iterator[httpx.Response]:
        """A blob's bytes as they come (`iter_raw()`), following a redirect to object storage."""
        needed = [scope(repository, "pull")]
        request = self._http.build_request(
            "GET", f"/v2/{repository}/blobs/{digest}", headers=self._auth(needed)
        )
        with PACER.turn(self._pace("GET blob"), REGISTRY_PACE):
            try:
                answer = self._http.send(request, stream=True, follow_redirects=True)
            except httpx.TransportError as error:
                raise self.transport_error("GET blob", error) from None
            if answer.status_code != 200:
                answer.read()
                answer.close()
                if answer.status_code == 401:
                    self._forget(needed)
                raise self._refusal("GET blob", answer, retry_unauthorized=True)
        try:
            yield answer
        finally:
            answer.close()

    def finish_upload(
        self, location: str, digest: str, size: int, body: Iterable[bytes], repository: str
    ) -> None:
        """The upload's one `PUT`, its body streamed (a retry starts the blob again, elsewhere)."""
        needed = [scope(repository, "pull", "push")]
        headers = {
            **self._auth(needed),
            "Content-Type": "application/octet-stream",
            "Content-Length": str(size),
        }
        with PACER.turn(self._pace("PUT upload"), REGISTRY_PACE):
            try:
                answer = self._http.put(
                    self._same_origin(location), params={"digest": digest}, headers=headers, content=body
                )
            except httpx.TransportError as error:
                raise self.transport_error("PUT upload", error) from None
            if answer.status_code not in (201, 204):
                if answer.status_code == 401:
                    self._forget(needed)
                raise self._refusal("PUT upload", answer, retry_unauthorized=True)

    def cancel_upload(self, location: str, repository: str) -> None:
        """Let go of an upload session (best effort: it expires on its own)."""
        with suppress(ImageSyncError):
            self.request(
                "DELETE",
                self._same_origin(location),
                action="DELETE upload",
                scopes=[scope(repository, "pull", "push")],
                missing_ok=True,
                unsupported_ok=True,
            )

    # -- requests -------------------------------------------------------------------------------

    def call(
        self, action: str, work: Callable[[], T], *, already_applied: Callable[[], T | None] | None = None
    ) -> T:
        """`work`, retried when it fails transiently (within the operation's deadline)."""
        return call_with_retry(work, deadline=self._deadline, already_applied=already_applied)

    def request(
        self,
        method: str,
        url: str,
        *,
        action: str,
        scopes: list[str],
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        missing_ok: bool = False,
        unsupported_ok: bool = False,
    ) -> httpx.Response:
        """One request, paced, logged in as the registry asks (one answer to a challenge)."""
        for attempt in range(3):
            sent = {**(headers or {}), **self._auth(scopes)}
            with PACER.turn(self._pace(action), REGISTRY_PACE):
                try:
                    answer = self._http.request(method, url, params=params, headers=sent, content=content)
                except httpx.TransportError as error:
                    raise self.transport_error(action, error) from None
                if (
                    answer.status_code == 401
                    and attempt < 2
                    and self._answer(answer, scopes, fresh=attempt == 1)
                ):
                    continue
                if answer.is_success or (missing_ok and answer.status_code == 404):
                    return answer
                if unsupported_ok and answer.status_code in (400, 404, 405):
                    return answer
                raise self._refusal(action, answer)
        raise AssertionError("unreachable")

    # -- logging in -----------------------------------------------------------------------------

    def ping(self) -> None:
        """`GET /v2/`: learn how the registry wants its callers to log in, and check the login."""
        with self._lock:
            if self._pinged:
                return
        self.call("GET base", lambda: self.request("GET", "/v2/", action="GET base", scopes=[]))
        with self._lock:
            self._pinged = True

    def _auth(self, scopes: list[str]) -> dict[str, str]:
        """The `Authorization` a request needs (fetching a token for its scopes first)."""
        with self._lock:
            challenge = self._challenge
        if challenge is None:
            return {}
        if challenge.scheme == "basic":
            login = self._current_login(False)
            return {} if login is None else {"Authorization": _basic(login)}
        key = " ".join(sorted(scopes)) or "*"
        with self._lock:
            token = self._tokens.get(key)
        if token is None or not token.fresh():
            token = self._fetch_token(challenge, scopes, key)
        return {"Authorization": token.header}

    def _answer(self, answer: httpx.Response, scopes: list[str], *, fresh: bool) -> bool:
        """Take up a `401`'s challenge; whether the request is worth sending again."""
        challenge = parse_challenge(answer.headers.get("www-authenticate", ""))
        if challenge is None:
            return False
        key = " ".join(sorted(scopes)) or "*"
        with self._lock:
            self._challenge = challenge
            self._tokens.pop(key, None)
        if fresh:
            self._current_login(True)  # the login may have expired during a long copy
        if challenge.scheme == "bearer":
            self._fetch_token(challenge, sorted({*scopes, *challenge.scopes}), key)
        elif self._current_login(False) is None:
            return False  # Basic wanted and no login to give
        return True

    def _fetch_token(self, challenge: Challenge, scopes: list[str], key: str) -> Token:
        """Trade the login for a bearer token at the registry's token service."""
        for fresh in (False, True):
            login = self._current_login(fresh)
            params: list[tuple[str, str | int | float | bool | None]] = (
                [("service", challenge.service)] if challenge.service else []
            )
            params += [("scope", s) for s in scopes]
            with PACER.turn(self._pace("GET token"), REGISTRY_PACE):
                try:
                    answer = self._http.get(
                        challenge.realm,
                        params=params,
                        auth=None if login is None else httpx.BasicAuth(login.username, login.password),
                    )
                except httpx.TransportError as error:
                    raise self.transport_error("GET token", error) from None
            if answer.status_code in (401, 403) and not fresh and login is not None:
                continue  # a cached login may have expired: ask the cloud for a new one once
            if answer.status_code in (401, 403):
                raise self._login_refused(answer)
            if not answer.is_success:
                raise self._refusal("GET token", answer)
            try:
                token = Token.of(answer.json())
            except ValueError as error:
                raise self._failure("GET token", "TOKEN_INVALID", str(error)) from None
            with self._lock:
                self._tokens[key] = token
            return token
        raise AssertionError("unreachable")

    def _forget(self, scopes: list[str]) -> None:
        with self._lock:
            self._tokens.pop(" ".join(sorted(scopes)) or "*", None)

    def _current_login(self, fresh: bool) -> Login | None:
        with self._lock:
            if self._login is not None and not fresh:
                return self._login
        login = self._login_source(fresh)
        with self._lock:
            self._login = login
        return login

    # -- errors ---------------------------------------------------------------------------------

    def _pace(self, action: str) -> PaceKey:
        return PaceKey(self.endpoint.cloud, self.endpoint.account, self.endpoint.host, "registry", action)

    def _failure(self, action: str, code: str, message: str, **flags: Any) -> CloudError:
        return CloudError(self.endpoint.cloud, self.endpoint.service, action, code, message, **flags)

    def _refusal(
        self, action: str, answer: httpx.Response, *, retry_unauthorized: bool = False
    ) -> ImageSyncError:
        """What the registry said, in its own error codes (distribution-spec v1.1, "Error codes").

        A `401` after the login was presented is the login refused, unless the request streamed a
        body that cannot be sent twice (`retry_unauthorized`: its token expired; the copy of the
        blob starts again, with a new one)."""
        status = answer.status_code
        if status == 401 and not retry_unauthorized:
            return self._login_refused(answer)
        code, message = _registry_error(answer)
        retry_after = answer.headers.get("retry-after")
        return CloudError(
            self.endpoint.cloud,
            self.endpoint.service,
            action,
            code,
            message,
            answer.headers.get("x-request-id") or answer.headers.get("request-id"),
            retryable=status in (401, 408, 429) or status >= 500,
            maybe_applied=status >= 500 and answer.request.method not in ("GET", "HEAD"),
            not_found=status == 404,
            http_status=status,
            retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
            throttled=status == 429,
        )

    def transport_error(self, action: str, error: httpx.TransportError) -> CloudError:
        not_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
        misconfigured = "CERTIFICATE_VERIFY_FAILED" in str(error) or isinstance(error, httpx.ProxyError)
        return self._failure(
            action,
            type(error).__name__,
            str(error) or type(error).__name__,
            retryable=not misconfigured,
            maybe_applied=not not_sent and not misconfigured,
        )

    def _login_refused(self, answer: httpx.Response) -> RegistryLoginError:
        code, message = _registry_error(answer)
        issued = f" issued by {self.endpoint.issued_by}" if self.endpoint.issued_by else ""
        where = f"{self.endpoint.cloud} {self.endpoint.service}"
        if self.endpoint.host not in where:
            where += f" ({self.endpoint.host})"
        return RegistryLoginError(
            f"{where} refused the login{issued}: {code}: {message}",
            advice="check the credentials of this side of the copy (its profile, or username and password) "
            "and that they may pull and push this repository",
        )

    def _location(self, answer: httpx.Response) -> str:
        location = answer.headers.get("location")
        if not location:
            raise self._failure(
                "POST upload", "BLOB_UPLOAD_INVALID", "the registry opened an upload without a Location"
            )
        return str(location)

    def _same_origin(self, location: str) -> str:
        """An upload URL; one on another host is refused (it would be sent this registry's token)."""
        parts = urlsplit(location)
        if parts.netloc and parts.netloc != self.endpoint.host:
            raise self._failure(
                "PUT upload",
                "BLOB_UPLOAD_INVALID",
                f"the registry sent the upload to another host: {parts.netloc}",
            )
        return location


def _next_page(link: str | None) -> str | None:
    """The URL of a `Link: <url>; rel="next"` header (RFC 8288), if any."""
    for part in (link or "").split(","):
        target, _, rest = part.partition(";")
        if 'rel="next"' in rest.replace(" ", "") or "rel=next" in rest.replace(" ", ""):
            return target.strip().strip("<>") or None
    return None


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every client of the process: loading the CA store takes 50 ms each."""
    return httpx.create_ssl_context()


def _basic(login: Login) -> str:
    return "Basic " + base64.b64encode(f"{login.username}:{login.password}".encode()).decode()


def _registry_error(answer: httpx.Response) -> tuple[str, str]:
    """The first `{"errors": [{"code", "message"}]}` entry, else the HTTP status."""
    try:
        if answer.request.method != "HEAD":
            answer.read()
            errors = answer.json().get("errors")
            if isinstance(errors, list) and errors and isinstance(errors[0], dict):
                first = errors[0]
                return str(first.get("code") or answer.status_code), " ".join(
                    str(first.get("message") or "").split()
                )
    except (ValueError, AttributeError, httpx.StreamError):
        pass
    return f"HTTP {answer.status_code}", answer.reason_phrase or ""
