"""TCR state and behaviour: registries, namespaces, repositories, tags, replication rules.

No HTTP here. Registries are kept by their (globally unique) id and each lives in one region and
one account: a call for region X sees only region X's registries (``ResourceNotFound``) and only its
own account's (``UnauthorizedOperation``).

Behaviour the provider can rely on (and the tests pin down):

- **Tags** point at digests; several tags may share one. Writing a tag (a seed, a finished
  ``DuplicateImage``, a finished replication) is a *push* unless it already holds that digest.
  ``DeleteRepositoryTags`` removes exactly the named tags; ``DeleteImage`` removes the artifact, i.e.
  **every tag of the repository that shares the named tag's digest** (as Harbor does). Emptied
  repositories stay (``DescribeImages`` then answers an empty list).
- **Rules are event-driven**: creating one starts nothing. A push into a registry starts, for every
  enabled rule whose filters match (see `filters`), an execution (``InProgress``) with one task
  that copies the tag to the rule's destination registry/namespace under the same repository name
  (created if missing). It completes ``copies.tcr.seconds`` emulated seconds later (default 0):
  ``Succeed``, or ``Failed`` when the destination registry/namespace is gone, the copy is listed in
  ``copies.tcr.fail``, or the destination tag holds another digest and the rule has
  ``Override=false`` (the tag is then left alone: the task **fails**, it is not skipped). A
  destination tag already holding the digest counts as success without a push, which also ends
  replication loops. With ``Deletion=true`` a deleted source tag starts an execution whose task
  deletes the destination tag (success when it is already absent). Executions list newest first.
- **DuplicateImage** copies one tag inside one registry. It is checked when called (source
  namespace/repository/tag exist, destination namespace exists, destination tag absent unless
  ``Override``) and the destination tag appears ``copies.tcr.seconds`` later (0 = before the call
  returns). A copy listed in ``copies.tcr.fail`` never appears; the API gives no task id, so a
  client can only tell by the tag staying absent (the emulator's state lists it as ``Failed`` under
  the registry's ``duplicates``).
- ``copies.tcr.fail`` entries match the copy's destination by ``registry_id``, ``namespace``,
  ``repository``, ``tag`` (each optional). ``seconds`` is read when a copy starts, ``fail`` when it
  completes.
- **Content**: every instance is also an OCI registry (``registry``; its repositories are
  ``<namespace>/<name>``): a copy (duplicate or replication) gives the destination the image's
  manifests and blobs along with the tag, and a push through the OCI API is a push here.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..backend import ServiceContext
from ..images import seed_tag
from ..registry.content import RegistryContent
from ..registry.credentials import Login
from ..registry.hosts import RegistryHost
from ..tencent_regions import BY_ID
from . import exceptions as exc
from .filters import FILTER_TYPES, Filter, matches
from .registry import TcrRegistryHost
from .seed import SeedRegistry, parse_seed

COPY_FAIL_KEYS = frozenset({"registry_id", "namespace", "repository", "tag"})
TEMPORARY_TOKEN_SECONDS = 3600  # https://www.tencentcloud.com/document/product/1051/37253
IN_PROGRESS, SUCCEED, FAILED = "InProgress", "Succeed", "Failed"


@dataclass
class Tag:
    digest: str
    size: int
    updated_at: float


@dataclass
class Repository:
    name: str
    created_at: float
    updated_at: float
    tags: dict[str, Tag] = field(default_factory=dict)


@dataclass
class Namespace:
    id: int
    name: str
    created_at: float
    repositories: dict[str, Repository] = field(default_factory=dict)


@dataclass(frozen=True)
class ImageRef:
    registry_id: str
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


@dataclass
class Rule:
    id: int
    name: str
    description: str
    destination_registry_id: str
    destination_region: str
    dest_namespace: str
    override: bool
    deletion: bool
    filters: tuple[Filter, ...]
    peer_account_id: str | None
    created_at: float
    updated_at: float
    enabled: bool = True


@dataclass
class Task:
    job_id: str
    operation: str  # "copy" | "delete"
    source: ImageRef
    destination: ImageRef
    digest: str
    size: int
    started_at: float
    status: str = IN_PROGRESS
    ended_at: float | None = None


@dataclass
class Execution:
    id: int
    policy_id: int
    registry_id: str
    destination_region: str
    override: bool
    tasks: list[Task]
    started_at: float
    status: str = IN_PROGRESS
    ended_at: float | None = None

    @property
    def succeeded(self) -> int:
        return sum(task.status == SUCCEED for task in self.tasks)


@dataclass
class Duplicate:
    """A DuplicateImage in flight or done (kept for the state snapshot only)."""

    source: ImageRef
    destination: ImageRef
    digest: str
    size: int
    started_at: float
    status: str = IN_PROGRESS
    ended_at: float | None = None


@dataclass
class Registry:
    id: str
    name: str
    region: str
    account_id: str
    created_at: float
    content: RegistryContent
    peer_token: str | None = None
    status: str = "Running"
    namespaces: dict[str, Namespace] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    executions: dict[int, Execution] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)


Job = Execution | Duplicate


class TcrBackend:
    """All TCR registries of one world, and the copies in flight between them."""

    registry_cloud = "tencentcloud"

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.registries: dict[str, Registry] = {}
        self._ids = itertools.count(1)  # namespace, rule, execution and job ids
        self._queue: list[tuple[float, int, Job]] = []

    # --- lookups -------------------------------------------------------------------------------

    def registry(self, region: str, account_id: str, registry_id: str) -> Registry:
        registry = self.registries.get(registry_id)
        if registry is None or registry.region != region:
            raise exc.RegistryNotFound(registry_id, region)
        if registry.account_id != account_id:
            raise exc.RegistryNotAuthorized(registry_id)
        return registry

    def registries_of(self, account_id: str, region: str | None) -> list[Registry]:
        return [
            r
            for r in self.registries.values()
            if r.account_id == account_id and (region is None or r.region == region)
        ]

    @staticmethod
    def namespace(registry: Registry, name: str) -> Namespace:
        namespace = registry.namespaces.get(name)
        if namespace is None:
            raise exc.NamespaceNotFound(registry.id, name)
        return namespace

    def delete_namespace(self, registry: Registry, name: str) -> None:
        """With its repositories and tags: the document names no refusal of a namespace that holds
        repositories (and ACR's DeleteNamespace documents deleting them with it)."""
        self.namespace(registry, name)
        del registry.namespaces[name]

    def repository(self, registry: Registry, namespace: str, name: str) -> Repository:
        repository = self.namespace(registry, namespace).repositories.get(name)
        if repository is None:
            raise exc.RepositoryNotFound(namespace, name)
        return repository

    def tag(self, registry: Registry, namespace: str, repository: str, tag: str) -> Tag:
        found = self.repository(registry, namespace, repository).tags.get(tag)
        if found is None:
            raise exc.TagNotFound(namespace, repository, tag)
        return found

    # --- the OCI API's view ---------------------------------------------------------------------

    def registry_host(self, registry_id: str) -> RegistryHost | None:
        registry = self.registries.get(registry_id)
        return None if registry is None else TcrRegistryHost(self, registry)

    def registry_hosts(self) -> list[RegistryHost]:
        return [TcrRegistryHost(self, registry) for registry in self.registries.values()]

    def push(
        self, registry: Registry, namespace: str, repository: str, tag: str, digest: str, size: int
    ) -> None:
        """A tag pushed through the OCI API (the namespace exists; the repository is made if needed)."""
        ref = ImageRef(registry.id, namespace, repository, tag)
        self._write_tag(registry, registry.namespaces[namespace], ref, digest, size, self.ctx.clock.now())

    def untag(self, registry: Registry, namespace: str, repository: Repository, tag: str) -> None:
        self._delete_tag(registry, namespace, repository, tag, self.ctx.clock.now())

    def issue_login(self, registry: Registry, *, long_term: bool) -> Login:
        """``CreateInstanceToken``: the instance's docker login, its user name the account's (a
        temporary one lasts an hour)."""
        key = TcrRegistryHost(self, registry).key
        seconds = None if long_term else TEMPORARY_TOKEN_SECONDS
        return self.ctx.registries.credentials.issue(key, registry.account_id, registry.account_id, seconds)

    def endpoint(self, registry: Registry) -> str | None:
        return self.ctx.registries.endpoint(TcrRegistryHost(self, registry).key)

    # --- images --------------------------------------------------------------------------------

    def duplicate(self, registry: Registry, source: ImageRef, destination: ImageRef, override: bool) -> None:
        tag = self.tag(registry, source.namespace, source.repository, source.tag)
        target = self.namespace(registry, destination.namespace)
        if source == destination:
            raise exc.InvalidParameter("The source and destination of DuplicateImage are the same tag.")
        existing = target.repositories.get(destination.repository)
        if existing is not None and destination.tag in existing.tags and not override:
            raise exc.TagExists(destination.namespace, destination.repository, destination.tag)
        now = self.ctx.clock.now()
        job = Duplicate(source, destination, tag.digest, tag.size, now)
        registry.duplicates.append(job)
        self._schedule(now + self.ctx.copies().seconds, job)

    def delete_tags(self, registry: Registry, namespace: str, repository: str, tags: Sequence[str]) -> None:
        repo = self.repository(registry, namespace, repository)
        for name in tags:
            if name not in repo.tags:
                raise exc.TagNotFound(namespace, repository, name)
        for name in dict.fromkeys(tags):
            self._delete_tag(registry, namespace, repo, name, self.ctx.clock.now())

    def delete_image(self, registry: Registry, namespace: str, repository: str, tag: str) -> None:
        repo = self.repository(registry, namespace, repository)
        if tag not in repo.tags:
            raise exc.TagNotFound(namespace, repository, tag)
        digest = repo.tags[tag].digest
        for name in [name for name, t in repo.tags.items() if t.digest == digest]:
            self._delete_tag(registry, namespace, repo, name, self.ctx.clock.now())

    # --- replication rules ---------------------------------------------------------------------

    def create_rule(
        self,
        source: Registry,
        *,
        name: str,
        destination_registry_id: str,
        destination_region_id: int | None,
        dest_namespace: str,
        override: bool,
        deletion: bool,
        filters: Sequence[Filter],
        description: str,
        peer_account_id: str | None,
        peer_token: str | None,
    ) -> Rule:
        if name in source.rules:
            raise exc.ReplicationExists(source.id, name)
        region = source.region
        if destination_region_id is not None:
            if destination_region_id not in BY_ID:
                raise exc.UnsupportedDestinationRegion(destination_region_id)
            region = BY_ID[destination_region_id].name
        destination = self.registries.get(destination_registry_id)
        if destination is None or destination.region != region:
            raise exc.RegistryNotFound(destination_registry_id, region)
        if destination.id == source.id:
            raise exc.InvalidParameter("The source and destination instance of a rule must differ.")
        _check_destination(source, destination, peer_account_id, peer_token)
        self.namespace(destination, dest_namespace)
        now = self.ctx.clock.now()
        rule = Rule(
            id=next(self._ids),
            name=name,
            description=description,
            destination_registry_id=destination.id,
            destination_region=destination.region,
            dest_namespace=dest_namespace,
            override=override,
            deletion=deletion,
            filters=_checked_filters(filters),
            peer_account_id=peer_account_id,
            created_at=now,
            updated_at=now,
        )
        source.rules[name] = rule
        return rule

    def modify_rule(
        self,
        source: Registry,
        name: str,
        *,
        dest_namespace: str,
        override: bool,
        filters: Sequence[Filter],
        deletion: bool | None,
        enabled: bool | None,
        description: str | None,
    ) -> Rule:
        rule = self.rule(source, name)
        destination = self.registries.get(rule.destination_registry_id)
        if destination is None:
            raise exc.RegistryNotFound(rule.destination_registry_id, rule.destination_region)
        self.namespace(destination, dest_namespace)
        checked = _checked_filters(filters)  # every check before the first change
        rule.dest_namespace = dest_namespace
        rule.override = override
        rule.filters = checked
        if deletion is not None:
            rule.deletion = deletion
        if enabled is not None:
            rule.enabled = enabled
        if description is not None:
            rule.description = description
        rule.updated_at = self.ctx.clock.now()
        return rule

    def delete_rule(self, source: Registry, name: str) -> None:
        self.rule(source, name)
        del source.rules[name]

    @staticmethod
    def rule(source: Registry, name: str) -> Rule:
        rule = source.rules.get(name)
        if rule is None:
            raise exc.RuleNotFound(source.id, name)
        return rule

    @staticmethod
    def execution(source: Registry, execution_id: int) -> Execution:
        execution = source.executions.get(execution_id)
        if execution is None:
            raise exc.ExecutionNotFound(source.id, execution_id)
        return execution

    # --- time ----------------------------------------------------------------------------------

    def advance(self, now: float) -> None:
        while self._queue and self._queue[0][0] <= now:
            due, _, job = heapq.heappop(self._queue)
            if isinstance(job, Execution):
                self._finish_execution(job, due)
            else:
                self._finish_duplicate(job, due)

    def _schedule(self, due: float, job: Job) -> None:
        heapq.heappush(self._queue, (due, next(self._ids), job))

    def _finish_duplicate(self, job: Duplicate, at: float) -> None:
        job.ended_at = at
        job.status = FAILED
        if self._copy_fails(job.destination):
            return
        registry = self.registries.get(job.destination.registry_id)
        namespace = registry.namespaces.get(job.destination.namespace) if registry else None
        if registry is None or namespace is None:
            return
        self._copy_content(job.source, job.destination, job.digest)
        self._write_tag(registry, namespace, job.destination, job.digest, job.size, at)
        job.status = SUCCEED

    def _finish_execution(self, execution: Execution, at: float) -> None:
        for task in execution.tasks:
            ok = self._run_task(task, execution, at)
            task.status, task.ended_at = (SUCCEED if ok else FAILED), at
        execution.status = SUCCEED if execution.succeeded == len(execution.tasks) else FAILED
        execution.ended_at = at

    def _run_task(self, task: Task, execution: Execution, at: float) -> bool:
        target = task.destination
        if self._copy_fails(target):
            return False
        registry = self.registries.get(target.registry_id)
        if registry is None or registry.region != execution.destination_region:
            return task.operation == "delete"
        namespace = registry.namespaces.get(target.namespace)
        if namespace is None:
            return task.operation == "delete"
        repository = namespace.repositories.get(target.repository)
        existing = repository.tags.get(target.tag) if repository else None
        if task.operation == "delete":
            if repository is not None and existing is not None:
                self._delete_tag(registry, target.namespace, repository, target.tag, at)
            return True
        if existing is not None and existing.digest != task.digest and not execution.override:
            return False
        self._copy_content(task.source, target, task.digest)
        self._write_tag(registry, namespace, target, task.digest, task.size, at)
        return True

    def _copy_content(self, source: ImageRef, destination: ImageRef, digest: str) -> None:
        """The image's manifests and blobs go with the tag (a copy of content, not of a name)."""
        origin, target = self.registries.get(source.registry_id), self.registries.get(destination.registry_id)
        if origin is not None and target is not None:
            origin.content.copy_image(
                source.repository_path, digest, target.content, destination.repository_path
            )

    def _copy_fails(self, target: ImageRef) -> bool:
        return self.ctx.copies().fails(
            registry_id=target.registry_id,
            namespace=target.namespace,
            repository=target.repository,
            tag=target.tag,
        )

    # --- pushes and deletions (the events rules react to) --------------------------------------

    def _write_tag(
        self, registry: Registry, namespace: Namespace, ref: ImageRef, digest: str, size: int, at: float
    ) -> None:
        repository = namespace.repositories.get(ref.repository)
        if repository is None:
            repository = namespace.repositories[ref.repository] = Repository(ref.repository, at, at)
        current = repository.tags.get(ref.tag)
        if current is not None and current.digest == digest:
            return
        repository.tags[ref.tag] = Tag(digest, size, at)
        repository.updated_at = at
        self._on_event(registry, "copy", ref, digest, size, at)

    def _delete_tag(
        self, registry: Registry, namespace: str, repository: Repository, tag: str, at: float
    ) -> None:
        removed = repository.tags.pop(tag)
        repository.updated_at = at
        ref = ImageRef(registry.id, namespace, repository.name, tag)
        self._on_event(registry, "delete", ref, removed.digest, removed.size, at)

    def _on_event(
        self, registry: Registry, operation: str, ref: ImageRef, digest: str, size: int, at: float
    ) -> None:
        for rule in registry.rules.values():
            if not rule.enabled or (operation == "delete" and not rule.deletion):
                continue
            if not matches(rule.filters, f"{ref.namespace}/{ref.repository}", ref.tag):
                continue
            destination = ImageRef(rule.destination_registry_id, rule.dest_namespace, ref.repository, ref.tag)
            execution_id = next(self._ids)
            task = Task(str(next(self._ids)), operation, ref, destination, digest, size, at)
            execution = Execution(
                execution_id, rule.id, registry.id, rule.destination_region, rule.override, [task], at
            )
            registry.executions[execution_id] = execution
            self._schedule(at + self.ctx.copies().seconds, execution)

    # --- seed and snapshot ---------------------------------------------------------------------

    def plan_seed(self, doc: Any) -> Callable[[], None]:
        registries = parse_seed(doc, self.registries)
        return lambda: self._apply_seed(registries)

    def _apply_seed(self, seeds: Iterable[SeedRegistry]) -> None:
        now = self.ctx.clock.now()
        for seed in seeds:
            registry = self.registries.get(seed.id)
            if registry is None:
                account_id = seed.account_id or self.ctx.default_account_id
                content = self.ctx.registries.new_content()
                registry = Registry(seed.id, seed.id, seed.region, account_id, now, content)
                self.registries[seed.id] = registry
            registry.name = seed.name or registry.name
            registry.account_id = seed.account_id or registry.account_id
            if seed.peer_token is not None:
                registry.peer_token = seed.peer_token
            for ns in seed.namespaces:
                namespace = registry.namespaces.get(ns.name)
                if namespace is None:
                    namespace = registry.namespaces[ns.name] = Namespace(next(self._ids), ns.name, now)
                for repo in ns.repositories:
                    if repo.name not in namespace.repositories:
                        namespace.repositories[repo.name] = Repository(repo.name, now, now)
                    for tag in repo.tags:
                        path = f"{ns.name}/{repo.name}"
                        for name, digest, size in seed_tag(self.ctx.registries, registry.content, path, tag):
                            ref = ImageRef(registry.id, ns.name, repo.name, name)
                            self._write_tag(registry, namespace, ref, digest, size, now)

    def snapshot(self) -> dict[str, Any]:
        regions: dict[str, Any] = {}
        for registry in sorted(self.registries.values(), key=lambda r: (r.region, r.id)):
            regions.setdefault(registry.region, {"registries": {}})["registries"][registry.id] = (
                _registry_state(registry)
            )
        return regions


def _check_destination(
    source: Registry, destination: Registry, peer_account_id: str | None, peer_token: str | None
) -> None:
    if peer_account_id is None:
        if destination.account_id != source.account_id:
            raise exc.PeerNotAuthorized(
                destination.id, "it belongs to another account; enable peer replication"
            )
        return
    if destination.account_id != peer_account_id:
        raise exc.PeerNotAuthorized(destination.id, f"it does not belong to account {peer_account_id}")
    if not peer_token or destination.peer_token != peer_token:
        raise exc.PeerNotAuthorized(destination.id, "the peer registry token is not valid")


def _checked_filters(filters: Sequence[Filter]) -> tuple[Filter, ...]:
    for f in filters:
        if f.type not in FILTER_TYPES:
            raise exc.InvalidParameter(f"Filter type `{f.type}` is not one of {', '.join(FILTER_TYPES)}.")
    return tuple(filters)


def _registry_state(registry: Registry) -> dict[str, Any]:
    return {
        "name": registry.name,
        "account_id": registry.account_id,
        "status": registry.status,
        "peer_token_set": registry.peer_token is not None,
        "namespaces": {
            ns.name: {
                "repositories": {
                    repo.name: {
                        "tags": {
                            name: {"digest": t.digest, "size": t.size, "update_time": t.updated_at}
                            for name, t in sorted(repo.tags.items())
                        }
                    }
                    for repo in ns.repositories.values()
                }
            }
            for ns in registry.namespaces.values()
        },
        "replication_rules": {
            rule.name: {
                "id": rule.id,
                "description": rule.description,
                "destination_registry_id": rule.destination_registry_id,
                "destination_region": rule.destination_region,
                "dest_namespace": rule.dest_namespace,
                "override": rule.override,
                "deletion": rule.deletion,
                "enabled": rule.enabled,
                "filters": [{"type": f.type, "value": f.value} for f in rule.filters],
                "peer_account_id": rule.peer_account_id,
            }
            for rule in registry.rules.values()
        },
        "executions": [
            {
                "id": ex.id,
                "policy_id": ex.policy_id,
                "status": ex.status,
                "started_at": ex.started_at,
                "ended_at": ex.ended_at,
                "tasks": [
                    {
                        "operation": task.operation,
                        "source": task.source.path,
                        "destination": f"{task.destination.registry_id}/{task.destination.path}",
                        "digest": task.digest,
                        "status": task.status,
                    }
                    for task in ex.tasks
                ],
            }
            for ex in registry.executions.values()
        ],
        "duplicates": [
            {
                "source": job.source.path,
                "destination": job.destination.path,
                "digest": job.digest,
                "status": job.status,
                "started_at": job.started_at,
                "ended_at": job.ended_at,
            }
            for job in registry.duplicates
        ],
    }
