"""``python -m pulumi_imagesync.emulator``: same as the ``imagesync-emulator`` console script."""

import sys

from .cli import main

sys.exit(main())
