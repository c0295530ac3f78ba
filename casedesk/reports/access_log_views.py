"""The supervisors' page of the personal-data access log (个人信息访问记录)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.views.decorators.http import require_GET

from casedesk.cases.errors import InvalidData
from casedesk.cases.models import PersonalDataAccess
from casedesk.web.paging import BoundedPaginator
from casedesk.web.permissions import supervisor_required

from . import access_log

PAGE_SIZE = 50
COUNT_CAP = 10_000  # counted up to this ("10000+"), and paged as far: the filters find older rows


@require_GET
@supervisor_required
def access_log_page(request):
    """Who saw or exported personal data, newest first, filtered by user, case, action and dates."""
    form = {name: request.GET.get(name, "") for name in access_log.FILTERS}
    try:
        rows, errors = access_log.entries(access_log.parse_filters(request.GET), request.user), {}
    except InvalidData as exc:
        rows = PersonalDataAccess.objects.none()
        errors = [(access_log.FILTER_LABELS.get(name, name), messages) for name, messages in exc.fields.items()]
    page = BoundedPaginator(rows, PAGE_SIZE, cap=COUNT_CAP).get_page(request.GET.get("page"))
    numbers = access_log.document_numbers(page.object_list)
    return render(request, "reports/access_log.html", {
        "page": page, "form": form, "errors": errors,
        "entries": [(row, access_log.action_label(row.action), access_log.detail_items(row, numbers)) for row in page],
        "users": access_log.user_choices(request.user), "actions": access_log.action_choices(),
        "query": urlencode({name: value for name, value in form.items() if value}),
    })
