"""The life of one registry request, as ``dispatch.py`` is for cloud API calls.

identify (registry, action, repository) -> faults "before" -> the API (it authenticates and takes
the world's lock for what touches state) -> faults "after" -> log (service ``registry``). Faults
match registry requests by ``cloud``, ``service: "registry"``, ``action`` (``GET blob``, ``PUT
manifest``, ... see `routes`) and ``region``; ``throttle`` answers ``429 TOOMANYREQUESTS``,
``error`` the OCI error envelope with the rule's ``code``, ``message`` and ``status``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterator

from ..calls import Call
from ..faults import Fault
from ..world import World
from . import api, routes
from .auth import BEARER
from .errors import NameUnknown, RegistryError, TooManyRequests
from .hosts import RegistryHost
from .hub import RegistryHub
from .keys import RegistryKey
from .wire import RegistryRequest, RegistryResponse

log = logging.getLogger(__name__)

API_VERSION = ("Docker-Distribution-API-Version", "registry/2.0")
ERROR_PAGE = "<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>"


class _Reset(Exception):
    """The world was reset while the request was in flight: it is cut off, as API calls are."""


class RegistryDispatcher:
    def __init__(self, world: World, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.world = world
        self._sleep = sleep

    def handle(self, key: RegistryKey, request: RegistryRequest) -> RegistryResponse:
        world = self.world
        arrived = time.time()
        with world.lock:
            generation = world.generation
            emulated = world.clock.now()
            host = world.registry_host(key)
            hub = world.hub
        call = Call(key.cloud, "registry", f"{request.method} unknown", host.region if host else "")
        call.target = key.id
        try:
            token_path = host.auth.realm_path if host is not None and host.auth.kind == BEARER else ""
            route: routes.Route | RegistryError = routes.route(request.method, request.path, token_path)
        except RegistryError as error:
            route = error
        if isinstance(route, routes.Route):
            call.action = route.action
            if route.repository:
                reference = route.reference if route.action.endswith(("manifest", "blob")) else ""
                separator = "@" if ":" in reference else ":"
                call.target = f"{key.id}/{route.repository}" + (
                    f"{separator}{reference}" if reference else ""
                )
        with world.lock:
            before = world.faults.decide(call, "before", time.monotonic())
        self._delay(before.delay)
        result: str | None = None
        if before.fault is not None:
            response, outcome = _inject(call, before.fault)
        else:
            try:
                response, outcome = self._execute(call, request, route, host, hub, generation)
            except _Reset:
                return RegistryResponse(drop=True)
            result = outcome
            with world.lock:
                after = world.faults.decide(call, "after", time.monotonic())
            self._delay(after.delay)
            if after.fault is not None:
                _close(response)
                response, outcome = _inject(call, after.fault)
        with world.lock:
            if world.generation != generation:
                _close(response)
                return RegistryResponse(drop=True)
            if not response.drop:
                call.bytes = response.content_length() if request.method == "GET" else request.body.received
            world.calls.append(call, outcome, arrived, emulated, result)
        response.headers.append(API_VERSION)
        return response

    def _execute(
        self,
        call: Call,
        request: RegistryRequest,
        route: routes.Route | RegistryError,
        host: RegistryHost | None,
        hub: RegistryHub,
        generation: int,
    ) -> tuple[RegistryResponse, str]:
        world = self.world

        @contextlib.contextmanager
        def locked() -> Iterator[None]:
            with world.lock:
                if world.generation != generation:
                    raise _Reset()
                world.catch_up()
                yield

        exchange = None
        try:
            if isinstance(route, RegistryError):
                raise route
            if host is None:
                raise NameUnknown(f"there is no registry {call.target} (the emulator was reset)")
            exchange = api.Exchange(request, route, host, hub, locked, world.clock.now)
            return api.handle(exchange), "ok"
        except api.Challenge as challenge:
            response = _error(challenge)
            response.headers.append(("WWW-Authenticate", challenge.challenge))
            return response, challenge.code
        except RegistryError as error:
            return _error(error), error.code
        except (ConnectionError, TimeoutError):
            return RegistryResponse(drop=True), "dropped"  # the client went away mid-body
        except _Reset:
            raise
        except Exception as bug:  # keep serving; answer as a registry answers its own failures
            log.exception("emulator failure in registry %s %s", call.target, call.action)
            return _error(RegistryError(f"emulator failure: {bug!r}", status=500)), "UNKNOWN"
        finally:
            if exchange is not None and exchange.principal is not None:
                call.account_id = exchange.principal.account_id or ""

    def _delay(self, seconds: float) -> None:
        if seconds > 0:
            self._sleep(seconds)


def _error(error: RegistryError) -> RegistryResponse:
    body = json.dumps(error.envelope(), separators=(",", ":")).encode()
    return RegistryResponse(error.status, [("Content-Type", "application/json")], body)


def _inject(call: Call, fault: Fault) -> tuple[RegistryResponse, str]:
    if fault.kind == "drop":
        return RegistryResponse(drop=True), "dropped"
    if fault.kind == "http_error":
        page = ERROR_PAGE.format(status=fault.status).encode()
        return RegistryResponse(fault.status, [("Content-Type", "text/html")], page), f"http_{fault.status}"
    if fault.kind == "throttle":
        error: RegistryError = TooManyRequests(f"too many requests: {call.action} is throttled")
        response = _error(error)
        response.headers.append(("Retry-After", "1"))
        return response, error.code
    error = RegistryError(fault.message, status=fault.status)
    error.code = fault.code
    return _error(error), fault.code


def _close(response: RegistryResponse) -> None:
    """Let go of a streamed body that will not be sent (its file handle)."""
    close = getattr(response.stream, "close", None)
    if close is not None:
        close()
