"""Admin for the standalone course-role table, so the dev host's roles can be managed by hand."""

from django.contrib import admin

from ve_edu_plugin.platform.models import StandaloneCourseRole


@admin.register(StandaloneCourseRole)
class StandaloneCourseRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "course_key", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "course_key")
