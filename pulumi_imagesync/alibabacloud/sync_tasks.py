"""ACR sync tasks, as the resources that start them follow and stop them.

A sync task (`rst-...`) is what copies an image between instances, whether a resource started it
itself (`CreateRepoSyncTask`) or through a rule (`CreateRepoSyncTaskByRule`, or a rule's own
automatic trigger). Its statuses, from the SDK's `GetRepoSyncTaskResponseBody`: `PENDING`,
`SYNCHRONIZING`, `SUCCESS`, `ERROR`, `CANCELED`. The cloud forgets finished tasks after a while
(`SYNC_TASK_NOT_EXIST`).
"""

from __future__ import annotations

import logging
from typing import Any

from ..provider.error_table import gone
from ..provider.errors import CloudError
from ..provider.rollback import DEFAULT_BUDGET_SECONDS
from ..provider.waiting import Deadline, wait_for
from .api import AlibabaApi

log = logging.getLogger("pulumi_imagesync")

PENDING, SYNCHRONIZING, SUCCESS = "PENDING", "SYNCHRONIZING", "SUCCESS"
RUNNING = (PENDING, SYNCHRONIZING)
FAILED = ("ERROR", "CANCELED")
# A task that has left the history (provider.error_table.gone: the task's own not-found code).
TASK_GONE = frozenset({"SYNC_TASK_NOT_EXIST"})


def get_task(api: AlibabaApi, instance_id: str, task_id: str) -> dict[str, Any] | None:
    """`GetRepoSyncTask`, or None once the task has left the history."""
    try:
        return dict(api.call("GetRepoSyncTask", {"InstanceId": instance_id, "SyncTaskId": task_id}))
    except CloudError as error:
        if gone(error, TASK_GONE):
            return None
        raise


def cancel_if_running(api: AlibabaApi, instance_id: str, task_id: str) -> dict[str, Any] | None:
    """Cancel a task that still runs, and wait until it has ended: a task still running may yet
    write the tag, after whatever comes next (a clean-up, a destroy). The task as it ended."""
    task = get_task(api, instance_id, task_id)
    if task is None or task.get("TaskStatus") not in RUNNING:
        return task
    try:
        api.call("CancelRepoSyncTask", {"InstanceId": instance_id, "SyncTaskId": task_id})
    except CloudError:
        # It may have ended between the two calls: only a task still running is a problem.
        task = get_task(api, instance_id, task_id)
        if task is not None and task.get("TaskStatus") in RUNNING:
            raise
        return task
    log.info("canceled sync task %s", task_id)
    return wait_for(
        lambda: get_task(api, instance_id, task_id),
        done=lambda found: found is None or found.get("TaskStatus") not in RUNNING,
        deadline=Deadline(DEFAULT_BUDGET_SECONDS),
        what=f"sync task {task_id} to end after it was canceled",
        describe=lambda found: str(found.get("TaskStatus")) if found else "gone",
    )
