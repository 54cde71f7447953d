"""`scripts/bench [name ...] [--quick]`: run benchmarks, print README tables, save the figures.

Names: preview_cost, cold_start, overlapping_waits, rate_limits, polling_economy (default: all).
`--quick` uses smaller sizes and shorter copies (no N=1000, no 600 s copy).
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from pathlib import Path

from .harness import machine

ALL = ("preview_cost", "cold_start", "overlapping_waits", "rate_limits", "polling_economy")
QUICK = {
    "preview_cost": {"sizes": (10, 100)},
    "polling_economy": {"durations": (5, 60)},
    "cold_start": {"runs": 3},
    "overlapping_waits": {"seconds": 4.0},
    "rate_limits": {"n": 100},
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="name", help=f"any of {', '.join(ALL)} (default: all)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    unknown = set(args.names) - set(ALL)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    print(f"machine: {machine()}\n")
    results = {}
    for name in args.names or ALL:
        print(f"## {name}")
        module = importlib.import_module(f"benchmarks.{name}")
        results[name] = module.run(**(QUICK.get(name, {}) if args.quick else {}))
        print()
    out = Path(__file__).parent / "results" / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"machine": machine(), "results": results}, indent=2) + "\n")
    print(f"figures saved to {out}")


if __name__ == "__main__":
    main()
