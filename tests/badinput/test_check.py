"""Bad inputs fail in `check`, through the real provider server, naming their field, without a cloud call.

Every argument of every resource has a table of bad values (`subjects.py`); each row is sent as the
engine sends it (a protobuf Struct: numbers as floats, `None` dropped) to one provider server for
the whole module, and the emulator's call log — reset before each row — must stay empty.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

from tests.badinput.subjects import IMAGE_COPY, SUBJECTS, Subject
from tests.badinput.vocabulary import REQUIRED, Bad, Category
from tests.support.engine import UNKNOWN, CheckFailed, Engine, ProviderError, Registration, register

CallLog = Callable[[], list[dict[str, Any]]]

# Fragments of regular expressions: a message says what is wrong in words, never as a pattern.
PATTERN_FRAGMENTS = ("(?:", "[a-z", "[A-Z", "[0-9", "]{", "]+", "]*", "\\d", "\\w", "^[", ")*", "{0,", "{1,")
LONGEST_REASON = 400


def bad_rows() -> list[Any]:
    return list(_bad_rows())


def _bad_rows() -> Iterator[Any]:
    for subject in SUBJECTS:
        for field, table in subject.tables.items():
            for bad in table.bad:
                yield pytest.param(subject, field, bad, id=f"{subject}-{field}-{bad.label}")


def good_rows() -> list[Any]:
    return list(_good_rows())


def _good_rows() -> Iterator[Any]:
    for subject in SUBJECTS:
        for field, table in subject.tables.items():
            for index, value in enumerate(table.good):
                yield pytest.param(subject, field, value, table.good_also, id=f"{subject}-{field}-{index}")


def input_fields() -> list[Any]:
    return list(_input_fields())


def _input_fields() -> Iterator[Any]:
    for subject in SUBJECTS:
        for f in subject.provider.schema.inputs:
            yield pytest.param(subject, f.name, id=f"{subject}-{f.name}")


def changed(registration: Registration, changes: Mapping[str, Any]) -> Registration:
    return registration.with_inputs(**changes)


def check_fails(checker: Engine, registration: Registration) -> CheckFailed:
    with pytest.raises(CheckFailed) as failed:
        checker.check(registration)
    return failed.value


# -- the bad values --------------------------------------------------------------------------------


@pytest.mark.parametrize(("subject", "field", "bad"), bad_rows())
def test_a_bad_value_fails_check_naming_its_field_without_a_cloud_call(
    checker: Engine, cloud_calls: CallLog, subject: Subject, field: str, bad: Bad
) -> None:
    failure = check_fails(checker, changed(subject.registration, {**bad.also, field: bad.value}))
    named = bad.fails or field
    reason = failure.reason(named)
    for words in bad.says:
        assert words in reason, f"{named}: {reason!r} does not say {words!r}"
    # One mistake, one failure: nothing else in the baseline may fail because of it.
    assert [prop for prop, _ in failure.failures] == [named], failure.failures
    assert not [f for f in PATTERN_FRAGMENTS if f in reason], f"a pattern, not words: {reason!r}"
    assert len(reason) <= LONGEST_REASON, f"{len(reason)} characters: {reason[:100]!r}..."
    if named in subject.provider.schema.secrets and isinstance(bad.value, str) and len(bad.value) > 3:
        assert bad.value.strip() not in reason, "a secret value is shown in the message"
    assert cloud_calls() == []


@pytest.mark.parametrize(("subject", "field", "value", "also"), good_rows())
def test_a_value_at_the_edge_of_the_rule_passes_check(
    checker: Engine, cloud_calls: CallLog, subject: Subject, field: str, value: Any, also: Mapping[str, Any]
) -> None:
    inputs = checker.check(changed(subject.registration, {**also, field: value}))
    if value not in (None, "", []):
        assert field in inputs
    assert cloud_calls() == []


# -- unknown values (a preview) --------------------------------------------------------------------


@pytest.mark.parametrize(("subject", "field"), input_fields())
def test_an_unknown_value_never_fails_check(
    checker: Engine, cloud_calls: CallLog, subject: Subject, field: str
) -> None:
    changes = {**subject.unknown_with.get(field, {}), field: UNKNOWN}
    inputs = checker.check(changed(subject.registration, changes))
    assert inputs[field] == UNKNOWN
    assert cloud_calls() == []


@pytest.mark.parametrize("subject", SUBJECTS, ids=str)
def test_every_value_unknown_at_once_passes_check(
    checker: Engine, cloud_calls: CallLog, subject: Subject
) -> None:
    registration = subject.registration
    inputs = checker.check(
        registration.with_inputs(**{k: UNKNOWN for k in registration.inputs if k != "__provider"})
    )
    assert all(inputs[k] == UNKNOWN for k in registration.inputs if k != "__provider")
    assert cloud_calls() == []


def nested_unknowns(subject: Subject) -> Iterator[dict[str, Any]]:
    """Unknowns inside lists and maps, as `[a.region, "x"]` in a program gives."""
    types = {f.name: f.type for f in subject.provider.schema.inputs}
    for name, kind in types.items():
        value = subject.registration.inputs.get(name)
        if kind is list:
            yield {name: [*(value or [])[:1], UNKNOWN]}
        if kind is dict and isinstance(value, dict) and value:
            # A map with a meaning of its own (an image reference): each entry unknown in turn.
            for key in value:
                yield {name: {**value, key: UNKNOWN}}
        elif kind is dict:
            yield {name: {"build": UNKNOWN, "sha": "abc"}}
    if "filters" in types:
        yield {"filters": [{"type": "tag", "value": UNKNOWN}]}
        yield {"filters": [{"type": UNKNOWN, "value": "v*"}]}


@pytest.mark.parametrize("subject", SUBJECTS, ids=str)
def test_unknowns_inside_lists_and_maps_never_fail_check(
    checker: Engine, cloud_calls: CallLog, subject: Subject
) -> None:
    cases = list(nested_unknowns(subject))
    for changes in cases:
        checker.check(changed(subject.registration, changes))
    assert cloud_calls() == []


def test_an_unknown_profile_leaves_the_default_region_unknown(checker: Engine, cloud_calls: CallLog) -> None:
    # The region comes from the profile when not given: while the profile is unknown, so is the region.
    for subject in SUBJECTS:
        if "region" not in subject.provider.schema.fields:
            continue
        registration = subject.registration.with_inputs(profile=UNKNOWN, region=None)
        assert checker.check(registration)["region"] == UNKNOWN
    # An image reference's region likewise (each reference takes the resource's profile).
    copy = IMAGE_COPY.registration
    source = {k: v for k, v in copy.inputs["source"].items() if k != "region"}
    checked = checker.check(copy.with_inputs(profile=UNKNOWN, source=source))
    assert checked["source"]["region"] == UNKNOWN
    assert cloud_calls() == []


# -- empty strings ---------------------------------------------------------------------------------


def optional_strings() -> list[Any]:
    return list(_optional_strings())


def _optional_strings() -> Iterator[Any]:
    for subject in SUBJECTS:
        for f in subject.provider.schema.inputs:
            if f.type is str and not f.required:
                yield pytest.param(subject, f.name, id=f"{subject}-{f.name}")


@pytest.mark.parametrize(("subject", "field"), optional_strings())
def test_an_empty_optional_string_is_the_same_as_leaving_it_out(
    checker: Engine, cloud_calls: CallLog, subject: Subject, field: str
) -> None:
    def outcome(value: Any) -> Any:
        try:
            return checker.check(changed(subject.registration, {field: value}))
        except CheckFailed as failed:
            return failed.failures

    assert outcome("") == outcome(None)
    assert cloud_calls() == []


# -- the tables themselves -------------------------------------------------------------------------

SHAPES_OF_TYPES = {
    str: {"name", "region", "opaque", "text", "profile"},
    bool: {"flag"},
    float: {"number"},
    int: {"number"},
    list: {"list"},
    dict: {"map"},
}


@pytest.mark.parametrize("subject", SUBJECTS, ids=str)
def test_every_argument_has_a_table_of_every_kind_of_bad_value(subject: Subject) -> None:
    schema = subject.provider.schema
    assert set(subject.tables) == {f.name for f in schema.inputs}, (
        "an argument without a table, or a stale table"
    )
    for name, table in subject.tables.items():
        f = schema[name]
        assert table.shape in SHAPES_OF_TYPES[f.type], f"{name}: a {f.type.__name__} is not a {table.shape}"
        categories = {bad.category for bad in table.bad}
        missing = REQUIRED[table.shape] - categories
        if f.required:
            missing |= {Category.EMPTY} - categories
        assert not missing, f"{name} has no bad value of kind {sorted(c.value for c in missing)}"
        assert table.good, f"{name}: no value at the edge of its rule is shown to pass"
    rows = [bad for table in subject.tables.values() for bad in table.bad]
    assert any(bad.category is Category.SOURCE_IS_DESTINATION for bad in rows)


def test_every_resource_has_its_own_bad_values_beyond_the_generated_ones() -> None:
    # The generators give every argument the common cases; each resource's documented rules
    # (go-together fields, enumerations, source != destination) are rows of their own.
    own = {Category.RULE, Category.SOURCE_IS_DESTINATION}
    for subject in SUBJECTS:
        rows = [bad for table in subject.tables.values() for bad in table.bad if bad.category in own]
        assert len(rows) >= 3, subject


# -- the call log is live --------------------------------------------------------------------------


@pytest.mark.parametrize("subject", SUBJECTS, ids=str)
def test_the_call_log_counts_calls_of_this_provider_server(
    checker: Engine, cloud_calls: CallLog, subject: Subject
) -> None:
    # The zero above means something: the same server, asked to read, reaches the emulator.
    with contextlib.suppress(ProviderError):  # not found, or refused: either way it asked the cloud
        checker.get(register(subject.lookup))
    assert cloud_calls() != []
