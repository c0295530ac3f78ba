"""JSON API of outreach events: GET/POST /api/outreach-events/, one event, the kinds."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from casedesk.api.pagination import CasePagination
from casedesk.web.schema_responses import JSON_BODY, NAMES_A_CASE, SIGNED_IN, refusals

from . import access, selectors, services
from .models import EventKind
from .serializers import OutreachEventKindSerializer, OutreachEventSerializer, event_input

FILTER_TYPES = {"held_from": OpenApiTypes.DATE, "held_to": OpenApiTypes.DATE}


def _listed(user):
    return access.visible_events(user).select_related("kind", "recorded_by").prefetch_related("staff__user")


class EventListCreate(ListAPIView):
    serializer_class = OutreachEventSerializer
    pagination_class = CasePagination

    @extend_schema(
        parameters=[OpenApiParameter(name, FILTER_TYPES.get(name, str), description=f"filter: {name}")
                    for name in selectors.FILTERS],
        responses={200: OutreachEventSerializer(many=True), **refusals(SIGNED_IN, (400, 404))},  # 404: no such page
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.filter_events(_listed(self.request.user), self.request.query_params)

    @extend_schema(request=event_input(), responses={201: OutreachEventSerializer, **refusals(SIGNED_IN, JSON_BODY, (403,))})
    def post(self, request):
        event = services.record_event(actor=request.user, data=request.data)
        return Response(OutreachEventSerializer(_listed(request.user).get(pk=event.pk)).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: OutreachEventSerializer, **refusals(SIGNED_IN, NAMES_A_CASE)})
@api_view(["GET"])
def event_detail(request, event_id):
    return Response(OutreachEventSerializer(get_object_or_404(_listed(request.user), pk=event_id)).data)


@extend_schema(responses={200: OutreachEventKindSerializer(many=True), **refusals(SIGNED_IN)})
@api_view(["GET"])
def event_kinds(request):
    """The kinds of event, active ones first; only active kinds are taken for new events."""
    return Response(OutreachEventKindSerializer(EventKind.objects.order_by("-active", "position", "id"), many=True).data)
