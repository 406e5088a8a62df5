"""
Settings of the host project.

``base`` is what any Django project of the platform has; ``lms``/``cms`` add the plugin the way
``lms/envs/common.py`` and ``cms/envs/common.py`` do; ``*_test`` and ``*_dev`` then apply the
TEST or DEVSTACK plugin settings, as the platform's ``test.py`` and ``devstack.py`` do.
"""
