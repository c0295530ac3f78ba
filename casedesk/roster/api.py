"""GET /api/cases/{id}/mediator-recommendations/: the roster's recommendation for assigning a case,
ranked, with the reasons (supervisors; a case they may not see is 404). The assignment itself stays
POST /api/cases/{id}/transitions/assign/, which takes any mediator the rule allows."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from casedesk.cases import access
from casedesk.web.permissions import SupervisorsOnly
from casedesk.web.schema_responses import NAMES_A_CASE, SIGNED_IN, refusals

from . import recommend


class UnitRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RecommendationSerializer(serializers.Serializer):
    mediator = serializers.IntegerField(source="mediator.pk", help_text="the user id to assign")
    name = serializers.CharField()
    unit = UnitRef()
    recommended = serializers.BooleanField(help_text="the roster's first choice")
    excluded = serializers.BooleanField(
        help_text="should not take the case today (conflict of interest, on leave, full load, no court cases, "
                  "off the roster); the assignment still refuses only a conflict of interest")
    open_cases = serializers.IntegerField(source="load")
    max_open_cases = serializers.IntegerField(source="profile.max_open_cases")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="why, in Chinese")


class SupervisorsRecommend(SupervisorsOnly):
    message = _("Only supervisors assign mediators.")


@extend_schema(responses={200: RecommendationSerializer(many=True), **refusals(SIGNED_IN, (403,), NAMES_A_CASE)},
               description="The mediators the case may be assigned to, the recommended first and those who should "
                           "not take it last, each with the reasons.")
@api_view(["GET"])
@permission_classes([SupervisorsRecommend])
def recommendations(request, case_id):
    case = access.case_for(request.user, case_id)
    return Response(RecommendationSerializer(recommend.recommend(case), many=True).data)
