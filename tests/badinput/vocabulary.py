"""The vocabulary of bad inputs: kinds of bad value, and generators of them per kind of argument.

A table row is a `Bad`: the value, what kind of bad it is, the words the check failure must say,
and which field must fail (the argument itself unless said otherwise). Generators derive the rows
every argument of a kind needs from a valid sample, so that each table reads as the documented
rule plus the cases particular to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Category(Enum):
    EMPTY = "empty"
    TOO_LONG = "too long"
    TOO_SHORT = "too short"
    WRONG_CHARACTERS = "wrong characters"
    WRONG_TYPE = "wrong type"
    UNKNOWN_REGION = "unknown region"
    SOURCE_IS_DESTINATION = "source equal to destination"
    UNICODE = "unicode"
    BREAKS_IDS = "breaks ids or paths"
    OUT_OF_RANGE = "out of range"
    UNKNOWN_NAME = "unknown name"
    RULE = "documented rule"


@dataclass(frozen=True)
class Bad:
    """One bad value of one argument, and what its check failure must say."""

    category: Category
    value: Any
    says: Sequence[str]
    """Words the failure reason must contain, all of them (plain words, never a pattern)."""
    fails: str | None = None
    """The field that must fail, when not the argument itself (e.g. source == destination)."""
    also: Mapping[str, Any] = field(default_factory=dict)
    """Other arguments set together with this one."""
    label: str = ""


@dataclass(frozen=True)
class Table:
    """The bad values of one argument, and edge values the documented rule accepts."""

    shape: str
    bad: list[Bad]
    good: list[Any] = field(default_factory=list)
    """Values at the edges of the rule that check must accept (so the rule is not stricter than documented)."""
    good_also: Mapping[str, Any] = field(default_factory=dict)
    """Other arguments set with each good value."""


# What every argument of a shape must be tested with (the suite fails when one is missing).
REQUIRED: dict[str, set[Category]] = {
    "name": {
        Category.TOO_LONG,
        Category.WRONG_CHARACTERS,
        Category.WRONG_TYPE,
        Category.UNICODE,
        Category.BREAKS_IDS,
    },
    "region": {Category.UNKNOWN_REGION, Category.WRONG_TYPE, Category.UNICODE, Category.BREAKS_IDS},
    "opaque": {Category.WRONG_TYPE, Category.UNICODE, Category.BREAKS_IDS},
    "text": {Category.WRONG_TYPE},
    "flag": {Category.WRONG_TYPE},
    "number": {Category.WRONG_TYPE, Category.OUT_OF_RANGE},
    "list": {Category.WRONG_TYPE, Category.RULE},
    "map": {Category.WRONG_TYPE},
    "profile": {Category.WRONG_TYPE, Category.UNKNOWN_NAME, Category.UNICODE},
}

# -- wrong types --------------------------------------------------------------------------------

_TYPE_WORDS = {
    str: "must be a string",
    bool: "must be true or false",
    float: "must be a number",
    int: "must be an integer",
    list: "must be a list",
    dict: "must be a map",
}
_OTHER_TYPES: dict[type, list[Any]] = {
    str: [7, 7.5, True, ["x"], {"x": "y"}],
    bool: ["true", "yes", 1, 0, [True], {"value": True}],
    float: ["600", "soon", True, [600], {"seconds": 600}],
    int: ["9", 9.5, True, [9], {"id": 9}],
    list: ["ap-guangzhou", 7, True, {"0": "x"}],
    dict: ["build-1", 7, False, ["build-1"]],
}


def wrong_types(expected: type) -> list[Bad]:
    """Values of every other JSON type where `expected` is documented."""
    return [
        Bad(Category.WRONG_TYPE, value, [_TYPE_WORDS[expected]], label=f"wrong-type-{type(value).__name__}")
        for value in _OTHER_TYPES[expected]
    ]


# -- names ----------------------------------------------------------------------------------------

# Latin letters and their Cyrillic look-alikes.
CYRILLIC = str.maketrans("aeopcxy", "\u0430\u0435\u043e\u0440\u0441\u0445\u0443")
FULL_WIDTH_ONE = "\uff11"
ZERO_WIDTH_SPACE = "\u200b"
INVALID = "is not valid"


def look_alike(sample: str) -> str:
    """`sample` with its first Latin letter that has a Cyrillic twin replaced by the twin."""
    for index, char in enumerate(sample):
        twin = char.translate(CYRILLIC)
        if twin != char:
            return sample[:index] + twin + sample[index + 1 :]
    raise ValueError(f"{sample!r} has no letter with a Cyrillic look-alike")


def unicode_values(sample: str, says: str = INVALID) -> list[Bad]:
    """Look-alikes and invisible characters: each failure must name the character."""
    u = Category.UNICODE
    return [
        Bad(u, look_alike(sample), [says, "CYRILLIC"], label="cyrillic-look-alike"),
        Bad(u, sample + FULL_WIDTH_ONE, [says, "U+FF11 FULLWIDTH DIGIT ONE"], label="full-width-digit"),
        Bad(
            u,
            sample[:1] + ZERO_WIDTH_SPACE + sample[1:],
            [says, "U+200B ZERO WIDTH SPACE"],
            label="zero-width",
        ),
        Bad(u, "\ufeff" + sample, [says, "U+FEFF"], label="byte-order-mark"),
        Bad(u, sample + "\u00e9", [says, "U+00E9"], label="accented"),
        Bad(u, "\u955c\u50cf", [says, "CJK"], label="cjk"),
    ]


def name(
    sample: str,
    *,
    max_len: int,
    min_len: int = 1,
    required: bool,
    upper: bool = False,
    slash: bool = False,
    may_end_with_separator: bool = False,
    pad: str = "a",
    rule: str,
) -> Table:
    """The bad values of a name with a documented pattern, derived from a valid `sample`.

    ``upper``: upper-case letters are allowed (tags, rule names); ``slash``: `/` separates path
    components (repositories); ``may_end_with_separator``: a trailing `.`/`-` is allowed (tags);
    ``rule``: words of the rule that every "is not valid" message must show.
    """
    bad: list[Bad] = []
    if required:
        bad.append(Bad(Category.EMPTY, "", ["must not be empty"], label="empty"))
    long = (sample + pad * max_len)[: max_len + 1]
    bad.append(
        Bad(
            Category.TOO_LONG,
            long,
            [f"{min_len} to {max_len} characters", str(max_len + 1)],
            label="too-long",
        )
    )
    bad.append(Bad(Category.TOO_LONG, sample + pad * 10_000, ["characters long", "..."], label="huge"))
    if min_len > 1:
        bad.append(
            Bad(
                Category.TOO_SHORT,
                sample[: min_len - 1],
                [f"{min_len} to {max_len} characters"],
                label="too-short",
            )
        )
    w = Category.WRONG_CHARACTERS
    bad += [
        Bad(w, f"{sample}:latest", [INVALID], label="colon"),
        Bad(w, f"{sample}@sha256", [INVALID], label="at-sign"),
        Bad(w, f"{sample}*", [INVALID], label="asterisk"),
        Bad(w, f"{sample}?", [INVALID], label="question-mark"),
        Bad(w, f"{sample}+x", [INVALID], label="plus"),
        Bad(w, f"{sample}'", [INVALID], label="quote"),
    ]
    if not upper:
        bad.append(Bad(w, sample.upper(), [INVALID], label="upper-case"))
    b = Category.BREAKS_IDS
    bad += [
        Bad(b, f"{sample}#1", [INVALID], label="id-separator"),
        Bad(b, "..", [INVALID], label="dot-dot"),
        Bad(b, f"{sample}%2F{sample}", [INVALID], label="encoded-slash"),
        Bad(b, f"{sample}${sample}", [INVALID], label="dollar"),
        Bad(b, f"{sample}\\x", [INVALID], label="backslash"),
        Bad(b, f"{sample}\n", [INVALID, "LINE FEED"], label="trailing-newline"),
        Bad(b, f"{sample}\nx", [INVALID, "LINE FEED"], label="newline"),
        Bad(b, f"{sample}\t", [INVALID, "TAB"], label="tab"),
        Bad(b, f"{sample}\x00", [INVALID, "NULL"], label="nul"),
        Bad(b, f"{sample} x", [INVALID], label="space"),
        Bad(b, f" {sample}", [INVALID], label="leading-space"),
        Bad(b, f"{sample} ", [INVALID], label="trailing-space"),
        Bad(b, f"-{sample}", [INVALID], label="leading-dash"),
        Bad(b, f".{sample}", [INVALID], label="leading-dot"),
    ]
    if slash:
        bad += [
            Bad(b, f"{sample}//x", [INVALID], label="double-slash"),
            Bad(b, f"/{sample}", [INVALID], label="leading-slash"),
            Bad(b, f"{sample}/", [INVALID], label="trailing-slash"),
            Bad(b, f"{sample}/../x", [INVALID], label="parent-path"),
        ]
    else:
        bad.append(Bad(b, f"{sample}/x", [INVALID], label="slash"))
    if not may_end_with_separator:
        bad += [
            Bad(b, f"{sample}-", [INVALID], label="trailing-dash"),
            Bad(b, f"{sample}.", [INVALID], label="trailing-dot"),
        ]
    bad += unicode_values(sample)
    bad = [
        Bad(b.category, b.value, [*b.says, rule] if INVALID in b.says else b.says, label=b.label) for b in bad
    ]
    bad += wrong_types(str)
    good = [sample, (sample + pad * max_len)[:max_len]]
    if min_len > 1:
        good.append((sample + pad)[:min_len])
    if may_end_with_separator:
        good += [f"{sample}-", f"{sample}."]
    if upper:
        good.append(sample.upper())
    return Table("name", bad, good)


def region(sample: str, other_cloud: str, *, says: str, required: bool) -> Table:
    """The bad values of a region name checked against a bundled list; `sample` is in the list."""
    u = Category.UNKNOWN_REGION
    b = Category.BREAKS_IDS
    bad = [
        Bad(u, "xx-atlantis-1", [says], label="made-up"),
        Bad(u, other_cloud, [says], label="another-clouds-region"),
        Bad(u, sample.upper(), [says], label="upper-case"),
        Bad(u, sample.split("-", 1)[1], [says, "did you mean", sample], label="without-prefix"),
        Bad(b, f"{sample} ", [says], label="trailing-space"),
        Bad(b, f"{sample}\n", [says, "LINE FEED"], label="trailing-newline"),
        Bad(b, f"{sample}#1", [says], label="id-separator"),
        Bad(b, f"../{sample}", [says], label="parent-path"),
        Bad(b, f"{sample}%2F", [says], label="encoded-slash"),
        *unicode_values(sample, says),
        *wrong_types(str),
    ]
    if required:
        bad.append(Bad(Category.EMPTY, "", ["must not be empty"], label="empty"))
    return Table("region", bad, [sample])


def opaque(sample: str, *, says: str, secret: bool = False) -> list[Bad]:
    """Bad values of an identifier or token without a documented format: visible ASCII only."""
    b = Category.BREAKS_IDS
    secret_words = [] if secret else [says]
    return [
        Bad(b, f"{sample}\n", [*secret_words, "LINE FEED"], label="trailing-newline"),
        Bad(b, f" {sample}", [*secret_words, "SPACE"], label="leading-space"),
        Bad(b, f"{sample[:3]} {sample[3:]}", [*secret_words, "SPACE"], label="space"),
        Bad(b, f"{sample}\t", [*secret_words, "TAB"], label="tab"),
        Bad(Category.UNICODE, look_alike(sample), [*secret_words, "CYRILLIC"], label="cyrillic-look-alike"),
        Bad(
            Category.UNICODE,
            sample + ZERO_WIDTH_SPACE,
            [*secret_words, "ZERO WIDTH SPACE"],
            label="zero-width",
        ),
        Bad(
            Category.UNICODE,
            sample + FULL_WIDTH_ONE,
            [*secret_words, "FULLWIDTH DIGIT ONE"],
            label="full-width",
        ),
        *wrong_types(str),
    ]


def flag() -> Table:
    return Table("flag", wrong_types(bool), [True, False])


def triggers() -> Table:
    return Table("map", wrong_types(dict), [{}, {"build": 1, "nested": {"a": [1, "x", None]}, "sha": "abc"}])


TIMEOUT_WORDS = ["greater than 0", "at most 86400"]


def timeout() -> Table:
    """`timeout_seconds`: a positive number of seconds, at most a day (a value in milliseconds is caught)."""
    r = Category.OUT_OF_RANGE
    return Table(
        "number",
        [
            Bad(r, 0, TIMEOUT_WORDS, label="zero"),
            Bad(r, -1, TIMEOUT_WORDS, label="negative"),
            Bad(r, -0.001, TIMEOUT_WORDS, label="slightly-negative"),
            Bad(r, 86_401, TIMEOUT_WORDS, label="over-a-day"),
            Bad(r, 600_000, TIMEOUT_WORDS, label="milliseconds"),
            Bad(r, 1e300, TIMEOUT_WORDS, label="huge"),
            Bad(r, float("inf"), ["finite"], label="infinity"),
            Bad(r, float("-inf"), ["finite"], label="minus-infinity"),
            Bad(r, float("nan"), ["finite"], label="nan"),
            *wrong_types(float),
        ],
        [0.5, 1, 86_400, 600.0],
    )


def profile() -> Table:
    """`profile`: a credential set defined in the stack config (`PROFILE` is the one defined)."""
    n = Category.UNKNOWN_NAME
    words = ["is not defined", "imagesync:profiles"]
    return Table(
        "profile",
        [
            Bad(n, "nope", words, label="undefined"),
            Bad(n, PROFILE.upper(), words, label="upper-case"),
            Bad(n, f"{PROFILE} ", words, label="trailing-space"),
            Bad(Category.UNICODE, look_alike(PROFILE), words, label="cyrillic-look-alike"),
            Bad(Category.UNICODE, PROFILE + ZERO_WIDTH_SPACE, words, label="zero-width"),
            *wrong_types(str),
        ],
        [PROFILE],
    )


PROFILE = "peer"
"""The one profile the checking provider's stack config defines."""
