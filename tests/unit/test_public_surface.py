"""Every resource's public surface agrees with its provider's schema.

A resource's fields are written five times by hand, as first-party Pulumi packages write them:
the provider's `SCHEMA`, the `XxxArgs` dataclass, the keyword overload of `__init__`, its
`:param` documentation and the output properties. `test_the_surface_agrees_with_the_schema`
checks them against each other for every subclass of `ImageSyncResource` it finds in the
package, so a new resource (or a new field) is checked without being named here.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import pydoc
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pulumi
import pytest
from pulumi.runtime import mocks
from pulumi.runtime.sync_await import _sync_await

import pulumi_imagesync
from pulumi_imagesync._docs import keyword_overload, param_docs
from pulumi_imagesync.dynamic_resource import ImageSyncResource
from pulumi_imagesync.provider.fields import Field

# Documented on every resource besides its arguments.
CONSTRUCTOR_PARAMS = {"resource_name", "args", "opts"}


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def discover() -> list[type[ImageSyncResource]]:
    """Every public resource class: import every module of the package (the emulator aside)."""
    for module in pkgutil.walk_packages(pulumi_imagesync.__path__, "pulumi_imagesync."):
        if not module.name.startswith("pulumi_imagesync.emulator"):
            importlib.import_module(module.name)
    found = {c for c in _subclasses(ImageSyncResource) if c.__module__.startswith("pulumi_imagesync.")}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__name__}")


RESOURCES = discover()


def test_every_resource_is_found() -> None:
    names = {f"{c.__module__.split('.')[1]}.{c.__name__}" for c in RESOURCES}
    assert {
        "tencentcloud.ReplicationRule",
        "tencentcloud.ImageDuplicate",
        "tencentcloud.CvmImageSync",
        "huaweicloud.SyncRepoTask",
        "alibabacloud.SyncRepoTask",
        "alibabacloud.SyncRule",
        "registry.ImageCopy",
    } <= names


# -- reading annotations ------------------------------------------------------------------------


def _without_none(hint: Any) -> Any:
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
    return hint


def _input_value_type(hint: Any) -> Any:
    """`T` of `Input[T] | None` (`T | Awaitable[T] | Output[T]`)."""
    hint = _without_none(hint)
    for member in typing.get_args(hint):
        if typing.get_origin(member) is pulumi.Output:
            return typing.get_args(member)[0]
    return hint


def _output_value_type(hint: Any) -> Any:
    """`T` of `pulumi.Output[T]`, None removed."""
    assert typing.get_origin(hint) is pulumi.Output, f"not a pulumi.Output[...]: {hint}"
    return _without_none(typing.get_args(hint)[0])


def _rough(hint: Any) -> type:
    """What a hint is, in the terms of a schema field's type: str, int, float, bool, list, dict, object.

    A typed input class (`ImageRefArgs`, a dataclass sent as a map) is a dict, and so is a union
    of such a class with `Mapping[str, Any]` (either may be given)."""
    if hint is Any:
        return object
    if dataclasses.is_dataclass(hint):
        return dict
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        kinds = {_rough(member) for member in typing.get_args(hint)}
        if len(kinds) == 1:
            return kinds.pop()
    origin = typing.get_origin(hint) or hint
    if origin in (list, Sequence):
        return list
    if origin in (dict, Mapping):
        return dict
    return typing.cast(type, origin)


def _properties(cls: type) -> dict[str, property]:
    """The output properties of a class, its own and inherited: `@property @pulumi.getter`."""
    return {
        name: value
        for base in reversed(cls.__mro__)
        for name, value in vars(base).items()
        if isinstance(value, property) and hasattr(value.fget, "_pulumi_name")
    }


# -- the one test -------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda c: f"{c.__module__.split('.')[1]}.{c.__name__}")
def test_the_surface_agrees_with_the_schema(resource: type[ImageSyncResource]) -> None:
    schema = resource._provider_class.schema
    inputs: dict[str, Field] = {f.name: f for f in schema.inputs}
    args_class = resource._args_class
    problems: list[str] = []

    # Everything resolves: the resource, its args, its overloads, its getters.
    hints = typing.get_type_hints(args_class)
    typing.get_type_hints(resource)
    typing.get_type_hints(resource.get)
    overloads = typing.get_overloads(resource.__dict__["__init__"])
    for overload in overloads:
        typing.get_type_hints(overload)

    # XxxArgs: one field per input, required as the schema says (or defaulted by the program).
    fields = {f.name: f for f in dataclasses.fields(args_class)}
    if set(fields) != set(inputs):
        problems.append(
            f"{args_class.__name__} fields vs schema inputs: only in Args {sorted(set(fields) - set(inputs))}, "
            f"only in the schema {sorted(set(inputs) - set(fields))}"
        )
    for name, field in fields.items():
        if name not in inputs:
            continue
        required = field.default is dataclasses.MISSING
        expected = inputs[name].required and name not in resource._defaults_to_resource_name
        if required != expected:
            problems.append(f"{args_class.__name__}.{name}: required={required}, the schema says {expected}")
        if not required and field.default is not None:
            problems.append(f"{args_class.__name__}.{name}: an optional argument defaults to None")
        rough = _rough(_input_value_type(hints[name]))
        if rough is not inputs[name].type:
            problems.append(
                f"{args_class.__name__}.{name}: {rough.__name__}, the schema says {inputs[name].type.__name__}"
            )

    # The overloads: (resource_name, args, opts) and (resource_name, opts, *, <the Args fields>).
    keyword = keyword_overload(resource.__dict__["__init__"])
    assert keyword is not None and len(overloads) == 2, "two overloads of __init__, one by keyword"
    (by_args,) = [o for o in overloads if o is not keyword]
    assert list(inspect.signature(by_args).parameters) == ["self", "resource_name", "args", "opts"]
    assert inspect.signature(by_args).parameters["args"].annotation == args_class.__name__
    params = inspect.signature(keyword).parameters
    assert list(params)[:3] == ["self", "resource_name", "opts"]
    keywords = {n: p for n, p in params.items() if p.kind is p.KEYWORD_ONLY}
    if list(keywords) != list(fields):
        problems.append(
            f"the keyword overload's arguments are not the Args fields in order: {list(keywords)}"
        )
    for name, param in keywords.items():
        if name in fields and (param.annotation, param.default) != (
            fields[name].type,
            None if fields[name].default is None else inspect.Parameter.empty,
        ):
            problems.append(f"overload argument {name}: {param.annotation} = {param.default}, Args differ")

    # `:param` documentation of every argument, and of nothing else.
    docs = param_docs(resource.__dict__["__init__"].__doc__)
    undocumented = sorted((set(inputs) | CONSTRUCTOR_PARAMS) - {n for n, t in docs.items() if t.strip()})
    unknown = sorted(set(docs) - set(inputs) - CONSTRUCTOR_PARAMS)
    if undocumented or unknown:
        problems.append(f":param entries: undocumented {undocumented}, not arguments {unknown}")

    # One documented, typed output property per field of the schema, inputs and outputs alike.
    properties = _properties(resource)
    if set(properties) != set(schema.fields):
        problems.append(
            f"output properties vs schema fields: extra {sorted(set(properties) - set(schema.fields))}, "
            f"missing {sorted(set(schema.fields) - set(properties))}"
        )
    for name, prop in properties.items():
        if not (prop.__doc__ or "").strip():
            problems.append(f"output property {name} has no docstring")
        if name in schema.fields:
            returns = typing.get_type_hints(prop.fget)["return"]
            rough = _rough(_output_value_type(returns))
            if rough is not schema[name].type:
                problems.append(
                    f"output {name}: {rough.__name__}, the schema says {schema[name].type.__name__}"
                )

    # A get() with more arguments takes schema fields only.
    get_params = inspect.signature(resource.get).parameters.values()
    extra = [p.name for p in get_params if p.kind is p.KEYWORD_ONLY and p.name not in schema.fields]
    if extra:
        problems.append(f"get() takes arguments that are not fields: {extra}")

    if problems:
        pytest.fail(f"{resource.__name__} disagrees with its schema:\n" + "\n".join(problems), pytrace=False)


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda c: c.__name__)
def test_help_shows_the_keyword_signature_and_every_argument(resource: type[ImageSyncResource]) -> None:
    signature = inspect.signature(resource)
    assert list(signature.parameters)[:2] == ["resource_name", "opts"]
    assert set(inputs_of(resource)) <= set(signature.parameters)
    text = pydoc.render_doc(resource, renderer=pydoc.plaintext)
    assert f"{resource.__name__}{signature}" in text
    for name in inputs_of(resource):
        assert f":param {name}:" in text
    args_text = pydoc.render_doc(resource._args_class, renderer=pydoc.plaintext)
    for name in inputs_of(resource):
        assert f":param {name}:" in args_text, f"help({resource._args_class.__name__}) lacks {name}"


def inputs_of(resource: type[ImageSyncResource]) -> list[str]:
    return [f.name for f in resource._provider_class.schema.inputs]


# -- outputs read through the getters, typed --------------------------------------------------------


class Outputs(mocks.Mocks):
    """A deployment whose provider answers every resource with the given outputs (as floats, the wire's numbers)."""

    def __init__(self, outputs: dict[str, Any]) -> None:
        self.outputs = outputs

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"{args.name}-id", {**args.inputs, **self.outputs}

    def call(self, args: mocks.MockCallArgs) -> dict[str, Any]:
        return {}


def test_outputs_are_read_through_the_typed_getters() -> None:
    from pulumi_imagesync import tencentcloud

    mocks.set_mocks(Outputs({"policy_id": 7.0, "destination_region_id": 9.0}), preview=False)
    rule = tencentcloud.ReplicationRule(
        "rule", source_registry_id="tcr-a", destination_registry_id="tcr-b", dest_namespace="ns"
    )
    values = pulumi.Output.all(rule.policy_id, rule.destination_region_id, rule.name, rule.dest_namespace)
    assert _sync_await(values.future()) == [7, 9, "rule", "ns"]
    assert type(_sync_await(rule.policy_id.future())) is int  # `Output[int]` types the wire's float
