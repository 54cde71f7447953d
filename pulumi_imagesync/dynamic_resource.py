"""The program side of every resource: how a resource class registers itself with Pulumi.

Each public resource class names its `XxxArgs` dataclass and its provider class; this base turns
keyword arguments or an args object into the props Pulumi registers, marks secret inputs as
secret (and their outputs too, through `additional_secret_outputs`), and registers every output
(Pulumi only resolves outputs whose keys are present in the props; the resource class reads them
through its typed `@pulumi.getter` properties).

How a public resource module is written (`tencentcloud/replication_rule.py` is the model). By
hand, not generated at import: IDEs and type checkers read the source, so signatures,
`:param` docs and typed properties must be in it; instead of a generator's guarantee, the unit
test `tests/unit/test_public_surface.py` finds every subclass of `ImageSyncResource` and fails
when any of these disagree with the provider's `SCHEMA`:

1. `@dataclass(kw_only=True) class XxxArgs`: one field per input of the schema, in the schema's
   required-ness (required: no default; optional: `= None`), typed `Input[T]` from `._typing`
   (not `pulumi.Input`, whose forward reference `typing.get_type_hints()` cannot resolve). Its
   docstring says the resource's identity and field kinds; the fields' documentation is added
   from the resource's `:param` entries at import (so `help(XxxArgs)` shows it, written once).
2. `class Xxx(ImageSyncResource, module="imagesync/<cloud>", name="Xxx")` with `_args_class`,
   `_provider_class`, and `_defaults_to_resource_name` for arguments that default to the
   resource name.
3. Two `@overload`s of `__init__`: `(resource_name, args: XxxArgs, opts=None)` and
   `(resource_name, opts=None, *, <the Args fields, same order, same annotations and defaults>)`;
   then `def __init__(self, resource_name, *args, **kwargs)` whose docstring documents
   `resource_name`, `args`, `opts` and every argument as `:param name: ...` (continuation lines
   indented). `help()` shows the keyword overload's signature.
4. One `@property @pulumi.getter def field(self) -> pulumi.Output[T]: return pulumi.get(self,
   "field")` per field of the schema, inputs and outputs alike, each with a docstring (those of
   `timeout_seconds`, `adopt` and `profile`, which every resource has, are inherited from here).
5. `get()` is inherited; a resource whose id cannot say everything a read needs overrides it
   with keyword arguments that are schema fields, passed to `_get`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, Self

import pulumi
import pulumi.dynamic

from ._docs import document_resource
from ._typing import Input
from .provider.base import ImageSyncProvider
from .provider.fields import OWNER_KEY

ROOT_STACK_TYPE = "pulumi:pulumi:Stack"


def child_urn(parent_urn: str, type_: str, name: str) -> str:
    """The URN of a resource of `type_` named `name` under the resource `parent_urn`.

    `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the qualified type is the
    parent's followed by `$<type>` (children of the root stack have none of it).
    """
    prefix, project, parent_type, _ = parent_urn.split("::", 3)
    qualified = type_ if parent_type == ROOT_STACK_TYPE else f"{parent_type}${type_}"
    return f"{prefix}::{project}::{qualified}::{name}"


class ImageSyncResource(pulumi.dynamic.Resource):
    """Base class of the public resources; not used directly."""

    _args_class: ClassVar[type[Any]]
    _provider_class: ClassVar[type[ImageSyncProvider]]
    _defaults_to_resource_name: ClassVar[tuple[str, ...]] = ()
    """Arguments that default to the Pulumi resource name (a rule's `name`): optional in the
    program, required by the provider's schema."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__init__" in cls.__dict__ and "_args_class" in cls.__dict__:
            document_resource(cls.__dict__["__init__"], cls._args_class)

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        args_object, opts = self._split_arguments(args, kwargs)
        props: dict[str, Any] = {}
        if args_object is not None:
            props = {f.name: getattr(args_object, f.name) for f in dataclasses.fields(args_object)}
            self._complete_props(resource_name, props)
        elif kwargs:  # get(): properties that qualify the look-up (what the id alone cannot say)
            unknown = sorted(set(kwargs) - set(self._provider_class.schema.fields))
            if unknown:
                raise TypeError(f"{type(self).__name__}.get() got unexpected arguments {unknown}")
            props = dict(kwargs)

        schema = self._provider_class.schema
        secrets = self._secret_inputs(props)
        for name in secrets:
            if props.get(name) is not None:
                props[name] = pulumi.Output.secret(props[name])
        for name in schema.fields:  # every output gets its attribute, even when not an input
            props.setdefault(name, None)
        if opts is None or opts.id is None:  # a resource to manage (not a get()): who owns its records
            props[OWNER_KEY] = self._owner(resource_name, opts)
        if secrets:
            opts = pulumi.ResourceOptions.merge(
                opts, pulumi.ResourceOptions(additional_secret_outputs=secrets)
            )
        super().__init__(self._provider_class(), resource_name, props, opts)

    @classmethod
    def _owner(cls, resource_name: str, opts: pulumi.ResourceOptions | None) -> Input[str]:
        """The resource's URN, as the engine will make it: the key of its ownership records.

        The provider process knows neither the stack nor the resource (the engine sends it only
        properties), so the program, which knows both, passes it in.
        """
        type_ = f"pulumi-python:{cls._resource_type_name}"
        parent = opts.parent if opts is not None else None
        if parent is None:
            return f"urn:pulumi:{pulumi.get_stack()}::{pulumi.get_project()}::{type_}::{resource_name}"
        return parent.urn.apply(lambda urn: child_urn(urn, type_, resource_name))

    def _split_arguments(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[Any | None, pulumi.ResourceOptions | None]:
        """Accept `(name, args, opts)`, `(name, opts, **kwargs)` and keyword forms, as Pulumi SDKs do."""
        rest = list(args)
        args_object = kwargs.pop("args", None)
        opts = kwargs.pop("opts", None)
        if rest and isinstance(rest[0], self._args_class):
            args_object = rest.pop(0)
        if rest:
            opts = rest.pop(0)
        if rest:
            raise TypeError(
                f"{type(self).__name__}() takes resource_name, args and opts positionally; pass the rest by keyword"
            )
        if opts is not None and not isinstance(opts, pulumi.ResourceOptions):
            raise TypeError(f"opts must be a pulumi.ResourceOptions, got {type(opts).__name__}")
        if args_object is not None:
            if kwargs:
                raise TypeError(f"pass either a {self._args_class.__name__} or keyword arguments, not both")
            return args_object, opts
        if opts is not None and opts.id is not None:
            return None, opts  # get(): the provider reads the object from the cloud
        return self._args_class(**kwargs), opts

    def _secret_inputs(self, props: dict[str, Any]) -> list[str]:
        """The inputs kept secret, in the state as outputs too: the schema's secret fields, and
        whatever else a resource finds secret in its arguments (a password inside a map)."""
        return self._provider_class.schema.secrets

    def _complete_props(self, resource_name: str, props: dict[str, Any]) -> None:
        """Fill arguments whose default comes from the program (e.g. a rule named after the resource)."""
        for name in self._defaults_to_resource_name:
            if props.get(name) is None:
                props[name] = resource_name

    # The outputs of the provider-only arguments every resource takes (`fields.common_fields`).

    @property
    @pulumi.getter
    def timeout_seconds(self) -> pulumi.Output[float]:
        """How long a create, update or delete waits for the cloud."""
        return pulumi.get(self, "timeout_seconds")

    @property
    @pulumi.getter
    def adopt(self) -> pulumi.Output[bool]:
        """Whether an object that exists where the create would make one is managed, not refused."""
        return pulumi.get(self, "adopt")

    @property
    @pulumi.getter
    def profile(self) -> pulumi.Output[str | None]:
        """The credential set of `imagesync:profiles` the resource uses, if not the default."""
        return pulumi.get(self, "profile")

    @classmethod
    def get(cls, resource_name: str, id: Input[str], opts: pulumi.ResourceOptions | None = None) -> Self:
        """Get an existing resource's state by its id (see the resource's id format), without managing it."""
        return cls._get(resource_name, id, opts)

    @classmethod
    def _get(
        cls, resource_name: str, id: Input[str], opts: pulumi.ResourceOptions | None, **state: Any
    ) -> Self:
        """`get()` with properties that qualify the look-up, for resources whose id cannot say everything."""
        known = {k: v for k, v in state.items() if v is not None}
        return cls(
            resource_name, opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)), **known
        )
