"""Where credentials, regions and endpoints come from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pulumi_imagesync.provider.api import request_timeout
from pulumi_imagesync.provider.errors import ConfigurationError
from pulumi_imagesync.provider.records import records_dir
from pulumi_imagesync.provider.settings import Settings


class Config:
    def __init__(self, values: dict[str, object]) -> None:
        self.values = values

    def get(self, key: str) -> object:
        return self.values.get(key)


def test_stack_config_wins_over_the_environment() -> None:
    settings = Settings.load(
        Config({"tencentcloud:secretId": "cfg-id", "tencentcloud:secretKey": "cfg-key"}),
        {
            "TENCENTCLOUD_SECRET_ID": "env-id",
            "TENCENTCLOUD_SECRET_KEY": "env-key",
            "TENCENTCLOUD_REGION": "ap-beijing",
        },
    )
    creds = settings.credentials("tencentcloud")
    assert (creds.access_key_id, creds.access_key_secret) == ("cfg-id", "cfg-key")
    assert settings.region("tencentcloud") == "ap-beijing"


def test_a_missing_credential_names_the_config_key_and_the_variable() -> None:
    settings = Settings.load(Config({"tencentcloud:secretId": "id"}), {})
    with pytest.raises(ConfigurationError) as error:
        settings.credentials("tencentcloud")
    assert "tencentcloud:secretKey" in str(error.value) and "TENCENTCLOUD_SECRET_KEY" in str(error.value)


def test_alibaba_reads_both_families_of_variables() -> None:
    settings = Settings.load(
        None, {"ALIBABA_CLOUD_ACCESS_KEY_ID": "a", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "b"}
    )
    assert settings.credentials("alibabacloud").access_key_id == "a"


def test_profiles_come_from_structured_config_and_never_fall_back() -> None:
    profiles = {"peer": {"alicloud": {"accessKey": "pa", "secretKey": "ps", "region": "cn-hangzhou"}}}
    settings = Settings.load(
        Config({"imagesync:profiles": json.dumps(profiles)}), {"ALICLOUD_ACCESS_KEY": "x"}
    )
    creds = settings.credentials("alibabacloud", "peer")
    assert (creds.access_key_id, creds.access_key_secret) == ("pa", "ps")
    assert settings.region("alibabacloud", "peer") == "cn-hangzhou"
    with pytest.raises(ConfigurationError, match=r"imagesync:profiles.peer.tencentcloud.secretId"):
        settings.credentials("tencentcloud", "peer")
    with pytest.raises(ConfigurationError, match="profile 'nope' is not defined"):
        settings.credentials("tencentcloud", "nope")


def test_endpoints_by_service_and_region_and_the_emulator_overrides_all() -> None:
    endpoints = {"tcr": {"ap-guangzhou": "https://tcr.internal/", "*": "https://tcr.any"}}
    settings = Settings.load(Config({"imagesync:endpoints": endpoints}), {})
    assert settings.endpoint("tcr", "ap-guangzhou") == "https://tcr.internal"
    assert settings.endpoint("tcr", "ap-beijing") == "https://tcr.any"
    assert settings.endpoint("cvm", "ap-beijing") is None
    emulated = Settings.load(
        Config({"imagesync:endpoints": endpoints}), {"IMAGESYNC_EMULATOR": "http://127.0.0.1:1/"}
    )
    assert emulated.endpoint("tcr", "ap-guangzhou") == "http://127.0.0.1:1"


def test_settings_never_print_secrets() -> None:
    settings = Settings.load(Config({"tencentcloud:secretId": "id", "tencentcloud:secretKey": "sekrit"}), {})
    assert "sekrit" not in repr(settings) and "sekrit" not in repr(settings.credentials("tencentcloud"))


def test_the_imagesync_settings_are_read_from_the_stack_config() -> None:
    settings = Settings.load(
        Config({"imagesync:requestTimeoutSeconds": "7", "imagesync:journalDir": "/var/imagesync"}), {}
    )
    assert request_timeout(settings) == 7.0
    assert records_dir(settings) == Path("/var/imagesync")
