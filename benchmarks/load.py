"""
``make bench-load``: the plugin's endpoints under load, as a deployment feels them (issue "Fast
at the scale of a real school system", targets 2, 6 and 7).

gunicorn (2 sync workers, as a small LMS runs) serves the host's LMS urls on loopback; a Python
load generator keeps 32 connections busy against each endpoint for a few seconds, in turn with its
bare DRF floor view (three turns each), and reports requests per second, p50 and p99 of both.
Then the burst: 60 learners each send 10 answers at the same second (0 errors; drain time
against the same burst on the bare POST view). The whole set runs with PyMySQL at ``CONN_MAX_AGE``
0 and 60, and with the ``mysqlclient`` C driver at 60 when it is installed (it has no Linux wheel:
it builds from source against the MariaDB client headers): the measured differences behind the
README's database settings.

Every floor is ``load_urls.BareView``: the same JWT authentication, JSON renderer, middleware and
worker as the plugin's endpoints, one SELECT of a page of the same table (GET) or one SELECT and one
INSERT (POST); each ratio is ours / the floor (time per request, and p99 against the floor's p99).

``python -m benchmarks.load [--quick]``.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchmarks.harness import quick, setup_django, test_database

if TYPE_CHECKING:
    from django.contrib.auth.models import User

CONNECTIONS = 32
#: Turns each endpoint and its floor take (see ``_against_floor``).
ROUNDS = 3
LEARNERS, ANSWERS = 60, 10
BANK = 10_000


@dataclass(frozen=True)
class Load:
    name: str
    rate: float
    p50: float
    p99: float
    errors: int


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    body: Callable[[int], dict[str, object]] | None
    token: Callable[[int], str]


def _request(port: int, endpoint: Endpoint, n: int) -> tuple[float, bool]:
    """One request on a fresh connection (gunicorn's sync workers close each one)."""
    headers = {"Authorization": f"JWT {endpoint.token(n)}", "Content-Type": "application/json"}
    payload = json.dumps(endpoint.body(n)).encode() if endpoint.body else None
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(endpoint.method, endpoint.path, body=payload, headers=headers)
        response = connection.getresponse()
        response.read()
        ok = response.status < 400
    except OSError:
        ok = False
    finally:
        connection.close()
    return time.perf_counter() - started, ok


def _sustained(port: int, endpoint: Endpoint, seconds: float) -> tuple[list[float], float]:
    """
    ``CONNECTIONS`` clients, each sending its next request as soon as the last one returns: each
    request's time (negative when it failed) and the wall time until the last one returned.
    """
    samples: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        n = index
        while time.perf_counter() < deadline:
            elapsed, ok = _request(port, endpoint, n)
            n += CONNECTIONS
            with lock:
                samples.append(elapsed if ok else -elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(index,)) for index in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def _load(name: str, samples: list[float], walls: list[float]) -> Load:
    """Rate, p50, p99 and errors of the samples of some turns (a failed request is negative)."""
    ordered = sorted(abs(sample) for sample in samples)
    return Load(
        name,
        len(samples) / sum(walls),
        statistics.median(ordered) * 1000,
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        sum(sample < 0 for sample in samples),
    )


def _against_floor(port: int, endpoint: Endpoint, floor: Endpoint, seconds: float) -> tuple[Load, Load]:
    """
    The endpoint and its floor in turn, ``ROUNDS`` times each for a share of ``seconds``: a shared
    machine's busy moment lands on both sides, where a floor measured once, first, would compare
    the endpoint with another moment's machine.
    """
    taken: dict[str, tuple[list[float], list[float]]] = {endpoint.name: ([], []), floor.name: ([], [])}
    for _ in range(ROUNDS):
        for side in (floor, endpoint):
            samples, wall = _sustained(port, side, seconds / ROUNDS)
            taken[side.name][0].extend(samples)
            taken[side.name][1].append(wall)
    return _load(endpoint.name, *taken[endpoint.name]), _load(floor.name, *taken[floor.name])


def _burst(port: int, endpoint: Endpoint) -> tuple[float, int]:
    """60 learners send 10 answers each, all starting at once: seconds until the last returns."""
    errors = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(LEARNERS + 1)

    def learner(index: int) -> None:
        barrier.wait()
        for answer in range(ANSWERS):
            _elapsed, ok = _request(port, endpoint, index + answer * LEARNERS)
            with lock:
                errors[0] += not ok

    threads = [threading.Thread(target=learner, args=(index,)) for index in range(LEARNERS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, errors[0]


def _seed() -> tuple[User, User, list[User], int, Callable[[User], str]]:
    """A course with a 10,000-question bank, its staff, 60 learners with a little history each."""
    from django.contrib.auth import get_user_model
    from edx_rest_framework_extensions.auth.jwt.tests.utils import generate_jwt
    from opaque_keys.edx.keys import CourseKey

    from benchmarks import list_curves
    from benchmarks.load_urls import COURSE
    from ve_edu_plugin.platform.models import StandaloneCourseRole
    from ve_edu_plugin.questions.models import Question

    key, staff, learner = list_curves._setup_course(COURSE)
    list_curves._grow_bank(key, BANK)
    list_curves._grow_history(key, learner, 1_000)
    learners = get_user_model().objects.bulk_create(
        get_user_model()(username=f"load-learner-{n}", email=f"load{n}@example.com") for n in range(LEARNERS)
    )
    StandaloneCourseRole.objects.bulk_create(
        StandaloneCourseRole(user=user, course_key=CourseKey.from_string(COURSE), role="learner") for user in learners
    )
    question = Question.objects.filter(course_key=key).order_by("id").values_list("id", flat=True)[:1][0]
    return staff, learner, learners, question, generate_jwt


def _configurations() -> list[tuple[str, int]]:
    """(driver, ``CONN_MAX_AGE``) pairs to measure: PyMySQL 0 and 60, mysqlclient 60 if installed."""
    from importlib.metadata import PackageNotFoundError, version

    wanted = [("pymysql", 0), ("pymysql", 60)]
    try:
        version("mysqlclient")
    except PackageNotFoundError:
        print("mysqlclient is not installed: only PyMySQL is measured")
    else:
        wanted.append(("mysqlclient", 60))
    return wanted


def _serve(database: str, driver: str, conn_max_age: int) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
        "VE_EDU_MYSQL_DATABASE": database,
        "VE_EDU_LOAD_CONN_MAX_AGE": str(conn_max_age),
        "VE_EDU_MYSQL_DRIVER": driver,
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--backlog",
            "2048",
            "django.core.wsgi:get_wsgi_application()",
        ],
        env=env,
    )
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def run() -> int:
    from django.db import connection

    from benchmarks.load_urls import COURSE

    seconds = 3.0 if quick() else 10.0
    with test_database():
        staff, learner, learners, question, jwt = _seed()
        database = connection.settings_dict["NAME"]
        connection.close()
        api = f"/api/ve-edu/v1/courses/{COURSE}/"
        answer: Callable[[int], dict[str, object]] = lambda n: {"question_id": question, "answer": "12"}  # noqa: E731
        bare_get = Endpoint("bare view GET (floor)", "GET", "/bare/", None, lambda n: learner_token)
        bare_post = Endpoint("bare view POST (floor)", "POST", "/bare/", answer, lambda n: tokens[n % LEARNERS])
        reads = [
            Endpoint("mastery/me", "GET", f"{api}mastery/me/", None, lambda n: learner_token),
            Endpoint("attempts (own, 1,000)", "GET", f"{api}attempts/", None, lambda n: learner_token),
            Endpoint(f"question list ({BANK:,})", "GET", f"{api}questions/", None, lambda n: staff_token),
        ]
        submit = Endpoint("submit path behind a view", "POST", "/submit/", answer, lambda n: tokens[n % LEARNERS])
        failed = 0
        for driver, conn_max_age in _configurations():
            # Fresh tokens for each configuration: a whole run outlasts a token's lifetime.
            staff_token, learner_token = jwt(staff), jwt(learner)
            tokens = [jwt(user) for user in learners]
            server, port = _serve(database, driver, conn_max_age)
            try:
                # Every endpoint warmed on both workers first: the figures are a deployment's steady
                # state (first-request imports and the bank's first count are not its tail latency).
                for endpoint in (bare_get, bare_post, *reads, submit):
                    for n in range(8):
                        _request(port, endpoint, LEARNERS * ANSWERS + n)
                results = [_against_floor(port, endpoint, bare_get, seconds) for endpoint in reads]
                results.append(_against_floor(port, submit, bare_post, seconds))
                bare_drain, bare_errors = _burst(port, bare_post)
                drain, errors = _burst(port, submit)
            finally:
                server.terminate()
                server.wait(timeout=30)
            print(
                f"\nUnder load: gunicorn 2 sync workers, {CONNECTIONS} connections, {driver},"
                f" CONN_MAX_AGE={conn_max_age}"
            )
            header = f"{'endpoint, then its floor':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
            print(f"  {header}  ours / floor")
            for load, floor in results:
                print(
                    f"  {load.name:<28} {load.rate:>8.1f} {load.p50:>8.1f} {load.p99:>8.1f} {load.errors:>6}"
                    f"  {floor.rate / load.rate:.2f}x slower, p99 {load.p99 / floor.p99:.2f}x"
                )
                print(f"    {floor.name:<26} {floor.rate:>8.1f} {floor.p50:>8.1f} {floor.p99:>8.1f} {floor.errors:>6}")
                failed += load.errors + floor.errors
            print(
                f"  burst {LEARNERS} learners x {ANSWERS} answers: drain {drain:.2f} s ({errors} errors) against"
                f" {bare_drain:.2f} s on the bare view ({bare_errors} errors): {drain / bare_drain:.2f}x"
            )
            failed += errors + bare_errors
    return 1 if failed else 0


if __name__ == "__main__":
    if "--quick" in sys.argv:
        os.environ["VE_EDU_BENCH_QUICK"] = "1"
    setup_django()
    sys.exit(run())
