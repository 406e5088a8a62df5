"""Static files and templates of the blocks, read from the installed package."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=32)
def read(relative_path: str) -> str:
    """The text of ``xblocks/<relative_path>`` (cached: the files never change at run time)."""
    return resources.files("xblocks").joinpath(relative_path).read_text(encoding="utf-8")


@lru_cache(maxsize=32)
def version(relative_path: str) -> str:
    """A short digest of ``xblocks/<relative_path>``: it changes exactly when the file does."""
    return hashlib.sha256(resources.files("xblocks").joinpath(relative_path).read_bytes()).hexdigest()[:12]
