"""Promote across clouds: copy `develop/app:<build>` from a TCR instance to `ns1/app:release` in ACR.

Each registry's login comes from its own cloud's API, with the credentials of the stack config
(`tencentcloud:*`, `alicloud:*`); no registry password is written anywhere. Changing `build`
(`pulumi config set build v1`) copies the new image onto the same tag, in place: `release` is
never missing. `pulumi refresh` shows a tag changed by hand as drift, and the next `pulumi up`
copies again; `pulumi destroy` removes `release` only if it still holds the image this program
copied. `platforms` (e.g. `pulumi config set --path 'platforms[0]' linux/amd64`) copies some
platforms of a multi-platform image, into an index of their own.
"""

import pulumi

from pulumi_imagesync import registry

config = pulumi.Config()

release = registry.ImageCopy(
    "release-to-hangzhou",
    source=registry.ImageRefArgs(
        cloud="tencentcloud",
        registry="tcr-e8pg46c6",
        region="ap-guangzhou",
        repository="develop/app",
        tag=config.get("build") or "stg",
    ),
    destination={
        "cloud": "alibabacloud",
        "registry": "cri-ibxs3piklys3",
        "region": "cn-hangzhou",
        "repository": "ns1/app",
        "tag": "release",
    },
    platforms=config.get_object("platforms"),
    include_referrers=True,
    timeout_seconds=1200,
)

pulumi.export("reference", release.reference)
pulumi.export("digest", release.digest)
pulumi.export("copied", {"blobs": release.blobs_copied, "bytes": release.bytes_copied})
