"""Release: copy `ns1/repo1:<build>` from the Beijing instance to `ns1/repo1:release` in Hangzhou.

Changing `build` (`pulumi config set build tag2`) runs a new sync task onto the same target tag,
in place. `pulumi destroy` cancels a task still running and removes `release` only if it still
holds the image this program copied. With many long copies, set `wait=False` and let
`pulumi refresh` report their progress.
"""

import pulumi

from pulumi_imagesync import alibabacloud

config = pulumi.Config()

release = alibabacloud.SyncRepoTask(
    "release-to-hangzhou",
    instance_id="cri-hpdfkc6utbaq",
    region="cn-beijing",
    namespace="ns1",
    repo_name="repo1",
    tag=config.get("build") or "tag1",
    target_instance_id="cri-ibxs3piklys3",
    target_region_id="cn-hangzhou",
    target_namespace="ns1",
    target_repo_name="repo1",
    target_tag="release",
    timeout_seconds=900,
)

pulumi.export("task", release.sync_task_id)
pulumi.export("status", release.task_status)
pulumi.export("digest", release.digest)
