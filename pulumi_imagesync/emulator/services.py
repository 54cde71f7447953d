"""The service registry: which services the emulator serves, through which protocol.

Adding a service is one `ServiceSpec` line here (plus its modules); the protocols are built from
this list. The documented rate limits, applied by ``"rate_limits": "documented"`` in the faults
document, sit beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .acr.models import COPY_FAIL_KEYS as ACR_COPY_FAIL_KEYS
from .acr.models import AcrBackend
from .acr.responses import AcrResponses
from .alibaba_regions import ACR_REGIONS
from .backend import ServiceSpec
from .faults import RateTable
from .protocols.alibaba import AlibabaProtocol
from .protocols.base import CloudProtocol
from .protocols.tencent import TencentProtocol
from .tcr.models import COPY_FAIL_KEYS as TCR_COPY_FAIL_KEYS
from .tcr.models import TcrBackend
from .tcr.responses import TcrResponses
from .tencent_regions import TCR_REGION_NAMES

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
        "alibabacloud",
        "acr",
        AlibabaProtocol,
        AcrBackend,
        AcrResponses,
        api_version="2018-12-01",
        regions=ACR_REGIONS,
        copy_fail_keys=ACR_COPY_FAIL_KEYS,
    ),
)

# Requests per second per (cloud, service) and action, from the clouds' API documentation.
DOCUMENTED_RATE_LIMITS: RateTable = {
    ("tencentcloud", "tcr"): {
        "ManageReplication": 20,
        "ModifyReplication": 20,
        "DeleteReplicationRule": 20,
        "DuplicateImage": 20,
    },
    ("tencentcloud", "cvm"): {"SyncImages": 10},
}


def build_protocols(services: Sequence[ServiceSpec] = SERVICES) -> list[CloudProtocol]:
    """One protocol instance per protocol class, serving its services, in registration order."""
    grouped: dict[type[CloudProtocol], list[ServiceSpec]] = {}
    for spec in services:
        grouped.setdefault(spec.protocol, []).append(spec)
    return [protocol(specs) for protocol, specs in grouped.items()]
