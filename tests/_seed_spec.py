"""Where the seed pages live: beside the checkout, never inside it.

The seed pages are copies of Baidu's documentation (`ernie-*.md`, `oauth-token.md`). They are not ours
to publish, so the repository keeps only its own notes (docs/protocol-v1.md, docs/protocol-v2.md), and
the tests that run the pages' example code read them from `../shared/spec/` next to the repository
(where CI has them) or from wherever `ZUOYE_SEED_SPEC_DIR` points.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ENV_VAR = "ZUOYE_SEED_SPEC_DIR"
REPO = Path(__file__).resolve().parents[1]
DEFAULT_DIR = REPO.parent / "shared" / "spec"  # CI checks ../shared out beside the repository


def seed_spec_dir() -> Path:
    """The folder the seed pages are expected in (the variable, if set, wins)."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DIR)


def seed_pages_present() -> bool:
    return any(seed_spec_dir().glob("ernie-*.md"))


def require_seed_spec_dir() -> Path:
    """The seed folder, or skip the test saying where the pages were looked for and how to point
    elsewhere. A skip, not a failure: the pages are not ours, and a checkout without them beside it
    (a user's clone) must still pass; `-ra` (on by default) lists the reason in every run."""
    folder = seed_spec_dir()
    if not seed_pages_present():
        source = (
            f"{ENV_VAR} is set to it" if os.environ.get(ENV_VAR) else f"the default, {ENV_VAR} is not set"
        )
        pytest.skip(
            f"the seed pages (Baidu's ernie-*.md and oauth-token.md, kept outside the repository) are not in "
            f"{folder} ({source}). Put the shared folder next to the checkout (../shared/spec) or set "
            f"{ENV_VAR} to the folder that holds them."
        )
    return folder
