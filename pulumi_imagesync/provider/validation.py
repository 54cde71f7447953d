"""Offline checks of input values, each failure naming its field.

`check()` never calls the cloud, so these checks are all a user gets before `pulumi up` starts
changing things: formats against the clouds' documented patterns, enumerations, region names
against the bundled lists, and source != destination.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from pulumi.dynamic import CheckFailure

# A Docker distribution path component: lower-case alphanumerics separated by `.`, `_`, `__` or
# runs of `-` (github.com/distribution/reference, regexp.go). Repository names join components
# with `/`.
PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
PATH_COMPONENT_RE = re.compile(rf"^{PATH_COMPONENT}$")
REPOSITORY_RE = re.compile(rf"^{PATH_COMPONENT}(?:/{PATH_COMPONENT})*$")
# A Docker tag (distribution/reference): 1-128 characters, not starting with `.` or `-`.
TAG_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")


class Checks:
    """Collects the failures of one resource's inputs; skips fields whose value is absent."""

    def __init__(self, inputs: Mapping[str, Any]) -> None:
        self.inputs = inputs
        self.failures: list[CheckFailure] = []
        self._failed: set[str] = set()

    def __iter__(self) -> Any:
        return iter(self.failures)

    def fail(self, field: str, reason: str) -> None:
        if field not in self._failed:
            self._failed.add(field)
            self.failures.append(CheckFailure(field, reason))

    def value(self, field: str) -> Any:
        return self.inputs.get(field)

    def length(self, field: str, minimum: int, maximum: int) -> bool:
        value = self.value(field)
        if isinstance(value, str) and not minimum <= len(value) <= maximum:
            self.fail(field, f"must be {minimum} to {maximum} characters long, got {len(value)}: {value!r}")
            return False
        return True

    def pattern(self, field: str, regex: re.Pattern[str], rule: str, *, maximum: int | None = None) -> bool:
        """`rule` explains the pattern in words (users do not read regular expressions)."""
        value = self.value(field)
        if value is None:
            return True
        if maximum is not None and not self.length(field, 1, maximum):
            return False
        if not isinstance(value, str) or not regex.fullmatch(value):
            self.fail(field, f"{value!r} is not valid: {rule}")
            return False
        return True

    def one_of(self, field: str, choices: Collection[Any]) -> bool:
        value = self.value(field)
        if value is not None and value not in choices:
            self.fail(field, f"{value!r} is not one of: {', '.join(map(str, sorted(choices, key=str)))}")
            return False
        return True

    def region(self, field: str, regions: Collection[str], cloud: str) -> bool:
        value = self.value(field)
        if value is not None and value not in regions:
            close = [r for r in regions if isinstance(value, str) and (value in r or r in value)]
            hint = f"; did you mean {', '.join(sorted(close)[:3])}?" if close else ""
            self.fail(field, f"{value!r} is not a {cloud} region{hint}")
            return False
        return True

    def regions(self, field: str, regions: Collection[str], cloud: str) -> bool:
        """A non-empty list of distinct region names."""
        value = self.value(field)
        if value is None:
            return True
        if not isinstance(value, list) or not value:
            self.fail(field, "must be a non-empty list of region names")
            return False
        for item in value:
            if not isinstance(item, str) or item not in regions:
                self.fail(field, f"{item!r} is not a {cloud} region")
                return False
        duplicates = sorted({r for r in value if value.count(r) > 1})
        if duplicates:
            self.fail(field, f"lists {', '.join(duplicates)} more than once")
            return False
        return True

    def differ(self, field: str, source: Sequence[str], destination: Sequence[str], what: str) -> None:
        """Fail `field` when the destination fields equal the source fields."""
        src = [self.value(f) for f in source]
        dst = [self.value(f) for f in destination]
        if None not in src and src == dst:
            self.fail(field, f"the destination is the source ({what}); nothing would be copied")

    def extend(self, failures: Iterable[CheckFailure]) -> None:
        for failure in failures:
            self.fail(failure.property, failure.reason)
