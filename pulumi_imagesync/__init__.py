"""pulumi-imagesync: cloud image replication as declared infrastructure.

One submodule per cloud (`tencentcloud`, `huaweicloud`, `alibabacloud`); the Tencent resources
are also importable from here. Cloud SDKs are optional extras, imported only when a resource
first calls its cloud.
"""

from .tencentcloud import ImageDuplicate, ImageDuplicateArgs, ReplicationRule, ReplicationRuleArgs

__version__ = "0.1.0"

__all__ = ["ImageDuplicate", "ImageDuplicateArgs", "ReplicationRule", "ReplicationRuleArgs", "__version__"]
