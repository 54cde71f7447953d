"""Each fault test runs once per resource: `subject` is its description, `seeded` the world
before the test (what "nothing left behind" compares with)."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator

from .subjects import SUBJECTS, Subject


@pytest.fixture(params=SUBJECTS, ids=str)
def subject(request: pytest.FixtureRequest) -> Subject:
    assert isinstance(request.param, Subject)
    return request.param


@pytest.fixture
def seeded(subject: Subject, emulator: Emulator) -> dict[str, Any]:
    emulator.seed(subject.world)
    return emulator.state()
