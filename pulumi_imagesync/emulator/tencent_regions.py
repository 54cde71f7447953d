"""Tencent regions the emulated TCR serves, with TCR's integer region ids and short aliases.

The one table of the emulator (the provider package bundles its own list): TCR answers
``DescribeRegions`` from it, ``ManageReplication.DestinationRegionId`` is resolved with it, and an
``X-TC-Region`` outside it is ``UnsupportedRegion``.
"""

from __future__ import annotations

from typing import NamedTuple


class TcrRegion(NamedTuple):
    name: str
    region_id: int
    alias: str


TCR_REGIONS: tuple[TcrRegion, ...] = (
    TcrRegion("ap-guangzhou", 1, "gz"),
    TcrRegion("ap-shanghai", 4, "sh"),
    TcrRegion("ap-hongkong", 5, "hk"),
    TcrRegion("na-toronto", 6, "ca"),
    TcrRegion("ap-shanghai-fsi", 7, "shjr"),
    TcrRegion("ap-beijing", 8, "bj"),
    TcrRegion("ap-singapore", 9, "sg"),
    TcrRegion("ap-shenzhen-fsi", 11, "szjr"),
    TcrRegion("ap-guangzhou-open", 12, "gzopen"),
    TcrRegion("na-siliconvalley", 15, "usw"),
    TcrRegion("ap-chengdu", 16, "cd"),
    TcrRegion("eu-frankfurt", 17, "de"),
    TcrRegion("ap-seoul", 18, "kr"),
    TcrRegion("ap-chongqing", 19, "cq"),
    TcrRegion("ap-mumbai", 21, "in"),
    TcrRegion("na-ashburn", 22, "use"),
    TcrRegion("ap-bangkok", 23, "th"),
    TcrRegion("eu-moscow", 24, "ru"),
    TcrRegion("ap-tokyo", 25, "jp"),
    TcrRegion("ap-nanjing", 33, "nj"),
    TcrRegion("ap-taipei", 39, "tpe"),
    TcrRegion("ap-jakarta", 72, "jkt"),
    TcrRegion("sa-saopaulo", 74, "sao"),
)

BY_NAME: dict[str, TcrRegion] = {region.name: region for region in TCR_REGIONS}
BY_ID: dict[int, TcrRegion] = {region.region_id: region for region in TCR_REGIONS}
TCR_REGION_NAMES: frozenset[str] = frozenset(BY_NAME)
