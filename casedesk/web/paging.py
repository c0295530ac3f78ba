"""A paginator for lists that grow without end (the access log, the case list): it counts up to a cap, not every row.

COUNT(*) over a million rows is what such a page would spend its time on, and an offset past
thousands of rows is as slow; nobody pages that far (the filters narrow a list). So the count
stops at `cap` (`more` says there are more: the page shows "10000+"), and the pages reach that
far. The first pages cost the same whatever the list's length.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _bounded(self):
        # Any cap+1 rows count the same: unordered, the database takes the cheapest (a unit's index)
        # instead of the list's order.
        return self.object_list.order_by()[:self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self._bounded, self.cap)

    @property
    def more(self):
        """More rows than `cap`: the count reads "cap+"."""
        return self._bounded > self.cap
