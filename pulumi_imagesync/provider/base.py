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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
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

from . import engine_log, engine_watch, server_errors
from .concurrency import serve_concurrently
from .errors import (
    AlreadyExistsError,
    CleanupIncompleteError,
    ConfigurationError,
    ImageSyncError,
    WaitTimeoutError,
)
from .failures import Context, attach
from .fields import OWNER_KEY, PROVIDER_KEY, Kind, Schema, is_unknown
from .ids import IdLayout
from .records import (
    PREDECESSOR_WAIT_SECONDS,
    RECORD_KEY,
    Record,
    acknowledge,
    records_dir,
    require_owner,
)
from .rollback import Rollback, rollback_on_failure
from .settings import Settings
from .waiting import Deadline

log = logging.getLogger("pulumi_imagesync")


@dataclass
class Operation:
    """One engine call on one resource: its properties, and the settings and deadline it runs with.

    A create or update also carries its ownership record (`records.Record`): `resuming` when an
    earlier operation of the same resource left one (what it names is this one's own),
    `note()` / `recall()` for the facts that must survive a crash.
    """

    props: dict[str, Any]
    settings: Settings
    deadline: Deadline
    record: Record | None = None

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
    def adopt(self) -> bool:
        """`adopt=True`: the program asks to manage what exists. Nothing else adopts."""
        return bool(self.get("adopt", False))

    @property
    def resuming(self) -> bool:
        """An earlier operation of this resource left a record: what it names is this one's own."""
        return self.record is not None and self.record.resuming

    def note(self, **facts: Any) -> None:
        """Record facts, durably, before the change they describe (what is about to be made)."""
        if self.record is not None:
            self.record.note(**facts)

    def recall(self, name: str) -> Any:
        """A fact noted by the earlier operation this one resumes, or None."""
        return self.record.recall(name) if self.record is not None else None

    def noted(self, name: str) -> Any:
        """A fact as this operation's record holds it now (its own notes and those it carried over)."""
        return self.record.notes.get(name) if self.record is not None else None


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

    def update_resource(
        self, op: Operation, olds: Mapping[str, Any], changed: list[str], rollback: Rollback
    ) -> dict[str, Any]:
        """Apply in-place changes; register undo steps; return what the cloud reports."""
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
            f"{self.noun} {what} already exists",
            advice="set adopt=True to manage it with this resource, or read it with the resource's get()",
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
        """A profile names a credential set of the stack config: one not defined (a typo), or without
        this cloud's key pair, is said now rather than at create (or, for a profile changed on an
        existing resource, at delete). A profile never falls back to the default credentials."""
        profile = inputs.get("profile")
        if not isinstance(profile, str) or any(f.property == "profile" for f in failures):
            return
        try:
            self.settings.credentials(self.cloud, profile)
        except ConfigurationError as error:
            failures.append(CheckFailure("profile", str(error)))

    def _outputs(self, props: Mapping[str, Any], cloud: Mapping[str, Any]) -> dict[str, Any]:
        outs = {k: v for k, v in props.items() if k != PROVIDER_KEY and v is not None}
        outs.update({k: v for k, v in cloud.items() if v is not None})
        return outs

    # -- the engine's calls -----------------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        self._settings = Settings.load(req.config)
        # configure() runs only in the provider server, never in a program.
        engine_watch.start()
        engine_log.install()
        server_errors.install()
        serve_concurrently(self._settings)  # the server's first configure widens it (concurrency.py)

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
        if news.get(OWNER_KEY) is not None:
            inputs[OWNER_KEY] = news[OWNER_KEY]
        return CheckResult(inputs, failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        self._acknowledge(id_, olds)
        return self.schema.diff(olds, news, self.forces_replace)

    def create(self, props: dict[str, Any]) -> CreateResult:
        op = self.operation(props)
        resource_id = self.resource_id(op.props)
        with self._reporting("create", op, resource_id):
            cloud = self._recorded(
                op, resource_id, "create", lambda rollback: self.create_resource(op, rollback)
            )
        assert op.record is not None
        return CreateResult(resource_id, {**self._outputs(op.props, cloud), RECORD_KEY: op.record.finish()})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        props = {k: v for k, v in props.items() if k != PROVIDER_KEY}
        self._acknowledge(id_, props)
        if not all(props.get(f.name) is not None for f in self.schema.identity):
            # `get()`: the program knows only the id.
            props = {**self.props_from_id(id_), **{k: v for k, v in props.items() if v is not None}}
            inputs, _ = self.schema.check(props)
            self._region_default(inputs, [])
            self.complete(inputs)
            props = {**props, **inputs}
        op = self.operation(props)
        with self._reporting("read", op, id_):
            current = self.read_resource(op)
        if current is None:
            log.info("%s %s no longer exists", self.noun, id_)
            return ReadResult("", {})
        outs = self._outputs(op.props, current)
        inputs = self.schema.inputs_of(outs)
        if outs.get(OWNER_KEY) is not None:
            inputs[OWNER_KEY] = outs[OWNER_KEY]
        return ReadResult(id_, outs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        self._acknowledge(id_, olds)
        op = self.operation(news)
        changed = self.schema.changed_fields(olds, news)
        carried = {
            f.name: olds[f.name]
            for f in self.schema.fields.values()
            if f.kind is Kind.OUTPUT and f.name in olds
        }
        with self._reporting("update", op, id_):
            cloud = self._recorded(
                op, id_, "update", lambda rollback: self.update_resource(op, olds, changed, rollback)
            )
        assert op.record is not None
        outs = self._outputs(op.props, {**carried, **cloud})
        return UpdateResult({**outs, RECORD_KEY: op.record.finish()})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self._acknowledge(id_, props)
        op = self.operation(props)
        # A failed update of this resource may have left work in its record: the resource's too.
        owner = op.props.get(OWNER_KEY)
        if isinstance(owner, str) and owner:
            record = Record(records_dir(self.settings), owner, self.kind, id_, "delete")
            op.record = record if record.find() else None
        try:
            with self._reporting("delete", op, id_):
                self.delete_resource(op)
        except WaitTimeoutError as error:
            error.advice = (
                "raise timeout_seconds, run `pulumi up` so that it takes effect, then destroy again"
            )
            raise
        if op.record is not None:
            op.record.discard()

    # -- what the user reads ----------------------------------------------------------------------

    @staticmethod
    def explain(props: Mapping[str, Any], message: str, *args: Any) -> None:
        """Tell the user something about the resource `props` belong to (a diff's reason, a
        refresh's progress): shown on the resource, in preview, up and refresh alike."""
        with engine_log.about(props.get(OWNER_KEY)):
            log.info(message, *args)

    def describe(self, op: Operation, resource_id: str) -> str:
        """The cloud object in words, for messages ("TCR tag release/app:prd in tcr-e8pg46c6")."""
        return f"{self.noun} {resource_id}"

    @contextmanager
    def _reporting(self, operation: str, op: Operation, resource_id: str) -> Iterator[None]:
        """Messages inside are about this resource; an expected failure learns what it interrupted."""
        with engine_log.about(op.props.get(OWNER_KEY)):
            try:
                yield
            except ImageSyncError as error:
                try:
                    what = self.describe(op, resource_id)
                except Exception:  # a description must never hide the error it describes
                    what = f"{getattr(self, 'noun', type(self).__name__)} {resource_id}"
                attach(error, Context(operation, what, op.profile))
                raise

    # -- ownership records ------------------------------------------------------------------------

    def _recorded(
        self, op: Operation, resource_id: str, operation: str, work: Callable[[Rollback], dict[str, Any]]
    ) -> dict[str, Any]:
        """Run a create or update under its ownership record (see `records`).

        The record is written before the first change. When the work fails, what it made is
        removed (`Rollback`) and the record discarded; what could not be removed stays recorded,
        so that the next operation of the resource takes it over.
        """
        op.record = Record(
            records_dir(self.settings),
            require_owner(op.props.get(OWNER_KEY)),
            self.kind,
            resource_id,
            operation,
        )
        op.record.open(wait_seconds=min(PREDECESSOR_WAIT_SECONDS, op.deadline.remaining()))
        try:
            with rollback_on_failure() as rollback:
                return work(rollback)
        except CleanupIncompleteError as error:
            op.record.keep()
            self._advise(error.cause)
            raise
        except BaseException as error:
            op.record.discard()
            self._advise(error)
            raise

    def _advise(self, error: BaseException) -> None:
        """Say what to do about a timeout, naming only arguments this resource has."""
        if isinstance(error, WaitTimeoutError) and error.advice is None:
            error.advice = "raise timeout_seconds" + (
                ", or set wait=False and let `pulumi refresh` report progress"
                if "wait" in self.schema.fields
                else ""
            )

    def _acknowledge(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Outputs that reach the provider from the engine's state prove the engine saved them."""
        acknowledge(
            records_dir(self.settings), outputs.get(OWNER_KEY), self.kind, id_, outputs.get(RECORD_KEY)
        )

    @property
    def kind(self) -> str:
        """What records of this resource are filed under: its provider class (a permanent name)."""
        return type(self).__name__
