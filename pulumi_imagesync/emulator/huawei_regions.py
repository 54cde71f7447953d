"""Huawei Cloud regions the emulated SWR serves, and the IAM project ids that stand for them.

The one Huawei table of the emulator (the provider package bundles its own list). SWR requests
carry no region: the signed ``X-Project-Id`` header names a project, and a project belongs to
one account and one region. Project ids here are derived, 32 hex characters like the real ones:
the first half names the region, the second the account, so any project id can be mapped back to
its region before the caller is known (fault rules and the call log match on regions).
"""

from __future__ import annotations

import hashlib

# The regions of `huaweicloudsdkswr.v2.region.swr_region.SwrRegion` (SDK 3.1.219).
SWR_REGIONS: tuple[str, ...] = (
    "af-north-1",
    "af-south-1",
    "ae-ad-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-north-1",
    "cn-north-2",
    "cn-north-4",
    "cn-north-9",
    "cn-north-11",
    "cn-north-12",
    "cn-south-1",
    "cn-south-2",
    "cn-south-4",
    "cn-southwest-2",
    "cn-southwest-3",
    "eu-west-0",
    "eu-west-101",
    "la-north-2",
    "la-south-2",
    "me-east-1",
    "my-kualalumpur-1",
    "na-mexico-1",
    "ru-moscow-1",
    "ru-northwest-2",
    "sa-brazil-1",
    "sa-peru-1",
    "tr-west-1",
)
SWR_REGION_NAMES: frozenset[str] = frozenset(SWR_REGIONS)


def _half(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:16]


_REGION_OF_PREFIX = {_half("region", region): region for region in SWR_REGIONS}


def project_id(account_id: str, region: str) -> str:
    """The id of the IAM project of `account_id` in `region` (what `GET /v3/projects?name=` answers)."""
    return _half("region", region) + _half("account", account_id)


def region_of_project(project: str) -> str | None:
    """The region a project id stands for, whatever its account; None for an unknown id."""
    return _REGION_OF_PREFIX.get(project[:16]) if len(project) == 32 else None


def project_of_account(project: str, account_id: str) -> bool:
    return len(project) == 32 and project[16:] == _half("account", account_id)
