"""Which registry: a cloud and the registry's id in it (an SWR registry is a region)."""

from __future__ import annotations

from dataclasses import dataclass

CLOUDS = ("tencentcloud", "huaweicloud", "alibabacloud", "oci")


@dataclass(frozen=True, order=True)
class RegistryKey:
    cloud: str  # one of CLOUDS
    id: str  # TCR / ACR instance id, SWR region, plain registry id

    def __str__(self) -> str:
        return f"{self.cloud}/{self.id}"
