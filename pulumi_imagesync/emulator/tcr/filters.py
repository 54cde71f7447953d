"""Replication rule filters, matched as Harbor (TCR's engine) matches them.

``name`` is a glob over ``namespace/repository``: ``*`` and ``?`` stay within one path segment,
``**`` crosses segments, ``{a,b}`` is an alternative. ``tag`` is a glob over the tag, ``resource``
names the artifact kind (``image``). All filters of a rule must match; an empty value matches all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

FILTER_TYPES = ("name", "tag", "resource")


@dataclass(frozen=True)
class Filter:
    type: str
    value: str


def matches(filters: Sequence[Filter], repository: str, tag: str, kind: str = "image") -> bool:
    """Whether an artifact ``repository`` (``namespace/repo``) ``:tag`` of ``kind`` passes every filter."""
    subject = {"name": repository, "tag": tag, "resource": kind}
    return all(not f.value or _glob(f.value).fullmatch(subject[f.type]) for f in filters)


@lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "{" and "}" in pattern[i:]:
            end = pattern.index("}", i)
            choices = pattern[i + 1 : end].split(",")
            out.append("(?:" + "|".join(re.escape(choice) for choice in choices) + ")")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out))
