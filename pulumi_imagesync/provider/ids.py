"""Resource ids: the parts that name a cloud object, joined by a separator none of them can hold.

Ids are permanent (they live in users' state). `#` cannot occur in any part: region names,
instance ids, namespaces, repositories (which may contain `/`), tags and rule names are all
validated against patterns without it.
"""

from __future__ import annotations

from .errors import InputError

SEPARATOR = "#"


def join_id(*parts: object) -> str:
    for part in parts:
        if SEPARATOR in str(part):
            raise InputError("id", f"{part!r} contains {SEPARATOR!r}, which ids use as their separator")
    return SEPARATOR.join(str(p) for p in parts)


def split_id(id_: str, count: int, layout: str) -> list[str]:
    parts = id_.split(SEPARATOR)
    if len(parts) != count or not all(parts):
        raise InputError("id", f"{id_!r} is not an id of this resource; expected {layout}")
    return parts
