"""What `help()` shows of a resource: its real signature and every argument's documentation.

Each argument is documented once, as a `:param name: ...` entry of the resource's `__init__`
docstring (as first-party Pulumi packages do, and where IDEs look for it). The implementation of
`__init__` takes `*args, **kwargs` (to accept both the keyword form and an `XxxArgs` object), so
`help()` would show that; it shows the keyword overload's signature instead, and `help(XxxArgs)`
shows the same `:param` entries for the fields of the args class.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import typing
from collections.abc import Callable
from typing import Any

_PARAM = re.compile(r"^:param\s+(?P<name>\w+):\s*(?P<text>.*)$")


def param_docs(docstring: str | None) -> dict[str, str]:
    """The `:param name: text` entries of a docstring, by name; a continuation line is indented."""
    params: dict[str, str] = {}
    current: str | None = None
    for line in inspect.cleandoc(docstring or "").splitlines():
        match = _PARAM.match(line)
        if match:
            current = match["name"]
            params[current] = match["text"]
        elif current is not None and line.startswith((" ", "\t")) and line.strip():
            params[current] += "\n" + line.strip()
        else:
            current = None
    return params


def keyword_overload(init: Callable[..., Any]) -> Callable[..., Any] | None:
    """The overload of `__init__` that takes the arguments by keyword (the other takes `args`)."""
    for overload in typing.get_overloads(init):
        if any(p.kind is p.KEYWORD_ONLY for p in inspect.signature(overload).parameters.values()):
            return overload
    return None


def document_resource(init: Any, args_class: type[Any]) -> None:
    """Give `__init__` the keyword overload's signature, and the args class its fields' `:param` docs."""
    keyword = keyword_overload(init)
    if keyword is not None:
        init.__signature__ = inspect.signature(keyword)
    params = param_docs(init.__doc__)
    entries = [
        f":param {f.name}: {params[f.name]}".replace("\n", "\n    ")
        for f in dataclasses.fields(args_class)
        if f.name in params
    ]
    if entries:
        args_class.__doc__ = inspect.cleandoc(args_class.__doc__ or "") + "\n\n" + "\n".join(entries)
