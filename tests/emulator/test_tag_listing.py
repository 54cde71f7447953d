"""The OCI client's tag list against the emulator's registry: every page, by `n`, `last` and `Link`."""

from __future__ import annotations

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.registry.logins import url_for
from pulumi_imagesync.registry.oci import client as oci
from tests.emulator.registry_world import PLAIN, PLAIN_LOGIN

TAGS = [f"t{i:03}" for i in range(25)]


@pytest.fixture
def plain(emulator: Emulator) -> oci.RegistryClient:
    emulator.seed(
        {
            "oci": {
                "registries": [
                    {
                        "id": PLAIN,
                        **PLAIN_LOGIN,
                        "repositories": [{"name": "team/app", "tags": {tag: {} for tag in TAGS}}],
                    }
                ]
            }
        }
    )
    host = emulator.registry("oci", PLAIN)["endpoint"]
    login = oci.Login(PLAIN_LOGIN["username"], PLAIN_LOGIN["password"])
    endpoint = oci.Endpoint(url_for(host), "OCI", f"registry {host}", "", "test")
    return oci.RegistryClient(endpoint, lambda fresh: login, timeout=10, deadline=None)


def test_every_page_of_a_tag_list_is_read(
    plain: oci.RegistryClient, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(oci, "TAGS_PAGE", 10)
    with plain:
        plain.list_tags("team/other")  # logged in (a 401, then a token), outside what is counted
        mark = len(emulator.calls()["calls"])
        assert plain.list_tags("team/app") == TAGS
        assert plain.list_tags("team/none") == []  # a repository that does not exist has no tags
    listed = [c for c in emulator.calls(since=mark)["calls"] if c["action"] == "GET tags"]
    assert len(listed) == 4  # 10 + 10 + 5, and the unknown repository's one answer


def test_the_next_page_is_the_link_with_rel_next() -> None:
    assert oci._next_page('</v2/a/tags/list?n=10&last=t009>; rel="next"') == "/v2/a/tags/list?n=10&last=t009"
    assert oci._next_page('<https://r.example.com/x>; rel="prev", </v2/y>; rel=next') == "/v2/y"
    assert oci._next_page(None) is None and oci._next_page("") is None
