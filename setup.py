"""Packaging of ve-edu-plugin: the Django app ``ve_edu_plugin`` and the ``xblocks`` package."""

import os
import re

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def read(*parts):
    with open(os.path.join(HERE, *parts), encoding="utf-8") as handle:
        return handle.read()


def version():
    match = re.search(r'^__version__ = "([^"]+)"', read("ve_edu_plugin", "__init__.py"), re.M)
    if not match:
        raise RuntimeError("No __version__ in ve_edu_plugin/__init__.py")
    return match.group(1)


def requirements(path):
    """The requirement lines of a ``requirements/*.in`` file, without comments or -c/-r lines."""
    lines = []
    for line in read(path).splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            lines.append(line)
    return lines


setup(
    name="ve-edu-plugin",
    version=version(),
    description="Mastery-based adaptive practice for Open edX (LMS and Studio plugin + XBlocks)",
    long_description=read("README.rst"),
    long_description_content_type="text/x-rst",
    license="AGPL-3.0",
    packages=find_packages(include=["ve_edu_plugin", "ve_edu_plugin.*", "xblocks", "xblocks.*"]),
    include_package_data=True,
    package_data={
        "ve_edu_plugin": ["templates/**/*", "static/**/*", "demo/**/*", "conf/locale/*/LC_MESSAGES/*"],
        "xblocks": ["*/static/**/*", "*/templates/**/*", "static/**/*", "templates/**/*"],
    },
    python_requires=">=3.11",
    install_requires=requirements(os.path.join("requirements", "base.in")),
    zip_safe=False,
    classifiers=[
        "Framework :: Django",
        "Framework :: Django :: 4.2",
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "License :: OSI Approved :: GNU Affero General Public License v3",
    ],
    entry_points={
        "lms.djangoapp": ["ve_edu_plugin = ve_edu_plugin.apps:VeEduPluginConfig"],
        "cms.djangoapp": ["ve_edu_plugin = ve_edu_plugin.apps:VeEduPluginConfig"],
        "xblock.v1": [
            "ve_question = xblocks.question_block:VeQuestionBlock",
            "ve_adaptive_practice = xblocks.practice_block:VeAdaptivePracticeBlock",
            "ve_mastery_overview = xblocks.overview_block:VeMasteryOverviewBlock",
            "ve_timed_assessment = xblocks.timed_block:VeTimedAssessmentBlock",
        ],
    },
)
