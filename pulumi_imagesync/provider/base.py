"""The dynamic provider every resource derives from.

It implements the engine's calls once — check, diff, create, read, update, delete — from the
resource's field declarations, and leaves to each resource only what is particular to its API:
validating its names, finding its object, and creating, reading, updating and deleting it.

The provider object is pickled by reference into every resource's state (its class path is a
permanent identifier), and it holds nothing: settings are read in `configure()` after it is
loaded in the provider process, and clients are built per call.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from .errors import AlreadyExistsError, CleanupIncompleteError, ConfigurationError
from .fields import PROVIDER_KEY, Kind, Schema, is_unknown
from .ids import IdLayout
from .journal import JournalEntry, journal_dir
from .rollback import Rollback, rollback_on_failure
from .settings import Settings
from .waiting import Deadline

log = logging.getLogger("pulumi_imagesync")


@dataclass
class Operation:
    """One engine call on one resource: its properties, and the settings and deadline it runs with.

    A create also carries its journal entry: `resuming` when an earlier create of the same id was
    interrupted, `note()` / `recall()` for the facts that must survive a crash.
    """

    props: dict[str, Any]
    settings: Settings
    deadline: Deadline
    journal: JournalEntry | None = None

    def __getitem__(self, name: str) -> Any:
        return self.props[name]

    def get(self, name: str, default: Any = None) -> Any:
        value = self.props.get(name)
        return default if value is None else value

    @property
    def profile(self) -> str | None:
        return self.props.get("profile") or None

    @property
    def wait(self) -> bool:
        return bool(self.get("wait", True))

    @property
    def resuming(self) -> bool:
        """This create takes over from an interrupted one: what exists of its id is its own."""
        return self.journal is not None and self.journal.interrupted

    @property
    def adopt(self) -> bool:
        return bool(self.get("adopt", False)) or self.resuming

    def note(self, **facts: Any) -> None:
        """Record facts a resumed create must know (e.g. whether a destination existed before)."""
        if self.journal is not None:
            self.journal.note(**facts)

    def recall(self, name: str) -> Any:
        """A fact noted by the interrupted create this one resumes, or None."""
        return self.journal.recall(name) if self.resuming and self.journal is not None else None


class ImageSyncProvider(ResourceProvider):
    """Base class of the five resources' providers."""

    # The blob holds only a class reference: no secret to protect, and a plain-text blob lets
    # anyone verify that (the golden test decodes it).
    serialize_as_secret_always = False

    cloud: ClassVar[str]
    """Key of the cloud in `settings.CLOUDS` ("tencentcloud", "huaweicloud", "alibabacloud")."""
    schema: ClassVar[Schema]
    noun: ClassVar[str]
    """What the resource manages, for messages ("TCR replication rule")."""
    id_layout: ClassVar[IdLayout]
    """What its ids are made of. Ids are permanent: they live in users' state."""

    _settings: Settings | None = None

    # -- what each resource implements ------------------------------------------------------------

    def validate(self, inputs: Mapping[str, Any]) -> Iterable[CheckFailure]:
        """Offline checks of known input values (formats, regions, source != destination)."""
        return ()

    def complete(self, inputs: dict[str, Any]) -> None:
        """Fill defaults that depend on other fields (e.g. a destination defaulting to the source)."""

    def resource_id(self, props: Mapping[str, Any]) -> str:
        return self.id_layout.join(props)

    def props_from_id(self, id_: str) -> dict[str, Any]:
        """The identity fields an id names (for `get()`, which knows nothing else)."""
        return self.id_layout.split(id_)

    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, Any]:
        """Make the object and wait for it; register undo steps; return what the cloud reports."""
        raise NotImplementedError

    def read_resource(self, op: Operation) -> dict[str, Any] | None:
        """What the cloud reports now, in field names; None when the object is gone."""
        raise NotImplementedError

    def update_resource(self, op: Operation, olds: Mapping[str, Any], changed: list[str]) -> dict[str, Any]:
        """Apply in-place changes; return what the cloud reports."""
        raise NotImplementedError

    def delete_resource(self, op: Operation) -> None:
        """Remove what this resource made; already gone is success."""
        raise NotImplementedError

    def forces_replace(self, name: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        """Whether a change of `name` needs a replacement; by default its declared kind says."""
        return self.schema[name].forces_replace

    # -- shared helpers for resources -------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        if self._settings is None:  # not configured (e.g. a unit test): the environment only
            self._settings = Settings.load(None)
        return self._settings

    def operation(self, props: Mapping[str, Any]) -> Operation:
        props = {k: v for k, v in props.items() if k != PROVIDER_KEY and v is not None}
        timeout = float(props.get("timeout_seconds") or self.schema["timeout_seconds"].default)
        return Operation(props, self.settings, Deadline(timeout))

    def refuse_existing(self, op: Operation, what: str) -> None:
        """Before a create: the object exists and `adopt` is not set."""
        raise AlreadyExistsError(
            f"{self.noun} {what} already exists; set adopt=True to manage it with this resource, "
            "or read it with the resource's get()"
        )

    def _region_default(self, inputs: dict[str, Any], failures: list[CheckFailure]) -> None:
        if "region" not in self.schema.fields or inputs.get("region") is not None:
            return
        profile = inputs.get("profile")
        if is_unknown(profile):  # a preview: the region comes from a profile not known yet
            inputs["region"] = profile
            return
        try:
            region = self.settings.region(self.cloud, profile)
        except ConfigurationError as error:
            failures.append(CheckFailure("profile", str(error)))
            return
        if region:
            inputs["region"] = region
        else:
            failures.append(
                CheckFailure(
                    "region", f"is required: pass region=... or set {self.settings.region_hint(self.cloud)}"
                )
            )

    def _check_profile(self, inputs: Mapping[str, Any], failures: list[CheckFailure]) -> None:
        """A profile names a credential set of the stack config: one not defined is a typo, said now
        rather than at create (or, for a profile changed on an existing resource, at delete)."""
        profile = inputs.get("profile")
        if not isinstance(profile, str) or any(f.property == "profile" for f in failures):
            return
        try:
            self.settings.profile(profile)
        except ConfigurationError as error:
            failures.append(CheckFailure("profile", str(error)))

    def _outputs(self, props: Mapping[str, Any], cloud: Mapping[str, Any]) -> dict[str, Any]:
        outs = {k: v for k, v in props.items() if k != PROVIDER_KEY and v is not None}
        outs.update({k: v for k, v in cloud.items() if v is not None})
        return outs

    # -- the engine's calls -----------------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        self._settings = Settings.load(req.config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs, failures = self.schema.check(news)
        if not any(f.property in ("region", "profile") for f in failures):
            self._region_default(inputs, failures)
        self._check_profile(inputs, failures)
        given = set(inputs)
        self.complete(inputs)
        known = {k: v for k, v in inputs.items() if not is_unknown(v)}
        failed = {f.property for f in failures}
        failures.extend(f for f in self.validate(known) if f.property not in failed)
        # A field filled in from another (a destination defaulting to the source) fails only when
        # that one does: report the mistake once, on the field the program set.
        if any(f.property in given for f in failures):
            failures = [f for f in failures if f.property in given or f.property not in inputs]
        return CheckResult(inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return self.schema.diff(olds, news, self.forces_replace)

    def create(self, props: dict[str, Any]) -> CreateResult:
        op = self.operation(props)
        resource_id = self.resource_id(op.props)
        op.journal = JournalEntry(journal_dir(self.settings), type(self).__name__, resource_id)
        op.journal.begin()
        try:
            with rollback_on_failure() as rollback:
                cloud = self.create_resource(op, rollback)
        except CleanupIncompleteError:
            # What could not be removed is this create's own: the record stays, so that the next
            # create takes it over as after a crash (rather than refusing it as somebody else's,
            # or keeping it forever as a tag that "existed before").
            raise
        except BaseException:
            op.journal.end()
            raise
        # (Unless the process dies: then the record stays for the next create.)
        op.journal.end()
        return CreateResult(resource_id, self._outputs(op.props, cloud))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        props = {k: v for k, v in props.items() if k != PROVIDER_KEY}
        if not all(props.get(f.name) is not None for f in self.schema.identity):
            # `get()`: the program knows only the id.
            props = {**self.props_from_id(id_), **{k: v for k, v in props.items() if v is not None}}
            inputs, _ = self.schema.check(props)
            self._region_default(inputs, [])
            self.complete(inputs)
            props = {**props, **inputs}
        op = self.operation(props)
        current = self.read_resource(op)
        if current is None:
            log.info("%s %s no longer exists", self.noun, id_)
            return ReadResult("", {})
        outs = self._outputs(op.props, current)
        return ReadResult(id_, outs, self.schema.inputs_of(outs))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        op = self.operation(news)
        changed = self.schema.changed_fields(olds, news)
        carried = {
            f.name: olds[f.name]
            for f in self.schema.fields.values()
            if f.kind is Kind.OUTPUT and f.name in olds
        }
        cloud = self.update_resource(op, olds, changed)
        return UpdateResult(self._outputs(op.props, {**carried, **cloud}))

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        self.delete_resource(self.operation(props))
