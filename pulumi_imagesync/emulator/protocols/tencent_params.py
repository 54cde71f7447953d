"""Request parameters of Tencent Cloud API 3.0: declared per action, checked as the API checks them.

An action declares a `Struct` of `required`/`optional` fields. `validate` rejects what the real API
rejects: a missing required field (``MissingParameter``), a value of the wrong JSON type
(``InvalidParameter``: an Integer must be a JSON integer, ``9.0`` is not), a field the action does
not have (``UnknownParameter``). The same schema reads the flattened query/form style
(``Rule.Filters.0.Type=tag``, booleans ``True``/``False``) after `unflatten`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .tencent_errors import InvalidParameter, MissingParameter, UnknownParameter


class Kind:
    label = "Value"

    def check(self, value: Any, path: str, textual: bool) -> Any:
        raise NotImplementedError


class _String(Kind):
    label = "String"

    def check(self, value: Any, path: str, textual: bool) -> Any:
        if not isinstance(value, str):
            raise _wrong_type(path, self, value)
        return value


class _Integer(Kind):
    label = "Integer"

    def check(self, value: Any, path: str, textual: bool) -> Any:
        if textual and isinstance(value, str):
            try:
                return int(value)
            except ValueError:
                raise _wrong_type(path, self, value) from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong_type(path, self, value)
        return value


class _Boolean(Kind):
    label = "Boolean"

    def check(self, value: Any, path: str, textual: bool) -> Any:
        if textual and isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if not isinstance(value, bool):
            raise _wrong_type(path, self, value)
        return value


STRING: Kind = _String()
INTEGER: Kind = _Integer()
BOOLEAN: Kind = _Boolean()


@dataclass(frozen=True)
class Field:
    kind: Kind
    required: bool = False


def required(kind: Kind) -> Field:
    return Field(kind, True)


def optional(kind: Kind) -> Field:
    return Field(kind, False)


class ListOf(Kind):
    def __init__(self, item: Kind) -> None:
        self.item = item
        self.label = f"Array of {item.label}"

    def check(self, value: Any, path: str, textual: bool) -> Any:
        if textual and isinstance(value, dict):
            value = _indexed(value, path)
        if not isinstance(value, list):
            raise _wrong_type(path, self, value)
        return [self.item.check(item, f"{path}.{i}", textual) for i, item in enumerate(value)]


class Struct(Kind):
    label = "Object"

    def __init__(self, **fields: Field) -> None:
        self.fields = fields

    def check(self, value: Any, path: str, textual: bool) -> Any:
        if not isinstance(value, dict):
            raise _wrong_type(path, self, value)
        prefix = f"{path}." if path else ""
        for name in value:
            if name not in self.fields:
                raise UnknownParameter(prefix + name)
        checked = {}
        for name, field in self.fields.items():
            item = value.get(name)
            if item is None:
                if field.required:
                    raise MissingParameter(prefix + name)
                continue
            checked[name] = field.kind.check(item, prefix + name, textual)
        return checked


def validate(schema: Struct, params: Any, *, textual: bool = False) -> Params:
    """Checked parameters, or the API's error for the first problem found."""
    if not isinstance(params, dict):
        raise InvalidParameter("The request body must be a JSON object.")
    return Params(schema.check(params, "", textual))


def unflatten(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """``[("Rule.Filters.0.Type", "tag")]`` -> ``{"Rule": {"Filters": {"0": {"Type": "tag"}}}}``."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        node = root
        *parents, leaf = key.split(".")
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise InvalidParameter(f"The parameter `{key}` conflicts with `{part}`.")
            node = child
        if isinstance(node.get(leaf), dict):
            raise InvalidParameter(f"The parameter `{key}` conflicts with its own members.")
        node[leaf] = value
    return root


class Params:
    """Validated parameters with typed getters (the schema already guaranteed the types)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def __contains__(self, name: str) -> bool:
        return name in self._values

    def text(self, name: str, default: str = "") -> str:
        value = self._values.get(name, default)
        assert isinstance(value, str)
        return value

    def integer(self, name: str, default: int = 0) -> int:
        value = self._values.get(name, default)
        assert isinstance(value, int)
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self._values.get(name, default)
        assert isinstance(value, bool)
        return value

    def struct(self, name: str) -> Params | None:
        value = self._values.get(name)
        return None if value is None else Params(value)

    def structs(self, name: str) -> list[Params]:
        return [Params(item) for item in self._values.get(name, [])]

    def texts(self, name: str) -> list[str]:
        return list(self._values.get(name, []))


def _indexed(value: dict[str, Any], path: str) -> list[Any]:
    try:
        indexes = sorted(int(key) for key in value)
    except ValueError:
        raise _wrong_type(path, ListOf(STRING), value) from None
    if indexes != list(range(len(indexes))):
        raise InvalidParameter(f"The indexes of parameter `{path}` must count up from 0.")
    return [value[str(i)] for i in indexes]


def _wrong_type(path: str, kind: Kind, value: Any) -> InvalidParameter:
    got = {bool: "Boolean", int: "Integer", float: "Number", str: "String", list: "Array", dict: "Object"}
    return InvalidParameter(
        f"The parameter `{path}` must be of type {kind.label}, got {got.get(type(value), type(value).__name__)}."
    )
