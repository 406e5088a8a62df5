"""
The only place that imports openedx-platform.

Roles, enrollments and (for the outline sync) the modulestore are reached through
:mod:`ve_edu_plugin.platform.api`, which delegates to a backend chosen by
``VE_EDU_PLATFORM_BACKEND``: ``platform`` imports openedx-platform lazily, ``standalone`` serves
the dev host and the tests from the plugin's own course-role table.
"""
