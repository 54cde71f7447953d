"""Resource ids: permanent, so a layout must join and split back exactly, and refuse what it cannot."""

from __future__ import annotations

import pytest

from pulumi_imagesync.provider.errors import InputError
from pulumi_imagesync.provider.ids import IdLayout

LAYOUT = IdLayout(("region", "region"), ("registry_id", "registry id"), ("name", "rule name"))


def test_an_id_names_its_fields_in_order_and_splits_back() -> None:
    props = {"name": "to-sh", "region": "ap-guangzhou", "registry_id": "tcr-1", "other": "ignored"}
    assert LAYOUT.join(props) == "ap-guangzhou#tcr-1#to-sh"
    assert LAYOUT.split("ap-guangzhou#tcr-1#to-sh") == {
        "region": "ap-guangzhou",
        "registry_id": "tcr-1",
        "name": "to-sh",
    }


@pytest.mark.parametrize("id_", ["ap-guangzhou#tcr-1", "a#b#c#d", "ap-guangzhou##to-sh", ""])
def test_an_id_of_another_shape_is_refused_with_the_layout(id_: str) -> None:
    with pytest.raises(InputError, match="expected <region>#<registry id>#<rule name>"):
        LAYOUT.split(id_)


def test_a_part_holding_the_separator_cannot_make_an_id() -> None:
    with pytest.raises(InputError, match="separator"):
        LAYOUT.join({"region": "ap-guangzhou", "registry_id": "tcr#1", "name": "to-sh"})
