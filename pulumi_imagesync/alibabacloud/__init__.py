"""Alibaba Cloud: ACR Enterprise tag copies between instances, regions and accounts (sync tasks), and
the synchronization rules that copy them automatically or when run."""

from .sync_repo_task import SyncRepoTask, SyncRepoTaskArgs
from .sync_rule import SyncRule, SyncRuleArgs

__all__ = ["SyncRepoTask", "SyncRepoTaskArgs", "SyncRule", "SyncRuleArgs"]
