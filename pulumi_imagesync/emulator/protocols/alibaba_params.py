"""Request parameters of Alibaba Cloud RPC APIs: flat strings in the query, typed per action.

Every value arrives as text (the SDK sends all parameters in the query string, booleans in
Python's spelling ``True``/``False``). An action declares its parameters with `required` /
`optional` and a kind; `parse` answers as the gateway does: ``Missing<Name>`` for a missing
required parameter, ``InvalidParameter`` for a value of the wrong kind. Parameters an action does
not declare are ignored, as the gateway ignores them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .alibaba_errors import InvalidParameter, MissingParameter


@dataclass(frozen=True)
class Kind:
    label: str

    def convert(self, name: str, raw: str) -> Any:
        if self.label == "String":
            return raw
        if self.label == "Integer":
            try:
                return int(raw)
            except ValueError:
                raise _wrong_kind(name, self, raw) from None
        if raw.lower() in ("true", "false"):  # Boolean
            return raw.lower() == "true"
        raise _wrong_kind(name, self, raw)


STRING = Kind("String")
INTEGER = Kind("Integer")
BOOLEAN = Kind("Boolean")


@dataclass(frozen=True)
class Param:
    kind: Kind
    required: bool = False


def required(kind: Kind) -> Param:
    return Param(kind, True)


def optional(kind: Kind) -> Param:
    return Param(kind, False)


Schema = Mapping[str, Param]


class RpcParams:
    """Checked parameters with typed getters (the schema already guaranteed the types)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

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


def parse(schema: Schema, raw: Mapping[str, str]) -> RpcParams:
    """The declared parameters of ``raw``, converted; the gateway's error for the first problem."""
    values: dict[str, Any] = {}
    for name, param in schema.items():
        text = raw.get(name)
        if text is None or text == "":
            if param.required:
                raise MissingParameter(name)
            continue
        values[name] = param.kind.convert(name, text)
    return RpcParams(values)


def _wrong_kind(name: str, kind: Kind, raw: str) -> InvalidParameter:
    return InvalidParameter(f"The parameter {name} must be of type {kind.label}, got {raw!r}.")
