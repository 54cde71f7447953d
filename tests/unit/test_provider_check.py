"""What `ImageSyncProvider.check` adds to the schema's checks: the profile, the default region, and
one failure per mistake."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.dynamic import CheckFailure
from pulumi.output import Unknown

from pulumi_imagesync.provider.base import ImageSyncProvider
from pulumi_imagesync.provider.fields import Schema, common_fields, identity, in_place
from pulumi_imagesync.provider.settings import Settings
from pulumi_imagesync.provider.validation import PATH_COMPONENT_RE, Checks


class Copy(ImageSyncProvider):
    """A copy whose destination defaults to its source."""

    cloud = "tencentcloud"
    noun = "copy"
    schema = Schema(
        [
            identity("region"),
            in_place("source", required=True),
            identity("destination"),
            *common_fields(timeout_seconds=60),
        ]
    )

    def complete(self, inputs: dict[str, Any]) -> None:
        if inputs.get("destination") is None and inputs.get("source") is not None:
            inputs["destination"] = inputs["source"]

    def validate(self, inputs: Mapping[str, Any]) -> Iterable[CheckFailure]:
        checks = Checks(inputs)
        for field in ("source", "destination"):
            checks.pattern(field, PATH_COMPONENT_RE, "lower-case letters and digits")
        return checks


class Config:
    def __init__(self, values: dict[str, object]) -> None:
        self.values = values

    def get(self, key: str) -> object:
        return self.values.get(key)


PEER = {"tencentcloud": {"region": "ap-beijing", "secretId": "AKIDpeer", "secretKey": "peer-secret"}}


def provider(profiles: dict[str, Any] | None = None) -> Copy:
    copy = Copy()
    copy._settings = Settings.load(
        Config(
            {
                "tencentcloud:region": "ap-guangzhou",
                "imagesync:profiles": json.dumps({"peer": PEER} if profiles is None else profiles),
            }
        ),
        {},
    )
    return copy


def failures(news: dict[str, Any], profiles: dict[str, Any] | None = None) -> dict[str, str]:
    return {f.property: f.reason for f in provider(profiles).check({}, news).failures}


def test_a_profile_not_defined_fails_check_even_with_the_region_given() -> None:
    assert failures({"source": "app", "profile": "peer"}) == {}
    reason = failures({"source": "app", "region": "ap-guangzhou", "profile": "pear"})["profile"]
    assert "profile 'pear' is not defined in the stack config imagesync:profiles (defined: peer)" in reason


def test_a_profile_without_its_key_pair_fails_check_naming_the_profile_and_the_key() -> None:
    # A profile never falls back to the default credentials: without its keys, every call would fail.
    no_secret = {"peer": {"tencentcloud": {"secretId": "AKIDpeer"}}}
    assert failures({"source": "app", "profile": "peer"}, no_secret) == {
        "profile": "profile 'peer' has no Tencent Cloud secretKey: set it with "
        "`pulumi config set --secret --path 'imagesync:profiles.peer.tencentcloud.secretKey' ...`"
    }
    no_access_key = {"peer": {"tencentcloud": {"secretKey": "peer-secret"}}}
    assert (
        "has no Tencent Cloud secretId:"
        in failures({"source": "app", "profile": "peer"}, no_access_key)["profile"]
    )
    other_cloud_only = {
        "peer": {"alicloud": {"accessKey": "a", "secretKey": "s"}, "tencentcloud": {"region": "ap-beijing"}}
    }
    reason = failures({"source": "app", "profile": "peer"}, other_cloud_only)["profile"]
    assert reason.startswith("profile 'peer' has no Tencent Cloud secretId and no secretKey: set them with")


def test_the_default_region_comes_from_the_profile_and_is_unknown_while_the_profile_is() -> None:
    assert provider().check({}, {"source": "app", "profile": "peer"}).inputs["region"] == "ap-beijing"
    unknown = Unknown()
    result = provider().check({}, {"source": "app", "profile": unknown})
    assert result.failures == [] and result.inputs["region"] is unknown


def test_a_field_filled_from_a_bad_one_is_not_reported_again() -> None:
    assert failures({"source": "App"}) == {"source": "'App' is not valid: lower-case letters and digits"}
    # Given by the program, the destination is checked on its own.
    assert set(failures({"source": "App", "destination": "Dst"})) == {"source", "destination"}
