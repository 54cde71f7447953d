"""Mirror: every `tag*` image of namespace `ns1` in Beijing is copied to `mirror` in Hangzhou.

The rule copies what is pushed from now on (`PASSIVE`); `sync_existing` also copies what is there
already, once, and waits for it. A new `release` (`pulumi config set release 2`) runs the rule
again, in place. A new `tag_filter` replaces the rule (the API cannot change one): the old rule is
deleted first, since the new one has the same name. `pulumi destroy` deletes the rule; the images
it copied stay in Hangzhou.
"""

import pulumi

from pulumi_imagesync import alibabacloud

config = pulumi.Config()

mirror = alibabacloud.SyncRule(
    "ns1-to-hangzhou",
    instance_id="cri-hpdfkc6utbaq",
    region="cn-beijing",
    sync_scope="NAMESPACE",
    namespace_name="ns1",
    tag_filter=config.get("tag_filter") or "tag.*",
    target_instance_id="cri-ibxs3piklys3",
    target_region_id="cn-hangzhou",
    target_namespace_name="mirror",
    sync_existing=True,
    triggers={"release": config.get("release") or "1"},
)

pulumi.export("rule_id", mirror.sync_rule_id)
pulumi.export("synced_tags", mirror.synced_tags)
pulumi.export("failed_tags", mirror.failed_tags)
