"""Pagination shared by the v1 list endpoints: ``?page=`` or ``?cursor=``, and ``?page_size=`` (at most 100)."""

from functools import cached_property, partial
from typing import Any

from django.core.paginator import Paginator
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request


class StandardPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class _KnownCountPaginator(Paginator):
    """Django's paginator told the count instead of running ``COUNT(*)`` for it."""

    def __init__(self, object_list: Any, per_page: int, *, known_count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = known_count

    @cached_property
    def count(self) -> int:
        return self._known_count


class CountedPagination(StandardPagination):
    """``?page=`` paging whose total the caller already knows (a count kept per bank version)."""

    def paginate_counted(self, queryset: Any, count: int, request: Request, view: Any) -> list[Any] | None:
        self.django_paginator_class = partial(_KnownCountPaginator, known_count=count)  # type: ignore[assignment]
        return self.paginate_queryset(queryset, request, view)


class NewestFirstCursorPagination(CursorPagination):
    """
    ``?cursor=`` paging, newest first, for logs that grow without bound (attempts): each page is
    one indexed range read, with no count of the whole course and no deep ``OFFSET``.
    """

    ordering = "-id"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
