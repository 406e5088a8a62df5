"""The host's Celery app, configured from Django settings as the platform's ``lms/celery.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.host.settings.lms_test")

app = Celery("ve_edu_host")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
