"""Permanent identifiers: state written by earlier releases keeps working.

Type tokens, provider class paths and id formats live in users' state. For every recorded
release (`tests/golden/v*.json`) and resource: the objects are made again in the emulator, the
checkpoint is replaced by the recorded one (the old provider blob and outputs), and then a
refresh works, the unchanged program shows no diff, and destroy removes the objects.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_SECRET, Emulator
from tests.golden.programs import PROGRAMS
from tests.support.engine import Engine, register

GOLDEN = sorted((Path(__file__).parent.parent / "golden").glob("v*.json"))
RECORDS = [
    (path.stem, kind, record)
    for path in GOLDEN
    for kind, record in json.loads(path.read_text())["resources"].items()
]

PROVIDERS = {
    "ReplicationRule": "pulumi_imagesync.tencentcloud.replication_rule_provider.ReplicationRuleProvider",
    "ImageDuplicate": "pulumi_imagesync.tencentcloud.image_duplicate_provider.ImageDuplicateProvider",
    "CvmImageSync": "pulumi_imagesync.tencentcloud.cvm_image_sync_provider.CvmImageSyncProvider",
    "huaweicloud.SyncRepoTask": "pulumi_imagesync.huaweicloud.sync_repo_task_provider.SyncRepoTaskProvider",
    "alibabacloud.SyncRepoTask": "pulumi_imagesync.alibabacloud.sync_repo_task_provider.SyncRepoTaskProvider",
    "SyncRule": "pulumi_imagesync.alibabacloud.sync_rule_provider.SyncRuleProvider",
    "ImageCopy": "pulumi_imagesync.registry.image_copy_provider.ImageCopyProvider",
    "RepositoryMirror": "pulumi_imagesync.registry.repository_mirror_provider.RepositoryMirrorProvider",
}
CLOUD_MODULES = {
    "ReplicationRule": "tencentcloud",
    "ImageDuplicate": "tencentcloud",
    "CvmImageSync": "tencentcloud",
    "huaweicloud.SyncRepoTask": "huaweicloud",
    "alibabacloud.SyncRepoTask": "alibabacloud",
    "SyncRule": "alibabacloud",
    "ImageCopy": "registry",
    "RepositoryMirror": "registry",
}


def test_every_resource_has_a_recorded_state() -> None:
    assert GOLDEN, "no recorded release: run python -m tests.golden.record"
    recorded = {kind for _, kind, _ in RECORDS}
    assert recorded >= set(PROGRAMS) - _unreleased()


def _unreleased() -> set[str]:
    """Resources added since the newest recording (they are recorded at the next release)."""
    newest = json.loads(GOLDEN[-1].read_text())["resources"] if GOLDEN else {}
    return set(PROGRAMS) - set(newest)


@pytest.mark.parametrize("kind", sorted(PROGRAMS))
def test_type_token_and_provider_class_path(kind: str) -> None:
    reg = register(PROGRAMS[kind].build)
    class_name = kind.rpartition(".")[2]  # "huaweicloud.SyncRepoTask" -> "SyncRepoTask"
    assert reg.type == f"pulumi-python:dynamic/imagesync/{CLOUD_MODULES[kind]}:{class_name}"
    blob = base64.b64decode(reg.inputs["__provider"])
    module, _, cls = PROVIDERS[kind].rpartition(".")
    # Pickled by reference: the blob names the class and holds nothing else of substance.
    assert module.encode() in blob and cls.encode() in blob
    assert len(blob) < 400
    assert "__provider" not in reg.secret_inputs  # nothing secret inside, so stored in plain text


@pytest.mark.parametrize(("release", "kind", "record"), RECORDS, ids=[f"{r}-{k}" for r, k, _ in RECORDS])
def test_a_recorded_state_refreshes_shows_no_diff_and_destroys(
    engine: Engine, emulator: Emulator, release: str, kind: str, record: dict[str, Any]
) -> None:
    program = PROGRAMS[kind]
    emulator.seed(program.world)
    reg = register(program.build)
    engine.up(reg)
    state = engine.state[program.name]
    assert state.type == record["type"]
    assert state.id == record["id"], "the id format changed"
    state.inputs, state.outputs = record["inputs"], record["outputs"]

    before = json.dumps(emulator.state(), sort_keys=True)
    refreshed = engine.refresh(program.name)
    assert refreshed is not None
    assert engine.preview(reg).op == "same"
    engine.destroy(program.name)
    assert json.dumps(emulator.state(), sort_keys=True) != before


def test_no_credential_reaches_the_state(engine: Engine, emulator: Emulator) -> None:
    for program in PROGRAMS.values():
        emulator.seed(program.world)
        engine.up(register(program.build))
    text = json.dumps({name: (s.inputs, s.outputs) for name, s in engine.state.items()})
    assert DEFAULT_ACCESS_KEY_SECRET not in text
    for state in engine.state.values():
        blob = base64.b64decode(state.outputs["__provider"])
        assert DEFAULT_ACCESS_KEY_SECRET.encode() not in blob
