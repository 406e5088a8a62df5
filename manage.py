#!/usr/bin/env python
"""Django's command-line utility for the host project (the dev host by default)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.host.settings.lms_dev")
    if os.environ["DJANGO_SETTINGS_MODULE"].endswith("_dev"):
        os.environ.setdefault("VE_EDU_HOST_MODE", "dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
