"""Which tags a `RepositoryMirror` selects (`registry.selection`): pure, no registry."""

from __future__ import annotations

import pytest

from pulumi_imagesync.registry.push_times import parse_time
from pulumi_imagesync.registry.selection import (
    PUSH_TIME,
    SEMVER,
    PushTimesUnknown,
    TagFilter,
    check_tag_filter,
    normalized,
    select,
    version_of,
)

TAGS = ["v1.2.0", "v1.4.0", "v1.4.1-rc.1", "v2.0.0", "v2.10.0", "v3.0.0", "latest", "main-abc123", "1.5.0"]


def chosen(doc: dict, tags: list[str] = TAGS, times: dict[str, float] | None = None) -> list[str]:
    return list(select(TagFilter.of(doc), tags, (lambda: times) if times is not None else None).tags)


def test_no_filter_selects_every_tag_sorted() -> None:
    assert chosen({}) == sorted(TAGS)


def test_include_is_a_whole_tag_match() -> None:
    assert chosen({"include": [r"v\d+\.\d+\.\d+"]}) == ["v1.2.0", "v1.4.0", "v2.0.0", "v2.10.0", "v3.0.0"]
    assert chosen({"include": ["v1"]}) == []  # not a search: `v1` matches no whole tag here
    assert chosen({"include": ["latest", "main-.*"]}) == ["latest", "main-abc123"]


def test_exclude_drops_whole_tag_matches_after_include() -> None:
    assert chosen({"include": ["v.*"], "exclude": [".*-rc.*", "v3.*"]}) == [
        "v1.2.0",
        "v1.4.0",
        "v2.0.0",
        "v2.10.0",
    ]
    assert chosen({"exclude": ["-rc"]}) == sorted(TAGS)  # whole-tag: `-rc` alone matches nothing


def test_semver_range_is_npm_style_and_drops_non_versions() -> None:
    assert chosen({"semver": ">=1.4 <3"}) == ["1.5.0", "v1.4.0", "v2.0.0", "v2.10.0"]
    assert chosen({"semver": "^2"}) == ["v2.0.0", "v2.10.0"]
    assert chosen({"semver": "~1.4 || >=3"}) == ["v1.4.0", "v3.0.0"]
    # A pre-release matches only a range that names one of the same version (npm's rule).
    assert chosen({"semver": ">=1.4.1-rc.0 <1.5"}) == ["v1.4.1-rc.1"]


def test_latest_orders_versions_by_semver_not_by_name() -> None:
    selection = select(TagFilter.of({"include": ["v.*"], "exclude": [".*-rc.*"], "latest": 2}), TAGS)
    assert selection.tags == ("v2.10.0", "v3.0.0") and selection.latest_order == SEMVER


def test_latest_of_tags_that_are_not_versions_uses_push_times() -> None:
    times = {tag: float(i) for i, tag in enumerate(TAGS)}  # pushed in list order
    selection = select(TagFilter.of({"latest": 2}), TAGS, lambda: times)
    assert selection.tags == ("1.5.0", "main-abc123") and selection.latest_order == PUSH_TIME
    with pytest.raises(PushTimesUnknown):
        select(TagFilter.of({"latest": 2}), TAGS, None)
    with pytest.raises(PushTimesUnknown, match="latest"):
        select(TagFilter.of({"latest": 2}), TAGS, lambda: {"v1.2.0": 1.0})


def test_push_times_are_read_only_when_needed() -> None:
    def never() -> dict[str, float]:
        raise AssertionError("push times read")

    assert select(TagFilter.of({"semver": "*", "latest": 3}), TAGS, never).latest_order == SEMVER
    assert select(TagFilter.of({"latest": 100}), TAGS, never).tags == tuple(sorted(TAGS))


def test_every_rule_together() -> None:
    doc = {"include": [r"v\d+\.\d+\.\d+.*"], "exclude": [".*-rc.*"], "semver": ">=1.4 <3", "latest": 2}
    assert chosen(doc) == ["v2.0.0", "v2.10.0"]


def test_what_is_a_version() -> None:
    assert str(version_of("v1.2.3")) == "1.2.3" and str(version_of("1.2.3-rc.1+b5")) == "1.2.3-rc.1+b5"
    assert version_of("1.2") is None and version_of("latest") is None and version_of("V1.2.3") is None


def test_check_names_the_field_of_each_mistake() -> None:
    failures = check_tag_filter(
        {"include": ["ok", "(unclosed"], "exclude": "x", "semver": ">=1.x.q", "latest": 0, "limit": 3}
    )
    props = {f.property: f.reason for f in failures}
    assert set(props) == {"tags.include[1]", "tags.exclude", "tags.semver", "tags.latest", "tags.limit"}
    assert "not a regular expression" in props["tags.include[1]"]
    assert "not a semantic-version range" in props["tags.semver"]
    assert check_tag_filter({"latest": 2.5})[0].property == "tags.latest"
    assert check_tag_filter("v1")[0].property == "tags"
    assert check_tag_filter({"include": ["v.*"], "semver": "^1", "latest": 10.0}) == []
    assert check_tag_filter(None) == []


def test_normalized_treats_whole_floats_and_empty_lists_as_the_same() -> None:
    assert normalized({"latest": 10.0, "exclude": []}) == normalized({"latest": 10})


def test_push_times_as_the_clouds_write_them() -> None:
    assert parse_time("1970-01-01T00:01:00Z") == 60.0
    assert parse_time("1970-01-01T00:01:00.500Z") == 60.5
    assert parse_time("1970-01-01 00:01:00") == 60.0
    assert parse_time("yesterday") is None
