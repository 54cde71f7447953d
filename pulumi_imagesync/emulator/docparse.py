"""Checks for admin documents (seeds, faults): each failure names the path of the bad value."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from .errors import AdminError


def expect_object(doc: Any, where: str, keys: Collection[str] | None = None) -> dict[str, Any]:
    """``doc`` as a JSON object whose keys are among ``keys`` (any keys when None)."""
    if not isinstance(doc, dict):
        raise AdminError(f"{where} must be an object")
    if keys is not None and set(doc) - set(keys):
        raise AdminError(f"{where}: unknown keys {sorted(set(doc) - set(keys))}")
    return doc


def expect_list(doc: Mapping[str, Any], key: str, where: str) -> list[Any]:
    """``doc[key]`` as a list (absent = empty)."""
    value = doc.get(key) or []
    if not isinstance(value, list):
        raise AdminError(f"{where}.{key} must be a list")
    return value


def optional_text(doc: Mapping[str, Any], key: str, where: str) -> str | None:
    if doc.get(key) is None:
        return None
    return required_text(doc, key, where)


def required_text(doc: Mapping[str, Any], key: str, where: str) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value:
        raise AdminError(f"{where}.{key} must be a non-empty string")
    return value
