"""JSON API of consultations: GET/POST /api/consultations/, one consultation, and its conversion
into a case (POST /api/consultations/{id}/convert/, through the one intake service)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from casedesk.api.pagination import CasePagination
from casedesk.api.serializers import CaseCreatedSerializer
from casedesk.cases import access as case_access
from casedesk.cases import selectors as case_selectors
from casedesk.web.schema_responses import CHANGES_A_CASE, JSON_BODY, NAMES_A_CASE, SIGNED_IN, refusals

from . import access, selectors, services
from .serializers import ConsultationInput, ConsultationSerializer, convert_input

FILTER_TYPES = {"asked_from": OpenApiTypes.DATE, "asked_to": OpenApiTypes.DATE, "event": OpenApiTypes.INT,
                "converted": OpenApiTypes.BOOL}


def _visible(user):
    return access.visible_consultations(user).select_related("recorded_by", "case")


def _one(request, consultation_id, status_code=200):
    consultation = get_object_or_404(_visible(request.user), pk=consultation_id)
    access.log_contact_view(request.user, consultation)
    return Response(ConsultationSerializer(consultation, context={"request": request}).data, status=status_code)


class ConsultationListCreate(ListAPIView):
    serializer_class = ConsultationSerializer
    pagination_class = CasePagination

    @extend_schema(
        parameters=[OpenApiParameter(name, FILTER_TYPES.get(name, str), description=f"filter: {name}")
                    for name in selectors.FILTERS],
        responses={200: ConsultationSerializer(many=True), **refusals(SIGNED_IN, (400, 404))},  # 404: no such page
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.filter_consultations(_visible(self.request.user), self.request.query_params)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "in_list": True}

    @extend_schema(request=ConsultationInput,
                   responses={201: ConsultationSerializer, **refusals(SIGNED_IN, JSON_BODY, (403,))})
    def post(self, request):
        consultation = services.record_consultation(actor=request.user, data=request.data)
        return _one(request, consultation.pk, status.HTTP_201_CREATED)


@extend_schema(responses={200: ConsultationSerializer, **refusals(SIGNED_IN, NAMES_A_CASE)})
@api_view(["GET"])
def consultation_detail(request, consultation_id):
    return _one(request, consultation_id)


@extend_schema(request=convert_input(),
               responses={201: CaseCreatedSerializer, **refusals(SIGNED_IN, JSON_BODY, NAMES_A_CASE, CHANGES_A_CASE)})
@api_view(["POST"])
def convert(request, consultation_id):
    """Register the case this consultation became; what the body leaves out comes from the consultation."""
    consultation = get_object_or_404(_visible(request.user), pk=consultation_id)
    data = services.with_consultation(consultation, request.data, request.user)
    registration = services.convert_to_case(consultation=consultation, actor=request.user, data=data)
    opened = case_access.open_case_for(request.user, registration.case.pk, queryset=case_selectors.case_details())
    context = {"request": request, "unmasked": opened.unmasked, "possible_duplicates": registration.possible_duplicates}
    return Response(CaseCreatedSerializer(opened.case, context=context).data, status=status.HTTP_201_CREATED)
