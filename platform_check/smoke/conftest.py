"""
Fixtures of the smoke suite, which runs inside an openedx-platform checkout (see run.sh).

The platform's own conftest.py is not loaded (the suite lives outside its tree), so the parts of
it that matter here are repeated: defused XML parsers and the no-op site-cache fixture.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

# The platform patches the XML libraries before anything else imports them (cms/conftest.py).
from openedx.core.lib.safe_lxml import defuse_xml_libs  # isort:skip

defuse_xml_libs()

#: "lms" or "cms": which of the platform's projects the settings module belongs to.
PROJECT = os.environ.get("VE_EDU_PLATFORM_PROJECT", "lms")

only_in_lms = pytest.mark.skipif(PROJECT != "lms", reason="checked with the LMS settings")
only_in_cms = pytest.mark.skipif(PROJECT != "cms", reason="checked with the Studio settings")

COURSE_ID = "course-v1:VE+MATH101+2026"


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say which project's settings run and what the settings shim changed in them."""
    from platform_settings import DROPPED_APPS

    dropped = ", ".join(DROPPED_APPS) or "none"
    return [f"platform settings: {PROJECT}.envs.test; duplicate INSTALLED_APPS dropped: {dropped}"]


@pytest.fixture(autouse=True)
def _django_clear_site_cache() -> None:
    """The platform's override of pytest-django's fixture (edx-django-sites-extensions keeps its own)."""


@pytest.fixture
def course_key() -> Any:
    """The course every REST check uses; it exists only as a CourseOverview row (no modulestore)."""
    from opaque_keys.edx.keys import CourseKey

    return CourseKey.from_string(COURSE_ID)


@pytest.fixture
def course_overview(db: None, course_key: Any) -> Any:
    """A CourseOverview row made by the platform's factory, so enrollments need no modulestore read."""
    from openedx.core.djangoapps.content.course_overviews.tests.factories import CourseOverviewFactory

    return CourseOverviewFactory(id=course_key)


@pytest.fixture
def make_user(db: None) -> Callable[..., Any]:
    """Users made by the platform's own factory (with profile), as its tests make them."""
    from common.djangoapps.student.tests.factories import UserFactory

    return UserFactory


@pytest.fixture
def jwt_client() -> Iterator[Callable[[Any], Any]]:
    """A DRF client per user, authenticated by a JWT from the platform's own token helper."""
    from openedx.core.djangoapps.oauth_dispatch.jwt import create_jwt_for_user
    from rest_framework.test import APIClient

    def client_for(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"JWT {create_jwt_for_user(user)}")
        return client

    yield client_for
