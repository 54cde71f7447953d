"""Fixtures for the emulator tests: one emulator per test session, reset before every test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tencentcloud.cvm.v20170312 import cvm_client
from tencentcloud.tcr.v20190924 import tcr_client

from pulumi_imagesync.emulator import Emulator

from .helpers import cvm_client_for, tcr_client_for

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture(scope="session", autouse=True)
def _no_proxy() -> Iterator[None]:
    """The SDKs honour proxy variables; the emulator is on loopback."""
    saved = {name: os.environ.pop(name) for name in PROXY_VARIABLES if name in os.environ}
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session")
def _server() -> Iterator[Emulator]:
    with Emulator(port=0, world="empty") as emulator:
        yield emulator


@pytest.fixture
def emu(_server: Emulator) -> Emulator:
    """The session's emulator, reset to the empty world."""
    _server.reset("empty")
    return _server


@pytest.fixture
def demo(emu: Emulator) -> Emulator:
    """The session's emulator, reset to the demo world."""
    emu.reset("demo")
    return emu


@pytest.fixture
def tcr(emu: Emulator) -> Callable[..., tcr_client.TcrClient]:
    """``tcr(region="ap-guangzhou", secret_id=..., secret_key=..., token=..., timeout=5, **profile)``."""

    def make(region: str = "ap-guangzhou", **kwargs: Any) -> tcr_client.TcrClient:
        return tcr_client_for(emu.endpoint, region, **kwargs)

    return make


@pytest.fixture
def cvm(emu: Emulator) -> Callable[[str], cvm_client.CvmClient]:
    """``cvm(region)``: a CVM client of the default account for one region."""

    def make(region: str) -> cvm_client.CvmClient:
        return cvm_client_for(emu.endpoint, region)

    return make
