"""The case list's usual filters are answered from one index (case_list_filter_idx): its COUNT(*) reads
the index alone, never the rows, only while the index holds every column those filters read. The
overdue rule grew (an instalment missed: unpaid_due, non_performance_on, outcome) after the index was
made, and the count went back to the rows: 2.7 ms became 15 ms at 100,000 cases (bench/README.md)."""

import re

from django.http import QueryDict

from casedesk.cases import selectors
from casedesk.cases.models import Case

USUAL = "category=wage_arrears&status=submitted,accepted,mediating&channel=walk_in,hotline_12351,online&overdue="


def columns_read(params):
    sql = str(selectors.filter_cases(Case.objects.all(), QueryDict(params)).order_by().values("pk").query)
    where = sql.split(" WHERE ", 1)[1]
    return set(re.findall(r'"cases_case"\."(\w+)"', where))


def test_the_list_filter_index_holds_every_column_the_usual_filters_read():
    index = next(index for index in Case._meta.indexes if index.name == "case_list_filter_idx")
    for overdue in ("false", "true"):
        read = columns_read(USUAL + overdue)
        assert {"category", "status", "channel", "unpaid_due"} <= read  # the filters and the overdue rule are read
        assert read <= set(index.fields), sorted(read - set(index.fields))
