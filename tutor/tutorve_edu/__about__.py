"""
Version of the Tutor plugin.

It is the version of ``ve-edu-plugin`` that the plugin installs by default, so one number tells an
operator which plugin release an image carries. A test keeps it equal to
``ve_edu_plugin.__version__``; the distribution is built from ``tutor/`` alone, so the number is
duplicated here rather than read from the parent directory at build time.
"""

__version__ = "0.1.0"
