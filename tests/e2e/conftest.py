"""Fixtures of the end-to-end tests: the Pulumi CLI, and stacks of project copies.

Every test here is marked `e2e` and skipped, with the reason, only when no CLI can be had
(`scripts/install-pulumi` makes one; `scripts/test` runs it first). The emulator is the shared
in-process one (`tests/conftest.py`), reset for each test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.pulumi_cli import REPO, Stack, copy_project, find_cli

StackFactory = Callable[..., Stack]


@pytest.fixture(scope="session")
def pulumi_bin() -> Path:
    bin_dir = find_cli()
    if bin_dir is None:
        pytest.skip(
            "no Pulumi CLI: neither `scripts/install-pulumi --print-bin` nor PATH has one; "
            "run scripts/install-pulumi (scripts/test does) to build or install it"
        )
    return bin_dir


@pytest.fixture
def make_stack(pulumi_bin: Path, tmp_path: Path) -> Iterator[StackFactory]:
    """`make_stack("examples/tcr-image-duplicate")`: a stack of a fresh copy of that project."""
    count = 0

    def make(project: str, name: str = "e2e", env: dict[str, str] | None = None) -> Stack:
        nonlocal count
        count += 1
        workdir = tmp_path / f"stack{count}"
        copy = copy_project(REPO / project, workdir / "project")
        return Stack(pulumi_bin, copy, workdir, name=name, env=env)

    yield make


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the slow tests first: with `-n 2`, the rest of the suite runs beside them."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
