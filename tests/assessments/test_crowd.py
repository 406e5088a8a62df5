"""
Must show 5 at a fifth of full size: 60 learners save 20 answers each concurrently through the
assessments api on a thread pool, all reach the deadline together and are finalised by their
scheduled-task calls racing operator sweeps. Every answer stored and graded once, every session
finalised once, no error (so no 5xx and no deadlock). The full 300 x 20 took 234 s on the shared
2-core machine, so it stays in ``make bench``; the machinery is the benchmark's, shared, not copied.
"""

from __future__ import annotations

import pytest
from django.db import connection

from benchmarks.timed_concurrency import crowd

pytestmark = pytest.mark.django_db(transaction=True)
LEARNERS = 60  # 300 took 234 s on the shared 2-core machine; 60 keeps it near a minute


def test_three_hundred_learners_saving_twenty_answers_are_each_stored_and_finalised_once():
    if connection.vendor != "mysql":
        pytest.skip("concurrency is decided by MariaDB's row locks; sqlite serialises every writer")
    result = crowd(LEARNERS)
    assert not result.failures, [repr(exc)[:200] for exc in result.failures[:3]]
    assert result.checks == dict.fromkeys(result.checks, True), result.note
