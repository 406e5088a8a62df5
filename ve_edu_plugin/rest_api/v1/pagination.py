"""Pagination shared by the v1 list endpoints: ``?page=`` or ``?cursor=``, and ``?page_size=`` (at most 100)."""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class NewestFirstCursorPagination(CursorPagination):
    """
    ``?cursor=`` paging, newest first, for logs that grow without bound (attempts): each page is
    one indexed range read, with no count of the whole course and no deep ``OFFSET``.
    """

    ordering = "-id"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
