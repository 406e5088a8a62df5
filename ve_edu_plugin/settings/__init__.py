"""Plugin settings, applied to the LMS and Studio settings modules by ``plugin_settings``."""
