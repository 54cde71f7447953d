"""SWR automatic image sync: `team-a/web/app` in Beijing (cn-north-4) to Shanghai (cn-east-3).

Every image pushed from now on is copied; `sync_existing` also copies the tags that are already
there (an automatic sync rule only sees new pushes), and waits until each copy has finished.
Destroy deletes the rule; the images already synced stay in Shanghai.

With the emulator (`imagesync-emulator --world demo`), set `imagesync:emulator` and the emulator's
keys as `huaweicloud:accessKey` / `huaweicloud:secretKey`; against Huawei Cloud, set those (both
with `pulumi config set --secret`) and `huaweicloud:region`. A region's project id is looked up through
IAM, or taken from `huaweicloud:projectId` for `huaweicloud:region`.
"""

import pulumi

from pulumi_imagesync import huaweicloud

config = pulumi.Config()

sync = huaweicloud.SyncRepoTask(
    "app-to-shanghai",
    region=config.get("region") or "cn-north-4",
    namespace=config.get("namespace") or "team-a",
    repository=config.get("repository") or "web/app",
    remote_region_id=config.get("remote_region") or "cn-east-3",
    remote_namespace=config.get("remote_namespace") or "team-a",
    override=True,
    sync_existing=True,
)

pulumi.export("rule_id", sync.rule_id)
pulumi.export("synced_tags", sync.synced_tags)
pulumi.export("sync_jobs", sync.sync_jobs)
