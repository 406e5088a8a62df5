"""
The teachers' analytics page and the ``ve_mastery_overview`` block in headless Chromium on the dev host.

``make dev``'s setup seeds 60 simulated learners and one analytics run, so the page has numbers to
show. Each view must render its charts (checked on the screenshot: the charts' colours are drawn),
show numbers, log no error in the console, and load nothing from another host.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.browser.png import share_of_colour
from ve_edu_plugin.analytics.charts import COLOURS

pytestmark = pytest.mark.browser
COURSE_ID = "course-v1:VE-EDU+MATH34+2026"
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".dev" / "screenshots"
OVERVIEW = "/workbench/scenario/ve_mastery_overview.0/"


class _Watch:
    """Console errors, page errors and every URL a page requested."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.errors: list[str] = []
        self.urls: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.urls.append(request.url))

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        # The browser asks every host for /favicon.ico on its own; the dev host has none.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.errors.append(f"{message.text} ({message.location.get('url')})")

    def assert_clean(self, host: str) -> None:
        assert self.errors == [], self.errors
        assert self.urls and all(url.startswith(host) for url in self.urls), [
            url for url in self.urls if not url.startswith(host)
        ]


def _shot(locator, name: str) -> bytes:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return locator.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _log_in(page, host: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{host}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", username)  # the demo users' password is their name
    page.click("[type=submit]")
    page.wait_for_load_state("load")


def _a_simulated_learner_with_mastery(dev_host_db: str) -> str:
    with sqlite3.connect(dev_host_db) as db:
        (username,) = db.execute(
            "SELECT u.username FROM auth_user u JOIN ve_edu_plugin_skillstate s ON s.user_id = u.id "
            "WHERE u.username LIKE 'sim-%' GROUP BY u.id ORDER BY SUM(s.mastered) DESC, u.id LIMIT 1"
        ).fetchone()
    return str(username)


def test_the_teachers_page_draws_its_charts_and_tables(page, dev_host):
    watch = _Watch(page)
    _log_in(page, dev_host, "teacher")
    page.goto(f"{dev_host}/analytics/{COURSE_ID}/")
    page.wait_for_selector(".ve-edu-analytics svg.ve-chart")
    charts = page.locator(".ve-edu-analytics svg.ve-chart")
    assert charts.count() == 2
    mastery = _shot(charts.nth(0), "analytics-mastery-chart")
    assert share_of_colour(mastery, COLOURS["mastered"]) > 0.01
    assert share_of_colour(mastery, COLOURS["in_progress"]) > 0.01
    assert share_of_colour(_shot(charts.nth(1), "analytics-histogram"), COLOURS["bar"]) > 0.01
    _shot(page.locator("body"), "analytics-page")
    # Every question row shows its learners, facility and median time as numbers.
    rows = page.locator("table.ve-items tr:not(.ve-version)").all()[1:]
    assert len(rows) >= 60
    for row in rows[:10]:
        cells = row.locator("td").all_inner_texts()
        assert int(cells[1]) > 0 and 0 <= float(cells[2]) <= 1 and int(cells[6]) > 0, cells
    fits = [row.locator("td").all_inner_texts() for row in page.locator("table.ve-fits tr").all()[1:]]
    answered = [cells for cells in fits if int(cells[5]) > 0]
    assert answered and all(cells[-1] == "yes" for cells in answered), fits  # the simulated learners learn
    watch.assert_clean(dev_host)


def test_the_overview_block_shows_a_learner_their_own_mastery(page, dev_host, dev_host_db):
    watch = _Watch(page)
    learner = _a_simulated_learner_with_mastery(dev_host_db)
    page.goto(f"{dev_host}{OVERVIEW}?student={learner}")
    view = page.locator(".ve-mastery-overview.ve-learner-view")
    view.wait_for()
    assert page.locator(".ve-class-view").count() == 0 and page.locator("table.ve-items").count() == 0
    topics = view.locator(".ve-topics li").all_inner_texts()
    counts = [re.search(r"(\d+)/\d+ mastered", text) for text in topics]
    assert topics and all(counts), topics
    assert sum(int(found.group(1)) for found in counts if found) > 0
    assert share_of_colour(_shot(view, "overview-learner"), COLOURS["mastered"]) > 0.005
    watch.assert_clean(dev_host)


def test_the_overview_block_shows_staff_the_class(page, dev_host):
    watch = _Watch(page)
    page.goto(f"{dev_host}{OVERVIEW}?student=teacher")
    view = page.locator(".ve-mastery-overview.ve-class-view")
    view.wait_for()
    assert view.locator("svg.ve-chart").count() == 2
    assert share_of_colour(_shot(view.locator("svg.ve-chart").first, "overview-class"), COLOURS["mastered"]) > 0.01
    assert int(view.locator("table.ve-items tr:not(.ve-version)").nth(1).locator("td").nth(1).inner_text()) > 0
    watch.assert_clean(dev_host)
