"""Pages of long ordered lists that cost the same at the end as at the start.

A deep ``OFFSET`` makes the database sort and skip every row before the page (the last page of 20,000
enterprises sorted by name holds all 20,000 in the sorter). A page in the back half is therefore read
from the other end, in reverse order, with a small offset, and turned round: the same rows in the same
order, because every list paged here has a total order (it ends with the primary key).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class TwoWayPaginator(Paginator):
    """A ``Paginator`` that reads a page in the back half of an ordered queryset from the end."""

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if not isinstance(rows, QuerySet) or not rows.ordered or bottom * 2 <= self.count:
            return self._get_page(rows[bottom:top], number, self)
        backwards = list(rows.reverse()[self.count - top : self.count - bottom])
        return self._get_page(backwards[::-1], number, self)


def narrow_page(rows: QuerySet, number: Any, per_page: int) -> Page:
    """One page of an ordered queryset, sorted and counted on narrow rows (the primary key and the sort
    keys) so the database never sorts whole wide rows; then only the page's rows are loaded whole, in
    the page's order."""
    page = Paginator(rows.values_list("pk", flat=True), per_page).get_page(number)
    loaded = rows.in_bulk(list(page.object_list))
    page.object_list = [loaded[pk] for pk in page.object_list]
    return page


class NarrowRows:
    """An ordered queryset as a sequence for a page of an API list: a slice is sorted on narrow rows, then
    only its rows are loaded whole, in order (``count()`` and slices, what a page needs)."""

    def __init__(self, rows: QuerySet) -> None:
        self.rows = rows

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, window: slice) -> list[Any]:
        ids = list(self.rows.values_list("pk", flat=True)[window])
        loaded = self.rows.in_bulk(ids)
        return [loaded[pk] for pk in ids]
