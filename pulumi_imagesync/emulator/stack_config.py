"""The stack config that points every resource of every cloud at a running emulator.

``python -m pulumi_imagesync.emulator.stack_config URL`` prints it in the format of
``pulumi config --json``, which ``pulumi config set-all --json`` reads (``scripts/demo`` does
that); the end-to-end tests use `emulator_stack_config` directly. The key pair is set for every
cloud, as secrets, under the keys the provider reads (`provider.settings.CLOUDS`), so that a
resource of any cloud finds its credentials; the regions are those of the demo world.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence

from ..provider.settings import CLOUDS, EMULATOR_KEY
from .accounts import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET

# The region each cloud's resources default to in the demo world.
DEMO_REGIONS: Mapping[str, str] = {
    "tencentcloud": "ap-guangzhou",
    "huaweicloud": "cn-north-4",
    "alibabacloud": "cn-hangzhou",
}

ConfigValue = dict[str, str | bool]


def emulator_stack_config(
    url: str,
    *,
    access_key_id: str = DEFAULT_ACCESS_KEY_ID,
    access_key_secret: str = DEFAULT_ACCESS_KEY_SECRET,
    regions: Mapping[str, str] = DEMO_REGIONS,
) -> dict[str, ConfigValue]:
    """`{config key: {"value": ..., "secret": ...}}` for an emulator at `url`."""
    config: dict[str, ConfigValue] = {EMULATOR_KEY: {"value": url, "secret": False}}
    for cloud, keys in CLOUDS.items():
        config[keys.config_key(keys.access_key)] = {"value": access_key_id, "secret": True}
        config[keys.config_key(keys.secret_key)] = {"value": access_key_secret, "secret": True}
        if cloud in regions:
            config[keys.config_key(keys.region)] = {"value": regions[cloud], "secret": False}
    return config


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pulumi_imagesync.emulator.stack_config",
        description="Print the stack config for an emulator, for `pulumi config set-all --json`.",
    )
    parser.add_argument("url", help="the emulator's URL, e.g. http://127.0.0.1:8790")
    parser.add_argument("--access-key-id", default=DEFAULT_ACCESS_KEY_ID)
    parser.add_argument("--access-key-secret", default=DEFAULT_ACCESS_KEY_SECRET)
    args = parser.parse_args(argv)
    config = emulator_stack_config(
        args.url, access_key_id=args.access_key_id, access_key_secret=args.access_key_secret
    )
    json.dump(config, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
