"""Where the raw shared data lives, defined once for every test that reads it.

``$M4_SHARED_DATA`` when set, else ``../shared/data`` beside the checkout. The data is optional:
a test that needs it calls :func:`shared_path`, which skips the test with a reason when the file
is absent, so the suite passes in a clone with nothing beside it. CI runs the suite once more
with ``M4_SHARED_DATA`` pointing at a missing folder, so a test without the guard fails there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(os.environ.get("M4_SHARED_DATA",
                                  Path(__file__).resolve().parents[2] / "shared" / "data"))


def shared_path(*parts: str) -> Path:
    """``SHARED_DATA / parts``, or skip the calling test when it does not exist."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path} (set M4_SHARED_DATA to its folder)")
    return path
