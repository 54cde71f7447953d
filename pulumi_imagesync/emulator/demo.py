"""The named worlds (``--world demo|empty``) and the seed document's schema.

``POST /_emulator/seed`` (and ``Emulator.seed``) merges a document of this shape into the world::

    {"accounts": [{"access_key_id": "AKIDpeer", "access_key_secret": "s",
                   "account_id": "100000000002", "security_token": "optional"}],
     "tcr": {"registries": [
        {"id": "tcr-e8pg46c6", "region": "ap-guangzhou", "name": "prod",
         "account_id": "100000000001", "peer_token": "optional",
         "namespaces": [{"name": "develop",
                         "repositories": [{"name": "app",
                                           "tags": {"stg": {"size": 123456}, "v1": {}}}]}]}]},
     "swr": {"namespaces": [
        {"region": "cn-north-4", "name": "team-a", "account_id": "100000000001",
         "repositories": [{"name": "web/app", "tags": {"v1": {}}}]}]},
     "acr": {"instances": [
        {"id": "cri-hpdfkc6utbaq", "region": "cn-beijing", "name": "prod", "account_id": "100000000001",
         "namespaces": [{"name": "ns1",
                         "repositories": [{"name": "repo1", "id": "crr-iql7jalx4g0a",
                                           "tags": {"tag1": {"platforms": ["linux/amd64"]}}}]}]}]},
     "cvm": {"image_quota": 500,
             "images": [{"id": "img-o3ycss2p", "region": "ap-beijing", "name": "golden",
                         "type": "PRIVATE_IMAGE", "state": "NORMAL", "account_id": "100000000001",
                         "os_name": "TencentOS Server 3.1 (TK4)", "platform": "TencentOS",
                         "architecture": "x86_64", "size": 50, "encrypted": false, "description": "",
                         "snapshots": [{"id": "snap-0000beef", "usage": "SYSTEM_DISK", "size": 50}]}]},
     "oci": {"registries": [{"id": "mirror", "username": "u", "password": "p",
                             "repositories": [{"name": "library/app", "tags": {"v1": {}}}]}]}}

- ``accounts``: extra key pairs (the CLI's pair, account ``100000000001``, always exists). An
  account with ``security_token`` requires the matching token on every call (STS credentials).
- ``tcr.registries[]``: ``id`` and ``region`` (a TCR region name) are required; ``name`` defaults to
  the id, ``account_id`` to the default account. ``peer_token`` is the token a peer account must
  present in ``ManageReplication.PeerReplicationOption`` to replicate into this registry.
  Repository names may contain ``/`` (``team/app``). A tag is a real image built from
  ``namespace/repository:tag`` (the same names give the same image everywhere); its document may
  ask for sizes, layers, platforms, referrers and signatures (``images`` has the schema).
- ``swr.namespaces[]``: ``region`` (an SWR region) and ``name`` are required; ``account_id``
  defaults to the default account. SWR namespaces are per region; repositories may contain ``/``.
- ``iam`` takes no seed: each account's project id in each region is derived
  (``huawei_regions.project_id``) and listed in the state under ``iam.projects``.
- ``acr.instances[]``: ACR Enterprise instances; ``id`` (``cri-...``, unique across regions) and
  ``region`` (an Alibaba region id) are required; ``name`` defaults to the id, ``account_id`` to the
  default account (an instance of another account is a target for ``TargetUserId``). A
  repository's ``id`` (``crr-...``) defaults to one derived from instance/namespace/name.
- Merging: existing registries/instances/namespaces/repositories are kept and extended; a seeded
  tag is a push (it overwrites the tag and starts the matching TCR replication rules or SWR
  auto-sync rules).
- ``oci.registries[]``: plain OCI registries (``registry.plain``): ``id``, and ``username`` with
  ``password`` for Basic logins (none: anonymous); any repository names.
- ``cvm.images[]``: ``id`` (``img-`` + 8 lower-case letters or digits) and ``region`` are required;
  ``type`` is ``PRIVATE_IMAGE`` (default), ``SHARED_IMAGE`` (shared with ``account_id`` by another
  account) or ``PUBLIC_IMAGE``; ``state`` defaults to ``NORMAL``, ``name`` to the id, ``size`` (GiB)
  to 50; a custom image without ``snapshots`` gets one system-disk snapshot of its size. Seeding an
  existing id replaces that image. ``cvm.image_quota`` (default 500) is the number of custom images
  an account may hold per region.

The demo world is what the README examples and ``Pulumi.yaml`` expect to find, in account
``100000000001`` (the default key pair): ``tcr-xxx`` (ap-guangzhou) with ``prod/app:v1,v2,test``
and an empty ``test`` namespace, ``tcr-yyy`` (ap-singapore, TCR region id 9) with empty ``test``
and ``prod`` namespaces as a replication target, and ``tcr-e8pg46c6`` (ap-guangzhou) with
``develop/app:stg,v1`` and ``release/app:v0`` for ``DuplicateImage`` promotions; in SWR,
``team-a/web/app:v1,v2`` in ``cn-north-4`` and an empty ``team-a`` in ``cn-east-3`` as a sync target;
the ACR instances ``cri-hpdfkc6utbaq`` (cn-beijing) with ``ns1/repo1:tag1,tag2`` (repository id ``crr-iql7jalx4g0a``) and
``cri-ibxs3piklys3`` (cn-hangzhou) with empty ``ns1`` and ``mirror`` namespaces, for
``CreateRepoSyncTask`` copies and sync rules across regions; in CVM, the custom image ``img-o3ycss2p`` (``golden``, ap-beijing) to copy to
other regions, and the image ``img-5h4r3d00`` (``partner-base``, ap-guangzhou) that another account
shared with the default account.
"""

from __future__ import annotations

from typing import Any

DEMO_WORLD: dict[str, Any] = {
    "tcr": {
        "registries": [
            {
                "id": "tcr-xxx",
                "region": "ap-guangzhou",
                "name": "imagesync-demo-gz",
                "namespaces": [
                    {
                        "name": "prod",
                        "repositories": [{"name": "app", "tags": {"v1": {}, "v2": {}, "test": {}}}],
                    },
                    {"name": "test"},
                ],
            },
            {
                "id": "tcr-yyy",
                "region": "ap-singapore",
                "name": "imagesync-demo-sg",
                "namespaces": [{"name": "test"}, {"name": "prod"}],
            },
            {
                "id": "tcr-e8pg46c6",
                "region": "ap-guangzhou",
                "name": "imagesync-demo-release",
                "namespaces": [
                    {"name": "develop", "repositories": [{"name": "app", "tags": {"stg": {}, "v1": {}}}]},
                    {"name": "release", "repositories": [{"name": "app", "tags": {"v0": {}}}]},
                ],
            },
        ]
    },
    "swr": {
        "namespaces": [
            {
                "region": "cn-north-4",
                "name": "team-a",
                "repositories": [{"name": "web/app", "tags": {"v1": {}, "v2": {}}}],
            },
            {"region": "cn-east-3", "name": "team-a"},
        ]
    },
    "acr": {
        "instances": [
            {
                "id": "cri-hpdfkc6utbaq",
                "region": "cn-beijing",
                "name": "imagesync-demo-beijing",
                "namespaces": [
                    {
                        "name": "ns1",
                        "repositories": [
                            {"name": "repo1", "id": "crr-iql7jalx4g0a", "tags": {"tag1": {}, "tag2": {}}}
                        ],
                    }
                ],
            },
            {
                "id": "cri-ibxs3piklys3",
                "region": "cn-hangzhou",
                "name": "imagesync-demo-hangzhou",
                "namespaces": [{"name": "ns1"}, {"name": "mirror"}],
            },
        ]
    },
    "cvm": {
        "images": [
            {"id": "img-o3ycss2p", "region": "ap-beijing", "name": "golden", "size": 50},
            {"id": "img-5h4r3d00", "region": "ap-guangzhou", "name": "partner-base", "type": "SHARED_IMAGE"},
        ]
    },
}

WORLDS: dict[str, dict[str, Any]] = {"empty": {}, "demo": DEMO_WORLD}
