"""The diff every resource derives from its field declarations."""

from __future__ import annotations

from pulumi.output import Unknown

from pulumi_imagesync.provider.fields import Schema, common_fields, identity, in_place, output, replace

SCHEMA = Schema(
    [
        identity("registry", required=True),
        identity("name", required=True),
        replace("destination"),
        replace("region_id", int),
        in_place("filters", list, default=[]),
        in_place("override", bool, default=False),
        in_place("description", default=""),
        *common_fields(timeout_seconds=300),
        output("policy_id", int),
    ]
)

OLD = {
    "registry": "tcr-a",
    "name": "r1",
    "destination": "tcr-b",
    "region_id": 9,
    "filters": [{"type": "tag", "value": "v1"}],
    "override": False,
    "timeout_seconds": 300,
    "policy_id": 7,
}


def test_an_unchanged_program_has_no_diff_even_with_floats_and_absent_defaults() -> None:
    news = {**OLD, "region_id": 9.0, "timeout_seconds": 300.0}
    del news["override"]  # absent == default
    del news["policy_id"]
    result = SCHEMA.diff(OLD, news)
    assert result.changes is False and result.replaces == []


def test_nested_floats_compare_equal_to_ints() -> None:
    olds = {**OLD, "filters": [{"type": "tag", "value": "v1", "n": 1}]}
    news = {**OLD, "filters": [{"type": "tag", "value": "v1", "n": 1.0}]}
    assert SCHEMA.diff(olds, news).changes is False


def test_an_in_place_change_is_an_update() -> None:
    result = SCHEMA.diff(OLD, {**OLD, "override": True})
    assert result.changes is True and result.replaces == []


def test_a_replace_field_with_the_same_identity_deletes_before_replacing() -> None:
    result = SCHEMA.diff(OLD, {**OLD, "destination": "tcr-c"})
    assert result.replaces == ["destination"]
    assert result.delete_before_replace is True


def test_a_new_identity_replaces_create_before_delete() -> None:
    result = SCHEMA.diff(OLD, {**OLD, "name": "r2", "destination": "tcr-c"})
    assert sorted(result.replaces) == ["destination", "name"]
    assert result.delete_before_replace is False


def test_provider_only_fields_never_diff() -> None:
    news = {**OLD, "timeout_seconds": 5, "wait": False, "adopt": True, "profile": "other"}
    assert SCHEMA.diff(OLD, news).changes is False


def test_outputs_never_diff() -> None:
    assert SCHEMA.diff(OLD, {**OLD, "policy_id": 8}).changes is False


def test_an_unknown_replace_field_is_a_replace_and_an_unknown_identity_is_not_delete_first() -> None:
    result = SCHEMA.diff(OLD, {**OLD, "destination": Unknown()})
    assert result.changes is True and result.replaces == ["destination"]
    result = SCHEMA.diff(OLD, {**OLD, "name": Unknown()})
    assert result.replaces == ["name"] and result.delete_before_replace is False


def test_an_unknown_in_place_field_is_an_update() -> None:
    result = SCHEMA.diff(OLD, {**OLD, "filters": [Unknown()]})
    assert result.changes is True and result.replaces == []


def test_check_normalises_numbers_fills_defaults_and_names_bad_fields() -> None:
    inputs, failures = SCHEMA.check({"registry": "tcr-a", "name": "r", "region_id": 9.0, "override": "yes"})
    assert inputs["region_id"] == 9 and isinstance(inputs["region_id"], int)
    assert inputs["filters"] == [] and inputs["timeout_seconds"] == 300
    assert [(f.property, f.reason) for f in failures] == [
        ("override", "must be true or false, got the string 'yes'")
    ]


def test_check_requires_required_fields_and_rejects_empty_ones() -> None:
    _, failures = SCHEMA.check({"name": ""})
    assert {(f.property, f.reason) for f in failures} == {
        ("registry", "is required"),
        ("name", "must not be empty"),
    }


def test_check_rejects_non_integral_numbers_for_integers() -> None:
    _, failures = SCHEMA.check({"registry": "a", "name": "b", "region_id": 1.5})
    assert failures[0].property == "region_id" and "integer" in failures[0].reason


def test_check_passes_unknowns_through() -> None:
    unknown = Unknown()
    inputs, failures = SCHEMA.check({"registry": unknown, "name": "r"})
    assert failures == [] and inputs["registry"] is unknown
