"""What exists in the emulator, without its history: for "destroy leaves nothing behind".

`leftovers(before, after)` compares two `GET /_emulator/state` snapshots and lists the paths that
differ, ignoring the keys that record history rather than objects (the emulated clock, the log of
replication executions and of copy requests, update times). A service whose snapshot records
history under other keys adds them to `HISTORY_KEYS`.
"""

from __future__ import annotations

from typing import Any

HISTORY_KEYS = frozenset({"emulated_time", "executions", "duplicates", "update_time"})


def leftovers(before: Any, after: Any, ignore: frozenset[str] = frozenset(), path: str = "") -> list[str]:
    """Paths (`tcr/ap-guangzhou/registries/...`) whose value differs between the snapshots.

    `ignore`: more keys to skip, e.g. `{"id"}` to compare objects made again in a fresh world.
    """
    if isinstance(before, dict) and isinstance(after, dict):
        found: list[str] = []
        for key in sorted(set(before) | set(after)):
            if key in HISTORY_KEYS or key in ignore:
                continue
            where = f"{path}/{key}" if path else str(key)
            if key not in before:
                found.append(f"{where} (added)")
            elif key not in after:
                found.append(f"{where} (removed)")
            else:
                found.extend(leftovers(before[key], after[key], ignore, where))
        return found
    return [] if before == after else [f"{path}: {before!r} -> {after!r}"]
