"""The stack config that points a stack at an emulator (what `scripts/demo` sets)."""

from __future__ import annotations

import json
import subprocess
import sys

from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET
from pulumi_imagesync.emulator.stack_config import DEMO_REGIONS, emulator_stack_config
from pulumi_imagesync.provider.settings import CLOUDS, Settings

URL = "http://127.0.0.1:8790"


class Config:
    def __init__(self, values: dict[str, object]) -> None:
        self.values = values

    def get(self, key: str) -> object:
        return self.values.get(key)


def test_every_cloud_gets_the_key_pair_as_secrets_its_region_and_the_emulator() -> None:
    config = emulator_stack_config(URL)
    settings = Settings.load(Config({k: v["value"] for k, v in config.items()}), {})
    assert settings.emulator_url == URL
    for cloud, keys in CLOUDS.items():
        credentials = settings.credentials(cloud)
        assert (credentials.access_key_id, credentials.access_key_secret) == (
            DEFAULT_ACCESS_KEY_ID,
            DEFAULT_ACCESS_KEY_SECRET,
        )
        assert settings.region(cloud) == DEMO_REGIONS[cloud]
        assert config[keys.config_key(keys.access_key)]["secret"] is True
        assert config[keys.config_key(keys.secret_key)]["secret"] is True
    assert {k for k, v in config.items() if not v["secret"]} == {
        "imagesync:emulator",
        *(keys.config_key(keys.region) for keys in CLOUDS.values()),
    }


def test_the_module_prints_it_for_pulumi_config_set_all() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "pulumi_imagesync.emulator.stack_config", URL, "--access-key-secret", "s3"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    config = json.loads(printed)
    assert config == emulator_stack_config(URL, access_key_secret="s3")
    assert config["tencentcloud:secretKey"] == {"value": "s3", "secret": True}
