"""``imagesync-emulator``: run the emulator until SIGTERM/SIGINT.

When it is ready it prints exactly one line, ``imagesync-emulator listening on http://HOST:PORT``,
and flushes: scripts and tests wait for that line (and read the port from it with ``--port 0``).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from .accounts import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET
from .demo import WORLDS
from .runner import Emulator


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="imagesync-emulator",
        description="A local emulator of the clouds' image replication APIs (Tencent TCR, Huawei SWR and "
        "IAM, Alibaba ACR), with state, verified signatures and fault injection. Admin API under /_emulator/.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8790, help="port to listen on (0 = any free port)")
    p.add_argument(
        "--access-key-id", default=DEFAULT_ACCESS_KEY_ID, help="access key id accepted for all clouds"
    )
    p.add_argument("--access-key-secret", default=DEFAULT_ACCESS_KEY_SECRET, help="its secret")
    p.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        help="emulated seconds per real second (100: a 600 s copy takes 6 s)",
    )
    p.add_argument("--world", choices=sorted(WORLDS), default="demo", help="fixtures to start with")
    p.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.time_scale <= 0:
        parser().error("--time-scale must be > 0")
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, stream=sys.stderr)
    emulator = Emulator(
        args.host,
        args.port,
        access_key_id=args.access_key_id,
        access_key_secret=args.access_key_secret,
        time_scale=args.time_scale,
        world=args.world,
        verbose=args.verbose,
    )
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    emulator.start()
    print(f"imagesync-emulator listening on {emulator.url}", flush=True)
    try:
        while not stopping.wait(0.5):
            pass
    finally:
        emulator.stop()
    return 0
