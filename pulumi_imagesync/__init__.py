"""pulumi-imagesync: cloud image replication as declared infrastructure.

One submodule per cloud (`tencentcloud`, `huaweicloud`, `alibabacloud`); the Tencent resources
are also importable from here. Cloud SDKs are optional extras, imported only when a resource
first calls its cloud.
"""

from importlib.metadata import PackageNotFoundError, version

from .tencentcloud import (
    CvmImageSync,
    CvmImageSyncArgs,
    ImageDuplicate,
    ImageDuplicateArgs,
    ReplicationRule,
    ReplicationRuleArgs,
)

try:
    __version__ = version("pulumi-imagesync")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "CvmImageSync",
    "CvmImageSyncArgs",
    "ImageDuplicate",
    "ImageDuplicateArgs",
    "ReplicationRule",
    "ReplicationRuleArgs",
    "__version__",
]
