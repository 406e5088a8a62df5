"""
What the question and practice blocks share: field declarations, views, the save handler and scoring.

Both blocks are thin shells over the ``api`` modules; what differs is which API they call. The rest
(the learner fragment, the Studio editor and author view of their ``*_authoring`` module, the
documented ``error`` marker, the answer handler's request check and events, the LMS score fields)
lives here once, so a fix to one block is a fix to both.

Their fields are declared with ``xblocks.settings_form``'s ``setting`` and ``learner_state``, like
every block's: with ``help``, ``enforce_type=True`` and, for settings, the range or choices the
Studio editor and the save check both read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, ClassVar

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.scorable import ScorableXBlockMixin, Score

from ve_edu_plugin import rate_limits
from ve_edu_plugin.attempts import api as attempts_api
from xblocks import compat, fragments, settings_form
from xblocks.errors import as_json_errors, json_handler, translated_result


@dataclass(frozen=True)
class LearnerView:
    """What a graded block's learner side is made of, declared by each block in one line."""

    #: Its template ``templates/<name>.html`` and script ``static/js/<name>.js``.
    name: str
    #: The script's init function (named, not taken from the class: runtimes mix classes into new ones).
    init: str
    #: The learner messages of the documented ``error`` marker, by code.
    unavailable_messages: Mapping[str, str]
    #: The members of an answer request's JSON body.
    answer_fields: tuple[str, ...]

    @property
    def answer_request_shape(self) -> str:
        """What a malformed answer request is told to send."""
        return "Send {" + ", ".join(self.answer_fields) + "}."


@XBlock.wants("user")
@XBlock.needs("i18n")
class GradedBlock(ScorableXBlockMixin, XBlock):
    """
    The shared half of the graded blocks; a subclass names its learner view and authoring module.

    The services are declared here once: XBlock combines a class's declarations with its bases'.
    """

    #: How the block shows itself to a learner (template, script, unavailable messages, answer shape).
    learner: ClassVar[LearnerView]
    #: The module with the block's ``author_view``, ``studio_view`` and ``save_settings``.
    authoring: ModuleType

    icon_class = "problem"
    #: The CSS and JavaScript are served from here, as the runtime's local resources (``fragments``).
    public_dir = fragments.PUBLIC_DIR
    has_author_view = True

    # Declared by the subclasses (their help texts differ).
    display_name: Any
    weight: Any
    raw_earned: Any

    def ugettext(self, text: str) -> str:
        """``text`` translated by the runtime's i18n service."""
        return str(compat.gettext(self)(text))

    def unavailable(self, code: str) -> dict[str, str]:
        """The documented error marker for a block that cannot run: its code and the learner's message."""
        return {"code": code, "message": self.ugettext(self.learner.unavailable_messages[code])}

    # -- views ------------------------------------------------------------------------------

    def student_view(self, context: dict[str, Any] | None = None) -> Fragment:
        return fragments.learner_fragment(
            self,
            f"{self.learner.name}.html",
            f"{self.learner.name}.js",
            self.learner.init,
            {
                "usage_id": compat.usage_key_string(self),
                "user_key": str(self.scope_ids.user_id),
                "display_name": self.ugettext(self.display_name),
            },
        )

    def author_view(self, context: dict[str, Any] | None = None) -> Fragment:
        return self.authoring.author_view(self)

    def studio_view(self, context: dict[str, Any] | None = None) -> Fragment:
        return self.authoring.studio_view(self)

    # -- handlers ---------------------------------------------------------------------------

    @json_handler
    @as_json_errors
    def save_settings(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Studio's editor saves here: course staff only, checked before anything is read or written."""
        settings_form.require_author(self)
        values = data.get("values") if isinstance(data, dict) else None
        return self.authoring.save_settings(self, values)

    def check_answer_request(self, data: Any) -> None:
        """A 400 for a body without an answer; a 429 past the learner's answer rate (before any work)."""
        if not isinstance(data, dict) or "answer" not in data:
            raise JsonHandlerError(400, {"code": "invalid_request", "message": self.learner.answer_request_shape})
        rate_limits.check_rate(rate_limits.ANSWER, compat.current_user(self).id)

    def publish_answer(self, event: str, payload: dict[str, Any], outcome: attempts_api.SubmitOutcome) -> None:
        """The block's answer event and, when the answer mastered a subtopic, ``ve_edu.mastery.reached``."""
        if not outcome.graded or outcome.duplicate:
            return
        self.runtime.publish(self, event, payload)
        if outcome.mastery and outcome.mastery.get("transition") == "reached":
            self.runtime.publish(self, "ve_edu.mastery.reached", outcome.mastery)

    def answer_response(self, outcome: attempts_api.SubmitOutcome, score: float) -> dict[str, Any]:
        """The keys every submit response carries: the translated result, the question and the score."""
        return {
            "result": translated_result(self, outcome.result),
            "question": outcome.question,
            "score": score * self.weight,
            "max_score": self.weight,
        }

    # -- scoring (ScorableXBlockMixin); the subclasses say how a score is calculated ----------

    def max_score(self) -> float:
        return 1.0

    def get_score(self) -> Score:
        return Score(float(self.raw_earned), 1.0)

    def set_score(self, score: Score) -> None:
        self.raw_earned = float(score.raw_earned)
