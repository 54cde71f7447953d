"""ACR Enterprise state and behaviour: instances, namespaces, repositories, tags, sync tasks.

No HTTP here. Instances are kept by their id (unique across regions); each lives in one region
and belongs to one account. A call for region X sees only region X's instances, and only its own
account's (``INSTANCE_NOT_EXIST`` otherwise, as the real API hides other accounts' instances).

Behaviour the provider can rely on (and the tests pin down):

- **Tags** point at digests; several tags may share one. ``DeleteRepoTag`` removes exactly the
  named tag. Repositories have ids (``crr-...``, derived from instance/namespace/name).
- **Sync tasks** (``CreateRepoSyncTask``) copy one tag to a tag of another instance, in another
  region, possibly of another account (``TargetUserId``: the target instance must belong to it;
  without it, to the caller). Checked when called: source instance (in the call's region),
  repository (``RepoId``) and tag exist, the target instance exists in ``TargetRegionId`` and its
  namespace exists, and the target is not the source. The digest is taken when the task is
  created. A task is ``PENDING`` for the first tenth of ``copies.acr.seconds`` (emulated; default
  0 = done before the call returns), then ``SYNCHRONIZING`` (its layers and ``SyncedSize``
  progress with the clock), then ``SUCCESS``: the target tag holds the digest (the target
  repository is created if missing). It ends ``ERROR`` (with ``TaskIssue``) when it is listed in
  ``copies.acr.fail`` (keys ``instance_id``, ``namespace``, ``repository``, ``tag`` of the
  target), when the target namespace is gone, or when the target tag holds another digest and
  the task has ``Override=false`` (the tag is left alone). ``CancelRepoSyncTask`` ends a
  ``PENDING``/``SYNCHRONIZING`` task ``CANCELED`` and nothing is written.
- **Task history expires**: ``copies.acr.history_seconds`` after a task ends it is forgotten
  (``SYNC_TASK_NOT_EXIST``), as the real service forgets old tasks; the tags it wrote stay.
- **Content**: every instance is also an OCI registry (``registry``; repositories are
  ``<namespace>/<name>``): a task's layers are the image's real blobs, a successful task gives the
  target the image's manifests and blobs along with the tag, and a push through the OCI API
  writes a tag here.
- **Sync rules** (`rules`): a write into an instance that changes a tag (a seed, a finished task)
  is a push, which the instance's automatic rules copy; tasks a rule starts carry its id and
  trigger.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..backend import ServiceContext
from ..images import seed_tag
from ..registry.content import RegistryContent
from ..registry.credentials import Login
from ..registry.hosts import RegistryHost
from . import exceptions as exc
from .registry import AcrRegistryHost
from .rules import RuleBook
from .seed import SeedInstance, derived_id, parse_seed

COPY_FAIL_KEYS = frozenset({"instance_id", "namespace", "repository", "tag"})
PENDING, SYNCHRONIZING, SUCCESS, ERROR, CANCELED = "PENDING", "SYNCHRONIZING", "SUCCESS", "ERROR", "CANCELED"
RUNNING = (PENDING, SYNCHRONIZING)
QUEUED_SHARE = 0.1  # the part of a task's duration it spends PENDING


@dataclass
class Tag:
    digest: str
    size: int
    created_at: float
    updated_at: float


@dataclass
class Repository:
    id: str
    name: str
    namespace: str
    created_at: float
    modified_at: float
    tags: dict[str, Tag] = field(default_factory=dict)


@dataclass
class Namespace:
    id: str
    name: str
    created_at: float
    repositories: dict[str, Repository] = field(default_factory=dict)


@dataclass
class Instance:
    id: str
    name: str
    region: str
    account_id: str
    created_at: float
    content: RegistryContent
    namespaces: dict[str, Namespace] = field(default_factory=dict)
    tasks: dict[str, SyncTask] = field(default_factory=dict)

    def repository_by_id(self, repo_id: str) -> Repository | None:
        for namespace in self.namespaces.values():
            for repository in namespace.repositories.values():
                if repository.id == repo_id:
                    return repository
        return None


@dataclass(frozen=True)
class ImageRef:
    instance_id: str
    region: str
    namespace: str
    repository: str
    tag: str

    @property
    def path(self) -> str:
        return f"{self.namespace}/{self.repository}:{self.tag}"

    @property
    def repository_path(self) -> str:
        """The repository's name in the OCI API."""
        return f"{self.namespace}/{self.repository}"


@dataclass(frozen=True)
class Layer:
    id: str
    digest: str
    size: int


@dataclass
class SyncTask:
    id: str
    batch_id: str
    source: ImageRef
    target: ImageRef
    target_account_id: str
    cross_user: bool
    override: bool
    priority: int
    digest: str
    size: int
    layers: tuple[Layer, ...]
    created_at: float
    starts_at: float
    ends_at: float
    status: str = PENDING
    modified_at: float = 0.0
    ended_at: float | None = None
    issue: str = ""
    failed_layer: int | None = None  # index of the layer an ERROR stopped at
    trigger: str = "INITIATIVE"  # PASSIVE: started by an automatic rule
    rule_id: str = ""  # the sync rule that started it

    def synced_size(self, now: float) -> int:
        return sum(synced for _, synced, _ in self.layer_progress(now))

    def layer_progress(self, now: float) -> list[tuple[Layer, int, str]]:
        """Each layer with its synced bytes and status: layers are copied one after the other."""
        if self.status == SUCCESS:
            return [(layer, layer.size, SUCCESS) for layer in self.layers]
        if self.status == ERROR:
            failed = self.failed_layer or 0
            return [
                (layer, layer.size, SUCCESS) if index < failed else (layer, 0, ERROR)
                for index, layer in enumerate(self.layers)
            ]
        running = self.status in RUNNING
        done = self._copied_bytes(now)
        progress = []
        offset = 0
        for layer in self.layers:
            synced = max(0, min(layer.size, done - offset))
            offset += layer.size
            if synced == layer.size and layer.size > 0:
                state = SUCCESS
            elif running and synced > 0:
                state = SYNCHRONIZING
            else:
                state = PENDING if running else self.status
            progress.append((layer, synced, state))
        return progress

    def _copied_bytes(self, now: float) -> int:
        until = self.ended_at if self.ended_at is not None else now
        if until <= self.starts_at or self.ends_at <= self.starts_at:
            return 0
        share = min(1.0, (until - self.starts_at) / (self.ends_at - self.starts_at))
        return int(self.size * share)


def layers_of(content: RegistryContent, repository: str, digest: str, size: int) -> tuple[Layer, ...]:
    """The blobs a task copies, each one layer task (config included, so that sizes add up); an
    image the registry has no manifest of (an opaque seed) is one layer of its whole size."""
    blobs = [(blob.digest, blob.size) for blob in content.blobs_of(repository, digest)] or [(digest, size)]
    return tuple(
        Layer(derived_id("rsl", digest, str(i)), blob_digest, blob_size)
        for i, (blob_digest, blob_size) in enumerate(blobs)
    )


class AcrBackend:
    """All ACR Enterprise instances of one world, and the sync tasks in flight between them."""

    registry_cloud = "alibabacloud"

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.instances: dict[str, Instance] = {}
        self._ids = itertools.count(1)
        self._queue: list[tuple[float, int, str, SyncTask]] = []
        self.rules = RuleBook(self)

    # --- lookups -------------------------------------------------------------------------------

    def instance(self, region: str, account_id: str, instance_id: str) -> Instance:
        instance = self.instances.get(instance_id)
        if instance is None or instance.region != region or instance.account_id != account_id:
            raise exc.InstanceNotFound(instance_id, region)
        return instance

    @staticmethod
    def namespace(instance: Instance, name: str) -> Namespace:
        namespace = instance.namespaces.get(name)
        if namespace is None:
            raise exc.NamespaceNotFound(instance.id, name)
        return namespace

    @staticmethod
    def repository(instance: Instance, repo_id: str) -> Repository:
        repository = instance.repository_by_id(repo_id)
        if repository is None:
            raise exc.RepositoryNotFound(instance.id, repo_id)
        return repository

    def repository_named(self, instance: Instance, namespace: str, name: str) -> Repository:
        repository = self.namespace(instance, namespace).repositories.get(name)
        if repository is None:
            raise exc.RepositoryNotFound(instance.id, f"{namespace}/{name}")
        return repository

    @staticmethod
    def tag(repository: Repository, name: str) -> Tag:
        tag = repository.tags.get(name)
        if tag is None:
            raise exc.TagNotFound(f"{repository.namespace}/{repository.name}", name)
        return tag

    @staticmethod
    def task(instance: Instance, task_id: str) -> SyncTask:
        task = instance.tasks.get(task_id)
        if task is None:
            raise exc.SyncTaskNotFound(instance.id, task_id)
        return task

    # --- the OCI API's view ---------------------------------------------------------------------

    def registry_host(self, instance_id: str) -> RegistryHost | None:
        instance = self.instances.get(instance_id)
        return None if instance is None else AcrRegistryHost(self, instance)

    def registry_hosts(self) -> list[RegistryHost]:
        return [AcrRegistryHost(self, instance) for instance in self.instances.values()]

    def issue_login(self, instance: Instance, hours: int) -> Login:
        """``GetAuthorizationToken``: a temporary docker login for the instance."""
        key = AcrRegistryHost(self, instance).key
        return self.ctx.registries.credentials.issue(key, instance.account_id, "cr_temp_user", hours * 3600)

    def endpoint(self, instance: Instance) -> str | None:
        return self.ctx.registries.endpoint(AcrRegistryHost(self, instance).key)

    def push(
        self, instance: Instance, namespace: Namespace, repository: str, tag: str, digest: str, size: int
    ) -> None:
        """A tag pushed through the OCI API (the repository is made if needed)."""
        self._write_tag(instance, namespace, repository, tag, digest, size, self.ctx.clock.now())

    def _write_tag(
        self, instance: Instance, namespace: Namespace, name: str, tag: str, digest: str, size: int, at: float
    ) -> None:
        repository = namespace.repositories.get(name)
        if repository is None:
            repo_id = derived_id("crr", instance.id, namespace.name, name)
            repository = namespace.repositories[name] = Repository(repo_id, name, namespace.name, at, at)
        existing = repository.tags.get(tag)
        if existing is None or existing.digest != digest:
            repository.tags[tag] = Tag(digest, size, existing.created_at if existing else at, at)
            repository.modified_at = at
            self.rules.pushed(instance, repository, tag)  # a push: the instance's automatic rules copy it

    # --- tags ----------------------------------------------------------------------------------

    def delete_tag(self, instance: Instance, repo_id: str, name: str) -> None:
        repository = self.repository(instance, repo_id)
        self.tag(repository, name)
        del repository.tags[name]
        repository.modified_at = self.ctx.clock.now()

    # --- sync tasks ----------------------------------------------------------------------------

    def create_task(
        self,
        source: Instance,
        repo_id: str,
        tag: str,
        *,
        caller_account_id: str,
        target_instance_id: str,
        target_region: str,
        target_namespace: str,
        target_repository: str,
        target_tag: str,
        target_user_id: str | None,
        override: bool,
        priority: int,
    ) -> SyncTask:
        repository = self.repository(source, repo_id)
        image = self.tag(repository, tag)
        owner = target_user_id or caller_account_id
        target = self.instances.get(target_instance_id)
        if target is None or target.region != target_region or target.account_id != owner:
            raise exc.InstanceNotFound(target_instance_id, target_region, owner)
        self.namespace(target, target_namespace)
        source_ref = self.image_ref(source, repository, tag)
        target_ref = ImageRef(target.id, target.region, target_namespace, target_repository, target_tag)
        if source_ref == target_ref:
            raise exc.InvalidParameter("The source and the target of a sync task are the same image.")
        if not 1 <= priority <= 5:
            raise exc.InvalidParameter(f"Priority must be between 1 and 5, got {priority}.")
        return self.start_task(
            source,
            source_ref,
            target_ref,
            image,
            target_account_id=target.account_id,
            override=override,
            priority=priority,
        )

    @staticmethod
    def image_ref(instance: Instance, repository: Repository, tag: str) -> ImageRef:
        return ImageRef(instance.id, instance.region, repository.namespace, repository.name, tag)

    def start_task(
        self,
        source: Instance,
        source_ref: ImageRef,
        target_ref: ImageRef,
        image: Tag,
        *,
        target_account_id: str,
        override: bool,
        priority: int,
        trigger: str = "INITIATIVE",
        rule_id: str = "",
    ) -> SyncTask:
        """A task copying `image` (its digest taken now), queued to start and to end with the clock."""
        now = self.ctx.clock.now()
        seconds = self.ctx.copies().seconds
        seq = next(self._ids)
        task = SyncTask(
            id=derived_id("rst", source.id, str(seq), str(now)),
            batch_id=derived_id("rsb", source.id, str(seq), str(now)),
            source=source_ref,
            target=target_ref,
            target_account_id=target_account_id,
            cross_user=target_account_id != source.account_id,
            override=override,
            priority=priority,
            digest=image.digest,
            size=image.size,
            layers=layers_of(source.content, source_ref.repository_path, image.digest, image.size),
            created_at=now,
            starts_at=now + seconds * QUEUED_SHARE,
            ends_at=now + seconds,
            modified_at=now,
            trigger=trigger,
            rule_id=rule_id,
        )
        source.tasks[task.id] = task
        heapq.heappush(self._queue, (task.starts_at, next(self._ids), "start", task))
        heapq.heappush(self._queue, (task.ends_at, next(self._ids), "finish", task))
        return task

    def cancel_task(self, instance: Instance, task_id: str) -> None:
        task = self.task(instance, task_id)
        if task.status not in RUNNING:
            raise exc.SyncTaskNotCancelable(task.id, task.status)
        now = self.ctx.clock.now()
        self._end(task, CANCELED, now)

    def tasks_of(self, instance: Instance) -> list[SyncTask]:
        """The instance's tasks, newest first."""
        return sorted(instance.tasks.values(), key=lambda t: (t.created_at, t.id), reverse=True)

    # --- time ----------------------------------------------------------------------------------

    def advance(self, now: float) -> None:
        while self._queue and self._queue[0][0] <= now:
            due, _, event, task = heapq.heappop(self._queue)
            if task.status not in RUNNING:
                continue
            if event == "start":
                task.status, task.modified_at = SYNCHRONIZING, due
            else:
                self._finish(task, due)
        self._forget_old_tasks(now)

    def _finish(self, task: SyncTask, at: float) -> None:
        target = task.target
        if self.ctx.copies().fails(
            instance_id=target.instance_id,
            namespace=target.namespace,
            repository=target.repository,
            tag=target.tag,
        ):
            task.failed_layer = len(task.layers) - 1
            self._end(
                task, ERROR, at, f"fault injected by imagesync-emulator: the copy to {target.path} failed"
            )
            return
        instance = self.instances.get(target.instance_id)
        namespace = instance.namespaces.get(target.namespace) if instance else None
        if instance is None or namespace is None:
            task.failed_layer = 0
            self._end(task, ERROR, at, f"the target namespace {target.namespace} no longer exists")
            return
        repository = namespace.repositories.get(target.repository)
        existing = repository.tags.get(target.tag) if repository else None
        if existing is not None and existing.digest != task.digest and not task.override:
            task.failed_layer = 0
            self._end(task, ERROR, at, f"the tag {target.path} already exists and Override is false")
            return
        source = self.instances[task.source.instance_id]
        source.content.copy_image(
            task.source.repository_path, task.digest, instance.content, target.repository_path
        )
        self._write_tag(instance, namespace, target.repository, target.tag, task.digest, task.size, at)
        self._end(task, SUCCESS, at)

    @staticmethod
    def _end(task: SyncTask, status: str, at: float, issue: str = "") -> None:
        task.status, task.ended_at, task.modified_at, task.issue = status, at, at, issue

    def _forget_old_tasks(self, now: float) -> None:
        keep = self.ctx.copies().history_seconds
        if keep is None:
            return
        for instance in self.instances.values():
            for task_id in [
                t.id for t in instance.tasks.values() if t.ended_at is not None and t.ended_at + keep <= now
            ]:
                del instance.tasks[task_id]

    # --- seed and snapshot ---------------------------------------------------------------------

    def plan_seed(self, doc: Any) -> Callable[[], None]:
        instances = parse_seed(doc, self.instances)
        return lambda: self._apply_seed(instances)

    def _apply_seed(self, seeds: Iterable[SeedInstance]) -> None:
        now = self.ctx.clock.now()
        for seed in seeds:
            instance = self.instances.get(seed.id)
            if instance is None:
                account_id = seed.account_id or self.ctx.default_account_id
                content = self.ctx.registries.new_content()
                instance = self.instances[seed.id] = Instance(
                    seed.id, seed.id, seed.region, account_id, now, content
                )
            instance.name = seed.name or instance.name
            instance.account_id = seed.account_id or instance.account_id
            for ns in seed.namespaces:
                namespace = instance.namespaces.get(ns.name)
                if namespace is None:
                    namespace = Namespace(derived_id("crn", instance.id, ns.name), ns.name, now)
                    instance.namespaces[ns.name] = namespace
                for repo in ns.repositories:
                    repository = namespace.repositories.get(repo.name)
                    if repository is None:
                        repo_id = repo.id or derived_id("crr", instance.id, ns.name, repo.name)
                        repository = Repository(repo_id, repo.name, ns.name, now, now)
                        namespace.repositories[repo.name] = repository
                    path = f"{ns.name}/{repo.name}"
                    for tag in repo.tags:
                        for name, digest, size in seed_tag(self.ctx.registries, instance.content, path, tag):
                            self._write_tag(instance, namespace, repo.name, name, digest, size, now)
            for rule in seed.rules:
                self.rules.seed(instance, rule)

    def snapshot(self) -> dict[str, Any]:
        now = self.ctx.clock.now()
        regions: dict[str, Any] = {}
        for instance in sorted(self.instances.values(), key=lambda i: (i.region, i.id)):
            regions.setdefault(instance.region, {"instances": {}})["instances"][instance.id] = {
                **_instance_state(instance, now),
                "sync_rules": self.rules.snapshot(instance.id),
            }
        return regions


def _instance_state(instance: Instance, now: float) -> dict[str, Any]:
    return {
        "name": instance.name,
        "account_id": instance.account_id,
        "namespaces": {
            ns.name: {
                "repositories": {
                    repo.name: {
                        "id": repo.id,
                        "tags": {
                            name: {"digest": t.digest, "size": t.size, "update_time": t.updated_at}
                            for name, t in sorted(repo.tags.items())
                        },
                    }
                    for repo in ns.repositories.values()
                }
            }
            for ns in instance.namespaces.values()
        },
        "sync_tasks": [
            {
                "id": task.id,
                "status": task.status,
                "source": task.source.path,
                "target": f"{task.target.region}/{task.target.instance_id}/{task.target.path}",
                "cross_user": task.cross_user,
                "override": task.override,
                "digest": task.digest,
                "synced_size": task.synced_size(now),
                "issue": task.issue,
                "trigger": task.trigger,
                "rule_id": task.rule_id,
                "created_at": task.created_at,
                "ended_at": task.ended_at,
            }
            for task in sorted(instance.tasks.values(), key=lambda t: t.created_at)
        ],
    }
