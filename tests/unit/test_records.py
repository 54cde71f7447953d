"""Ownership records: what a resource made, kept until the engine holds it in its state."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from pulumi_imagesync.dynamic_resource import child_urn
from pulumi_imagesync.provider.base import ImageSyncProvider, Operation
from pulumi_imagesync.provider.errors import CleanupIncompleteError, WaitTimeoutError
from pulumi_imagesync.provider.fields import OWNER_KEY, Schema, common_fields, identity
from pulumi_imagesync.provider.records import RECORD_KEY, ProcessIdentity, Record, RecordError, acknowledge
from pulumi_imagesync.provider.rollback import Rollback
from pulumi_imagesync.provider.settings import Settings

OWNER = "urn:pulumi:dev::project::pulumi-python:dynamic/imagesync/x:Thing::one"


def record(directory: Path, owner: str = OWNER, kind: str = "Kind", resource_id: str = "region#id") -> Record:
    return Record(directory, owner, kind, resource_id, "create")


def dead_process() -> dict[str, Any]:
    """The identity of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
    started = psutil.Process(process.pid).create_time()
    process.wait()
    return {"host": ProcessIdentity.current().host, "pid": process.pid, "started": started}


def written_by(path: Path, process: dict[str, Any]) -> None:
    doc = json.loads(path.read_text())
    doc["process"] = process
    path.write_text(json.dumps(doc))


def test_a_record_left_by_a_dead_process_is_resumed_with_its_notes(tmp_path: Path) -> None:
    first = record(tmp_path)
    first.open()
    first.note(destination_before={"exists": True, "digest": "sha256:1"})
    written_by(first.path, dead_process())

    resumed = record(tmp_path)
    resumed.open()
    assert resumed.resuming
    assert resumed.recall("destination_before") == {"exists": True, "digest": "sha256:1"}
    # The resumed operation's record carries the facts on, in case it dies too.
    assert json.loads(resumed.path.read_text())["notes"]["destination_before"]["digest"] == "sha256:1"


def test_records_belong_to_one_resource_of_one_stack(tmp_path: Path) -> None:
    first = record(tmp_path)
    first.open()
    first.note(copies={"ap-shanghai": "img-1"})
    written_by(first.path, dead_process())
    other_stack = OWNER.replace(":dev::", ":prod::")
    other_resource = OWNER.replace("::one", "::two")
    for stranger in (
        record(tmp_path, owner=other_stack),
        record(tmp_path, owner=other_resource),
        record(tmp_path, kind="Other"),
        record(tmp_path, resource_id="region#other"),
    ):
        stranger.open()
        assert not stranger.resuming and stranger.recall("copies") is None


def test_a_reused_pid_is_not_the_process_that_wrote_the_record(tmp_path: Path) -> None:
    first = record(tmp_path)
    first.open()
    # This very pid is alive (it is the test), but it did not start when the record's writer did.
    me = ProcessIdentity.current()
    written_by(first.path, {"host": me.host, "pid": me.pid, "started": me.started - 1000})
    assert not ProcessIdentity.parse(json.loads(first.path.read_text())["process"]).running()  # type: ignore[union-attr]
    resumed = record(tmp_path)
    resumed.open(wait_seconds=0)
    assert resumed.resuming


@pytest.fixture
def live_writer(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A running process that a record in `tmp_path` says is writing it."""
    first = record(tmp_path)
    first.open()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    started = psutil.Process(alive.pid).create_time()
    written_by(first.path, {"host": ProcessIdentity.current().host, "pid": alive.pid, "started": started})
    yield alive
    alive.kill()


def test_a_record_another_live_process_is_writing_is_waited_for(
    tmp_path: Path, live_writer: subprocess.Popen[bytes]
) -> None:
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 3:
            live_writer.kill()
            live_writer.wait()

    resumed = record(tmp_path)
    resumed.open(wait_seconds=60, sleep=sleep)
    assert len(sleeps) == 3 and resumed.resuming  # it waited for the process to end, then resumed


def test_a_live_predecessor_that_does_not_stop_is_an_error(
    tmp_path: Path, live_writer: subprocess.Popen[bytes]
) -> None:
    with pytest.raises(RecordError, match=f"still running \\(process {live_writer.pid} on"):
        record(tmp_path).open(wait_seconds=2, sleep=lambda _: None)


def test_a_finished_record_stays_until_the_engine_is_known_to_hold_its_outputs(tmp_path: Path) -> None:
    done = record(tmp_path)
    done.open()
    token = done.finish()
    acknowledge(tmp_path, OWNER, "Kind", "region#id", "another-token")
    assert done.path.exists()  # outputs of another operation prove nothing about this one
    acknowledge(tmp_path, OWNER, "Kind", "region#id", token)
    assert not done.path.exists()


def test_a_finished_record_is_taken_over_by_the_next_create(tmp_path: Path) -> None:
    # The engine died after the provider answered and before it saved the state.
    done = record(tmp_path)
    done.open()
    done.note(task_id="rst-1")
    done.finish()
    again = record(tmp_path)
    again.open()
    assert again.resuming and again.recall("task_id") == "rst-1"


def test_an_unwritable_directory_stops_the_operation_naming_the_setting(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    with pytest.raises(RecordError, match="imagesync:journalDir or IMAGESYNC_JOURNAL_DIR"):
        record(blocked).open()


class Failing(ImageSyncProvider):
    schema = Schema([identity("name", required=True), *common_fields(timeout_seconds=10)])
    undo_fails = False

    def resource_id(self, props: object) -> str:
        return "region#thing"

    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, object]:
        def undo() -> None:
            if self.undo_fails:
                raise RuntimeError("not allowed")

        op.note(made="thing")
        rollback.add("the thing", undo)
        raise RuntimeError("the copy failed")


class Succeeding(Failing):
    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, object]:
        op.note(made="thing")
        return {}


def test_a_create_keeps_its_record_only_when_it_could_not_clean_up(tmp_path: Path) -> None:
    provider = Failing()
    provider._settings = Settings({"imagesync:journalDir": str(tmp_path)}, {})
    path = Record(tmp_path, OWNER, "Failing", "region#thing", "create").path
    with pytest.raises(RuntimeError):
        provider.create({"name": "thing", OWNER_KEY: OWNER})
    assert not path.exists()  # cleaned up: nothing of it is left to take over

    provider.undo_fails = True
    with pytest.raises(CleanupIncompleteError, match="the next `pulumi up` takes it over: the thing"):
        provider.create({"name": "thing", OWNER_KEY: OWNER})
    assert json.loads(path.read_text())["state"] == "failed"  # the next create's to take over


def test_a_create_returns_its_token_and_a_diff_of_its_outputs_acknowledges_it(tmp_path: Path) -> None:
    provider = Succeeding()
    provider._settings = Settings({"imagesync:journalDir": str(tmp_path)}, {})
    path = Record(tmp_path, OWNER, "Succeeding", "region#thing", "create").path
    result = provider.create({"name": "thing", OWNER_KEY: OWNER})
    assert result.outs is not None and result.outs[OWNER_KEY] == OWNER
    assert json.loads(path.read_text())["state"] == "done"
    provider.diff(result.id, result.outs, {"name": "thing", OWNER_KEY: OWNER})
    assert not path.exists()
    assert RECORD_KEY in result.outs


def test_a_create_without_an_owner_is_refused_before_any_work(tmp_path: Path) -> None:
    provider = Succeeding()
    provider._settings = Settings({"imagesync:journalDir": str(tmp_path)}, {})
    with pytest.raises(Exception, match="declared without its owner"):
        provider.create({"name": "thing"})
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("parent", "expected_type"),
    [
        ("urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev", "T"),  # the root stack: no prefix
        ("urn:pulumi:dev::proj::acme:index:Pipeline::p", "acme:index:Pipeline$T"),
        (
            "urn:pulumi:dev::proj::acme:index:Pipeline$acme:index:Stage::s",
            "acme:index:Pipeline$acme:index:Stage$T",
        ),
    ],
)
def test_the_owner_is_the_urn_the_engine_gives_a_child(parent: str, expected_type: str) -> None:
    assert child_urn(parent, "T", "x") == f"urn:pulumi:dev::proj::{expected_type}::x"


class TimingOut(Succeeding):
    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, object]:
        raise WaitTimeoutError("timed out after 10s waiting for the thing")


class TimingOutWithoutWait(TimingOut):
    schema = Schema([identity("name", required=True), *common_fields(timeout_seconds=10, wait=False)])


@pytest.mark.parametrize(
    ("provider", "advice"),
    [
        (TimingOut(), "raise timeout_seconds, or set wait=False and let `pulumi refresh` report progress"),
        (TimingOutWithoutWait(), "raise timeout_seconds"),
    ],
)
def test_a_timeout_advises_only_arguments_the_resource_has(
    tmp_path: Path, provider: ImageSyncProvider, advice: str
) -> None:
    provider._settings = Settings({"imagesync:journalDir": str(tmp_path)}, {})
    with pytest.raises(WaitTimeoutError) as error:
        provider.create({"name": "thing", OWNER_KEY: OWNER})
    assert str(error.value) == f"timed out after 10s waiting for the thing; {advice}"
