"""The ``/_emulator/`` admin API: JSON in, JSON out, no authentication (a local test tool).

GET health | state | registries | faults | calls?since=N | clock ; POST reset | seed | faults | clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from .errors import AdminError
from .wire import Request, Response
from .world import World

PREFIX = "/_emulator/"


class Admin:
    def __init__(self, world: World) -> None:
        self.world = world
        self._routes: dict[tuple[str, str], Callable[[Request], Any]] = {
            ("GET", "health"): lambda _: {"ok": True},
            ("GET", "state"): lambda _: world.snapshot(),
            ("GET", "registries"): lambda _: {"registries": world.registries_json()},
            ("POST", "reset"): self._reset,
            ("POST", "seed"): self._seed,
            ("GET", "faults"): lambda _: world.faults_json(),
            ("POST", "faults"): self._faults,
            ("GET", "calls"): self._calls,
            ("POST", "clock"): self._clock,
            ("GET", "clock"): lambda _: self._clock_state(),
        }

    def handle(self, request: Request) -> Response:
        name = request.path[len(PREFIX) :].strip("/")
        route = self._routes.get((request.method, name))
        if route is None:
            if any(path == name for _, path in self._routes):
                return Response.json({"error": f"method {request.method} not allowed"}, 405)
            return Response.json({"error": f"no admin endpoint {request.path}"}, 404)
        try:
            return Response.json(route(request))
        except AdminError as error:
            return Response.json({"error": str(error)}, 400)

    def _reset(self, request: Request) -> Any:
        world = _body(request).get("world")
        if world is not None and not isinstance(world, str):
            raise AdminError("world must be a string")
        self.world.reset(world)
        return {"ok": True}

    def _seed(self, request: Request) -> Any:
        self.world.seed(_body(request))
        return {"ok": True}

    def _faults(self, request: Request) -> Any:
        self.world.set_faults(_body(request))
        return self.world.faults_json()

    def _calls(self, request: Request) -> Any:
        raw = parse_qs(request.query).get("since", ["0"])[-1]
        try:
            since = int(raw)
        except ValueError:
            raise AdminError(f"since must be an integer, got {raw!r}") from None
        return self.world.calls_json(since)

    def _clock(self, request: Request) -> Any:
        body = _body(request)
        unknown = set(body) - {"advance", "time_scale"}
        if unknown:
            raise AdminError(f"unknown keys {sorted(unknown)}")
        advance = body.get("advance", 0)
        if isinstance(advance, bool) or not isinstance(advance, int | float) or advance < 0:
            raise AdminError("advance must be a number of seconds >= 0")
        if "time_scale" in body:
            self.world.set_time_scale(body["time_scale"])
        self.world.advance_clock(float(advance))
        return self._clock_state()

    def _clock_state(self) -> dict[str, float]:
        clock = self.world.clock
        return {"emulated_time": clock.now(), "time_scale": clock.time_scale}


def _body(request: Request) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    try:
        doc = json.loads(request.body)
    except ValueError as error:
        raise AdminError(f"the body is not JSON: {error}") from None
    if not isinstance(doc, dict):
        raise AdminError("the body must be a JSON object")
    return doc
