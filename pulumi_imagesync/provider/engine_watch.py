"""Stop the provider when the Pulumi engine that started it is gone.

The engine starts the dynamic provider (`pulumi-resource-pulumi-python`, a shell script running
`python -m pulumi.dynamic <engine address>`) and talks to it over gRPC. When the `pulumi` process
dies — a cancelled CI job sends SIGINT, then SIGKILL — nothing stops the provider: re-parented, in
its own process group, it would finish its creates for an engine that will never save them, and
the next `pulumi up` would find objects that no state and no record owns.

So the provider watches its engine: it is gone when the process that started the provider is no
longer its parent (the launcher was killed and the provider re-parented), or when the engine's
address, which the engine passes on the command line, refuses connections twice in a row. Then
the provider stops at once, as a crash would: the records of unfinished work stay (the point of
writing them before each change), and the next `pulumi up` resumes from them.
"""

from __future__ import annotations

import os
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence

INTERVAL_SECONDS = 5.0
REFUSALS_TO_STOP = 2
_ADDRESS = re.compile(r"^(?P<host>\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-]+):(?P<port>\d{1,5})$")

_started = False
_lock = threading.Lock()


def engine_address(argv: Sequence[str]) -> tuple[str, int] | None:
    """The engine's gRPC address among the plugin's arguments (`[flags...] <host:port>`)."""
    for arg in reversed(argv[1:]):
        match = _ADDRESS.match(arg)
        if match:
            return match["host"].strip("[]"), int(match["port"])
    return None


def refuses(address: tuple[str, int], timeout: float = 2.0) -> bool:
    """True only when nothing listens at `address` (a timeout is not proof of anything)."""
    try:
        with socket.create_connection(address, timeout=timeout):
            return False
    except ConnectionRefusedError:
        return True
    except OSError:
        return False


class EngineWatch:
    """Decides, check after check, whether the engine is gone."""

    def __init__(self, parent_pid: int, address: tuple[str, int] | None) -> None:
        self.parent_pid = parent_pid
        self.address = address
        self.refusals = 0

    def gone(self, current_parent: int, refused: Callable[[tuple[str, int]], bool] = refuses) -> str | None:
        """Why the engine is gone, or None while it is there."""
        if current_parent != self.parent_pid:
            return f"the process that started this provider ({self.parent_pid}) has ended"
        if self.address is None:
            return None
        self.refusals = self.refusals + 1 if refused(self.address) else 0
        if self.refusals >= REFUSALS_TO_STOP:
            host, port = self.address
            return f"the engine no longer listens at {host}:{port}"
        return None


def start(argv: Sequence[str] | None = None) -> None:
    """Start watching (once per process; only in the provider server, never in a program)."""
    global _started
    with _lock:
        if _started:
            return
        _started = True
    watch = EngineWatch(os.getppid(), engine_address(list(argv if argv is not None else sys.argv)))
    threading.Thread(target=_run, args=(watch,), name="imagesync-engine-watch", daemon=True).start()


def _run(watch: EngineWatch) -> None:
    while True:
        time.sleep(INTERVAL_SECONDS)
        reason = watch.gone(os.getppid())
        if reason is not None:
            _stop(reason)


def _stop(reason: str) -> None:
    # Like a crash, on purpose: no clean-up runs and no record is removed; the next `up` resumes.
    message = (
        f"pulumi-imagesync: the Pulumi engine is gone ({reason}); stopping this provider. "
        "Unfinished work is recorded: the next `pulumi up` resumes it."
    )
    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    finally:
        os._exit(3)
