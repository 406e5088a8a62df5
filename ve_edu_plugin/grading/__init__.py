"""
Pure graders per question type and the progressive-feedback policy.

Nothing in this package imports Django: it takes frozen dataclasses (question bodies, attempt
history, policy) and returns frozen dataclasses, so it is tested without a database and can run
anywhere (web workers, Celery re-grading, analytics). Other code imports ``grading.api`` only.
"""
