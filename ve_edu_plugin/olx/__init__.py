"""
Reading Open edX course exports (OLX), shared by the outline reader and the question import.

Pure Python (lxml and opaque-keys, no Django): :mod:`.sources` reads an export's XML files from a
directory or a ``.tar.gz`` in memory, with size limits and a hardened parser; :mod:`.walk` finds
the course in ``course.xml`` and resolves ``url_name`` pointers the way Studio writes them.
"""
