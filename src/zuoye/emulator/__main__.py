"""`python -m zuoye.emulator ARGS` is `zuoye emulator ARGS` (what test helpers start)."""

from __future__ import annotations

import sys

from zuoye.cli import main

if __name__ == "__main__":
    sys.argv[1:1] = ["emulator"]
    main()
