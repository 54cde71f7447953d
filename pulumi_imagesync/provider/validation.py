"""Offline checks of input values, each failure naming its field.

`check()` never calls the cloud, so these checks are all a user gets before `pulumi up` starts
changing things: formats against the clouds' documented patterns, enumerations, region names
against the bundled lists, and source != destination.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from pulumi.dynamic import CheckFailure

from .fields import describe_value, show

# A Docker distribution path component: lower-case alphanumerics separated by `.`, `_`, `__` or
# runs of `-` (github.com/distribution/reference, regexp.go). Repository names join components
# with `/`.
PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
PATH_COMPONENT_RE = re.compile(rf"^{PATH_COMPONENT}$")
REPOSITORY_RE = re.compile(rf"^{PATH_COMPONENT}(?:/{PATH_COMPONENT})*$")
# A Docker tag (distribution/reference): 1-128 characters, not starting with `.` or `-`.
TAG_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
# An account number (Tencent UIN, Alibaba UID): ASCII digits only. Not `str.isdigit()`, which
# also accepts full-width, superscript and other scripts' digits.
ACCOUNT_ID_RE = re.compile(r"^[0-9]{1,32}$")

# Characters no name, id or token may hold: controls, format characters (zero-width spaces,
# byte-order marks, bidirectional overrides), line and paragraph separators, and code points that
# are unassigned, private or surrogates.
_INVISIBLE = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"})
_CONTROL_NAMES = {
    "\0": "NULL",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}


def describe_character(char: str) -> str:
    """`U+0430 CYRILLIC SMALL LETTER A`: what a character is, for one a reader cannot see or tell apart."""
    name = (
        _CONTROL_NAMES.get(char) or unicodedata.name(char, "") or f"a {unicodedata.category(char)} character"
    )
    return f"U+{ord(char):04X} {name}"


def character_hint(value: Any) -> str:
    """`; character 3 is U+0430 CYRILLIC SMALL LETTER A`: the first character that is not visible
    ASCII (or a space), which the quoted value may not show: a look-alike, an invisible character."""
    if isinstance(value, str):
        for position, char in enumerate(value, 1):
            if not " " <= char <= "~":
                return f"; character {position} is {describe_character(char)}"
    return ""


def _article(noun: str) -> str:
    return "an" if noun[:1].upper() in "AEIOU" else "a"


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
            self.fail(
                field, f"must be {minimum} to {maximum} characters long, got {len(value)}: {show(value)}"
            )
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
            self.fail(field, f"{show(value)} is not valid: {rule}{character_hint(value)}")
            return False
        return True

    def one_of(self, field: str, choices: Collection[Any]) -> bool:
        value = self.value(field)
        if value is not None and value not in choices:
            self.fail(field, f"{show(value)} is not one of: {', '.join(map(str, sorted(choices, key=str)))}")
            return False
        return True

    def region(self, field: str, regions: Collection[str], cloud: str) -> bool:
        value = self.value(field)
        if value is not None and value not in regions:
            self.fail(field, _not_a_region(value, regions, cloud))
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
            if not isinstance(item, str):
                self.fail(field, f"must be a list of region names, got {describe_value(item)} in it")
                return False
            if item not in regions:
                self.fail(field, _not_a_region(item, regions, cloud))
                return False
        duplicates = sorted({r for r in value if value.count(r) > 1})
        if duplicates:
            self.fail(field, f"lists {', '.join(duplicates)} more than once")
            return False
        return True

    def printable(self, field: str) -> bool:
        """Free text (a name shown in a console): any script, but no invisible or control character."""
        value = self.value(field)
        if not isinstance(value, str):
            return True
        for position, char in enumerate(value, 1):
            if unicodedata.category(char) in _INVISIBLE:
                self.fail(
                    field,
                    f"must not contain invisible or control characters; "
                    f"character {position} is {describe_character(char)}",
                )
                return False
        return True

    def opaque(self, field: str, what: str, *, secret: bool = False) -> bool:
        """An id or token with no documented format: visible ASCII characters, no spaces.

        A token pasted from a console or read from a file often carries a line break or spaces; a
        secret's value is never quoted in the message.
        """
        value = self.value(field)
        if not isinstance(value, str):
            return True
        for position, char in enumerate(value, 1):
            if not "!" <= char <= "~":
                quoted = "it" if secret else show(value)
                self.fail(
                    field,
                    f"{quoted} is not {what}: only visible ASCII characters, without spaces; "
                    f"character {position} is {describe_character(char)}",
                )
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


def _not_a_region(value: Any, regions: Collection[str], cloud: str) -> str:
    close = nearest_regions(value, regions)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"{show(value)} is not {_article(cloud)} {cloud} region{character_hint(value)}{hint}"


def nearest_regions(value: Any, regions: Collection[str], most: int = 3) -> list[str]:
    """The regions a mistyped name may mean: the closest spellings first (`ap-guangzou`,
    `AP-GUANGZHOU`, a look-alike letter), then names containing it or contained in it (`guangzhou`)."""
    if not isinstance(value, str) or not value.strip():
        return []
    typed = value.strip().lower()
    spelled = difflib.get_close_matches(typed, sorted(regions), n=most, cutoff=0.75)
    containing = sorted(r for r in regions if len(typed) > 3 and (typed in r or r in typed))
    return list(dict.fromkeys(spelled + containing))[:most]
