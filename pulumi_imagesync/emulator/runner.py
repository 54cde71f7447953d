"""`Emulator`: the whole emulator in one object, started in a background thread.

The test suites use it in-process; the CLI uses it too. Its admin methods act on the world
directly and mean exactly what the matching ``/_emulator/`` endpoints mean.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

from .accounts import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_ACCOUNT_ID, Account
from .admin import Admin
from .dispatch import CloudDispatcher
from .registry.dispatch import RegistryDispatcher
from .registry.listeners import RegistryListeners
from .server import App, EmulatorHTTPServer
from .services import DOCUMENTED_RATE_LIMITS, SERVICES, build_protocols
from .world import World


class Emulator:
    """A local server speaking the clouds' APIs, with state.

    >>> with Emulator(port=0, world="demo") as emu:      # doctest: +SKIP
    ...     client = make_tcr_client(emu.url)
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        access_key_id: str = DEFAULT_ACCESS_KEY_ID,
        access_key_secret: str = DEFAULT_ACCESS_KEY_SECRET,
        time_scale: float = 1.0,
        world: str = "empty",
        verbose: bool = False,
    ) -> None:
        self.host = host
        self._requested_port = port
        self._verbose = verbose
        self.world = World(
            SERVICES,
            default_account=Account(access_key_id, access_key_secret, DEFAULT_ACCOUNT_ID),
            time_scale=time_scale,
            world=world,
            rate_limits=DOCUMENTED_RATE_LIMITS,
        )
        self._server: EmulatorHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._registries: RegistryListeners | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> Emulator:
        if self._server is not None:
            return self
        app = App(Admin(self.world), CloudDispatcher(self.world, build_protocols(SERVICES)))
        self._server = EmulatorHTTPServer((self.host, self._requested_port), app, verbose=self._verbose)
        self._registries = RegistryListeners(self.host, RegistryDispatcher(self.world), verbose=self._verbose)
        self.world.attach_endpoints(self._registries)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            name="imagesync-emulator",
            kwargs={"poll_interval": 0.1},
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        server.shutdown()
        server.server_close()
        server.close_connections()
        if thread is not None:
            thread.join()
        if self._registries is not None:
            self.world.attach_endpoints(None)
            self._registries.stop()
        self.world.close()
        self._server = self._thread = self._registries = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def endpoint(self) -> str:
        """``host:port``, the form Tencent's ``HttpProfile(endpoint=...)`` wants (no scheme)."""
        return f"{self.host}:{self.port}"

    # --- admin (same meaning as /_emulator/...) ------------------------------------------------

    def reset(self, world: str | None = None) -> None:
        self.world.reset(world)

    def seed(self, doc: dict[str, Any]) -> None:
        self.world.seed(doc)

    def faults(self, doc: dict[str, Any]) -> dict[str, Any]:
        self.world.set_faults(doc)
        return self.world.faults_json()

    def state(self) -> dict[str, Any]:
        return self.world.snapshot()

    def calls(self, since: int = 0) -> dict[str, Any]:
        return self.world.calls_json(since)

    def advance(self, seconds: float) -> None:
        self.world.advance_clock(seconds)

    def registries(self) -> list[dict[str, Any]]:
        """Every registry and where it answers (``GET /_emulator/registries``)."""
        return self.world.registries_json()

    def registry(self, cloud: str, registry_id: str) -> dict[str, Any]:
        """One registry of `registries` (``KeyError`` when there is none)."""
        for found in self.registries():
            if (found["cloud"], found["id"]) == (cloud, registry_id):
                return found
        raise KeyError(f"no registry {cloud}/{registry_id}")
