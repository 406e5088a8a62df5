"""The plugin's declared requirements are met by the platform's pinned packages."""

from __future__ import annotations

from importlib import metadata

from packaging.requirements import Requirement


def test_every_declared_requirement_is_satisfied() -> None:
    unmet = []
    for line in metadata.requires("ve-edu-plugin") or []:
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            unmet.append(f"{requirement} (not installed)")
            continue
        if not requirement.specifier.contains(installed, prereleases=True):
            unmet.append(f"{requirement} (platform has {installed})")
    assert unmet == []
