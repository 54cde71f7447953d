"""A stand-in for the `pulumi` process: it serves the engine's Log service and starts the provider.

Run as `python -m tests.support.engine_process` (environment: the provider's, plus
`IMAGESYNC_PROVIDER_CWD`). It starts `python -u -m pulumi.dynamic <its own address>` as its child,
prints the provider's pid and then the provider's port line, and passes the provider's output
through, until it is killed: what a test kills to play a `pulumi` that dies (a cancelled CI job).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading

from tests.support.engine import EngineStandIn


def main() -> None:
    engine = EngineStandIn()
    provider = subprocess.Popen(
        [sys.executable, "-u", "-m", "pulumi.dynamic", engine.address],
        cwd=os.environ["IMAGESYNC_PROVIDER_CWD"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert provider.stdout is not None and provider.stderr is not None
    print(provider.pid, flush=True)
    errors = provider.stderr
    threading.Thread(target=shutil.copyfileobj, args=(errors, sys.stderr.buffer), daemon=True).start()
    for line in iter(provider.stdout.readline, b""):
        sys.stdout.buffer.write(line)
        sys.stdout.flush()
    provider.wait()


if __name__ == "__main__":
    main()
