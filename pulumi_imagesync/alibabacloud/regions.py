"""Alibaba Cloud regions, bundled so that `check()` can validate names without a cloud call.

The region ids where Container Registry Enterprise Edition is offered (the ACR region list of
Alibaba Cloud's documentation); the API's `RegionId` and `TargetRegionId` take these names, and
the endpoint of a region is `cr.<region>.aliyuncs.com`.
"""

from __future__ import annotations

REGIONS: frozenset[str] = frozenset(
    {
        # Chinese mainland
        "cn-qingdao",
        "cn-beijing",
        "cn-zhangjiakou",
        "cn-huhehaote",
        "cn-wulanchabu",
        "cn-hangzhou",
        "cn-shanghai",
        "cn-nanjing",
        "cn-fuzhou",
        "cn-shenzhen",
        "cn-heyuan",
        "cn-guangzhou",
        "cn-chengdu",
        # finance clouds
        "cn-shanghai-finance-1",
        "cn-shenzhen-finance-1",
        "cn-beijing-finance-1",
        # elsewhere
        "cn-hongkong",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-southeast-1",
        "ap-southeast-3",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "us-east-1",
        "us-west-1",
        "eu-west-1",
        "eu-central-1",
        "me-east-1",
        "me-central-1",
    }
)
