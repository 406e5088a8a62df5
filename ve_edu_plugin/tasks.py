"""
Celery tasks of the plugin: ids in, one api call, always sent to ``VE_EDU_CELERY_QUEUE``.

Autodiscovered by the platform's Celery app because this module is the app's ``tasks.py``.
"""
