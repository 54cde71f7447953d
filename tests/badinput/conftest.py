"""One provider server per test module: `check` depends on nothing but the stack config."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator
from tests.badinput.vocabulary import PROFILE
from tests.conftest import base_config, hermetic_env
from tests.support.engine import Engine, ProviderProcess

# The one profile defined: credentials for every cloud, so that any resource may name it.
PROFILES = {
    PROFILE: {
        "tencentcloud": {"secretId": "AKIDpeer", "secretKey": "peer-secret"},
        "huaweicloud": {"accessKey": "AKpeer", "secretKey": "peer-secret"},
        "alicloud": {"accessKey": "AKpeer", "secretKey": "peer-secret"},
    }
}


@pytest.fixture(scope="module")
def checker(emulator_server: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The real provider server, configured as a stack would configure it, for the whole module."""
    cwd: Path = tmp_path_factory.mktemp("provider")
    process = ProviderProcess(cwd, hermetic_env({"IMAGESYNC_JOURNAL_DIR": str(cwd / "journal")}))
    try:
        config = {**base_config(emulator_server), "imagesync:profiles": json.dumps(PROFILES)}
        yield Engine(process, config)
    finally:
        process.stop()


@pytest.fixture
def cloud_calls(emulator_server: Emulator) -> Callable[[], list[dict[str, Any]]]:
    """The calls the emulator received since this test started (its call log is reset first)."""
    emulator_server.reset(world="empty")
    return lambda: emulator_server.calls()["calls"]
