"""Huawei Cloud regions, bundled so that `check()` can validate names without a cloud call.

The regions SWR serves (the SDK's `SwrRegion` table, huaweicloudsdkswr 3.1.219); SWR's own
`GET /v2/manage/regions` lists the ones a repository can sync to.
"""

from __future__ import annotations

REGIONS: frozenset[str] = frozenset(
    {
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
    }
)
