"""What the providers do where the documents are silent (docs/cloud-assumptions.md): both plausible
answers are taken, and a third is an error that names the value."""

from __future__ import annotations

import re
from typing import Any

import pytest

from pulumi_imagesync.alibabacloud.paging import PAGE_SIZE
from pulumi_imagesync.alibabacloud.sync_repo_task_provider import SyncRepoTaskProvider, _newest
from pulumi_imagesync.provider.errors import OperationFailedError
from pulumi_imagesync.tencentcloud import cvm_image_sync_provider as cvm
from pulumi_imagesync.tencentcloud.replication_rule_provider import parse_dest_resource

# -- T-FMT-1: TCR DestResource ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("tcr-dst00001/mirror/** ap-singapore", ("tcr-dst00001", "mirror")),  # what the emulator renders
        ("tcr-dst00001/mirror/**", ("tcr-dst00001", "mirror")),
        ("tcr-dst00001/mirror", ("tcr-dst00001", "mirror")),
        ("mirror/**", (None, "mirror")),  # the namespace alone
        ("mirror", (None, "mirror")),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_both_plausible_dest_resource_formats_are_read(text: str | None, parsed: tuple[Any, Any]) -> None:
    assert parse_dest_resource(text) == parsed


@pytest.mark.parametrize("text", ["a/b/c", "tcr-x/ns/repo/** ap-guangzhou", "ns ap-guangzhou extra", "NS"])
def test_a_third_dest_resource_format_is_an_error_naming_it(text: str) -> None:
    with pytest.raises(OperationFailedError, match=f"DestResource as {re.escape(repr(text))}.*T-FMT-1"):
        parse_dest_resource(text)


# -- A-PAGE-1: ACR ListRepoSyncTask, every page, no order assumed -----------------------------------


class PagedTasks:
    """Answers ListRepoSyncTask from `tasks`, oldest first (the API documents no order)."""

    def __init__(self, count: int) -> None:
        self.tasks = [{"SyncTaskId": f"rst-{i}", "CreateTime": 1000 + i} for i in range(count)]
        self.pages: list[int] = []

    def call(self, action: str, request: dict[str, Any]) -> dict[str, Any]:
        assert action == "ListRepoSyncTask"
        page, size = request["PageNo"], request["PageSize"]
        self.pages.append(page)
        rows = self.tasks[(page - 1) * size : page * size]
        return {"SyncTasks": rows, "TotalCount": str(len(self.tasks)), "PageNo": page, "PageSize": size}


class Op:
    def __getitem__(self, name: str) -> str:
        return {"instance_id": "cri-a", "tag": "v1"}[name]


def test_every_page_of_the_sync_task_history_is_read() -> None:
    api = PagedTasks(PAGE_SIZE * 2 + 1)
    repository = {"RepoNamespaceName": "ns", "RepoName": "repo"}
    tasks = SyncRepoTaskProvider._source_tag_tasks(api, Op(), repository)  # type: ignore[arg-type]
    assert api.pages == [1, 2, 3]
    assert len(tasks) == PAGE_SIZE * 2 + 1
    assert _newest(tasks) == api.tasks[-1]  # by CreateTime, though it is on the last page


def test_an_exact_multiple_of_the_page_size_stops_at_the_total() -> None:
    api = PagedTasks(PAGE_SIZE)
    repository = {"RepoNamespaceName": "ns", "RepoName": "repo"}
    assert len(SyncRepoTaskProvider._source_tag_tasks(api, Op(), repository)) == PAGE_SIZE  # type: ignore[arg-type]
    assert api.pages == [1]


# -- C-CONS-1: a CVM copy not yet listed in its region --------------------------------------------


def test_a_copy_not_yet_listed_is_not_gone_within_the_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(cvm.time, "monotonic", lambda: now[0])
    unlisted = cvm._Unlisted()
    assert not unlisted.too_long(None)
    now[0] += cvm.UNLISTED_GRACE_SECONDS + 1
    assert unlisted.too_long(None)  # never listed, grace over: gone


def test_a_copy_listed_once_then_unlisted_is_gone_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cvm.time, "monotonic", lambda: 100.0)
    unlisted = cvm._Unlisted()
    assert not unlisted.too_long({"ImageId": "img-1"})
    assert unlisted.too_long(None)
