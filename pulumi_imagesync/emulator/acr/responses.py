"""ACR (cr 2018-12-01) API actions: read the parameters, call the backend, render the answer.

Fields and types are those of the SDK models (``alibabacloud_cr20181201.models``): times are
epoch milliseconds, integers in ``GetRepoTag`` and the task answers but strings in ``ListRepoTag``;
``TotalCount`` is a string in the list answers. ``ListRepoSyncTask`` filters on the source image
(``RepoNamespaceName``, ``RepoName``, ``Tag``) and on the batch (``SyncRecordId``), newest first.
``Progress`` is 0 until a task succeeds and 1 then, as documented; ``SyncedSize`` and the layers
show how far a running task got. ``GetAuthorizationToken`` issues a temporary docker login for an
instance (``ExpireTime`` in epoch milliseconds); ``ListInstanceEndpoint`` reports, for module
``Registry``, the internet endpoint whose domain is where the instance's OCI registry answers
(``127.0.0.1:<port>``, plain HTTP) while the emulator serves,
``<instance>-registry.<region>.cr.aliyuncs.com`` otherwise. Sync rules (see `rules`): ``ListRepoSyncRule`` lists the rules at
both of their instances, ``TotalCount`` an integer as its model says; tasks a rule started carry its
``SyncRuleId`` and ``TaskTrigger``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from ..protocols.alibaba import AlibabaResponses, action
from ..protocols.alibaba_params import BOOLEAN, INTEGER, STRING, RpcParams, optional, required
from . import exceptions as exc
from .models import SUCCESS, AcrBackend, ImageRef, Instance, Repository, SyncTask, Tag
from .rules import RuleRequest

T = TypeVar("T")

IN_REPOSITORY = {"InstanceId": required(STRING), "RepoId": required(STRING)}
PAGED = {"PageNo": optional(INTEGER), "PageSize": optional(INTEGER)}
MAX_PAGE_SIZE = 100


class AcrResponses(AlibabaResponses[AcrBackend]):
    # --- sync tasks ----------------------------------------------------------------------------

    @action(
        "CreateRepoSyncTask",
        {
            **IN_REPOSITORY,
            "Tag": required(STRING),
            "TargetInstanceId": required(STRING),
            "TargetNamespace": required(STRING),
            "TargetRegionId": required(STRING),
            "TargetRepoName": required(STRING),
            "TargetTag": required(STRING),
            "TargetUserId": optional(STRING),
            "Override": optional(BOOLEAN),
            "Priority": optional(INTEGER),
        },
    )
    def create_repo_sync_task(self, p: RpcParams) -> dict[str, Any]:
        task = self.backend.create_task(
            self._instance(p),
            p.text("RepoId"),
            p.text("Tag"),
            caller_account_id=self.account_id,
            target_instance_id=p.text("TargetInstanceId"),
            target_region=p.text("TargetRegionId"),
            target_namespace=p.text("TargetNamespace"),
            target_repository=p.text("TargetRepoName"),
            target_tag=p.text("TargetTag"),
            target_user_id=p.text("TargetUserId") or None,
            override=p.boolean("Override"),
            priority=p.integer("Priority", 3),
        )
        return {"SyncTaskId": task.id}

    @action("GetRepoSyncTask", {"InstanceId": required(STRING), "SyncTaskId": required(STRING)})
    def get_repo_sync_task(self, p: RpcParams) -> dict[str, Any]:
        task = self.backend.task(self._instance(p), p.text("SyncTaskId"))
        now = self.backend.ctx.clock.now()
        return {
            **_task_summary(task),
            "Progress": 1 if task.status == SUCCESS else 0,
            "SyncedSize": task.synced_size(now),
            "LayerTasks": [
                {
                    "ArtifactDigest": task.digest,
                    "Digest": layer.digest,
                    "Size": layer.size,
                    "SyncLayerTaskId": layer.id,
                    "SyncedSize": synced,
                    "TaskStatus": status,
                }
                for layer, synced, status in task.layer_progress(now)
            ],
        }

    @action(
        "ListRepoSyncTask",
        {
            "InstanceId": required(STRING),
            "RepoName": optional(STRING),
            "RepoNamespaceName": optional(STRING),
            "Tag": optional(STRING),
            "SyncRecordId": optional(STRING),
            **PAGED,
        },
    )
    def list_repo_sync_task(self, p: RpcParams) -> dict[str, Any]:
        tasks = [
            task
            for task in self.backend.tasks_of(self._instance(p))
            if _matches(p.text("RepoNamespaceName"), task.source.namespace)
            and _matches(p.text("RepoName"), task.source.repository)
            and _matches(p.text("Tag"), task.source.tag)
            and _matches(p.text("SyncRecordId"), task.batch_id)
        ]
        page_no, page_size = _paging(p, default_size=30)
        return {
            "SyncTasks": [
                {
                    **_task_summary(task),
                    "CreateTime": _ms(task.created_at),
                    "ModifiedTime": _ms(task.modified_at),
                    "ModifedTime": _ms(task.modified_at),  # sic: the API sends both spellings
                    "CustomLink": False,
                    "LinkId": "",
                }
                for task in _page(tasks, page_no, page_size)
            ],
            "PageNo": page_no,
            "PageSize": page_size,
            "TotalCount": str(len(tasks)),
        }

    @action("CancelRepoSyncTask", {"InstanceId": required(STRING), "SyncTaskId": required(STRING)})
    def cancel_repo_sync_task(self, p: RpcParams) -> dict[str, Any]:
        self.backend.cancel_task(self._instance(p), p.text("SyncTaskId"))
        return {}

    # --- registry logins and endpoints ---------------------------------------------------------

    @action("GetAuthorizationToken", {"InstanceId": required(STRING), "ExpiresInHours": optional(INTEGER)})
    def get_authorization_token(self, p: RpcParams) -> dict[str, Any]:
        hours = p.integer("ExpiresInHours", 1)
        if not 1 <= hours <= 24:
            raise exc.InvalidParameter(f"ExpiresInHours must be between 1 and 24, got {hours}.")
        login = self.backend.issue_login(self._instance(p), hours)
        assert login.expires_at is not None
        return {
            "TempUsername": login.username,
            "AuthorizationToken": login.password,
            "ExpireTime": _ms(login.expires_at),
        }

    @action(
        "ListInstanceEndpoint",
        {"InstanceId": required(STRING), "ModuleName": optional(STRING), "Summary": optional(BOOLEAN)},
    )
    def list_instance_endpoint(self, p: RpcParams) -> dict[str, Any]:
        instance = self._instance(p)
        module = p.text("ModuleName") or "Registry"
        if module not in ("Registry", "Chart"):
            raise exc.InvalidParameter(f"ModuleName must be Registry or Chart, got {module}.")
        system = f"{instance.name}-{module.lower()}.{instance.region}.cr.aliyuncs.com"
        domain = (self.backend.endpoint(instance) if module == "Registry" else None) or system
        return {
            "Endpoints": [
                {
                    "EndpointType": "internet",
                    "Enable": True,
                    "Status": "RUNNING",
                    "AclEnable": False,
                    "AclEntries": [],
                    "Domains": [{"Domain": domain, "Type": "SYSTEM"}],
                    "LinkedVpcs": [],
                }
            ]
        }

    # --- sync rules ----------------------------------------------------------------------------

    @action(
        "CreateRepoSyncRule",
        {
            "InstanceId": required(STRING),
            "SyncRuleName": required(STRING),
            "SyncScope": required(STRING),
            "TagFilter": required(STRING),
            "TargetInstanceId": required(STRING),
            "TargetRegionId": required(STRING),
            "NamespaceName": optional(STRING),
            "RepoName": optional(STRING),
            "NamespaceNameFilter": optional(STRING),
            "RepoNameFilter": optional(STRING),
            "TargetNamespaceName": optional(STRING),
            "TargetRepoName": optional(STRING),
            "TargetUserId": optional(STRING),
            "SyncTrigger": optional(STRING),
            "Priority": optional(INTEGER),
            "LinkId": optional(STRING),
        },
    )
    def create_repo_sync_rule(self, p: RpcParams) -> dict[str, Any]:
        request = RuleRequest(
            name=p.text("SyncRuleName"),
            scope=p.text("SyncScope"),
            namespace=p.text("NamespaceName"),
            repository=p.text("RepoName"),
            namespace_filter=p.text("NamespaceNameFilter"),
            repository_filter=p.text("RepoNameFilter"),
            tag_filter=p.text("TagFilter"),
            target_instance_id=p.text("TargetInstanceId"),
            target_region=p.text("TargetRegionId"),
            target_namespace=p.text("TargetNamespaceName"),
            target_repository=p.text("TargetRepoName"),
            target_user_id=p.text("TargetUserId"),
            trigger=p.text("SyncTrigger", "PASSIVE"),
            priority=p.integer("Priority", 3),
            link_id=p.text("LinkId"),
        )
        rule = self.backend.rules.create(self._instance(p), self.account_id, request)
        return {"SyncRuleId": rule.id}

    @action(
        "ListRepoSyncRule",
        {
            "InstanceId": required(STRING),
            "NamespaceName": optional(STRING),
            "RepoName": optional(STRING),
            "TargetInstanceId": optional(STRING),
            "TargetRegionId": optional(STRING),
            **PAGED,
        },
    )
    def list_repo_sync_rule(self, p: RpcParams) -> dict[str, Any]:
        instance = self._instance(p)
        views = [
            view
            for view in (rule.view(instance.id) for rule in self.backend.rules.at(instance))
            if _matches(p.text("NamespaceName"), view["LocalNamespaceName"])
            and _matches(p.text("RepoName"), view["LocalRepoName"])
            and _matches(p.text("TargetInstanceId"), view["TargetInstanceId"])
            and _matches(p.text("TargetRegionId"), view["TargetRegionId"])
        ]
        page_no, page_size = _paging(p, default_size=30)
        return {
            "SyncRules": list(_page(views, page_no, page_size)),
            "PageNo": page_no,
            "PageSize": page_size,
            "TotalCount": len(views),
        }

    @action("DeleteRepoSyncRule", {"InstanceId": required(STRING), "SyncRuleId": required(STRING)})
    def delete_repo_sync_rule(self, p: RpcParams) -> dict[str, Any]:
        self.backend.rules.delete(self._instance(p), p.text("SyncRuleId"))
        return {}

    @action(
        "CreateRepoSyncTaskByRule",
        {
            **IN_REPOSITORY,
            "SyncRuleId": required(STRING),
            "Tag": required(STRING),
            "Priority": optional(INTEGER),
        },
    )
    def create_repo_sync_task_by_rule(self, p: RpcParams) -> dict[str, Any]:
        instance = self._instance(p)
        rule = self.backend.rules.rule(instance, p.text("SyncRuleId"))
        task = self.backend.rules.run(
            instance,
            rule.id,
            self.backend.repository(instance, p.text("RepoId")),
            p.text("Tag"),
            p.integer("Priority", rule.priority),
        )
        return {"SyncTaskId": task.id}

    # --- repositories and tags -----------------------------------------------------------------

    @action(
        "GetRepository",
        {
            "InstanceId": required(STRING),
            "RepoId": optional(STRING),
            "RepoNamespaceName": optional(STRING),
            "RepoName": optional(STRING),
        },
    )
    def get_repository(self, p: RpcParams) -> dict[str, Any]:
        instance = self._instance(p)
        if "RepoId" in p:
            repository = self.backend.repository(instance, p.text("RepoId"))
        elif "RepoNamespaceName" in p and "RepoName" in p:
            repository = self.backend.repository_named(
                instance, p.text("RepoNamespaceName"), p.text("RepoName")
            )
        else:
            raise exc.InvalidParameter("Give RepoId, or RepoNamespaceName and RepoName.")
        return {**_repository(instance, repository), "Detail": ""}

    @action(
        "ListNamespace",
        {
            "InstanceId": required(STRING),
            "NamespaceName": optional(STRING),
            "NamespaceStatus": optional(STRING),
            **PAGED,
        },
    )
    def list_namespace(self, p: RpcParams) -> dict[str, Any]:
        instance = self._instance(p)
        namespaces = [
            ns
            for ns in sorted(instance.namespaces.values(), key=lambda ns: ns.name)
            if _matches(p.text("NamespaceName"), ns.name)
        ]
        page_no, page_size = _paging(p, default_size=30)
        return {
            "Namespaces": [
                {
                    "InstanceId": instance.id,
                    "NamespaceId": ns.id,
                    "NamespaceName": ns.name,
                    "NamespaceStatus": "NORMAL",
                    "AutoCreateRepo": True,
                    "DefaultRepoType": "PRIVATE",
                    "ResourceGroupId": "",
                }
                for ns in _page(namespaces, page_no, page_size)
            ],
            "PageNo": page_no,
            "PageSize": page_size,
            "TotalCount": str(len(namespaces)),
        }

    @action(
        "ListRepository",
        {
            "InstanceId": required(STRING),
            "RepoNamespaceName": optional(STRING),
            "RepoName": optional(STRING),
            "RepoStatus": optional(STRING),
            **PAGED,
        },
    )
    def list_repository(self, p: RpcParams) -> dict[str, Any]:
        instance = self._instance(p)
        repositories = [
            repo
            for ns in sorted(instance.namespaces.values(), key=lambda ns: ns.name)
            for repo in sorted(ns.repositories.values(), key=lambda r: r.name)
            if _matches(p.text("RepoNamespaceName"), ns.name) and _matches(p.text("RepoName"), repo.name)
        ]
        page_no, page_size = _paging(p, default_size=30)
        return {
            "Repositories": [_repository(instance, repo) for repo in _page(repositories, page_no, page_size)],
            "PageNo": page_no,
            "PageSize": page_size,
            "TotalCount": str(len(repositories)),
        }

    @action("GetRepoTag", {**IN_REPOSITORY, "Tag": required(STRING)})
    def get_repo_tag(self, p: RpcParams) -> dict[str, Any]:
        instance = self._instance(p)
        repository = self.backend.repository(instance, p.text("RepoId"))
        tag = self.backend.tag(repository, p.text("Tag"))
        return {
            **_image(p.text("Tag"), tag, _image_id(instance, repository, tag)),
            "ImageCreate": _ms(tag.created_at),
            "ImageUpdate": _ms(tag.updated_at),
        }

    @action("ListRepoTag", {**IN_REPOSITORY, **PAGED})
    def list_repo_tag(self, p: RpcParams) -> dict[str, Any]:
        instance = self._instance(p)
        repository = self.backend.repository(instance, p.text("RepoId"))
        tags = sorted(repository.tags.items(), key=lambda item: (-item[1].updated_at, item[0]))
        page_no, page_size = _paging(p, default_size=30)
        return {
            "Images": [
                {
                    **_image(name, tag, _image_id(instance, repository, tag)),
                    "ImageCreate": str(_ms(tag.created_at)),
                    "ImageUpdate": str(_ms(tag.updated_at)),
                }
                for name, tag in _page(tags, page_no, page_size)
            ],
            "PageNo": page_no,
            "PageSize": page_size,
            "TotalCount": str(len(tags)),
        }

    @action("DeleteRepoTag", {**IN_REPOSITORY, "Tag": required(STRING)})
    def delete_repo_tag(self, p: RpcParams) -> dict[str, Any]:
        self.backend.delete_tag(self._instance(p), p.text("RepoId"), p.text("Tag"))
        return {}

    # --- helpers -------------------------------------------------------------------------------

    def _instance(self, p: RpcParams) -> Instance:
        return self.backend.instance(self.region, self.account_id, p.text("InstanceId"))


def _matches(wanted: str, value: str) -> bool:
    return not wanted or wanted == value


def _ms(ts: float) -> int:
    return int(ts * 1000)


def _paging(p: RpcParams, *, default_size: int) -> tuple[int, int]:
    page_no, page_size = p.integer("PageNo", 1), p.integer("PageSize", default_size)
    if page_no < 1:
        raise exc.InvalidParameter(f"PageNo must be >= 1, got {page_no}.")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise exc.InvalidParameter(f"PageSize must be between 1 and {MAX_PAGE_SIZE}, got {page_size}.")
    return page_no, page_size


def _page(items: Sequence[T], page_no: int, page_size: int) -> Sequence[T]:
    return items[(page_no - 1) * page_size : page_no * page_size]


def _image_ref(ref: ImageRef) -> dict[str, str]:
    return {
        "ImageTag": ref.tag,
        "InstanceId": ref.instance_id,
        "RegionId": ref.region,
        "RepoName": ref.repository,
        "RepoNamespaceName": ref.namespace,
    }


def _repository(instance: Instance, repository: Repository) -> dict[str, Any]:
    return {
        "InstanceId": instance.id,
        "RepoId": repository.id,
        "RepoName": repository.name,
        "RepoNamespaceName": repository.namespace,
        "RepoStatus": "NORMAL",
        "RepoType": "PRIVATE",
        "RepoBuildType": "MANUAL",
        "Summary": "",
        "TagImmutability": False,
        "ResourceGroupId": "",
        "CreateTime": _ms(repository.created_at),
        "ModifiedTime": _ms(repository.modified_at),
    }


def _task_summary(task: SyncTask) -> dict[str, Any]:
    return {
        "SyncTaskId": task.id,
        "SyncBatchTaskId": task.batch_id,
        "SyncRuleId": task.rule_id,
        "TaskStatus": task.status,
        "TaskIssue": task.issue,
        "TaskTrigger": task.trigger,
        "CrossUser": task.cross_user,
        "Priority": task.priority,
        "SyncTransAccelerate": False,
        "ImageFrom": _image_ref(task.source),
        "ImageTo": _image_ref(task.target),
    }


def _image_id(instance: Instance, repository: Repository, tag: Tag) -> str:
    return instance.content.image_id(f"{repository.namespace}/{repository.name}", tag.digest)


def _image(name: str, tag: Tag, image_id: str) -> dict[str, Any]:
    return {
        "Tag": name,
        "Digest": tag.digest,
        "ImageId": image_id,
        "ImageSize": tag.size,
        "Status": "NORMAL",
    }
