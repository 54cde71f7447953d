"""Tencent regions the emulated TCR and CVM serve: TCR's integer region ids and short aliases, CVM's
descriptions and whether a region takes image copies.

The one table of the emulator (the provider package bundles its own list): TCR and CVM answer
``DescribeRegions`` from it, ``ManageReplication.DestinationRegionId`` is resolved with it, and an
``X-TC-Region`` outside it is ``UnsupportedRegion``. CVM's ``SyncImages`` answers
``InvalidRegion.Unavailable`` for the regions marked as not taking image copies (the finance
regions and Guangzhou OPEN: "暂不支持部分地域同步").
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


class CvmRegion(NamedTuple):
    name: str
    description: str
    takes_image_copies: bool = True


CVM_REGIONS: tuple[CvmRegion, ...] = (
    CvmRegion("ap-guangzhou", "South China (Guangzhou)"),
    CvmRegion("ap-shanghai", "East China (Shanghai)"),
    CvmRegion("ap-hongkong", "Hong Kong, Macau and Taiwan (China) (Hong Kong, China)"),
    CvmRegion("na-toronto", "North America (Toronto)"),
    CvmRegion("ap-shanghai-fsi", "East China (Shanghai Finance)", takes_image_copies=False),
    CvmRegion("ap-beijing", "North China (Beijing)"),
    CvmRegion("ap-singapore", "Southeast Asia (Singapore)"),
    CvmRegion("ap-shenzhen-fsi", "South China (Shenzhen Finance)", takes_image_copies=False),
    CvmRegion("ap-guangzhou-open", "South China (Guangzhou OPEN)", takes_image_copies=False),
    CvmRegion("na-siliconvalley", "US West (Silicon Valley)"),
    CvmRegion("ap-chengdu", "Southwest China (Chengdu)"),
    CvmRegion("eu-frankfurt", "Europe (Frankfurt)"),
    CvmRegion("ap-seoul", "Northeast Asia (Seoul)"),
    CvmRegion("ap-chongqing", "Southwest China (Chongqing)"),
    CvmRegion("ap-mumbai", "South Asia (Mumbai)"),
    CvmRegion("na-ashburn", "US East (Virginia)"),
    CvmRegion("ap-bangkok", "Southeast Asia (Bangkok)"),
    CvmRegion("eu-moscow", "Europe (Moscow)"),
    CvmRegion("ap-tokyo", "Northeast Asia (Tokyo)"),
    CvmRegion("ap-nanjing", "East China (Nanjing)"),
    CvmRegion("ap-taipei", "Hong Kong, Macau and Taiwan (China) (Taipei, China)"),
    CvmRegion("ap-jakarta", "Southeast Asia (Jakarta)"),
    CvmRegion("sa-saopaulo", "South America (Sao Paulo)"),
)

CVM_BY_NAME: dict[str, CvmRegion] = {region.name: region for region in CVM_REGIONS}
CVM_REGION_NAMES: frozenset[str] = frozenset(CVM_BY_NAME)
