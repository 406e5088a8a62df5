"""
Thin receivers for platform and openedx-events signals.

Receivers do no work themselves: they schedule a Celery task after the current transaction
commits (see ``apps.py`` for which signals are connected in the LMS and Studio).
"""
