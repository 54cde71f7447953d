"""`scripts/bench [name ...] [--quick] [--code REV]`: run benchmarks, print README tables, save the figures.

Names: preview_cost, cold_start, overlapping_waits, rate_limits, polling_economy, concurrency,
image_copy, mirror (default: all). `--quick` uses smaller sizes and shorter copies (no N=1000, no 600 s copy, no 64
copies). `--code REV` runs the package of git revision REV where a benchmark can (those that run
the real CLI: concurrency, and the CLI part of preview_cost), to measure a "before" in the same
conditions.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import time
from pathlib import Path

from .harness import machine

ALL = (
    "preview_cost",
    "cold_start",
    "overlapping_waits",
    "rate_limits",
    "polling_economy",
    "concurrency",
    "image_copy",
    "mirror",
)
QUICK = {
    "preview_cost": {"sizes": (10, 100), "cli_size": 100},
    "polling_economy": {"durations": (5, 60)},
    "cold_start": {"runs": 3},
    "overlapping_waits": {"seconds": 4.0},
    "rate_limits": {"n": 100},
    "concurrency": {"seconds": 12.0, "sizes": (1, 16, 32)},
    "image_copy": {"sizes": {"200 MiB": [50 * 1024 * 1024] * 4}, "runs": 1},
    "mirror": {"tags": 50},
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="name", help=f"any of {', '.join(ALL)} (default: all)")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--code", metavar="REV", help="run the package of this git revision (where supported)"
    )
    args = parser.parse_args()
    unknown = set(args.names) - set(ALL)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    print(f"machine: {machine()}\n")
    results = {}
    for name in args.names or ALL:
        print(f"## {name}")
        module = importlib.import_module(f"benchmarks.{name}")
        options = dict(QUICK.get(name, {})) if args.quick else {}
        if args.code and "code" in inspect.signature(module.run).parameters:
            options["code"] = args.code
        results[name] = module.run(**options)
        print()
    out = Path(__file__).parent / "results" / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"machine": machine(), "results": results}, indent=2) + "\n")
    print(f"figures saved to {out}")


if __name__ == "__main__":
    main()
