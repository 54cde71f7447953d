"""Tencent Cloud: TCR replication rules and tag copies, CVM image copies across regions."""

from .cvm_image_sync import CvmImageSync, CvmImageSyncArgs
from .image_duplicate import ImageDuplicate, ImageDuplicateArgs
from .replication_rule import ReplicationRule, ReplicationRuleArgs

__all__ = [
    "CvmImageSync",
    "CvmImageSyncArgs",
    "ImageDuplicate",
    "ImageDuplicateArgs",
    "ReplicationRule",
    "ReplicationRuleArgs",
]
