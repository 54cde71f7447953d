"""Put `failures.render` in front of the provider server's traceback formatting.

`pulumi/dynamic/__main__.py` (SDK 3.272) wraps each provider call in `_abort_with_traceback`,
which answers the engine `context.abort(UNKNOWN, traceback.format_exc())`, looking `traceback` up
in its module's globals at each call. The server's module is `__main__` of the provider process;
its `traceback` is replaced by a stand-in whose `format_exc()` renders an expected failure in at
most three lines and leaves a bug's traceback as it was.

If the server is not built that way (another Pulumi), nothing is replaced and one warning says
so: errors are then longer, never lost.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import ModuleType
from typing import Any

from .concurrency import in_provider_server
from .failures import debugging, render

log = logging.getLogger("pulumi_imagesync")

_installed = False
_lock = threading.Lock()


class _Tracebacks:
    """The `traceback` module, but `format_exc()` renders expected failures briefly."""

    def __init__(self, real: ModuleType) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def format_exc(self, *args: Any, **kwargs: Any) -> str:
        text = None if debugging() else render(sys.exc_info()[1])
        return text if text is not None else str(self._real.format_exc(*args, **kwargs))


def install() -> None:
    """Once per process, and only in the provider server (never in a program or a test runner)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    if not in_provider_server():
        return
    server = sys.modules["__main__"]
    if (
        not callable(getattr(server, "_abort_with_traceback", None))
        or getattr(server, "traceback", None) is not traceback
    ):
        log.warning(
            "pulumi-imagesync: this Pulumi's provider server formats errors in a way this package does not "
            "know; errors will show with their Python traceback"
        )
        return
    setattr(server, "traceback", _Tracebacks(traceback))  # noqa: B010 (the server's global, by name)
