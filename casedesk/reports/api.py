"""JSON endpoints of casedesk.reports: the figures (GET /api/stats/) and a case's audit."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from casedesk.cases import access
from casedesk.web.permissions import SupervisorsOnly
from casedesk.web.schema_responses import NAMES_A_CASE, SIGNED_IN, refusals

from . import drilldown, periods, stats, timeline

COUNTS = serializers.DictField(child=serializers.IntegerField())
COURT = inline_serializer("CourtReferred", {
    "total": serializers.IntegerField(), "agreed": serializers.IntegerField(),
    "failed": serializers.IntegerField(), "pending": serializers.IntegerField(),
})



class RecordsAndPeople(serializers.Serializer):
    records = serializers.IntegerField()
    people = serializers.IntegerField()


CONSULTATIONS = inline_serializer("ConsultationFigures", {
    "records": serializers.IntegerField(), "people": serializers.IntegerField(),
    "converted": serializers.IntegerField(help_text="of which became cases"),
    "by_channel": serializers.DictField(child=RecordsAndPeople()),
    "by_topic": serializers.DictField(child=RecordsAndPeople()),
})
KIND = inline_serializer("OutreachKindFigures", {
    "name": serializers.CharField(), "events": serializers.IntegerField(),
    "people_served": serializers.IntegerField(), "leaflets": serializers.IntegerField(),
})
OUTREACH = inline_serializer("OutreachFigures", {
    "events": serializers.IntegerField(), "people_served": serializers.IntegerField(),
    "leaflets": serializers.IntegerField(),
    "by_kind": serializers.DictField(child=KIND, help_text="by the kind's id (GET /api/outreach-events/kinds/)"),
})
PEOPLE_SERVED = inline_serializer("PeopleServed", {
    "total": serializers.IntegerField(help_text="person-times: the sum of the three parts"),
    "workers_on_cases": serializers.IntegerField(), "people_in_consultations": serializers.IntegerField(),
    "people_at_events": serializers.IntegerField(),
})
UNIT = inline_serializer("StatsUnit", {"id": serializers.IntegerField(), "name": serializers.CharField()})
BREAKDOWN_LINE = inline_serializer("StatsBreakdownLine", {
    "unit": UNIT, "own": serializers.BooleanField(help_text="the unit's own cases, not those below it"),
    "cases": serializers.IntegerField(), "accepted_cases": serializers.IntegerField(),
    "closed_cases": serializers.IntegerField(), "workers_served": serializers.IntegerField(),
    "recovered_amount": serializers.DecimalField(12, 2), "court_referred": serializers.IntegerField(),
    "collective_cases": serializers.IntegerField(), "platform_cases": serializers.IntegerField(),
    "consultations": serializers.IntegerField(help_text="consultations recorded in the period"),
    "people_in_consultations": serializers.IntegerField(), "outreach_events": serializers.IntegerField(),
    "people_at_events": serializers.IntegerField(),
    "drilldown": serializers.DictField(child=serializers.CharField(), help_text=(
        "each a URL of GET /api/cases/ (/api/consultations/, /api/outreach-events/ for theirs)")),
})
STATS = inline_serializer("Stats", {
    "from": serializers.DateField(), "to": serializers.DateField(), "cases": serializers.IntegerField(),
    "by_status": COUNTS, "by_category": COUNTS, "by_channel": COUNTS, "by_employment_form": COUNTS,
    "workers_served": serializers.IntegerField(),
    "recovered_amount": serializers.DecimalField(
        12, 2, help_text="the payments recorded on the period's cases (net of reversals), whenever made"),
    "payments_in_period": serializers.DecimalField(
        12, 2, help_text="every payment made inside the period, whichever year its case is from"),
    "return_visits": inline_serializer("ReturnVisitFigures", {
        "cases_to_visit": serializers.IntegerField(help_text="the period's cases whose agreement was performed or "
                                                             "its non-performance recorded"),
        "cases_visited": serializers.IntegerField(),
        "share_visited": serializers.DecimalField(5, 1, allow_null=True, help_text="per cent"),
        "average_satisfaction": serializers.DecimalField(3, 1, allow_null=True, help_text="1 to 5"),
    }),
    "court_referred": COURT, "by_outcome": COUNTS, "collective_cases": serializers.IntegerField(),
    "platform_cases": serializers.IntegerField(), "closed_cases": serializers.IntegerField(),
    "accepted_cases": serializers.IntegerField(help_text="of the cases registered in the period, those accepted"),
    "consultations": CONSULTATIONS, "outreach": OUTREACH, "people_served": PEOPLE_SERVED,
    "drilldown": serializers.DictField(help_text="the same shape as the figures: each a URL of GET /api/cases/ "
                                                 "(/api/consultations/, /api/outreach-events/ for theirs)"),
    "unit": UNIT,
    "breakdown": serializers.ListField(child=BREAKDOWN_LINE, help_text=(
        "by child unit: a line per child unit (its whole subtree), then one for the unit's own cases "
        "(own: true); each figure adds up to the unit's")),
})


class FigureReaders(SupervisorsOnly):
    message = gettext_lazy("Only supervisors may see the union's figures.")


def figures_json(figures, links):
    return {
        "from": figures.period.first.isoformat(),
        "to": figures.period.last.isoformat(),
        "cases": figures.cases,
        "accepted_cases": figures.accepted_cases,
        "by_status": figures.by_status,
        "by_category": figures.by_category,
        "by_channel": figures.by_channel,
        "by_employment_form": figures.by_employment_form,
        "workers_served": figures.workers_served,
        "recovered_amount": str(figures.recovered_amount),
        "payments_in_period": str(figures.payments_in_period),
        "return_visits": {key: str(value) if isinstance(value, Decimal) else value
                          for key, value in figures.return_visits.items()},
        "court_referred": figures.court_referred,
        "by_outcome": figures.by_outcome,
        "collective_cases": figures.collective_cases,
        "platform_cases": figures.platform_cases,
        "closed_cases": figures.closed_cases,
        "consultations": consultations_json(figures.consultations),
        "outreach": outreach_json(figures.outreach),
        "people_served": figures.people_served,
        "drilldown": links,
    }


BREAKDOWN_FIGURES = ("cases", "accepted_cases", "closed_cases", "workers_served", "recovered_amount",
                     "collective_cases", "platform_cases")


def unit_json(unit):
    return {"id": unit.pk, "name": unit.name}


def breakdown_json(figures, bases):
    """The unit's figures by child unit, each line's figures linked to the records it counts."""
    lines = []
    for line in figures.breakdown:
        links = drilldown.all_urls(line, bases)
        values = {name: getattr(line, name) for name in BREAKDOWN_FIGURES}
        values["recovered_amount"] = str(values["recovered_amount"])
        lines.append({
            "unit": unit_json(line.unit), "own": not line.subunits, **values,
            "court_referred": line.court_referred["total"],
            "consultations": line.consultations.records, "people_in_consultations": line.consultations.people,
            "outreach_events": line.outreach.events, "people_at_events": line.outreach.people_served,
            "drilldown": {**{name: links[name] for name in BREAKDOWN_FIGURES},
                          "court_referred": links["court_referred"]["total"],
                          "consultations": links["consultations"]["records"],
                          "people_in_consultations": links["consultations"]["people"],
                          "outreach_events": links["outreach"]["events"],
                          "people_at_events": links["outreach"]["people_served"]},
        })
    return lines


def consultations_json(counted):
    return {"records": counted.records, "people": counted.people, "converted": counted.converted,
            "by_channel": counted.by_channel, "by_topic": counted.by_topic}


def outreach_json(counted):
    return {
        "events": counted.events, "people_served": counted.people_served, "leaflets": counted.leaflets,
        "by_kind": {str(k.kind): {"name": k.name, "events": k.events, "people_served": k.people_served,
                                  "leaflets": k.leaflets} for k in counted.by_kind},
    }


@extend_schema(
    parameters=[
        OpenApiParameter("from", OpenApiTypes.DATE, required=True,
                         description="first registration date, YYYY-MM-DD (Asia/Shanghai)"),
        OpenApiParameter("to", OpenApiTypes.DATE, required=True,
                         description="last registration date, YYYY-MM-DD, included"),
        OpenApiParameter("unit", OpenApiTypes.INT, description=(
            "the unit whose figures (its cases and those of every unit below it): the user's own unit "
            "(the default) or one below it; any other answers 400")),
    ],
    responses={200: STATS, **refusals(SIGNED_IN, (400, 403))},
)
@api_view(["GET"])
@permission_classes([FigureReaders])
def stats_view(request):
    """A unit's figures (its cases and those of every unit below it; by child unit in `breakdown`) for
    the cases registered, the consultations asked and the outreach events held from `from` to `to`;
    supervisors only."""
    unit = access.figures_unit(request.user, request.query_params.get("unit", ""))
    figures = stats.figures_for(periods.parse_period(request.query_params), unit, days_to_close=False)
    bases = {drilldown.CASES: reverse("api-cases"), drilldown.CONSULTATIONS: reverse("api-consultations"),
             drilldown.EVENTS: reverse("api-outreach-events")}
    return Response({**figures_json(figures, drilldown.all_urls(figures, bases)), "unit": unit_json(unit),
                     "breakdown": breakdown_json(figures, bases)})


@extend_schema(responses={200: OpenApiTypes.OBJECT, **refusals(SIGNED_IN, NAMES_A_CASE)})
@api_view(["GET"])
@timeline.collector_paused()
def case_audit(request, case_id):
    """A case's timeline against its statutory deadlines, and whether its audit chain is intact."""
    case = access.case_for(request.user, case_id)
    return Response(timeline.as_json(timeline.build(case)))
