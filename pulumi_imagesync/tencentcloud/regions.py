"""Tencent Cloud regions, bundled so that `check()` can validate names without a cloud call.

TCR addresses a destination region by an integer id (`DestinationRegionId`); the ids are those
TCR's `DescribeRegions` reports.
"""

from __future__ import annotations

TCR_REGION_IDS: dict[str, int] = {
    "ap-guangzhou": 1,
    "ap-shanghai": 4,
    "ap-hongkong": 5,
    "na-toronto": 6,
    "ap-shanghai-fsi": 7,
    "ap-beijing": 8,
    "ap-singapore": 9,
    "ap-shenzhen-fsi": 11,
    "ap-guangzhou-open": 12,
    "na-siliconvalley": 15,
    "ap-chengdu": 16,
    "eu-frankfurt": 17,
    "ap-seoul": 18,
    "ap-chongqing": 19,
    "ap-mumbai": 21,
    "na-ashburn": 22,
    "ap-bangkok": 23,
    "eu-moscow": 24,
    "ap-tokyo": 25,
    "ap-nanjing": 33,
    "ap-taipei": 39,
    "ap-jakarta": 72,
    "sa-saopaulo": 74,
}

TCR_REGION_NAMES: dict[int, str] = {v: k for k, v in TCR_REGION_IDS.items()}

# Regions of CVM (and of Tencent Cloud as a whole).
REGIONS: frozenset[str] = frozenset(TCR_REGION_IDS)
