"""When each tag of a repository was last pushed, where the cloud's API reports it.

The OCI distribution API has no push time (a tag list is names only), so `RepositoryMirror`'s
`latest`, when the tags are not all versions, asks the source's cloud (docs/cloud-assumptions.md,
R-PUSH-1..3):

- TCR `DescribeImages` (`RegistryId`, `NamespaceName`, `RepositoryName`; `Offset` a page number
  from 1, `Limit` up to 100): `ImageInfoList[].ImageVersion` and `UpdateTime`;
- SWR `ListRepositoryTags` (`limit`, `offset`, `order_column=updated_at`): `[].Tag` and `updated`;
- ACR Enterprise `ListRepoTag` (`InstanceId`, `RepoId`, `PageNo`, `PageSize`): `Images[].Tag` and
  `ImageUpdate` (epoch milliseconds), the repository id from `GetRepository`.

An `oci` registry reports none: `latest` then needs tags that are versions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..alibabacloud.api import alibaba_api
from ..alibabacloud.paging import pages
from ..huaweicloud.api import HuaweiApi
from ..huaweicloud.sync_repo_task_provider import repository_tags
from ..provider.base import Operation
from ..tencentcloud.api import TencentApi
from .references import ALIBABA, HUAWEI, TENCENT, ImageRef

PAGE = 100


def push_times(op: Operation, ref: ImageRef) -> Callable[[], dict[str, float]] | None:
    """A reader of tag -> push time (epoch seconds) for `ref`'s repository; None where the registry
    reports none."""
    readers = {TENCENT: _tcr, HUAWEI: _swr, ALIBABA: _acr}
    reader = readers.get(ref.cloud)
    return None if reader is None else lambda: reader(op, ref)


def _tcr(op: Operation, ref: ImageRef) -> dict[str, float]:
    namespace, _, name = ref.repository.partition("/")
    api = TencentApi.for_operation(op, "tcr", str(ref.region), profile=ref.profile)
    times: dict[str, float] = {}
    for page in range(1, 10_000):
        answer = api.call(
            "DescribeImages",
            {
                "RegistryId": ref.registry,
                "NamespaceName": namespace,
                "RepositoryName": name,
                "Limit": PAGE,
                "Offset": page,
            },
        )
        found = answer.get("ImageInfoList") or []
        times.update(_rows(found, "ImageVersion", "UpdateTime", parse_time))
        if len(found) < PAGE or len(times) >= int(answer.get("TotalCount") or 0):
            break
    return times


def _swr(op: Operation, ref: ImageRef) -> dict[str, float]:
    namespace, _, name = ref.repository.partition("/")
    api = HuaweiApi.for_operation(op, "swr", str(ref.region), profile=ref.profile)
    return _rows(repository_tags(api, namespace, name), "Tag", "updated", parse_time)


def _acr(op: Operation, ref: ImageRef) -> dict[str, float]:
    namespace, _, name = ref.repository.partition("/")
    api = alibaba_api(op, str(ref.region), profile=ref.profile)
    repository = api.call(
        "GetRepository", {"InstanceId": ref.registry, "RepoNamespaceName": namespace, "RepoName": name}
    )
    rows = pages(api, "ListRepoTag", {"InstanceId": ref.registry, "RepoId": repository["RepoId"]}, "Images")
    return _rows(rows, "Tag", "ImageUpdate", lambda v: int(v) / 1000)


def _rows(rows: Any, tag_key: str, time_key: str, parse: Callable[[Any], float | None]) -> dict[str, float]:
    times = {}
    for row in rows:
        tag, when = row.get(tag_key), row.get(time_key)
        moment = parse(when) if when not in (None, "") else None
        if tag and moment is not None:
            times[str(tag)] = moment
    return times


def parse_time(text: Any) -> float | None:
    """`2026-11-23T02:43:03Z`, with or without a fraction or an offset; `2026-11-23 02:43:03` (UTC)."""
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
