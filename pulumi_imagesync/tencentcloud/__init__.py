"""Tencent Cloud: TCR replication rules and tag copies, CVM image copies across regions."""

from .image_duplicate import ImageDuplicate, ImageDuplicateArgs
from .replication_rule import ReplicationRule, ReplicationRuleArgs

__all__ = ["ImageDuplicate", "ImageDuplicateArgs", "ReplicationRule", "ReplicationRuleArgs"]
