"""Small pure pieces: clock, token bucket, globs, copy-failure matching, parameter flattening."""

from __future__ import annotations

import pytest

from pulumi_imagesync.emulator.clock import Clock
from pulumi_imagesync.emulator.faults import CopySettings, TokenBucket
from pulumi_imagesync.emulator.protocols.tencent_errors import (
    InvalidParameter,
    MissingParameter,
    UnknownParameter,
)
from pulumi_imagesync.emulator.protocols.tencent_params import (
    BOOLEAN,
    INTEGER,
    STRING,
    ListOf,
    Struct,
    optional,
    required,
    unflatten,
    validate,
)
from pulumi_imagesync.emulator.tcr.filters import Filter, matches
from pulumi_imagesync.emulator.timefmt import go_time, iso_z


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_clock_scales_rebases_and_advances() -> None:
    real = FakeTime()
    clock = Clock(10, wall=lambda: 5000.0, monotonic=real)
    assert clock.now() == 5000.0
    real.now += 2
    assert clock.now() == 5020.0
    clock.set_time_scale(1)
    real.now += 2
    assert clock.now() == 5022.0  # re-based: no jump
    clock.advance(100)
    assert clock.now() == 5122.0
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        clock.set_time_scale(0)


def test_token_bucket_allows_the_rate_and_refills() -> None:
    bucket = TokenBucket(5, now=0.0)
    assert [bucket.allow(0.0) for _ in range(6)] == [True] * 5 + [False]
    assert bucket.allow(0.2) and not bucket.allow(0.2)
    assert [bucket.allow(10.0) for _ in range(6)] == [True] * 5 + [False]  # never banks more than rate


@pytest.mark.parametrize(
    ("pattern", "name", "expected"),
    [
        ("prod/*", "prod/app", True),
        ("prod/*", "prod/team/app", False),
        ("prod/**", "prod/team/app", True),
        ("**", "a/b/c", True),
        ("prod/ap?", "prod/app", True),
        ("{prod,stage}/app", "stage/app", True),
        ("{prod,stage}/app", "dev/app", False),
        ("prod/a.p", "prod/axp", False),
    ],
)
def test_name_globs(pattern: str, name: str, expected: bool) -> None:
    assert matches([Filter("name", pattern)], name, "v1") is expected


def test_filters_and_together() -> None:
    filters = [Filter("name", "prod/**"), Filter("tag", "v*"), Filter("resource", "image")]
    assert matches(filters, "prod/app", "v1")
    assert not matches(filters, "prod/app", "latest")
    assert matches([Filter("tag", "")], "x/y", "anything")


def test_copy_failures_match_every_named_key() -> None:
    settings = CopySettings(fail=({"namespace": "release", "tag": "*"},))
    assert settings.fails(registry_id="tcr-a", namespace="release", repository="app", tag="v1")
    assert not settings.fails(registry_id="tcr-a", namespace="develop", repository="app", tag="v1")
    assert not CopySettings().fails(tag="v1")


def test_copy_durations_first_matching_entry_wins_else_seconds() -> None:
    settings = CopySettings.parse(
        {
            "seconds": 10,
            "durations": [{"region": "ap-singapore", "seconds": 300}, {"region": "*", "seconds": 60}],
        },
        "cvm",
        frozenset({"region", "image_id"}),
    )
    assert settings.seconds_for(region="ap-singapore", image_id="img-1") == 300
    assert settings.seconds_for(region="ap-shanghai", image_id="img-1") == 60
    assert CopySettings(seconds=10).seconds_for(region="ap-shanghai") == 10
    assert settings.to_json()["durations"][0] == {"region": "ap-singapore", "seconds": 300.0}


SCHEMA = Struct(
    Name=required(STRING),
    Rule=optional(
        Struct(Filters=required(ListOf(Struct(Type=required(STRING)))), Override=optional(BOOLEAN))
    ),
    Limit=optional(INTEGER),
)


def test_flattened_parameters_read_like_json() -> None:
    pairs = [("Name", "n"), ("Rule.Filters.1.Type", "tag"), ("Rule.Filters.0.Type", "name"), ("Limit", "3")]
    pairs.append(("Rule.Override", "True"))
    params = validate(SCHEMA, unflatten(pairs), textual=True)
    rule = params.struct("Rule")
    assert rule is not None
    assert [f.text("Type") for f in rule.structs("Filters")] == ["name", "tag"]
    assert (params.integer("Limit"), rule.boolean("Override")) == (3, True)


def test_parameter_errors() -> None:
    with pytest.raises(MissingParameter, match=r"`Rule\.Filters`"):
        validate(SCHEMA, {"Name": "n", "Rule": {}})
    with pytest.raises(UnknownParameter, match=r"`Rule\.Colour`"):
        validate(SCHEMA, {"Name": "n", "Rule": {"Filters": [], "Colour": 1}})
    with pytest.raises(InvalidParameter, match="`Limit` must be of type Integer, got Boolean"):
        validate(SCHEMA, {"Name": "n", "Limit": True})
    with pytest.raises(InvalidParameter, match="count up from 0"):
        validate(SCHEMA, unflatten([("Name", "n"), ("Rule.Filters.1.Type", "x")]), textual=True)


def test_time_layouts() -> None:
    assert iso_z(1795400205) == "2026-11-23T02:16:45Z"
    assert go_time(1795400205.25) == "2026-11-23 02:16:45.25 +0000 UTC"
    assert go_time(1795400205) == "2026-11-23 02:16:45 +0000 UTC"
