"""Alibaba Cloud: ACR Enterprise tag copies between instances, regions and accounts (sync tasks)."""

from .sync_repo_task import SyncRepoTask, SyncRepoTaskArgs

__all__ = ["SyncRepoTask", "SyncRepoTaskArgs"]
