"""Promotion: copy `develop/app:<build>` onto `release/app:prd`.

Changing `build` (`pulumi config set build v1`) promotes another tag onto `prd` in place: the
tag is overwritten in one step and never missing. Destroy removes `prd` only if it still holds
what this program put there.
"""

import pulumi

from pulumi_imagesync import tencentcloud

config = pulumi.Config()

promote = tencentcloud.ImageDuplicate(
    "promote",
    registry_id="tcr-e8pg46c6",
    source_namespace="develop",
    source_repo="app",
    source_reference=config.get("build") or "stg",
    destination_namespace="release",
    destination_repo="app",
    destination_tag="prd",
    override=True,
)

pulumi.export("image", promote.image_reference)
pulumi.export("digest", promote.digest)
