"""Provider of `alibabacloud.SyncRule`: an ACR Enterprise synchronization rule.

Permanent identifier: this module path and the class name `SyncRuleProvider` are pickled into every
SyncRule's state.

API mapping (cr 2018-12-01): create `CreateRepoSyncRule`; read `ListRepoSyncRule`, every page,
matched by name (and then by the `SyncRuleId` the create got) among the rules the instance sends
(`SyncDirection` `FROM`); delete `DeleteRepoSyncRule`. There is no update call: a changed setting
replaces the rule, the old one deleted first since the name is the identity. A run
(`sync_existing`, `triggers`) is `CreateRepoSyncTaskByRule` for each tag the rule covers, followed
with `GetRepoSyncTask` (`sync_rule_runs`). Id: `<region>#<instance id>#<rule name>`.

The field rules per `SyncScope` come from the SDK's `CreateRepoSyncRuleRequest` comments:
`NamespaceNameFilter` "takes effect only when SyncScope is set to INSTANCE", `RepoNameFilter` "only
when SyncScope is set to INSTANCE or NAMESPACE"; a `REPO` rule names its repositories (the API
document, doc-detail/145280, and the Terraform resource pair `repo_name` with `target_repo_name`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi.dynamic import CheckFailure, CheckResult, DiffResult

from ..provider.base import ImageSyncProvider, Operation
from ..provider.errors import CloudError, OperationFailedError
from ..provider.fields import (
    Schema,
    common_fields,
    identity,
    in_place,
    is_unknown,
    output,
    replace,
    update_in_place,
)
from ..provider.ids import IdLayout
from ..provider.rollback import Rollback
from ..provider.validation import ACCOUNT_ID_RE, PATH_COMPONENT_RE, REPOSITORY_RE, Checks, show
from ..provider.waiting import wait_for_found
from .api import AlibabaApi, alibaba_api
from .paging import pages
from .regions import REGIONS
from .sync_repo_task_provider import INSTANCE_ID_RE, INSTANCE_RULE, NAMESPACE_RULE, REPOSITORY_RULE
from .sync_rule_runs import RuleRun, cancel_run, refresh_run, source_profile

log = logging.getLogger("pulumi_imagesync")

# ACR documents no pattern for SyncRuleName; this is TCR's documented rule for its rule names,
# which also keeps `#` (the id separator) and every character a console would escape out.
RULE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
RULE_NAME = "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
SCOPES = ("REPO", "NAMESPACE", "INSTANCE")
TRIGGERS = ("PASSIVE", "INITIATIVE")
# "Synchronization is supported only between public cloud regions. Synchronization to non-public
# cloud regions, such as Alibaba Finance Cloud or Alibaba Gov Cloud, is not supported."
# (ACR user guide, "Accelerate image synchronization", Limitations)
NOT_PUBLIC = frozenset(region for region in REGIONS if "finance" in region)
FROM = "FROM"

SCHEMA = Schema(
    [
        identity("region"),
        identity("instance_id", required=True),
        identity("name", required=True),
        replace("sync_scope", required=True),
        replace("tag_filter", required=True),
        replace("namespace_name"),
        replace("repo_name"),
        replace("namespace_name_filter"),
        replace("repo_name_filter"),
        replace("target_instance_id", required=True),
        replace("target_region_id"),
        replace("target_namespace_name"),
        replace("target_repo_name"),
        replace("target_user_id"),
        replace("sync_trigger"),
        replace("priority", int, default=3, above=0, at_most=5),
        replace("link_id"),
        in_place("sync_existing", bool, default=False),
        in_place("triggers", dict),
        *common_fields(timeout_seconds=1800),
        output("sync_rule_id"),
        output("sync_direction"),
        output("cross_user", bool),
        output("create_time", int),
        output("modified_time", int),
        output("sync_tasks", list),
        output("synced_tags", list),
        output("failed_tags", list),
    ]
)

# What `ListRepoSyncRule` reports of each declared setting (`SyncRules[]` of its SDK model).
LISTED = {
    "name": "SyncRuleName",
    "sync_scope": "SyncScope",
    "sync_trigger": "SyncTrigger",
    "tag_filter": "TagFilter",
    "namespace_name": "LocalNamespaceName",
    "repo_name": "LocalRepoName",
    "namespace_name_filter": "NamespaceNameFilter",
    "repo_name_filter": "RepoNameFilter",
    "target_instance_id": "TargetInstanceId",
    "target_region_id": "TargetRegionId",
    "target_namespace_name": "TargetNamespaceName",
    "target_repo_name": "TargetRepoName",
    "priority": "Priority",
    "link_id": "LinkId",
}


@dataclass(frozen=True)
class Scope:
    """What a `sync_scope` needs and what it does not use, with the reason in words."""

    required: Mapping[str, str]
    unused: Mapping[str, str]


_FILTERS_OF_INSTANCE = "the SDK documents NamespaceNameFilter for SyncScope INSTANCE only"
_REPO_FILTER = "the SDK documents RepoNameFilter for SyncScope INSTANCE and NAMESPACE only"
_BY_FILTERS = (
    "an INSTANCE rule picks namespaces and repositories with namespace_name_filter and "
    "repo_name_filter and keeps their names in the target"
)
_WHOLE_NAMESPACE = "a NAMESPACE rule copies the namespace's repositories under their own names (narrow them with repo_name_filter)"
SCOPE_RULES = {
    "REPO": Scope(
        {
            "namespace_name": "the repository's namespace",
            "repo_name": "the repository the rule copies",
            "target_namespace_name": "where the repository goes",
            "target_repo_name": "where the repository goes",
        },
        {"namespace_name_filter": _FILTERS_OF_INSTANCE, "repo_name_filter": _REPO_FILTER},
    ),
    "NAMESPACE": Scope(
        {"namespace_name": "the namespace the rule copies", "target_namespace_name": "where it goes"},
        {
            "namespace_name_filter": _FILTERS_OF_INSTANCE,
            "repo_name": _WHOLE_NAMESPACE,
            "target_repo_name": _WHOLE_NAMESPACE,
        },
    ),
    "INSTANCE": Scope(
        {},
        {
            "namespace_name": _BY_FILTERS,
            "repo_name": _BY_FILTERS,
            "target_namespace_name": _BY_FILTERS,
            "target_repo_name": _BY_FILTERS,
        },
    ),
}


class SyncRuleProvider(ImageSyncProvider):
    cloud = "alibabacloud"
    schema = SCHEMA
    noun = "ACR sync rule"
    id_layout = IdLayout(("region", "region"), ("instance_id", "instance id"), ("name", "rule name"))

    # -- offline ---------------------------------------------------------------------------------

    def complete(self, inputs: dict[str, Any]) -> None:
        # The API requires a target region; a rule between instances of one region is the default.
        if inputs.get("target_region_id") is None and inputs.get("region") is not None:
            inputs["target_region_id"] = inputs["region"]
        # Automatic, as the Terraform resource defaults it (the API names no default). Here rather
        # than as the field's default, so that an empty string is the same as leaving it out.
        inputs.setdefault("sync_trigger", "PASSIVE")

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(olds, news)
        failed = {f.property for f in result.failures}
        result.failures.extend(f for f in _scope_failures(result.inputs) if f.property not in failed)
        return result

    def validate(self, inputs: Mapping[str, Any]) -> Iterable[CheckFailure]:
        checks = Checks(inputs)
        checks.pattern("instance_id", INSTANCE_ID_RE, INSTANCE_RULE)
        checks.pattern("target_instance_id", INSTANCE_ID_RE, INSTANCE_RULE)
        checks.pattern(
            "name",
            RULE_NAME_RE,
            f"{RULE_NAME} (when omitted, the resource name is used: pass name=... if that is not a valid rule name)",
            maximum=64,
        )
        for field in ("namespace_name", "target_namespace_name"):
            if checks.length(field, 2, 120):
                checks.pattern(field, PATH_COMPONENT_RE, NAMESPACE_RULE)
        for field in ("repo_name", "target_repo_name"):
            if checks.length(field, 2, 120):
                checks.pattern(field, REPOSITORY_RE, REPOSITORY_RULE)
        for field in ("tag_filter", "namespace_name_filter", "repo_name_filter"):
            _regular_expression(checks, field)
        checks.one_of("sync_scope", SCOPES)
        checks.one_of("sync_trigger", TRIGGERS)
        checks.pattern(
            "target_user_id", ACCOUNT_ID_RE, "the numeric id (UID) of the target account (digits 0-9)"
        )
        checks.opaque("link_id", "a synchronization link id")
        checks.region("region", REGIONS, "Alibaba Cloud ACR")
        if checks.region("target_region_id", REGIONS, "Alibaba Cloud ACR"):
            target = inputs.get("target_region_id")
            if target in NOT_PUBLIC:
                checks.fail(
                    "target_region_id",
                    f"{target} is not a public cloud region: ACR synchronizes only between public cloud regions",
                )
        _source_is_not_target(checks, inputs)
        return checks

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        result = super().diff(id_, olds, news)
        # A run that was not waited for (wait=False) and failed, seen by a refresh: run it again.
        if olds.get("failed_tags") and news.get("sync_existing") and not result.changes:
            return update_in_place(result)
        return result

    def describe(self, op: Operation, resource_id: str) -> str:
        return f"{self.noun} {self._describe(op)}"

    # -- cloud -----------------------------------------------------------------------------------

    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, Any]:
        api = self._api(op)
        what = self._describe(op)
        existing = self._find(api, op)
        ours = existing is not None and self._made_by_predecessor(op, existing)
        adopted = existing is not None and not ours
        if adopted and not op.adopt:
            self.refuse_existing(op, what)
        if existing is not None and not _matches(op, existing):
            # No update call: an adopted rule converges by being made again as declared (and
            # stays if the create fails later: it was there before).
            log.info("re-creating %s as declared (the API cannot change a rule)", what)
            self._delete(api, op, str(existing["SyncRuleId"]))
            existing = None
        if existing is None:
            # The rule was absent just now: one that appears after this note is the product of this call.
            op.note(rule_sent=True)
            answer = api.call(
                "CreateRepoSyncRule", self._create_request(op), already_applied=lambda: self._find(api, op)
            )
            op.note(rule_id=str(answer["SyncRuleId"]))
            ours = not adopted
        if ours:
            rollback.add(
                f"{self.noun} {what}",
                lambda: self._delete(self._api(op, cleanup=True), op, op.noted("rule_id")),
            )
        rule = wait_for_found(
            lambda: self._find(api, op, op.noted("rule_id") or None),
            deadline=op.deadline,
            what=f"{self.noun} {what} to be visible",
        )
        op.note(rule_id=str(rule["SyncRuleId"]))
        view = _view(op, rule)
        if op.get("sync_existing", False):
            view.update(self._run(op, api, rule, rollback, "create"))
        return view

    def _made_by_predecessor(self, op: Operation, rule: Mapping[str, Any]) -> bool:
        """An earlier run of this resource sent `CreateRepoSyncRule` when the name was free, and
        this is the rule it got (its noted id), or one made as declared (the answer was lost)."""
        if not op.recall("rule_sent"):
            return False
        noted = op.recall("rule_id")
        return str(rule.get("SyncRuleId")) == noted if noted else _matches(op, rule)

    def read_resource(self, op: Operation) -> dict[str, Any] | None:
        api = self._api(op)
        try:
            rule = self._find(api, op, op.get("sync_rule_id"))
        except CloudError as error:
            if error.code == "INSTANCE_NOT_EXIST":
                log.info(
                    "instance %s no longer exists: so does its rule (%s)", op["instance_id"], error.message
                )
                return None
            raise
        if rule is None:
            return None
        view = _view(op, rule)
        if op.get("sync_tasks"):
            view.update(refresh_run(op, api, op["sync_tasks"]))
        return view

    def update_resource(
        self, op: Operation, olds: Mapping[str, Any], changed: list[str], rollback: Rollback
    ) -> dict[str, Any]:
        api = self._api(op)
        rule = self._find(api, op, olds.get("sync_rule_id"))
        if rule is None:
            raise OperationFailedError(
                f"{self.noun} {self._describe(op)} no longer exists; run `pulumi refresh`, then `pulumi up` makes it again"
            )
        view = _view(op, rule)
        switched_on = "sync_existing" in changed and op.get("sync_existing", False)
        failed_before = bool(olds.get("failed_tags")) and op.get("sync_existing", False)
        if "triggers" in changed or switched_on or failed_before:
            view.update(self._run(op, api, rule, rollback, "update"))
        return view

    def delete_resource(self, op: Operation) -> None:
        # What the rule copied stays in the target. Tasks of a run still going are stopped.
        api = self._api(op)
        try:
            cancel_run(op, api, op.get("sync_tasks") or [])
            rule_id = op.get("sync_rule_id") or op.noted("rule_id")
            if not rule_id:
                found = self._find(api, op)
                rule_id = found and found.get("SyncRuleId")
            if rule_id:
                self._delete(api, op, str(rule_id))
        except CloudError as error:
            if error.code != "INSTANCE_NOT_EXIST":
                raise
            log.warning(
                "instance %s does not exist for these credentials in %s; nothing to remove there (%s)",
                op["instance_id"],
                op["region"],
                error.message,
            )

    # -- the rule --------------------------------------------------------------------------------

    @staticmethod
    def _api(op: Operation, *, cleanup: bool = False) -> AlibabaApi:
        return alibaba_api(op, op["region"], profile=source_profile(op), cleanup=cleanup)

    @staticmethod
    def _describe(op: Operation) -> str:
        return f"{op['name']!r} on {op['instance_id']} ({op['region']})"

    @staticmethod
    def _create_request(op: Operation) -> dict[str, Any]:
        request: dict[str, Any] = {
            "InstanceId": op["instance_id"],
            "SyncRuleName": op["name"],
            "SyncScope": op["sync_scope"],
            "TagFilter": op["tag_filter"],
            "TargetInstanceId": op["target_instance_id"],
            "TargetRegionId": op["target_region_id"],
            "SyncTrigger": op.get("sync_trigger", "PASSIVE"),
            "Priority": int(op.get("priority", 3)),
        }
        optional = {
            "NamespaceName": "namespace_name",
            "RepoName": "repo_name",
            "NamespaceNameFilter": "namespace_name_filter",
            "RepoNameFilter": "repo_name_filter",
            "TargetNamespaceName": "target_namespace_name",
            "TargetRepoName": "target_repo_name",
            "TargetUserId": "target_user_id",
            "LinkId": "link_id",
        }
        request.update({wire: str(op[field]) for wire, field in optional.items() if op.get(field)})
        return request

    def _find(self, api: AlibabaApi, op: Operation, rule_id: str | None = None) -> dict[str, Any] | None:
        """The rule as `ListRepoSyncRule` lists it at its instance: by id when known, else by name.

        A rule is listed with `SyncDirection` `FROM` (the instance sends) or `TO` (the SDK model), and
        the Terraform resource matches `LocalInstanceId` to the instance it asked about
        (`DescribeCrRepoSyncRule`, service_alicloud_cr_v2.go): a rule arriving from another
        instance may be listed here too, under that instance's name for it. Whether the list
        includes those is not documented: they are skipped.
        """
        for rule in pages(api, "ListRepoSyncRule", {"InstanceId": op["instance_id"]}, "SyncRules"):
            if rule.get("SyncDirection", FROM) != FROM or rule.get("LocalInstanceId") not in (
                None,
                "",
                op["instance_id"],
            ):
                continue
            if (
                (str(rule.get("SyncRuleId")) == rule_id)
                if rule_id
                else rule.get("SyncRuleName") == op["name"]
            ):
                return rule
        return None

    def _delete(self, api: AlibabaApi, op: Operation, rule_id: str | None) -> None:
        """`DeleteRepoSyncRule`, whatever the rule's direction; a rule already gone is success.

        No document names the answer for a rule that does not exist (an error code, or success):
        after any answer but success, the list says whether the rule is still there.
        """
        rule_id = rule_id or str((self._find(api, op) or {}).get("SyncRuleId") or "")
        if not rule_id:
            return
        try:
            api.call("DeleteRepoSyncRule", {"InstanceId": op["instance_id"], "SyncRuleId": rule_id})
        except CloudError as error:
            if error.retryable or self._find(api, op, rule_id) is not None:
                raise
            log.info("%s %s was already gone (%s)", self.noun, rule_id, error.code)

    def _run(
        self, op: Operation, api: AlibabaApi, rule: Mapping[str, Any], rollback: Rollback, purpose: str
    ) -> dict[str, Any]:
        run = RuleRun(op, api, rule, purpose)
        rollback.add(f"sync tasks of a run of {self.noun} {self._describe(op)}", run.cancel)
        return run.run()


# -- helpers --------------------------------------------------------------------------------------


def _view(op: Operation, rule: Mapping[str, Any]) -> dict[str, Any]:
    """The rule's settings as `ListRepoSyncRule` reports them, in this resource's field names.

    An empty string is a setting the rule does not have: left out, unless one was declared (then it
    shows as drift).
    """
    view: dict[str, Any] = {}
    for field, key in LISTED.items():
        if key not in rule or rule[key] is None:
            continue
        value = rule[key]
        if value == "" and not op.get(field):
            continue
        view[field] = value
    return {
        **view,
        "sync_rule_id": rule.get("SyncRuleId"),
        "sync_direction": rule.get("SyncDirection"),
        "cross_user": rule.get("CrossUser"),
        "create_time": rule.get("CreateTime"),
        "modified_time": rule.get("ModifiedTime"),
    }


def _matches(op: Operation, rule: Mapping[str, Any]) -> bool:
    """Whether the listed rule is the declared one, in every setting the list reports."""
    view = _view(op, rule)
    return all(
        SCHEMA[field].normalize(view.get(field) or None) == SCHEMA[field].normalize(op.props.get(field))
        for field in LISTED
        if field in view or op.props.get(field) is not None
    )


def _scope_failures(inputs: Mapping[str, Any]) -> list[CheckFailure]:
    """Which fields the declared `sync_scope` needs, and which it would silently ignore.

    A value still unknown (a preview) counts as given, but may yet turn out absent: it never fails.
    """
    scope = inputs.get("sync_scope")
    if not isinstance(scope, str) or scope not in SCOPE_RULES:
        return []
    rules = SCOPE_RULES[scope]
    failures = [
        CheckFailure(field, f"is required with sync_scope {scope}: {why}")
        for field, why in rules.required.items()
        if inputs.get(field) is None
    ]
    failures += [
        CheckFailure(field, f"is not used with sync_scope {scope}: {why}")
        for field, why in rules.unused.items()
        if inputs.get(field) is not None and not is_unknown(inputs[field])
    ]
    return failures


def _regular_expression(checks: Checks, field: str) -> None:
    """A pattern compiled offline with Python's `re`: the API names no dialect, and the cloud's
    own may accept a little more or less; what Python cannot compile is most likely a typo."""
    value = checks.value(field)
    if not isinstance(value, str) or not checks.printable(field):
        return
    try:
        re.compile(value)
    except re.error as error:
        checks.fail(field, f"{show(value)} is not a regular expression: {error}")


def _source_is_not_target(checks: Checks, inputs: Mapping[str, Any]) -> None:
    """The target is not the source: the same repository (REPO), namespace (NAMESPACE) or
    instance (INSTANCE), by the fields the scope uses."""
    scope = inputs.get("sync_scope")
    fields = {
        "REPO": (["instance_id", "namespace_name", "repo_name"], "same instance, namespace and repository"),
        "NAMESPACE": (["instance_id", "namespace_name"], "same instance and namespace"),
        "INSTANCE": (["instance_id"], "same instance"),
    }.get(scope if isinstance(scope, str) else "")
    if fields is None:
        return
    source, what = fields
    checks.differ("target_instance_id", source, [f"target_{f}" for f in source], what)
