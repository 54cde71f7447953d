"""A local emulator of the clouds' image replication APIs, spoken exactly as the real SDKs speak.

Run ``imagesync-emulator`` (or ``python -m pulumi_imagesync.emulator``), or in-process::

    from pulumi_imagesync.emulator import Emulator
    with Emulator(port=0, world="demo") as emu:
        ...  # point the SDKs at emu.url with DEFAULT_ACCESS_KEY_ID / DEFAULT_ACCESS_KEY_SECRET

Layout: ``server``/``admin``/``dispatch`` are the core; ``world``, ``clock``, ``faults`` the state
every service shares; ``protocols/`` one module per cloud wire protocol; one package per service
(``tcr/``, ``swr/``, ``iam/``, ``acr/``) registered in ``services``; ``registry/`` the OCI
distribution API every registry also speaks, on a port of its own (``Emulator.registries()``). The
seed schema is in ``demo`` and ``images``, the faults schema in ``faults``.
"""

from .accounts import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_ACCOUNT_ID
from .runner import Emulator

__all__ = ["DEFAULT_ACCESS_KEY_ID", "DEFAULT_ACCESS_KEY_SECRET", "DEFAULT_ACCOUNT_ID", "Emulator"]
