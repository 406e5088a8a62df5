"""
The ``ve-edu`` Tutor plugin: hooks that install ve-edu-plugin and configure it from ``VE_EDU_*``.

Tutor imports this module when the operator enables the plugin (``tutor plugins enable ve-edu``);
every hook is registered at import time, as Tutor's plugin API expects. What the hooks do:

* ``CONFIG_DEFAULTS``: the ``VE_EDU_*`` keys (see :mod:`tutorve_edu.config`);
* ``ENV_PATCHES``: the files in ``patches/``: the pip install in the openedx image, the plugin's
  Django settings for the LMS and Studio, and the optional dedicated Celery worker;
* ``MOUNTED_DIRECTORIES``: ``tutor mounts add /path/to/ve-edu-plugin`` installs a checkout;
* ``IMAGES_BUILD_REQUIRED``: ``tutor local launch`` builds the openedx image, which now differs
  from the published one;
* ``CONFIG_LOADED``: rejects invalid values before anything is rendered (see
  :mod:`tutorve_edu.validation`).

Database migrations need no hook: Tutor's ``init`` jobs already run ``lms migrate`` and
``cms migrate``, which include the plugin's app once it is installed in the image.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from typing import Literal

from tutor import exceptions, fmt, hooks
from tutor.types import Config

from tutorve_edu import config, validation

hooks.Filters.CONFIG_DEFAULTS.add_items(config.default_items())

hooks.Filters.MOUNTED_DIRECTORIES.add_item(("openedx", config.MOUNT_DIRECTORY_REGEX))


def _patches() -> Iterator[tuple[str, str]]:
    """Each file in ``patches/`` as ``(patch name, template)``: the file name is the patch name."""
    for entry in sorted(resources.files("tutorve_edu").joinpath("patches").iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.startswith("."):
            yield entry.name, entry.read_text(encoding="utf-8")


hooks.Filters.ENV_PATCHES.add_items(list(_patches()))


@hooks.Filters.IMAGES_BUILD_REQUIRED.add()
def _build_openedx_on_local_launch(image_names: list[str], context_name: Literal["local", "dev"]) -> list[str]:
    """
    Have ``tutor local launch`` build the openedx image.

    The published image lacks ve-edu-plugin, and ``launch`` builds only the images named here;
    without this an operator who forgot ``tutor images build openedx`` would start a platform
    without the plugin. ``tutor dev launch`` already builds ``openedx-dev``, which is built from the
    same Dockerfile and so carries the plugin.
    """
    if context_name == "local" and "openedx" not in image_names:
        image_names.append("openedx")
    return image_names


def tutor_worker_queues() -> set[str]:
    """
    Queues consumed by Tutor's own ``lms-worker`` and ``cms-worker``.

    Read from the same filters Tutor builds their command lines from, so a plugin that changes
    those workers' queues is taken into account.
    """
    lms = hooks.Filters.LMS_WORKER_COMMAND.apply([])
    cms = hooks.Filters.CMS_WORKER_COMMAND.apply([])
    return validation.worker_command_queues(lms) | validation.worker_command_queues(cms)


@hooks.Actions.CONFIG_LOADED.add()
def _validate_config(loaded: Config) -> None:
    """
    Stop the command with every invalid ``VE_EDU_*`` value named, before any file is rendered.

    ``tutor config save`` loads the full configuration before it renders the environment, so an
    exception here leaves the previous environment in place; Tutor's CLI prints the message and
    exits with status 1.
    """
    errors = validation.config_errors(loaded)
    if errors:
        raise exceptions.TutorError(validation.format_errors(errors))
    warning = validation.unconsumed_queue_warning(loaded, tutor_worker_queues())
    if warning:
        fmt.echo_alert(warning)
