"""Many long copies in one `pulumi up`: `develop/app:stg` copied onto `release/app:stg-<i>`.

Each create waits for its copy. The provider serves as many calls at once as the engine sends
(`pulumi up --parallel N`; the engine's default is 4 per core), up to `imagesync:maxConcurrentCalls`
(default 64), so N copies take about as long as one. The calls stay within TCR's documented
rate limits, however many there are. `pulumi config set copies 32` chooses how many.
"""

import pulumi

from pulumi_imagesync import tencentcloud

config = pulumi.Config()

copies = [
    tencentcloud.ImageDuplicate(
        f"copy-{i}",
        registry_id="tcr-e8pg46c6",
        source_namespace="develop",
        source_repo="app",
        source_reference="stg",
        destination_namespace="release",
        destination_repo="app",
        destination_tag=f"stg-{i}",
    )
    for i in range(config.get_int("copies") or 8)
]

pulumi.export("images", [copy.image_reference for copy in copies])
