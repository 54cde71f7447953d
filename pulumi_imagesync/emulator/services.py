"""The service registry: which services the emulator serves, through which protocol.

Adding a service is one `ServiceSpec` line here (plus its modules); the protocols are built from
this list. ``oci`` (plain OCI registries) has a backend and registries but no cloud API. The documented rate limits, applied by ``"rate_limits": "documented"`` in the faults
document, sit beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .acr.models import COPY_FAIL_KEYS as ACR_COPY_FAIL_KEYS
from .acr.models import AcrBackend
from .acr.responses import AcrResponses
from .alibaba_regions import ACR_REGIONS
from .backend import ServiceSpec
from .cvm.models import COPY_FAIL_KEYS as CVM_COPY_FAIL_KEYS
from .cvm.models import CvmBackend
from .cvm.responses import CvmResponses
from .faults import RateTable
from .huawei_regions import SWR_REGION_NAMES
from .iam.models import IamBackend
from .iam.responses import IamResponses
from .protocols.alibaba import AlibabaProtocol
from .protocols.base import CloudProtocol
from .protocols.huawei import HuaweiProtocol
from .protocols.tencent import TencentProtocol
from .registry.plain import PlainBackend
from .swr.models import COPY_FAIL_KEYS as SWR_COPY_FAIL_KEYS
from .swr.models import SwrBackend
from .swr.responses import SwrResponses
from .tcr.models import COPY_FAIL_KEYS as TCR_COPY_FAIL_KEYS
from .tcr.models import TcrBackend
from .tcr.responses import TcrResponses
from .tencent_regions import CVM_REGION_NAMES, TCR_REGION_NAMES

SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        "tencentcloud",
        "tcr",
        TencentProtocol,
        TcrBackend,
        TcrResponses,
        api_version="2019-09-24",
        regions=TCR_REGION_NAMES,
        copy_fail_keys=TCR_COPY_FAIL_KEYS,
    ),
    ServiceSpec(
        "tencentcloud",
        "cvm",
        TencentProtocol,
        CvmBackend,
        CvmResponses,
        api_version="2017-03-12",
        regions=CVM_REGION_NAMES,
        copy_fail_keys=CVM_COPY_FAIL_KEYS,
    ),
    ServiceSpec(
        "huaweicloud",
        "swr",
        HuaweiProtocol,
        SwrBackend,
        SwrResponses,
        regions=SWR_REGION_NAMES,
        copy_fail_keys=SWR_COPY_FAIL_KEYS,
    ),
    ServiceSpec("huaweicloud", "iam", HuaweiProtocol, IamBackend, IamResponses, regions=SWR_REGION_NAMES),
    ServiceSpec(
        "alibabacloud",
        "acr",
        AlibabaProtocol,
        AcrBackend,
        AcrResponses,
        api_version="2018-12-01",
        regions=ACR_REGIONS,
        copy_fail_keys=ACR_COPY_FAIL_KEYS,
    ),
    ServiceSpec("oci", "oci", None, PlainBackend),  # plain OCI registries: no cloud API
)

# Requests per second per (cloud, service) and action, from the clouds' API documentation: the TCR
# API category (https://www.tencentcloud.com/document/api/1051/41098) and action pages
# (ManageReplication https://www.tencentcloud.com/document/api/1051/42669, DescribeReplicationPolicies
# https://cloud.tencent.com/document/api/1141/126602, DescribeReplicationExecutions
# https://cloud.tencent.com/document/api/1141/137093), CVM's action pages (SyncImages
# https://www.tencentcloud.com/document/api/213/33267, DeleteImages
# https://cloud.tencent.com/document/product/213/15716, DescribeImages
# https://cloud.tencent.com/document/api/213/15715). Huawei SWR documents no limit ("Constraints:
# None", e.g. https://support.huaweicloud.com/eu/api-swr/swr_02_0012.html), nor does Alibaba ACR for
# cr 2018-12-01 (https://www.alibabacloud.com/help/en/openapi/throttling-and-quota-management says
# where limits are published; ACR's pages show none): emulate theirs with `throttle` rules.
DOCUMENTED_RATE_LIMITS: RateTable = {
    ("tencentcloud", "tcr"): {
        "ManageReplication": 20,
        "ModifyReplication": 20,
        "DeleteReplicationRule": 20,
        "DescribeReplicationPolicies": 20,
        "DescribeReplicationExecutions": 20,
        "DuplicateImage": 20,
        "DescribeImages": 100,
        "DeleteRepositoryTags": 20,
        "DescribeInstances": 100,
        "DescribeRegions": 20,
    },
    ("tencentcloud", "cvm"): {"SyncImages": 10, "DeleteImages": 10, "DescribeImages": 40},
}


def build_protocols(services: Sequence[ServiceSpec] = SERVICES) -> list[CloudProtocol]:
    """One protocol instance per protocol class, serving its services, in registration order."""
    grouped: dict[type[CloudProtocol], list[ServiceSpec]] = {}
    for spec in services:
        if spec.protocol is not None:
            grouped.setdefault(spec.protocol, []).append(spec)
    return [protocol(specs) for protocol, specs in grouped.items()]
