"""What an ACR sync rule is set to: the fields of ``CreateRepoSyncRule``, in the emulator's names.

Shared by a request (`rules.RuleRequest`), a rule (`rules.SyncRule`) and a seeded rule
(`seed.SeedRule`); empty strings are settings the rule does not have.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(kw_only=True)
class RuleSettings:
    name: str
    scope: str
    tag_filter: str
    target_instance_id: str
    target_region: str
    namespace: str = ""
    repository: str = ""
    namespace_filter: str = ""
    repository_filter: str = ""
    target_namespace: str = ""
    target_repository: str = ""
    trigger: str = "PASSIVE"
    priority: int = 3
    link_id: str = ""

    def settings(self) -> dict[str, Any]:
        """The settings alone (what a subclass adds left out)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(RuleSettings)}
