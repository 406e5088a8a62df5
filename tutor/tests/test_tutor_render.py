"""
The plugin through Tutor's own command line: enable, save, render, reject, disable.

Every assertion reads the files Tutor rendered under ``env/``, which are what the image build and
docker compose consume.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from tutor_cli import SETTINGS_FILES, TutorProject, ve_edu_assignments

from tutorve_edu.__about__ import __version__

DOCKERFILE = "build/openedx/Dockerfile"
COMPOSE_PROD = "local/docker-compose.prod.yml"
K8S_DEPLOYMENTS = "k8s/deployments.yml"

DEFAULT_SETTINGS = {
    "VE_EDU_CELERY_QUEUE": "edx.lms.core.default",
    "VE_EDU_MASTERY_THRESHOLD": 0.95,
    "VE_EDU_SYNC_DEBOUNCE_SECONDS": 10,
    "VE_EDU_OUTLINE_READER": "modulestore",
}


def _install_line(requirement: str) -> str:
    return f"$PIP_COMMAND install '{requirement}'"


def _python_requirements_stage(dockerfile: str) -> str:
    """The Dockerfile stage that builds /openedx/venv, where Python packages must be installed."""
    start = dockerfile.index("FROM python AS python-requirements")
    end = dockerfile.index("\nFROM ", start + 1)
    return dockerfile[start:end]


def _compose_services(project: TutorProject) -> dict[str, Any]:
    services: dict[str, Any] = yaml.safe_load(project.rendered(COMPOSE_PROD))["services"]
    return services


def _k8s_deployment_names(project: TutorProject) -> list[str]:
    documents = yaml.safe_load_all(project.rendered(K8S_DEPLOYMENTS))
    return [document["metadata"]["name"] for document in documents if document]


def test_enable_and_save_render_the_install_line_and_the_settings(fresh_project: TutorProject) -> None:
    fresh_project.ok("plugins", "enable", "ve-edu")
    fresh_project.ok("config", "save")

    config = yaml.safe_load((fresh_project.root / "config.yml").read_text(encoding="utf-8"))
    assert "ve-edu" in config["PLUGINS"]
    stage = _python_requirements_stage(fresh_project.rendered(DOCKERFILE))
    assert _install_line(f"ve-edu-plugin=={__version__}") in stage
    for settings_file in SETTINGS_FILES:
        assert ve_edu_assignments(fresh_project.rendered(settings_file)) == DEFAULT_SETTINGS, settings_file


def test_saved_values_change_the_render(project: TutorProject) -> None:
    project.ok(
        "config", "save",
        "--set", "VE_EDU_MASTERY_THRESHOLD=0.9",
        "--set", "VE_EDU_SYNC_DEBOUNCE_SECONDS=30",
        "--set", "VE_EDU_OUTLINE_READER=olx",
        "--set", "VE_EDU_CELERY_QUEUE=edx.lms.core.high",
    )

    expected = {
        "VE_EDU_CELERY_QUEUE": "edx.lms.core.high",
        "VE_EDU_MASTERY_THRESHOLD": 0.9,
        "VE_EDU_SYNC_DEBOUNCE_SECONDS": 30,
        "VE_EDU_OUTLINE_READER": "olx",
    }
    for settings_file in SETTINGS_FILES:
        assert ve_edu_assignments(project.rendered(settings_file)) == expected, settings_file


@pytest.mark.parametrize(
    ("setting", "requirement"),
    [
        ("VE_EDU_VERSION=0.2.0", "ve-edu-plugin==0.2.0"),
        (
            "VE_EDU_PIP_REQUIREMENT=git+https://github.com/example/ve-edu-plugin.git@v0.1.0",
            "git+https://github.com/example/ve-edu-plugin.git@v0.1.0",
        ),
    ],
)
def test_the_requirement_follows_the_configuration(project: TutorProject, setting: str, requirement: str) -> None:
    project.ok("config", "save", "--set", setting)

    dockerfile = project.rendered(DOCKERFILE)
    assert _install_line(requirement) in _python_requirements_stage(dockerfile)
    assert _install_line(f"ve-edu-plugin=={__version__}") not in dockerfile


def test_an_empty_requirement_installs_nothing(project: TutorProject) -> None:
    project.ok("config", "save", "--set", "VE_EDU_PIP_REQUIREMENT=")

    assert "ve-edu-plugin" not in project.rendered(DOCKERFILE)


def test_a_mounted_checkout_is_installed_from_the_mount(project: TutorProject, tmp_path: Path) -> None:
    checkout = tmp_path / "src" / "ve-edu-plugin"
    checkout.mkdir(parents=True)

    project.ok("mounts", "add", str(checkout))

    dockerfile = project.rendered(DOCKERFILE)
    assert "FROM scratch AS mnt-ve-edu-plugin" in dockerfile
    assert '$PIP_COMMAND install -e "/mnt/ve-edu-plugin"' in dockerfile
    lms_volumes = yaml.safe_load(project.rendered("local/docker-compose.yml"))["services"]["lms"]["volumes"]
    assert f"{checkout}:/mnt/ve-edu-plugin:z" in lms_volumes


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("VE_EDU_MASTERY_THRESHOLD", "1.5"),
        ("VE_EDU_SYNC_DEBOUNCE_SECONDS", "-1"),
        ("VE_EDU_OUTLINE_READER", "learning_sequences"),
        ("VE_EDU_PIP_REQUIREMENT", "/srv/ve-edu-plugin"),
    ],
)
def test_an_invalid_value_is_reported_and_nothing_is_rendered(
    project: TutorProject, setting: str, value: str
) -> None:
    result = project.run("config", "save", "--set", f"{setting}={value}")

    assert result.returncode != 0
    assert "Error: Invalid configuration for the ve-edu plugin" in result.stderr
    assert setting in result.stderr
    assert value in result.stderr
    # The previous environment is left as it was.
    assert ve_edu_assignments(project.rendered(SETTINGS_FILES[0])) == DEFAULT_SETTINGS
    assert _install_line(f"ve-edu-plugin=={__version__}") in project.rendered(DOCKERFILE)


def test_every_invalid_value_is_reported_at_once_and_unset_recovers(project: TutorProject) -> None:
    result = project.run(
        "config", "save",
        "--set", "VE_EDU_MASTERY_THRESHOLD=0",
        "--set", "VE_EDU_ENABLE_WORKER=sometimes",
    )
    assert result.returncode != 0
    assert "VE_EDU_MASTERY_THRESHOLD" in result.stderr
    assert "VE_EDU_ENABLE_WORKER" in result.stderr

    project.ok("config", "save", "--unset", "VE_EDU_MASTERY_THRESHOLD", "--unset", "VE_EDU_ENABLE_WORKER")
    assert ve_edu_assignments(project.rendered(SETTINGS_FILES[0])) == DEFAULT_SETTINGS


def test_the_worker_is_off_by_default(project: TutorProject) -> None:
    assert "lms-worker" in _compose_services(project)
    assert "ve-edu-worker" not in _compose_services(project)
    assert "ve-edu-worker" not in _k8s_deployment_names(project)


def test_the_worker_runs_the_plugin_queue_when_enabled(project: TutorProject) -> None:
    result = project.ok(
        "config", "save", "--set", "VE_EDU_ENABLE_WORKER=true", "--set", "VE_EDU_CELERY_QUEUE=ve_edu"
    )

    services = _compose_services(project)
    worker = services["ve-edu-worker"]
    assert worker["image"] == services["lms-worker"]["image"]
    assert worker["environment"] == {"SERVICE_VARIANT": "lms", "DJANGO_SETTINGS_MODULE": "lms.envs.tutor.production"}
    assert worker["command"][:3] == ["celery", "--app=lms.celery", "worker"]
    assert "--queues=ve_edu" in worker["command"]
    assert "../apps/openedx/settings/lms:/openedx/edx-platform/lms/envs/tutor:roz" in worker["volumes"]
    assert "ve-edu-worker" in _k8s_deployment_names(project)
    assert "no Tutor worker consumes" not in result.stderr


def test_a_queue_no_worker_consumes_is_warned_about(project: TutorProject) -> None:
    result = project.ok("config", "save", "--set", "VE_EDU_CELERY_QUEUE=ve_edu")

    assert "VE_EDU_CELERY_QUEUE is 've_edu', which no Tutor worker consumes" in result.stderr
    assert ve_edu_assignments(project.rendered(SETTINGS_FILES[0]))["VE_EDU_CELERY_QUEUE"] == "ve_edu"


def test_disabling_the_plugin_removes_what_it_rendered(project: TutorProject) -> None:
    project.ok("config", "save", "--set", "VE_EDU_ENABLE_WORKER=true")

    project.ok("plugins", "disable", "ve-edu")

    assert "ve-edu-plugin" not in project.rendered(DOCKERFILE)
    for settings_file in SETTINGS_FILES:
        assert ve_edu_assignments(project.rendered(settings_file)) == {}, settings_file
    assert "ve-edu-worker" not in _compose_services(project)


def test_local_launch_builds_the_openedx_image(fresh_project: TutorProject) -> None:
    result = fresh_project.python(
        "from tutor import hooks, plugins\n"
        "hooks.Actions.CORE_READY.do()\n"
        "plugins.load('ve-edu')\n"
        "print(hooks.Filters.IMAGES_BUILD_REQUIRED.apply([], 'local'))\n"
        "print(hooks.Filters.IMAGES_BUILD_REQUIRED.apply([], 'dev'))\n"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["['openedx']", "[]"]


def test_an_invalid_value_does_not_stop_the_operator_from_disabling_the_plugin(project: TutorProject) -> None:
    assert project.run("config", "save", "--set", "VE_EDU_MASTERY_THRESHOLD=7").returncode != 0

    project.ok("plugins", "disable", "ve-edu")

    assert "VE_EDU_" not in project.rendered(SETTINGS_FILES[0])


def test_the_lms_adds_the_analytics_tab_filter_to_any_existing_pipeline(project: TutorProject) -> None:
    filter_type = "org.openedx.learning.instructor.dashboard.render.started.v1"
    step = "ve_edu_plugin.analytics.filters.AddMasteryAnalyticsTab"
    for settings_file in SETTINGS_FILES:
        rendered = project.rendered(settings_file)
        if "/cms/" in settings_file:
            assert step not in rendered, settings_file
            continue
        start = rendered.index("# ve-edu-plugin: the \"Mastery & item analysis\" tab")
        end = rendered.index("\n", rendered.index(f'OPEN_EDX_FILTERS_CONFIG["{filter_type}"] ='))
        block = rendered[start:end]
        namespace: dict[str, Any] = {
            "OPEN_EDX_FILTERS_CONFIG": {filter_type: {"fail_silently": False, "pipeline": ["other.Step"]}}
        }
        exec(compile(block, settings_file, "exec"), namespace)  # noqa: S102 -- the rendered settings, as Django runs them
        exec(compile(block, settings_file, "exec"), namespace)  # noqa: S102 -- rendering twice adds the step once
        kept = {"fail_silently": False, "pipeline": ["other.Step", step]}
        assert namespace["OPEN_EDX_FILTERS_CONFIG"][filter_type] == kept
        fresh: dict[str, Any] = {}
        exec(compile(block, settings_file, "exec"), fresh)  # noqa: S102
        assert fresh["OPEN_EDX_FILTERS_CONFIG"][filter_type] == {"fail_silently": True, "pipeline": [step]}


def test_chichewa_is_offered_once_and_can_be_switched_off(project: TutorProject) -> None:
    for settings_file in SETTINGS_FILES:
        rendered = project.rendered(settings_file)
        start = rendered.index("# ve-edu-plugin: Chichewa in the language menu")
        block = rendered[start : rendered.index(")]", start) + 2]
        namespace: dict[str, Any] = {"LANGUAGES": (("en", "English"), ("fr", "Français"))}
        exec(compile(block, settings_file, "exec"), namespace)  # noqa: S102 -- the rendered settings, as Django runs them
        exec(compile(block, settings_file, "exec"), namespace)  # noqa: S102 -- rendering twice adds it once
        assert namespace["LANGUAGES"] == [("en", "English"), ("fr", "Français"), ("ny", "Chichewa")]
    project.ok("config", "save", "--set", "VE_EDU_OFFER_CHICHEWA=false")
    assert "Chichewa" not in project.rendered(SETTINGS_FILES[0])
