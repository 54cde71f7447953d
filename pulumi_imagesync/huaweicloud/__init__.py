"""Huawei Cloud: SWR automatic image sync to another region."""

from .sync_repo_task import SyncRepoTask, SyncRepoTaskArgs

__all__ = ["SyncRepoTask", "SyncRepoTaskArgs"]
