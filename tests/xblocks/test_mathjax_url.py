"""The learner views tell their script where MathJax is, for pages that have none (``VE_EDU_MATHJAX_URL``)."""

from __future__ import annotations

import pytest

from tests.learning_fixtures import HandlerClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("xml", ["<ve_question/>", "<ve_adaptive_practice/>"])
def test_every_learner_view_passes_the_configured_mathjax_url(xml, settings):
    settings.VE_EDU_MATHJAX_URL = "/static/mathjax/es5/tex-chtml.js"
    fragment = HandlerClient(xml).block.student_view({})
    assert fragment.json_init_args["mathjax_url"] == "/static/mathjax/es5/tex-chtml.js"


def test_by_default_the_blocks_load_no_mathjax_of_their_own(settings):
    del settings.VE_EDU_MATHJAX_URL
    assert HandlerClient("<ve_question/>").block.student_view({}).json_init_args["mathjax_url"] == ""
