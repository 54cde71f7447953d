"""Whose a copy's destination tag is: decided once, before the first change, and remembered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pulumi_imagesync.provider.base import Operation
from pulumi_imagesync.provider.copies import claim_destination
from pulumi_imagesync.provider.errors import AlreadyExistsError
from pulumi_imagesync.provider.records import Record
from pulumi_imagesync.provider.settings import Settings
from pulumi_imagesync.provider.waiting import Deadline


def operation(tmp_path: Path, **props: object) -> Operation:
    op = Operation(dict(props), Settings(), Deadline(60))
    op.record = Record(tmp_path, "urn:pulumi:s::p::t::n", "Kind", "id", "create")
    return op


def test_a_new_tag_is_the_resources_own(tmp_path: Path) -> None:
    assert claim_destination(operation(tmp_path), "tag t", None) == ({"existed_before": False}, True)


def test_an_existing_tag_is_refused_without_override_or_adopt(tmp_path: Path) -> None:
    with pytest.raises(
        AlreadyExistsError, match=re.escape("tag t already exists (digest sha256:1); set override=True")
    ):
        claim_destination(operation(tmp_path), "tag t", "sha256:1")


def test_an_overwritten_tag_stays_the_users_and_an_adopted_one_becomes_the_resources(tmp_path: Path) -> None:
    record, new = claim_destination(operation(tmp_path, override=True), "tag t", "sha256:1")
    assert (record, new) == ({"existed_before": True, "previous_digest": "sha256:1"}, False)
    record, new = claim_destination(operation(tmp_path, adopt=True), "tag t", "sha256:1")
    assert (record, new) == ({"existed_before": False}, False)


def test_a_resumed_create_decides_by_what_was_noted_before_its_first_change(tmp_path: Path) -> None:
    op = operation(tmp_path, override=True)
    assert op.record is not None
    # As the record of an earlier, interrupted run of the resource would make it.
    op.record.predecessor = {"notes": {"destination_before": {"exists": False, "digest": None}}}
    # By now the tag exists (the interrupted create made it): it is still the resource's own.
    assert claim_destination(op, "tag t", "sha256:new") == ({"existed_before": False}, True)
