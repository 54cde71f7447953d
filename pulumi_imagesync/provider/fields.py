"""Field declarations, and the check and diff every resource derives from them.

A resource lists its fields once, each with its kind (DESIGN, "Identity and field kinds"):

- identity: names the cloud object; a change is a new object (replace);
- replace: cannot be changed in place, but is not part of the name, so the replacement has the
  same identity as the old object and `delete_before_replace` must be set (otherwise the old
  object's delete would remove what the new create just made);
- in place: changed on the existing object (or the copy re-run onto the same destination);
- provider: how the provider works (`timeout_seconds`, `wait`, `adopt`, `profile`): never a diff;
- output: reported by the cloud.

Values reach the provider through protobuf Structs, where every number is a float and a
top-level `None` is dropped: normalising numbers and treating absent as default is what makes an
unchanged program show no diff.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pulumi.dynamic import CheckFailure, DiffResult
from pulumi.output import Unknown
from pulumi.runtime.rpc import contains_unknowns

PROVIDER_KEY = "__provider"
OWNER_KEY = "__owner"
"""The input naming the resource a record belongs to (its URN, computed by the program)."""


class Kind(Enum):
    IDENTITY = "identity"
    REPLACE = "replace"
    IN_PLACE = "in place"
    PROVIDER = "provider-only"
    OUTPUT = "output"


# What a field holds. `object` accepts anything (e.g. `triggers` values).
FieldType = type


_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a map",
}


@dataclass(frozen=True)
class Field:
    """One argument or output of a resource."""

    name: str
    kind: Kind
    type: FieldType = str
    default: Any = None
    required: bool = False
    secret: bool = False
    above: float | None = None
    """Numbers: the value must be greater than this."""
    at_most: float | None = None
    """Numbers: the value must not be greater than this."""

    @property
    def is_input(self) -> bool:
        return self.kind is not Kind.OUTPUT

    @property
    def forces_replace(self) -> bool:
        return self.kind in (Kind.IDENTITY, Kind.REPLACE)

    @property
    def diffs(self) -> bool:
        return self.kind in (Kind.IDENTITY, Kind.REPLACE, Kind.IN_PLACE)

    def type_error(self, value: Any) -> str | None:
        """Why `value` is not of this field's type, or None."""
        if self.type is object or value is None:
            return None
        if self.type is int:
            ok = (isinstance(value, int) and not isinstance(value, bool)) or (
                isinstance(value, float) and value.is_integer()
            )
        elif self.type is float:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        else:
            ok = isinstance(value, self.type)
        if ok:
            return None
        return f"must be {_TYPE_NAMES.get(self.type, self.type.__name__)}, got {describe_value(value)}"

    def range_error(self, value: Any) -> str | None:
        """Why a number of this field's type is out of its range, or None."""
        if self.type not in (int, float) or not isinstance(value, int | float):
            return None
        if not math.isfinite(value):
            return f"must be a finite number, got {value}"
        too_low = self.above is not None and not value > self.above
        too_high = self.at_most is not None and value > self.at_most
        if not (too_low or too_high):
            return None
        limits = [f"greater than {_number(self.above)}"] if self.above is not None else []
        limits += [f"at most {_number(self.at_most)}"] if self.at_most is not None else []
        return f"must be {' and '.join(limits)}, got {_number(value)}"

    def normalize(self, value: Any) -> Any:
        """The canonical form of a (known, well-typed) value; `None` becomes the default."""
        if value is None:
            value = self.default
        if value is None:
            return None
        if self.type is int and isinstance(value, float):
            return int(value)
        return _integral_floats_to_int(value)


MAX_SHOWN = 60
"""Characters of a value quoted in a message: a 10 000-character value is not a message."""


def show(value: Any) -> str:
    """A value quoted in a message, shortened when long."""
    text = repr(value)
    if len(text) <= MAX_SHOWN:
        return text
    return f"{text[: MAX_SHOWN - 10]}...{text[-6:]}"


def _number(value: float) -> str:
    """Numbers arrive as floats: 600.0 is shown as 600."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def describe_value(value: Any) -> str:
    """What a value is, for a message ("the number 7", "a list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {_number(value)}"
    if isinstance(value, str):
        return f"the string {show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    return type(value).__name__


def _integral_floats_to_int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral_floats_to_int(v) for v in value]
    if isinstance(value, dict):
        return {k: _integral_floats_to_int(v) for k, v in value.items() if v is not None}
    return value


def is_unknown(value: Any) -> bool:
    """True for a value (or a value containing one) that a preview does not know yet."""
    return isinstance(value, Unknown) or contains_unknowns(value)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def identity(name: str, type: FieldType = str, **kw: Any) -> Field:
    return Field(name, Kind.IDENTITY, type, **kw)


def replace(name: str, type: FieldType = str, **kw: Any) -> Field:
    return Field(name, Kind.REPLACE, type, **kw)


def in_place(name: str, type: FieldType = str, **kw: Any) -> Field:
    return Field(name, Kind.IN_PLACE, type, **kw)


def provider(name: str, type: FieldType = str, **kw: Any) -> Field:
    return Field(name, Kind.PROVIDER, type, **kw)


def output(name: str, type: FieldType = str) -> Field:
    return Field(name, Kind.OUTPUT, type)


MAX_TIMEOUT_SECONDS = 86_400
"""A day: a longer wait is a mistake (most often milliseconds given as seconds)."""


def common_fields(timeout_seconds: float, *, wait: bool = True) -> list[Field]:
    """The provider-only arguments every resource takes (`wait` where there is work to wait for)."""
    fields = [
        provider("timeout_seconds", float, default=timeout_seconds, above=0, at_most=MAX_TIMEOUT_SECONDS),
        provider("adopt", bool, default=False),
        provider("profile", str),
    ]
    if wait:
        fields.append(provider("wait", bool, default=True))
    return fields


class Schema:
    """The fields of one resource, and what follows from them."""

    def __init__(self, fields: Iterable[Field]) -> None:
        self.fields: dict[str, Field] = {}
        for f in fields:
            if f.name in self.fields:
                raise ValueError(f"field {f.name} declared twice")
            self.fields[f.name] = f

    def __getitem__(self, name: str) -> Field:
        return self.fields[name]

    @property
    def identity(self) -> list[Field]:
        return [f for f in self.fields.values() if f.kind is Kind.IDENTITY]

    @property
    def inputs(self) -> list[Field]:
        return [f for f in self.fields.values() if f.is_input]

    @property
    def secrets(self) -> list[str]:
        return [f.name for f in self.fields.values() if f.secret]

    # -- check ---------------------------------------------------------------------------------

    def check(self, news: Mapping[str, Any]) -> tuple[dict[str, Any], list[CheckFailure]]:
        """Type-check and normalise the inputs; fill defaults. Unknown values pass untouched."""
        inputs: dict[str, Any] = {}
        failures: list[CheckFailure] = []
        for f in self.inputs:
            value = news.get(f.name)
            if value is not None and is_unknown(value):
                inputs[f.name] = value
                continue
            reason = f.type_error(value) or f.range_error(value)
            if reason:
                failures.append(CheckFailure(f.name, reason))
                continue
            if value == "" and f.required:
                failures.append(CheckFailure(f.name, "must not be empty"))
                continue
            value = f.normalize(value)
            if value is None or value == "":
                if f.required:
                    failures.append(CheckFailure(f.name, "is required"))
                continue
            inputs[f.name] = value
        return inputs, failures

    # -- diff ----------------------------------------------------------------------------------

    def changed_fields(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """The diffable fields whose value differs (or is not known yet)."""
        changed = []
        for f in self.fields.values():
            if not f.diffs:
                continue
            new = news.get(f.name)
            if (new is not None and is_unknown(new)) or _canonical(
                f.normalize(olds.get(f.name))
            ) != _canonical(f.normalize(new)):
                changed.append(f.name)
        return changed

    def diff(
        self,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        forces_replace: Callable[[str, Mapping[str, Any], Mapping[str, Any]], bool] | None = None,
    ) -> DiffResult:
        """The engine's plan for a resource: no change, update in place, or replace.

        ``forces_replace`` lets a resource decide per change where the kind alone does not
        (e.g. `sync_existing` turned on runs in place, turned off does nothing).
        """
        changed = self.changed_fields(olds, news)
        replaces = [
            name
            for name in changed
            if (forces_replace(name, olds, news) if forces_replace else self.fields[name].forces_replace)
        ]
        same_identity = all(not is_unknown(news.get(f.name)) and f.name not in changed for f in self.identity)
        stables = [f.name for f in self.identity if f.name not in changed]
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            stables=stables,
            delete_before_replace=bool(replaces) and same_identity,
        )

    # -- read ----------------------------------------------------------------------------------

    def inputs_of(self, outs: Mapping[str, Any]) -> dict[str, Any]:
        """The input fields of a set of outputs (what `read()` reports as the resource's inputs)."""
        return {f.name: outs[f.name] for f in self.inputs if outs.get(f.name) is not None}

    def without_unknowns(self, props: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in props.items() if v is not None and not is_unknown(v)}


def update_in_place(planned: DiffResult) -> DiffResult:
    """An update though no input changed: what a refresh found (drift, a copy that never finished,
    a run that failed) is made again in place, the identity kept."""
    return DiffResult(changes=True, replaces=[], stables=planned.stables, delete_before_replace=False)
