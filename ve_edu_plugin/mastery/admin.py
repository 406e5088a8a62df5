"""Admin for the course mastery policies and subtopic parameters (set by course staff or operators)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext

from ve_edu_plugin.errors import InvalidValuesError, VeEduError
from ve_edu_plugin.mastery.models import CourseMasteryPolicy, MasteryTransition, SkillParameters, SkillState
from ve_edu_plugin.mastery.policies import parse_policy


def _policy_help() -> str:
    """The policy field's help, in the staff member's language when the form is shown."""
    return gettext("For example %(threshold)s, %(in_a_row)s or %(of_last)s.") % {
        "threshold": '{"kind": "bkt_threshold", "threshold": 0.95}',
        "in_a_row": '{"kind": "correct_in_a_row", "count": 3}',
        "of_last": '{"kind": "correct_of_last", "correct": 4, "last": 5}',
    }


class CourseMasteryPolicyForm(forms.ModelForm):
    class Meta:
        model = CourseMasteryPolicy
        fields = ["course_key", "policy"]
        help_texts = {
            "policy": lazy(_policy_help, str)(),
        }

    def clean_policy(self) -> dict[str, Any]:
        """Refuse a policy the learner loop could not read, naming the bad field."""
        try:
            return parse_policy(self.cleaned_data["policy"]).to_dict()
        except (VeEduError, InvalidValuesError) as exc:
            problems = [f"{name}: {' '.join(messages)}" for name, messages in sorted((exc.field_errors or {}).items())]
            raise forms.ValidationError([exc.detail, *problems]) from exc


@admin.register(CourseMasteryPolicy)
class CourseMasteryPolicyAdmin(admin.ModelAdmin):
    form = CourseMasteryPolicyForm
    list_display = ("course_key", "policy", "updated")
    search_fields = ("course_key",)


@admin.register(SkillParameters)
class SkillParametersAdmin(admin.ModelAdmin):
    list_display = ("subtopic", "prior", "learn", "guess", "slip", "forget", "source", "updated")
    search_fields = ("subtopic__title", "subtopic__course_key")


@admin.register(SkillState)
class SkillStateAdmin(admin.ModelAdmin):
    list_display = ("user", "subtopic", "p_mastery", "attempts", "mastered", "updated")
    list_filter = ("mastered",)
    search_fields = ("user__username", "course_key")
    readonly_fields = [field.name for field in SkillState._meta.fields]


@admin.register(MasteryTransition)
class MasteryTransitionAdmin(admin.ModelAdmin):
    list_display = ("user", "subtopic", "kind", "p_mastery", "created")
    list_filter = ("kind",)
    readonly_fields = [field.name for field in MasteryTransition._meta.fields]
