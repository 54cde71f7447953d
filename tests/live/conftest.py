"""Where the live scenarios run: the real clouds (`IMAGESYNC_LIVE=1`), or the emulator reached the
way private endpoints are (`imagesync:endpoints`), which is how CI exercises the plumbing."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator
from pulumi_imagesync.provider.settings import Settings
from tests.conftest import EngineFactory
from tests.support.engine import Engine

from . import fixture as fixtures

# The credentials each cloud needs, as the clouds' own providers read them (README, Configuration).
CREDENTIALS = {
    "tencentcloud": ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"),
    "huaweicloud": ("HW_ACCESS_KEY", "HW_SECRET_KEY"),
    "alibabacloud": ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY"),
}
OPTIONAL = ("TENCENTCLOUD_SECURITY_TOKEN", "HW_SECURITY_TOKEN", "HW_PROJECT_ID", "ALICLOUD_SECURITY_TOKEN")
SERVICES = ("tcr", "cvm", "swr", "iam", "cr")


@dataclass
class Target:
    """One place to run the scenarios: its stack config, the provider's environment, the fixture."""

    live: bool
    fixture: fixtures.Fixture
    config: dict[str, Any]
    env: dict[str, str]
    missing: dict[str, str] = field(default_factory=dict)  # cloud -> why its scenarios are skipped
    suffix: str = field(default_factory=lambda: secrets.token_hex(3))

    def section(self, cloud: str) -> dict[str, Any]:
        """The fixture's section for `cloud`, or a skip that says why there is none."""
        if cloud in self.missing:
            pytest.skip(self.missing[cloud])
        return dict(self.fixture[cloud])

    def settings(self) -> Settings:
        """What the test itself uses for out-of-band changes (drift): the provider's own settings."""
        return Settings({k: v for k, v in self.config.items()}, self.env)


def _live_target() -> Target:
    path = os.environ.get("IMAGESYNC_LIVE_FIXTURE")
    if not path:
        pytest.skip("IMAGESYNC_LIVE=1 needs IMAGESYNC_LIVE_FIXTURE, a JSON file naming real objects")
    fixture = fixtures.load(path)
    env = {name: os.environ[name] for pair in CREDENTIALS.values() for name in pair if name in os.environ}
    env.update({name: os.environ[name] for name in OPTIONAL if name in os.environ})
    missing = {}
    for cloud, names in CREDENTIALS.items():
        absent = [name for name in names if name not in os.environ]
        if cloud not in fixture:
            missing[cloud] = f"the live fixture {path} has no {cloud!r} section"
        elif absent:
            missing[cloud] = f"{cloud}: no credentials ({', '.join(absent)} not set)"
    config = {"imagesync:requestTimeoutSeconds": "30"}
    return Target(True, fixture, config, env, missing)


def _emulator_target(emulator: Emulator) -> Target:
    fixture = fixtures.EMULATOR_FIXTURE
    emulator.seed(fixtures.emulator_world(fixture))
    env = {name: DEFAULT_ACCESS_KEY_ID for name, _ in CREDENTIALS.values()}
    env.update({name: DEFAULT_ACCESS_KEY_SECRET for _, name in CREDENTIALS.values()})
    # Not `imagesync:emulator`: every service goes to its endpoint as a private endpoint would,
    # and Huawei project ids come from the IAM endpoint, as they do in the cloud.
    endpoints = {service: {"*": emulator.url} for service in SERVICES}
    config = {"imagesync:endpoints": json.dumps(endpoints), "imagesync:requestTimeoutSeconds": "5"}
    return Target(False, fixture, config, env)


@pytest.fixture
def target(emulator: Emulator) -> Target:
    if os.environ.get("IMAGESYNC_LIVE") == "1":
        return _live_target()
    return _emulator_target(emulator)


@pytest.fixture
def live_engine(make_engine: EngineFactory, target: Target) -> Callable[[], Engine]:
    """A provider process configured for the target (nothing of the emulator's default config)."""

    def make(extra: Mapping[str, Any] | None = None) -> Engine:
        return make_engine({**target.config, **(extra or {})}, target.env, replace=True)

    return make
