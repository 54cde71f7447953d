"""Resource ids: the parts that name a cloud object, joined by a separator none of them can hold.

Ids are permanent (they live in users' state). `#` cannot occur in any part: region names,
instance ids, namespaces, repositories (which may contain `/`), tags and rule names are all
validated against patterns without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


class IdLayout:
    """The fields a resource's id is made of, in order, each with the words messages name it by."""

    def __init__(self, *parts: tuple[str, str]) -> None:
        self.fields = tuple(field for field, _ in parts)
        self.layout = SEPARATOR.join(f"<{words}>" for _, words in parts)

    def join(self, props: Mapping[str, Any]) -> str:
        return join_id(*(props[field] for field in self.fields))

    def split(self, id_: str) -> dict[str, Any]:
        """The identity fields an id names."""
        return dict(zip(self.fields, split_id(id_, len(self.fields), self.layout), strict=True))
