"""A golden VM image, copied from Beijing to three regions; the copies are managed resources.

Add a region to `regions` and `pulumi up` copies the image there alone; drop one and its copy
(with its snapshots) is deleted; a new `build` copies again everywhere, deleting each old copy
only once its replacement is ready. `pulumi destroy` deletes every copy and its snapshots.

With the emulator (`imagesync-emulator --world demo`), set `imagesync:emulator` and the
emulator's keys in the stack config; against Tencent Cloud, set `tencentcloud:secretId` and
`tencentcloud:secretKey` (both with `pulumi config set --secret`), and `image_id` to one of your
custom images.
"""

import pulumi

from pulumi_imagesync import tencentcloud

config = pulumi.Config()

golden = tencentcloud.CvmImageSync(
    "golden-image",
    image_id=config.get("image_id") or "img-o3ycss2p",
    region=config.get("source_region") or "ap-beijing",
    destination_regions=config.get_object("regions") or ["ap-guangzhou", "ap-shanghai", "ap-singapore"],
    image_name=config.get("image_name") or "golden-2026-11",
    triggers={"build": config.get("build") or "1"},
    # Many long copies in one stack: return once the copies are accepted, and let
    # `pulumi refresh` report `image_states` / `sync_percents`.
    wait=config.get_bool("wait") is not False,
)

pulumi.export("image_ids", golden.image_ids)
pulumi.export("image_states", golden.image_states)
