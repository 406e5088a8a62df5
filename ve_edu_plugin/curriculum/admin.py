"""Admin views of the outline mirror and its sync history (read-mostly: the sync owns the outline)."""

from django.contrib import admin

from ve_edu_plugin.curriculum.models import Subtopic, SyncRun, Topic

_SYNCED = ("course_key", "usage_key", "title", "position", "hide_from_toc", "visible_to_staff_only", "archived")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("title", "course_key", "position", "archived", "exam_level", "form", "subject_code")
    list_filter = ("archived", "exam_level", "form")
    search_fields = ("title", "course_key", "usage_key")
    readonly_fields = (*_SYNCED, "archived_at", "created", "modified")


@admin.register(Subtopic)
class SubtopicAdmin(admin.ModelAdmin):
    list_display = ("title", "topic", "position", "archived", "exam_level", "form", "subject_code")
    list_filter = ("archived", "exam_level", "form")
    search_fields = ("title", "course_key", "usage_key")
    readonly_fields = (*_SYNCED, "topic", "archived_at", "created", "modified")


@admin.register(SyncRun)
class SyncRunAdmin(admin.ModelAdmin):
    list_display = ("id", "course_key", "trigger", "status", "duration_ms", "created")
    list_filter = ("status", "trigger")
    search_fields = ("course_key",)
    readonly_fields = (
        "course_key",
        "trigger",
        "status",
        "dry_run",
        "counts",
        "duration_ms",
        "error",
        "created",
        "finished",
    )
