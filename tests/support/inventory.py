"""What exists in the emulator, without its history: for "destroy leaves nothing behind".

`leftovers(before, after)` compares two `GET /_emulator/state` snapshots and lists the paths that
differ, ignoring the keys that record history rather than objects (the emulated clock, the log of
replication executions and of copy requests, update times). A service whose snapshot records
history under other keys adds them to `HISTORY_KEYS`.
"""

from __future__ import annotations

from typing import Any

HISTORY_KEYS = frozenset(
    {"emulated_time", "executions", "duplicates", "update_time", "sync_tasks", "sync_jobs", "copies"}
)


# Settings every region has from the start (a region's image quota): not something a resource made.
STANDING_KEYS = frozenset({"image_quota"})


def _vacant(value: Any) -> bool:
    """Nothing but empty containers (and history): a region or namespace the world only touched."""
    if isinstance(value, dict):
        return all(key in HISTORY_KEYS or key in STANDING_KEYS or _vacant(v) for key, v in value.items())
    if isinstance(value, list):
        return not value
    return False


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
                if not _vacant(after[key]):
                    found.append(f"{where} (added)")
            elif key not in after:
                if not _vacant(before[key]):
                    found.append(f"{where} (removed)")
            else:
                found.extend(leftovers(before[key], after[key], ignore, where))
        return found
    return [] if before == after else [f"{path}: {before!r} -> {after!r}"]


# What destroying the demo leaves by design (README): images an SWR rule synced stay in the remote
# region, the repository an ACR sync task created for its target tag stays (empty), and so do the
# images an ACR sync rule copied, and the repository the registry copy's push made (empty).
DEMO_RETAINED = (
    "swr/cn-east-3/namespaces/team-a/repositories/web/app (added)",
    "acr/cn-hangzhou/instances/cri-ibxs3piklys3/namespaces/ns1/repositories/repo1 (added)",
    "acr/cn-hangzhou/instances/cri-ibxs3piklys3/namespaces/mirror/repositories/repo1 (added)",
    "acr/cn-hangzhou/instances/cri-ibxs3piklys3/namespaces/ns1/repositories/app (added)",
    "swr/cn-north-4/namespaces/team-a/repositories/app-mirror (added)",
)
