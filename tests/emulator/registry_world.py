"""A world with one registry of each kind, for the registry tests, and its names."""

from __future__ import annotations

from typing import Any

GZ, SWR_BJ, ACR_HZ = "ap-guangzhou", "cn-north-4", "cn-hangzhou"
TCR, TCR_PEER, ACR, PLAIN, PUBLIC = "tcr-oci00001", "tcr-peer0001", "cri-oci00000001", "mirror", "public"
PEER = "100000000002"
PEER_KEYS = {"access_key_id": "AKIDpeer", "access_key_secret": "peer-secret", "account_id": PEER}
PLAIN_LOGIN = {"username": "mirror-user", "password": "mirror-pass"}
SIGNATURE = "application/vnd.dev.cosign.artifact.sig.v1+json"
SBOM = "application/spdx+json"

# (cloud, registry id, region, a repository there): one registry of each kind.
REGISTRIES = [
    ("tencentcloud", TCR, GZ, "team/app"),
    ("huaweicloud", SWR_BJ, SWR_BJ, "team/app"),
    ("alibabacloud", ACR, ACR_HZ, "team/app"),
    ("oci", PLAIN, "", "team/app"),
]


def repositories(**tags: Any) -> list[dict[str, Any]]:
    return [{"name": "app", "tags": tags}] if tags else []


WORLD: dict[str, Any] = {
    "accounts": [PEER_KEYS],
    "tcr": {
        "registries": [
            {
                "id": TCR,
                "region": GZ,
                "namespaces": [
                    {
                        "name": "team",
                        "repositories": repositories(
                            v1={},
                            multi={"platforms": ["linux/amd64", "linux/arm64/v8"]},
                            signed={
                                "referrers": [{"artifact_type": SIGNATURE}, {"artifact_type": SBOM}],
                                "signatures": ["sig"],
                            },
                            docker={"format": "docker"},
                        ),
                    },
                    {"name": "other"},
                ],
            },
            {"id": TCR_PEER, "region": GZ, "account_id": PEER, "namespaces": [{"name": "team"}]},
        ]
    },
    "swr": {
        "namespaces": [
            {"region": SWR_BJ, "name": "team", "repositories": repositories(v1={})},
            {"region": SWR_BJ, "name": "peer-team", "account_id": PEER, "repositories": repositories(v1={})},
        ]
    },
    "acr": {
        "instances": [
            {
                "id": ACR,
                "region": ACR_HZ,
                "namespaces": [{"name": "team", "repositories": repositories(v1={})}],
            }
        ]
    },
    "oci": {
        "registries": [
            {"id": PLAIN, **PLAIN_LOGIN, "repositories": [{"name": "team/app", "tags": {"v1": {}}}]},
            {"id": PUBLIC},
        ]
    },
}
