"""The create journal: what makes a create interrupted by a crash resumable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pulumi_imagesync.provider.base import ImageSyncProvider, Operation
from pulumi_imagesync.provider.errors import CleanupIncompleteError
from pulumi_imagesync.provider.fields import Schema, common_fields, identity
from pulumi_imagesync.provider.journal import JournalEntry
from pulumi_imagesync.provider.rollback import Rollback
from pulumi_imagesync.provider.settings import Settings


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_record_of_a_dead_process_is_an_interrupted_create_with_its_notes(tmp_path: Path) -> None:
    entry = JournalEntry(tmp_path, "Kind", "region#id")
    entry.begin()
    entry.note(destination_before={"exists": True, "digest": "sha256:1"})
    record = json.loads(entry.path.read_text())
    record["pid"] = dead_pid()
    entry.path.write_text(json.dumps(record))

    resumed = JournalEntry(tmp_path, "Kind", "region#id")
    assert resumed.interrupted
    assert resumed.recall("destination_before") == {"exists": True, "digest": "sha256:1"}
    resumed.begin()  # the resumed create keeps the notes in its own record
    assert json.loads(resumed.path.read_text())["notes"]["destination_before"]["digest"] == "sha256:1"


def test_a_record_of_a_live_process_is_not_interrupted(tmp_path: Path) -> None:
    JournalEntry(tmp_path, "Kind", "region#id").begin()  # this very process: alive
    assert not JournalEntry(tmp_path, "Kind", "region#id").interrupted


def test_other_ids_and_ended_creates_are_not_interrupted(tmp_path: Path) -> None:
    entry = JournalEntry(tmp_path, "Kind", "region#id")
    entry.begin()
    record = json.loads(entry.path.read_text())
    record["pid"] = dead_pid()
    entry.path.write_text(json.dumps(record))
    assert not JournalEntry(tmp_path, "Kind", "region#other").interrupted
    assert not JournalEntry(tmp_path, "Other", "region#id").interrupted
    entry.end()
    assert not JournalEntry(tmp_path, "Kind", "region#id").interrupted


def test_an_unwritable_journal_does_not_stop_a_create(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    entry = JournalEntry(blocked, "Kind", "id")
    entry.begin()
    entry.note(x=1)
    entry.end()


def test_a_create_keeps_its_record_only_when_it_could_not_clean_up(tmp_path: Path) -> None:
    class Failing(ImageSyncProvider):
        schema = Schema([identity("name", required=True), *common_fields(timeout_seconds=10)])
        undo_fails = False

        def resource_id(self, props: object) -> str:
            return "region#thing"

        def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, object]:
            def undo() -> None:
                if self.undo_fails:
                    raise RuntimeError("not allowed")

            rollback.add("the thing", undo)
            raise RuntimeError("the copy failed")

    provider = Failing()
    provider._settings = Settings({"imagesync:journalDir": str(tmp_path)}, {})
    record = JournalEntry(tmp_path, "Failing", "region#thing").path
    with pytest.raises(RuntimeError):
        provider.create({"name": "thing"})
    assert not record.exists()  # cleaned up: nothing of it is left to take over

    provider.undo_fails = True
    with pytest.raises(CleanupIncompleteError):
        provider.create({"name": "thing"})
    assert record.exists()  # what it left is the next create's to take over
