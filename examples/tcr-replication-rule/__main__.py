"""A TCR replication rule: `v*` tags of namespace `prod` go to an instance in Singapore.

With the emulator (`imagesync-emulator --world demo`), set `imagesync:emulator` and the
emulator's keys in the stack config; against Tencent Cloud, set `tencentcloud:secretId` and
`tencentcloud:secretKey` (both with `pulumi config set --secret`) and `tencentcloud:region`.

Cross-account: `pulumi config set peer_registry_uin <account>` and
`pulumi config set --secret peer_registry_token <token>`; the token stays encrypted in the state.
"""

import pulumi

from pulumi_imagesync import tencentcloud

config = pulumi.Config()

rule = tencentcloud.ReplicationRule(
    "prod-to-sg",
    source_registry_id=config.get("source_registry_id") or "tcr-xxx",
    destination_registry_id=config.get("destination_registry_id") or "tcr-yyy",
    destination_region="ap-singapore",
    dest_namespace=config.get("dest_namespace") or "test",
    filters=[{"type": "name", "value": "prod/**"}, {"type": "tag", "value": "v*"}],
    override=True,
    description="release tags to Singapore",
    peer_registry_uin=config.get("peer_registry_uin"),
    peer_registry_token=config.get_secret("peer_registry_token"),
)

pulumi.export("rule_id", rule.id)
pulumi.export("policy_id", rule.policy_id)
pulumi.export("latest_execution", rule.latest_execution)
