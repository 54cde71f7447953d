"""Mirror the release tags of `develop/app` from a TCR instance to `team-a/app-mirror` in SWR.

The tags are chosen by the filter: whole-tag regular expressions (`include`, `exclude`), a
semantic-version range (`semver`, npm style) and the newest N (`latest`). Each registry's login
comes from its own cloud's API, with the credentials of the stack config (`tencentcloud:*`,
`huaweicloud:*`). Run `pulumi up --refresh` on a schedule: a new matching tag, or a tag moved at
the source, is drift, and the same `up` copies it. `prune` (`pulumi config set prune true`)
deletes the tags this mirror copied that the filter no longer selects, never anyone else's.
`pulumi destroy` deletes only the tags this mirror copied that still hold what it wrote.
"""

import pulumi

from pulumi_imagesync import registry

config = pulumi.Config()

mirror = registry.RepositoryMirror(
    "app-to-beijing",
    source=registry.ImageRefArgs(
        cloud="tencentcloud",
        registry="tcr-e8pg46c6",
        region="ap-guangzhou",
        repository="develop/app",
    ),
    destination={"cloud": "huaweicloud", "region": "cn-north-4", "repository": "team-a/app-mirror"},
    tags=registry.TagFilterArgs(
        include=[r"v\d+(\.\d+)*", "stg"],
        exclude=[r".*-rc.*"],
        latest=config.get_int("latest") or 10,
    ),
    prune=config.get_bool("prune") or False,
    max_parallel=4,
    timeout_seconds=1800,
)

pulumi.export("selected", mirror.selected_tags)
pulumi.export("copied", mirror.copied_tags)
pulumi.export("failed", mirror.failed_tags)
pulumi.export("latest_order", mirror.latest_order)
