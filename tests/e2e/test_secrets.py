"""No credential and no secret in plain text in the state, as the real engine writes it.

The engine, not the provider, writes the state: the provider blob, the resource outputs, and the
stack config recorded as the inputs of the default `pulumi-python` provider (refresh and destroy
use it), all through the stack's secrets provider. The values are searched for in
`pulumi stack export` and in every file of the backend directory; `--show-secrets` proves they
are there, encrypted.
"""

from __future__ import annotations

import base64
import json

import pytest

from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator
from pulumi_imagesync.emulator.stack_config import emulator_stack_config
from tests.e2e.conftest import StackFactory
from tests.support.pulumi_cli import search

pytestmark = pytest.mark.e2e

PEER_TOKEN = "peer-token-e2e-0f9a7c"
SECRET_ENVELOPE = "4dabf18193072939515e22adb298388d"  # the engine's marker of a secret value
PYTHON_PROVIDER = "pulumi:providers:pulumi-python"  # the default provider of dynamic resources


def test_the_state_holds_no_credential_and_no_secret_in_plain_text(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    emulator.reset(world="demo")
    emulator.seed(
        {
            "accounts": [
                {
                    "access_key_id": "AKIDpeerE2E",
                    "access_key_secret": "peer-secret",
                    "account_id": "100000000002",
                }
            ],
            "tcr": {
                "registries": [
                    {
                        "id": "tcr-peer0001",
                        "region": "ap-singapore",
                        "account_id": "100000000002",
                        "peer_token": PEER_TOKEN,
                        "namespaces": [{"name": "test"}],
                    }
                ]
            },
        }
    )
    stack = make_stack("examples/tcr-replication-rule").init(emulator_stack_config(emulator.url))
    stack.config("destination_registry_id", "tcr-peer0001")
    stack.config("peer_registry_uin", "100000000002")
    stack.config("peer_registry_token", PEER_TOKEN, secret=True)
    stack.up()
    rules = emulator.state()["tcr"]["ap-guangzhou"]["registries"]["tcr-xxx"]["replication_rules"]
    assert rules["prod-to-sg"]["peer_account_id"] == "100000000002", "the token reached the cloud"

    secrets = [DEFAULT_ACCESS_KEY_SECRET, DEFAULT_ACCESS_KEY_ID, PEER_TOKEN]
    exported = json.dumps(stack.export())
    assert [s for s in secrets if s in exported] == []
    assert search(stack.state_files(), secrets) == {}
    assert search([stack.config_file()], secrets) == {}, "secret config is stored encrypted"

    # They are in the state, encrypted: the rule's token (input and output) and the credentials
    # of the stack config, which the engine records as the default provider's inputs.
    rule = stack.resources()["prod-to-sg"]
    for part in ("inputs", "outputs"):
        token = rule[part]["peer_registry_token"]
        assert token[SECRET_ENVELOPE] and token["ciphertext"], f"{part}: {token}"
    (provider,) = [r for r in stack.export()["deployment"]["resources"] if r["type"] == PYTHON_PROVIDER]
    for key in (
        "tencentcloud:secretId",
        "tencentcloud:secretKey",
        "alicloud:secretKey",
        "huaweicloud:secretKey",
    ):
        assert provider["inputs"][key][SECRET_ENVELOPE] and provider["inputs"][key]["ciphertext"], key
    revealed = json.dumps(stack.export(show_secrets=True))
    assert all(s in revealed for s in secrets)
    blob = base64.b64decode(rule["outputs"]["__provider"])  # plain text: it names a class, nothing more
    assert [s for s in secrets if s.encode() in blob] == []
