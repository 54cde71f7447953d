"""Fixtures shared by the suites: the emulator, and the engine-like driver of the provider server."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from pulumi_imagesync.emulator import (
    DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCESS_KEY_SECRET,
    DEFAULT_ACCOUNT_ID,
    Emulator,
)
from pulumi_imagesync.emulator.huawei_regions import project_id
from tests.support.engine import Engine, ProviderProcess

# Nothing from the developer's shell may reach a provider under test: no real credentials, no
# proxies (the SDKs honour them, and a proxy would swallow calls meant for 127.0.0.1).
_SCRUBBED_PREFIXES = (
    "TENCENTCLOUD_",
    "HW_",
    "HUAWEICLOUD_",
    "ALICLOUD_",
    "ALIBABA_CLOUD_",
    "IMAGESYNC_",
    "PULUMI_",
)
_SCRUBBED = {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"}


def hermetic_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED and not k.startswith(_SCRUBBED_PREFIXES)}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    # Never the developer's own create journal (~/.pulumi/imagesync-journal).
    env["IMAGESYNC_JOURNAL_DIR"] = tempfile.mkdtemp(prefix="imagesync-journal-")
    env.update(extra or {})
    return env


@pytest.fixture(autouse=True, scope="session")
def _no_proxies() -> None:
    for name in _SCRUBBED:
        os.environ.pop(name, None)


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[Emulator]:
    with Emulator(port=0, world="empty") as emulator:
        yield emulator


@pytest.fixture
def emulator(emulator_server: Emulator) -> Emulator:
    emulator_server.reset(world="empty")
    return emulator_server


def base_config(emulator: Emulator) -> dict[str, Any]:
    return {
        "imagesync:emulator": emulator.url,
        "tencentcloud:secretId": DEFAULT_ACCESS_KEY_ID,
        "tencentcloud:secretKey": DEFAULT_ACCESS_KEY_SECRET,
        "tencentcloud:region": "ap-guangzhou",
        "huaweicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
        "huaweicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET,
        "huaweicloud:region": "cn-north-4",
        # The project of huaweicloud:region; other regions' projects are looked up through IAM.
        "huaweicloud:projectId": project_id(DEFAULT_ACCOUNT_ID, "cn-north-4"),
        "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
        "alicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET,
        "alicloud:region": "cn-beijing",
        "imagesync:requestTimeoutSeconds": "5",
    }


EngineFactory = Callable[..., Engine]


@pytest.fixture
def make_engine(
    tmp_path: Path, emulator: Emulator, request: pytest.FixtureRequest
) -> Iterator[EngineFactory]:
    """Start provider processes (each `pulumi up` is a fresh one) configured for the emulator.

    `engine_process=True` starts the provider through a process standing for `pulumi`, which a
    test can kill (`engine.process.kill_engine()`).
    """
    processes: list[ProviderProcess] = []

    def make(
        config: Mapping[str, Any] | None = None,
        env: Mapping[str, str] | None = None,
        *,
        replace: bool = False,
        engine_process: bool = False,
    ) -> Engine:
        # The ownership records of this test's "machine": shared by its provider processes only.
        journal = {"IMAGESYNC_JOURNAL_DIR": str(tmp_path / "journal")}
        process = ProviderProcess(
            tmp_path, hermetic_env({**journal, **(env or {})}), engine_process=engine_process
        )
        processes.append(process)
        settings = dict(config or {}) if replace else {**base_config(emulator), **(config or {})}
        return Engine(process, {k: v for k, v in settings.items() if v is not None})

    yield make
    failed = getattr(request.node, "rep_call", None)
    for process in processes:
        process.stop()
        if failed is not None and failed.failed and process.log:
            print(f"--- provider server output ---\n{process.log}")


@pytest.fixture
def engine(make_engine: EngineFactory) -> Engine:
    return make_engine()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
