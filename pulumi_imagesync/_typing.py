"""`Input[T]`, the type of a resource argument, spelled so that `typing.get_type_hints()` resolves it.

`pulumi.Input` is `Union[T, Awaitable[T], "Output[T]"]`: its last member is a forward reference,
which `typing.get_type_hints()` evaluates in the namespace of the module whose annotation uses
it, where neither `Output` nor `T` exist (`NameError: name 'Output' is not defined`). Pulumi
itself works around this by passing `{"Output": ..., "T": ...}` to its own `get_type_hints()`
calls; a user's `typing.get_type_hints(ReplicationRuleArgs)` or an IDE's documentation tool
cannot. This alias is the same union with nothing left to resolve: type checkers treat it
exactly as `pulumi.Input`, and `Input[str]` resolves to `str | Awaitable[str] | Output[str]`.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeAlias, TypeVar

import pulumi
import pulumi.resource

T = TypeVar("T")

Input: TypeAlias = T | Awaitable[T] | pulumi.Output[T]


def _resolve_pulumi_base_annotations() -> None:
    """Let `typing.get_type_hints()` evaluate the annotations of pulumi's own `Resource` class.

    `get_type_hints(SomeResource)` evaluates the annotations of every base class in its own
    module; `pulumi.resource.Resource` declares `_aliases: "list[Input[str]]"` but imports
    `Input` only under `TYPE_CHECKING`, so the call fails with `NameError: name 'Input' is not
    defined` for every Pulumi resource class. Giving the module the name its annotation means
    changes nothing else: no code of pulumi's reads it. Kept if a later pulumi defines it.
    """
    if not hasattr(pulumi.resource, "Input"):
        pulumi.resource.Input = Input  # type: ignore[assignment]  # a typing special form to mypy


_resolve_pulumi_base_annotations()
