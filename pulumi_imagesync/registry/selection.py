"""Which tags of a repository a `RepositoryMirror` copies: a pure function of the tags and the filter.

The filter (`tags` of the resource) is applied in this order:

1. `include`: regular expressions, each matched against the *whole* tag (`re.fullmatch`); a tag is
   kept if any matches (none given: every tag);
2. `exclude`: regular expressions, also whole-tag; a tag any of them matches is dropped. (A pattern
   meant to match part of a tag says so: `.*-rc.*`.)
3. `semver`: an npm-style range (`>=1.4 <3`, `^2.1`, `~1.4 || >=3`), matched by
   `semantic_version.NpmSpec`; tags that are not versions are dropped, and pre-releases match only a
   range that names a pre-release of the same version (npm's rule);
4. `latest`: the N newest of what is left — by semantic version when every one of them is a version
   (`v1.2.3` counts: a leading `v` is allowed), otherwise by the registry's push time when the cloud
   reports one; which was used is an output (`latest_order`), so that a reader never guesses.

A tag is a version when it is `[v]MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` (semver.org 2.0.0).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckFailure

from ..provider.fields import is_unknown
from ..provider.sdk import require

if TYPE_CHECKING:
    import semantic_version

SEMVER, PUSH_TIME = "semver", "push_time"
"""`latest_order`: how the newest tags were told."""

KEYS = frozenset({"include", "exclude", "semver", "latest"})
_VERSION = re.compile(r"^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$")


@dataclass(frozen=True)
class TagFilter:
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    semver: semantic_version.NpmSpec | None = None  # the `registry` extra's semantic-version
    latest: int | None = None

    @classmethod
    def of(cls, doc: Mapping[str, Any] | None) -> TagFilter:
        """The filter a checked `tags` map describes (None: every tag)."""
        doc = doc or {}
        spec = doc.get("semver")
        latest = doc.get("latest")
        return cls(
            include=tuple(re.compile(p) for p in doc.get("include") or ()),
            exclude=tuple(re.compile(p) for p in doc.get("exclude") or ()),
            semver=_semver().NpmSpec(spec) if spec else None,
            latest=int(latest) if latest is not None else None,
        )

    def matches(self, tag: str) -> bool:
        """Whether `tag` passes `include`, `exclude` and `semver` (`latest` needs the others)."""
        if self.include and not any(p.fullmatch(tag) for p in self.include):
            return False
        if any(p.fullmatch(tag) for p in self.exclude):
            return False
        if self.semver is not None:
            version = version_of(tag)
            return version is not None and self.semver.match(version)
        return True


@dataclass(frozen=True)
class Selection:
    tags: tuple[str, ...]  # sorted by name
    latest_order: str | None  # SEMVER or PUSH_TIME when `latest` chose, else None


class PushTimesUnknown(Exception):
    """`latest` must order tags that are not all versions, and the registry reports no push time."""


def version_of(tag: str) -> semantic_version.Version | None:
    match = _VERSION.match(tag)
    if match is None:
        return None
    try:
        return _semver().Version(match[1])
    except ValueError:
        return None


def _semver() -> Any:
    return require("semantic_version", "registry")


def select(
    tag_filter: TagFilter,
    tags: Sequence[str],
    push_times: Callable[[], Mapping[str, float]] | None = None,
) -> Selection:
    """The tags to mirror. `push_times` (tag -> epoch seconds) is called only when `latest` must
    order tags that are not all versions; None (or a tag missing from its answer) raises
    `PushTimesUnknown`."""
    kept = sorted(tag for tag in set(tags) if tag_filter.matches(tag))
    if tag_filter.latest is None or len(kept) <= tag_filter.latest:
        order = None if tag_filter.latest is None else _order_of(kept)
        return Selection(tuple(kept), order)
    versions = {tag: version_of(tag) for tag in kept}
    if all(v is not None for v in versions.values()):
        newest = sorted(kept, key=lambda t: (versions[t], t), reverse=True)
        return Selection(tuple(sorted(newest[: tag_filter.latest])), SEMVER)
    if push_times is None:
        raise PushTimesUnknown("the registry reports no push time")
    times = push_times()
    missing = [tag for tag in kept if tag not in times]
    if missing:
        raise PushTimesUnknown(f"no push time for {', '.join(missing[:3])}")
    newest = sorted(kept, key=lambda t: (times[t], t), reverse=True)
    return Selection(tuple(sorted(newest[: tag_filter.latest])), PUSH_TIME)


def _order_of(tags: Sequence[str]) -> str:
    """What `latest` would order by (it kept every tag: fewer matched than it allows)."""
    return SEMVER if all(version_of(tag) is not None for tag in tags) else PUSH_TIME


# -- check ------------------------------------------------------------------------------------------


def check_tag_filter(value: Any, field: str = "tags") -> list[CheckFailure]:
    """Offline: every pattern compiles, the range parses, `latest` is a positive integer; each
    failure names its field (`tags.include[0]`). Values still unknown in a preview are skipped."""
    if value is None or is_unknown(value):
        return []
    if not isinstance(value, Mapping):
        return [CheckFailure(field, "must be a map with include, exclude, semver and latest")]
    failures = [
        CheckFailure(f"{field}.{key}", f"is not a filter of tags (use {', '.join(sorted(KEYS))})")
        for key in value
        if key not in KEYS
    ]
    for key in ("include", "exclude"):
        failures += _check_patterns(value.get(key), f"{field}.{key}")
    spec = value.get("semver")
    if spec is not None and not is_unknown(spec):
        if not isinstance(spec, str) or not spec.strip():
            failures.append(CheckFailure(f"{field}.semver", "must be a range such as '>=1.4 <3'"))
        else:
            try:
                _semver().NpmSpec(spec)
            except ValueError as error:
                failures.append(
                    CheckFailure(f"{field}.semver", f"{spec!r} is not a semantic-version range: {error}")
                )
    latest = value.get("latest")
    if latest is not None and not is_unknown(latest):
        if isinstance(latest, bool) or not isinstance(latest, int | float) or latest != int(latest):
            failures.append(CheckFailure(f"{field}.latest", f"must be a whole number, not {latest!r}"))
        elif latest < 1:
            failures.append(CheckFailure(f"{field}.latest", f"must be at least 1, not {int(latest)}"))
    return failures


def _check_patterns(value: Any, field: str) -> list[CheckFailure]:
    if value is None or is_unknown(value):
        return []
    if isinstance(value, str) or not isinstance(value, Sequence):
        return [CheckFailure(field, "must be a list of regular expressions")]
    failures = []
    for i, pattern in enumerate(value):
        if is_unknown(pattern):
            continue
        if not isinstance(pattern, str):
            failures.append(CheckFailure(f"{field}[{i}]", f"must be a regular expression, not {pattern!r}"))
            continue
        try:
            re.compile(pattern)
        except re.error as error:
            failures.append(
                CheckFailure(f"{field}[{i}]", f"{pattern!r} is not a regular expression: {error}")
            )
    return failures


def normalized(value: Any) -> Any:
    """The filter as diffs compare it (`latest` 10.0 is 10; empty lists are none)."""
    if not isinstance(value, Mapping) or is_unknown(value):
        return value
    out: dict[str, Any] = {}
    for key in sorted(value):
        item = value[key]
        if item in (None, [], ""):
            continue
        if key == "latest" and isinstance(item, float) and item == int(item):
            item = int(item)
        out[key] = item
    return out
