"""The life of one cloud API call, the same for every cloud.

identify -> faults "before" -> authenticate -> invoke -> faults "after" -> log. Protocols supply
the cloud-specific steps; this module never names a cloud, a service or an action.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from .calls import Call
from .errors import CloudError
from .faults import Fault
from .protocols.base import CloudProtocol
from .wire import Request, Response
from .world import World

log = logging.getLogger(__name__)

BAD_GATEWAY_PAGE = "<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>"


class CloudDispatcher:
    def __init__(
        self,
        world: World,
        protocols: Sequence[CloudProtocol],
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.world = world
        self.protocols = tuple(protocols)
        self._sleep = sleep

    def protocol_for(self, request: Request) -> CloudProtocol | None:
        return next((p for p in self.protocols if p.matches(request)), None)

    def handle(self, protocol: CloudProtocol, request: Request) -> Response:
        world = self.world
        call = protocol.identify(request)
        arrived = time.time()
        with world.lock:
            generation = world.generation
            emulated = world.clock.now()
            before = world.faults.decide(call, "before", time.monotonic())
        self._delay(before.delay)
        result: str | None = None  # what the action did, when it ran
        if before.fault is not None:
            response, outcome = self._inject(protocol, call, before.fault)
        else:
            response, outcome = self._execute(protocol, call, request, generation)
            result = outcome
            with world.lock:
                after = world.faults.decide(call, "after", time.monotonic())
            self._delay(after.delay)
            if after.fault is not None:
                response, outcome = self._inject(protocol, call, after.fault)
        with world.lock:
            # A call still in flight when the world was reset belongs to the old world: it
            # neither acts on the new one nor shows in its call log.
            if world.generation != generation:
                return Response.dropped()
            world.calls.append(call, outcome, arrived, emulated, result)
        return response

    def _execute(
        self, protocol: CloudProtocol, call: Call, request: Request, generation: int
    ) -> tuple[Response, str]:
        world = self.world
        with world.lock:
            if world.generation != generation:
                return Response.dropped(), "dropped"
            world.catch_up()
            try:
                account = protocol.authenticate(request, call, world.accounts)
                call.account_id = account.account_id
                payload = protocol.invoke(request, call, world.backends)
                result = protocol.render(call, payload), "ok"
            except CloudError as error:
                result = protocol.render_error(call, error), error.code
            except Exception as bug:  # keep serving; answer as the cloud answers its own failures
                log.exception("emulator failure in %s %s", call.service, call.action)
                failure = CloudError(f"emulator failure: {bug!r}", code="InternalError", status=500)
                result = protocol.render_error(call, failure), failure.code
            world.catch_up()  # instant work (0-second copies) is done before the caller looks
        return result

    def _inject(self, protocol: CloudProtocol, call: Call, fault: Fault) -> tuple[Response, str]:
        if fault.kind == "drop":
            return Response.dropped(), "dropped"
        if fault.kind == "http_error":
            page = BAD_GATEWAY_PAGE.format(status=fault.status)
            return Response.text(page, fault.status, "text/html"), f"http_{fault.status}"
        if fault.kind == "throttle":
            error = protocol.throttled(call)
        else:
            error = CloudError(fault.message, code=fault.code, status=fault.status)
        return protocol.render_error(call, error), error.code

    def _delay(self, seconds: float) -> None:
        if seconds > 0:
            self._sleep(seconds)
