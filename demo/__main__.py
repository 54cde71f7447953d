"""The demo: one of each resource, against the emulator's demo world.

`scripts/demo` starts the emulator and sets the stack config (`imagesync:emulator` and the
emulator's key pair); pointed at real clouds with real credentials instead, the same program
manages real objects.
"""

import pulumi

from pulumi_imagesync import alibabacloud, huaweicloud, registry, tencentcloud

rule = tencentcloud.ReplicationRule(
    "prod-to-sg",
    source_registry_id="tcr-xxx",
    destination_registry_id="tcr-yyy",
    destination_region_id=9,
    dest_namespace="test",
    override=True,
    filters=[{"type": "tag", "value": "test"}],
    region="ap-guangzhou",
)

promote = tencentcloud.ImageDuplicate(
    "promote",
    registry_id="tcr-e8pg46c6",
    source_namespace="develop",
    source_repo="app",
    source_reference="stg",
    destination_namespace="release",
    destination_repo="app",
    destination_tag="prd",
    override=True,
    region="ap-guangzhou",
)

golden = tencentcloud.CvmImageSync(
    "golden-image",
    image_id="img-o3ycss2p",
    region="ap-beijing",
    destination_regions=["ap-guangzhou", "ap-shanghai", "ap-singapore"],
    image_name="golden-2026-11",
)

swr_sync = huaweicloud.SyncRepoTask(
    "app-to-shanghai",
    region="cn-north-4",
    namespace="team-a",
    repository="web/app",
    remote_region_id="cn-east-3",
    remote_namespace="team-a",
    override=True,
    sync_existing=True,
)

release = alibabacloud.SyncRepoTask(
    "release-to-hangzhou",
    instance_id="cri-hpdfkc6utbaq",
    region="cn-beijing",
    namespace="ns1",
    repo_name="repo1",
    tag="tag1",
    target_instance_id="cri-ibxs3piklys3",
    target_region_id="cn-hangzhou",
    target_namespace="ns1",
    target_repo_name="repo1",
    target_tag="tag1",
    override=True,
)

mirror = alibabacloud.SyncRule(
    "repo1-mirror",
    sync_scope="REPO",
    instance_id="cri-hpdfkc6utbaq",
    namespace_name="ns1",
    repo_name="repo1",
    tag_filter="tag[0-9]+",
    region="cn-beijing",
    target_instance_id="cri-ibxs3piklys3",
    target_region_id="cn-hangzhou",
    target_namespace_name="mirror",
    target_repo_name="repo1",
    sync_existing=True,
)

# Across clouds: the staging image from TCR (Guangzhou) to ACR Enterprise (Hangzhou), each
# registry's login issued by its own cloud's API.
stg_copy = registry.ImageCopy(
    "stg-to-hangzhou",
    source={
        "cloud": "tencentcloud",
        "registry": "tcr-e8pg46c6",
        "region": "ap-guangzhou",
        "repository": "develop/app",
        "tag": "stg",
    },
    destination={
        "cloud": "alibabacloud",
        "registry": "cri-ibxs3piklys3",
        "region": "cn-hangzhou",
        "repository": "ns1/app",
        "tag": "stg",
    },
)

# The release tags of the same repository, kept mirrored to SWR (Beijing): a `pulumi up --refresh`
# on a schedule copies every new or moved tag the filter selects.
app_mirror = registry.RepositoryMirror(
    "app-to-beijing",
    source={
        "cloud": "tencentcloud",
        "registry": "tcr-e8pg46c6",
        "region": "ap-guangzhou",
        "repository": "develop/app",
    },
    destination={"cloud": "huaweicloud", "region": "cn-north-4", "repository": "team-a/app-mirror"},
    tags={"include": [r"v\d+(\.\d+)*", "stg"], "latest": 10},
)

pulumi.export(
    "replication_rule", {"id": rule.id, "policy_id": rule.policy_id, "destination": rule.destination_resource}
)
pulumi.export("promoted", {"image": promote.image_reference, "digest": promote.digest})
pulumi.export("golden_image_ids", golden.image_ids)
pulumi.export("swr_sync", {"id": swr_sync.id, "synced_tags": swr_sync.synced_tags})
pulumi.export("acr_copy", {"status": release.task_status, "digest": release.digest})
pulumi.export("acr_sync_rule", {"id": mirror.sync_rule_id, "synced_tags": mirror.synced_tags})
pulumi.export("image_copy", {"reference": stg_copy.reference, "digest": stg_copy.digest})
pulumi.export("repository_mirror", {"copied": app_mirror.copied_tags, "failed": app_mirror.failed_tags})
