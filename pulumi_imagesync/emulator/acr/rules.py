"""ACR Enterprise synchronization rules: what an instance copies to another one by itself, or when told.

No HTTP here; the backend (`models.AcrBackend`) owns a `RuleBook` and tells it of every push.

What the API documents (``alibabacloud_cr20181201`` models, CreateRepoSyncRule / ListRepoSyncRule /
CreateRepoSyncTaskByRule):

- ``SyncScope`` ``REPO`` (one repository), ``NAMESPACE`` (a namespace; ``RepoNameFilter`` applies) or
  ``INSTANCE`` (namespaces and repositories chosen by ``NamespaceNameFilter`` / ``RepoNameFilter``
  regular expressions); ``TagFilter`` (a regular expression) is required.
- ``SyncTrigger`` ``PASSIVE`` (automatic) or ``INITIATIVE`` (manual: run with
  ``CreateRepoSyncTaskByRule``, one task per repository and tag).
- ``ListRepoSyncRule`` reports ``SyncDirection`` ``FROM`` (the listed instance sends) or ``TO`` (it
  receives): a rule is listed at both of its instances, each side reporting itself as ``Local*``
  (the Terraform provider reads rules by ``LocalInstanceId`` and refuses to delete a ``TO`` one,
  ``resource_alicloud_cr_ee_sync_rule.go``).

What the documents leave open, and this emulator assumes:

- Patterns match the whole name or tag (Python's ``re.fullmatch``; the API names no dialect).
- An ``INSTANCE`` rule copies each image into the same namespace and repository names in the target
  instance; a ``NAMESPACE`` rule into the target namespace, under the same repository name.
- Rule names are unique per source instance (``SYNC_RULE_ALREADY_EXIST``); the target instance must
  exist for the target account and, except for ``INSTANCE`` rules, its namespace must exist; the
  source namespace (and repository, for ``REPO``) must exist.
- A rule's tasks overwrite the target tag (CreateRepoSyncRule has no ``Override``).
- A ``PASSIVE`` rule starts a task for every matching tag pushed to its source after it exists
  (a seed and a finished copy into the instance are pushes; writing a digest a tag already holds is
  not, which also ends copy loops). ``CreateRepoSyncTaskByRule`` runs rules of either trigger, for
  a repository and tag the rule covers (``InvalidParameter`` otherwise).
- ``DeleteRepoSyncRule`` works at either instance of the rule; a rule that is not there is
  ``SYNC_RULE_NOT_EXIST``. Tasks already started go on; what they copied stays.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import exceptions as exc
from .rule_settings import RuleSettings
from .seed import derived_id

if TYPE_CHECKING:
    from .models import AcrBackend, ImageRef, Instance, Repository
    from .seed import SeedRule

SCOPES = ("REPO", "NAMESPACE", "INSTANCE")
TRIGGERS = ("PASSIVE", "INITIATIVE")
FROM, TO = "FROM", "TO"


@dataclass(kw_only=True)
class SyncRule(RuleSettings):
    id: str
    instance_id: str
    region: str
    target_account_id: str
    cross_user: bool
    created_at: float
    modified_at: float = 0.0

    def covers(self, namespace: str, repository: str) -> bool:
        """Whether the rule copies from this repository of its source instance."""
        if self.scope == "REPO":
            return (namespace, repository) == (self.namespace, self.repository)
        if self.scope == "NAMESPACE" and namespace != self.namespace:
            return False
        if self.scope == "INSTANCE" and not _full_match(self.namespace_filter, namespace):
            return False
        return _full_match(self.repository_filter, repository)

    def takes(self, namespace: str, repository: str, tag: str) -> bool:
        return self.covers(namespace, repository) and _full_match(self.tag_filter, tag)

    def target_of(self, source: ImageRef) -> ImageRef:
        """Where the rule copies an image of its source."""
        namespace, repository = source.namespace, source.repository
        if self.scope in ("REPO", "NAMESPACE"):
            namespace = self.target_namespace
        if self.scope == "REPO":
            repository = self.target_repository
        return dataclasses.replace(
            source,
            instance_id=self.target_instance_id,
            region=self.target_region,
            namespace=namespace,
            repository=repository,
        )

    def view(self, instance_id: str) -> dict[str, Any]:
        """The rule as ``ListRepoSyncRule`` lists it at one of its two instances."""
        here = (self.region, self.namespace, self.repository)
        there = (self.target_region, self.target_namespace, self.target_repository)
        sends = instance_id == self.instance_id
        local, remote = (here, there) if sends else (there, here)
        return {
            "SyncRuleId": self.id,
            "SyncRuleName": self.name,
            "SyncScope": self.scope,
            "SyncTrigger": self.trigger,
            "SyncDirection": FROM if sends else TO,
            "TagFilter": self.tag_filter,
            "NamespaceNameFilter": self.namespace_filter,
            "RepoNameFilter": self.repository_filter,
            "LocalInstanceId": self.instance_id if sends else self.target_instance_id,
            "LocalRegionId": local[0],
            "LocalNamespaceName": local[1],
            "LocalRepoName": local[2],
            "TargetInstanceId": self.target_instance_id if sends else self.instance_id,
            "TargetRegionId": remote[0],
            "TargetNamespaceName": remote[1],
            "TargetRepoName": remote[2],
            "CrossUser": self.cross_user,
            "LinkId": self.link_id,
            "Priority": self.priority,
            "CreateTime": int(self.created_at * 1000),
            "ModifiedTime": int(max(self.created_at, self.modified_at) * 1000),
        }


@dataclass(kw_only=True)
class RuleRequest(RuleSettings):
    """``CreateRepoSyncRule``'s parameters, as the responses read them."""

    target_user_id: str = ""


def _full_match(pattern: str, text: str) -> bool:
    return not pattern or re.fullmatch(pattern, text) is not None


def _check_pattern(field: str, pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as error:
        raise exc.InvalidParameter(f"{field} {pattern!r} is not a regular expression: {error}.") from None


class RuleBook:
    """The sync rules of every instance of a world, and what they do."""

    def __init__(self, backend: AcrBackend) -> None:
        self.backend = backend
        self.rules: dict[str, SyncRule] = {}
        self._ids = itertools.count(1)

    # --- the API -------------------------------------------------------------------------------

    def create(self, source: Instance, caller_account_id: str, request: RuleRequest) -> SyncRule:
        backend = self.backend
        if request.scope not in SCOPES:
            raise exc.InvalidParameter(f"SyncScope must be one of {', '.join(SCOPES)}.")
        if request.trigger not in TRIGGERS:
            raise exc.InvalidParameter(f"SyncTrigger must be one of {', '.join(TRIGGERS)}.")
        if not 1 <= request.priority <= 5:
            raise exc.InvalidParameter(f"Priority must be between 1 and 5, got {request.priority}.")
        for field, pattern in (
            ("TagFilter", request.tag_filter),
            ("NamespaceNameFilter", request.namespace_filter),
            ("RepoNameFilter", request.repository_filter),
        ):
            _check_pattern(field, pattern)
        if any(r.name == request.name and r.instance_id == source.id for r in self.rules.values()):
            raise exc.SyncRuleNameExists(source.id, request.name)
        owner = request.target_user_id or caller_account_id
        target = backend.instances.get(request.target_instance_id)
        if target is None or target.region != request.target_region or target.account_id != owner:
            raise exc.InstanceNotFound(request.target_instance_id, request.target_region, owner)
        if request.scope != "INSTANCE":
            backend.namespace(source, _given("NamespaceName", request.namespace))
            backend.namespace(target, _given("TargetNamespaceName", request.target_namespace))
        if request.scope == "REPO":
            backend.repository_named(source, request.namespace, _given("RepoName", request.repository))
            _given("TargetRepoName", request.target_repository)
        keep = {
            "REPO": ("namespace", "repository", "target_namespace", "target_repository"),
            "NAMESPACE": ("namespace", "target_namespace", "repository_filter"),
            "INSTANCE": ("namespace_filter", "repository_filter"),
        }[request.scope]
        ignored = {
            name: ""
            for name in (
                "namespace",
                "repository",
                "namespace_filter",
                "repository_filter",
                "target_namespace",
                "target_repository",
            )
            if name not in keep
        }
        settings = {**request.settings(), **ignored}
        if source.id == target.id and request.scope == "INSTANCE":
            raise exc.InvalidParameter("The source and the target instance of an INSTANCE rule are the same.")
        now = backend.ctx.clock.now()
        rule = SyncRule(
            id=derived_id("crsr", source.id, request.name, str(next(self._ids)), str(now)),
            instance_id=source.id,
            region=source.region,
            target_account_id=target.account_id,
            cross_user=target.account_id != source.account_id,
            created_at=now,
            **settings,
        )
        self.rules[rule.id] = rule
        return rule

    def at(self, instance: Instance) -> list[SyncRule]:
        """The rules of an instance, either way, oldest first."""
        return sorted(
            (r for r in self.rules.values() if instance.id in (r.instance_id, r.target_instance_id)),
            key=lambda r: (r.created_at, r.id),
        )

    def rule(self, instance: Instance, rule_id: str) -> SyncRule:
        rule = self.rules.get(rule_id)
        if rule is None or instance.id not in (rule.instance_id, rule.target_instance_id):
            raise exc.SyncRuleNotFound(instance.id, rule_id)
        return rule

    def delete(self, instance: Instance, rule_id: str) -> None:
        del self.rules[self.rule(instance, rule_id).id]

    def run(self, instance: Instance, rule_id: str, repository: Repository, tag: str, priority: int) -> Any:
        """``CreateRepoSyncTaskByRule``: one task, for one tag the rule covers."""
        rule = self.rule(instance, rule_id)
        if rule.instance_id != instance.id:
            raise exc.SyncRuleNotFound(instance.id, rule_id)  # only the sending side runs a rule
        self.backend.tag(repository, tag)
        if not rule.takes(repository.namespace, repository.name, tag):
            raise exc.InvalidParameter(
                f"The rule {rule.id} does not cover {repository.namespace}/{repository.name}:{tag}."
            )
        return self._start(rule, instance, repository, tag, "INITIATIVE", priority)

    def seed(self, instance: Instance, seed: SeedRule) -> None:
        """A seeded rule: made, or — for an id or name the instance has — its settings replaced."""
        now = self.backend.ctx.clock.now()
        settings = seed.settings()
        target = self.backend.instances.get(seed.target_instance_id)
        account = target.account_id if target is not None else instance.account_id
        for rule in self.rules.values():
            if rule.instance_id == instance.id and (rule.id == seed.id or rule.name == seed.name):
                for key, value in settings.items():
                    setattr(rule, key, value)
                rule.target_account_id, rule.cross_user = account, account != instance.account_id
                rule.modified_at = now
                return
        rule = SyncRule(
            id=seed.id or derived_id("crsr", instance.id, seed.name, str(next(self._ids)), str(now)),
            instance_id=instance.id,
            region=instance.region,
            target_account_id=account,
            cross_user=account != instance.account_id,
            created_at=now,
            **settings,
        )
        self.rules[rule.id] = rule

    # --- pushes --------------------------------------------------------------------------------

    def pushed(self, instance: Instance, repository: Repository, tag: str) -> None:
        """A tag was written into an instance: every automatic rule of it that takes the tag copies it."""
        for rule in list(self.rules.values()):
            if (
                rule.instance_id == instance.id
                and rule.trigger == "PASSIVE"
                and rule.takes(repository.namespace, repository.name, tag)
            ):
                self._start(rule, instance, repository, tag, "PASSIVE", rule.priority)

    def _start(
        self,
        rule: SyncRule,
        instance: Instance,
        repository: Repository,
        tag: str,
        trigger: str,
        priority: int,
    ) -> Any:
        source = self.backend.image_ref(instance, repository, tag)
        return self.backend.start_task(
            instance,
            source,
            rule.target_of(source),
            repository.tags[tag],
            target_account_id=rule.target_account_id,
            override=True,
            priority=priority,
            trigger=trigger,
            rule_id=rule.id,
        )

    # --- snapshot ------------------------------------------------------------------------------

    def snapshot(self, instance_id: str) -> dict[str, dict[str, Any]]:
        """The rules an instance sends, by name (names are unique per instance)."""
        return {
            r.name: {
                "id": r.id,
                "name": r.name,
                "scope": r.scope,
                "trigger": r.trigger,
                "source": "/".join(p for p in (r.namespace, r.repository) if p),
                "target": "/".join(
                    p for p in (r.target_region, r.target_instance_id, r.target_namespace) if p
                )
                + (f"/{r.target_repository}" if r.target_repository else ""),
                "tag_filter": r.tag_filter,
                "cross_user": r.cross_user,
            }
            for r in sorted(self.rules.values(), key=lambda r: (r.created_at, r.id))
            if r.instance_id == instance_id
        }


def _given(field: str, value: str) -> str:
    if not value:
        raise exc.MissingParameter(field)
    return value
