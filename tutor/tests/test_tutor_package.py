"""The distribution's fixed facts: its version, its entry point, real patch names, documented keys."""

from __future__ import annotations

import re
from importlib import metadata, resources
from pathlib import Path

from tutorve_edu.__about__ import __version__
from tutorve_edu.config import DEFAULTS, PREFIX

TUTOR_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = TUTOR_DIR.parent


def _patch_files() -> list[str]:
    return sorted(entry.name for entry in resources.files("tutorve_edu").joinpath("patches").iterdir())


def _tutor_template_patch_names() -> set[str]:
    """Every ``patch("name")`` that the installed Tutor's templates render."""
    names: set[str] = set()
    pending = [resources.files("tutor").joinpath("templates")]
    while pending:
        for entry in pending.pop().iterdir():
            if entry.is_dir():
                pending.append(entry)
            elif entry.is_file():
                try:
                    text = entry.read_text(encoding="utf-8")
                except UnicodeDecodeError:
                    continue
                names.update(re.findall(r"""patch\(\s*["']([\w-]+)["']""", text))
    return names


def test_version_matches_the_django_plugin() -> None:
    source = (REPO_DIR / "ve_edu_plugin" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', source, re.M)

    assert match is not None
    assert __version__ == match.group(1)


def test_tutor_finds_the_plugin_through_its_entry_point() -> None:
    entry_points = {entry.name: entry.value for entry in metadata.entry_points(group="tutor.plugin.v1")}

    assert entry_points.get("ve-edu") == "tutorve_edu.plugin"
    assert metadata.version("tutor-contrib-ve-edu") == __version__


def test_every_patch_file_names_a_patch_that_tutor_renders() -> None:
    unknown = set(_patch_files()) - _tutor_template_patch_names()

    assert _patch_files()
    assert not unknown, f"Tutor renders no patch named {sorted(unknown)}"


def test_every_key_is_prefixed() -> None:
    assert all(key.startswith(PREFIX) for key in DEFAULTS)


def test_the_readme_documents_every_key_with_its_default() -> None:
    readme = (TUTOR_DIR / "README.rst").read_text(encoding="utf-8")

    for key, (default, _meaning) in DEFAULTS.items():
        shown = str(default).lower() if isinstance(default, bool) else str(default)
        row = re.search(rf"\* - ``{key}``\n\s+- ``(?P<default>[^`]*)``", readme)
        assert row is not None, f"{key} is not in the README's configuration table"
        assert row.group("default") == shown, key
