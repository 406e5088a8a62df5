"""
``ve_edu_dev_token <username>``: print a JWT for a dev-host user, signed with the host's test key,
so the REST API can be called with curl as the platform's frontends call it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from edx_rest_framework_extensions.auth.jwt.tests.utils import generate_jwt


class Command(BaseCommand):
    help = "Print a JWT for a dev-host user (dev host only: the signing key is public)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = get_user_model().objects.get(username=options["username"])
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user {options['username']!r}; `make dev` creates admin, teacher, learner.") from exc
        self.stdout.write(generate_jwt(user))
