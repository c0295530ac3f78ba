"""The JSON API of DESIGN.md: thin views that parse, call casedesk.cases and render."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import ParseError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from casedesk.cases import access, intake, roles, selectors, steps, transitions
from casedesk.cases.errors import InvalidData, NotPermitted
from casedesk.cases.models import CaseEvent
from casedesk.cases.row_ids import parse_id
from casedesk.units import transfers, tree
from casedesk.web import lockout, two_factor
from casedesk.web.json_errors import error_response
from casedesk.web.schema_responses import CHANGES_A_CASE, JSON_BODY, NAMES_A_CASE, SIGNED_IN, refusals

from . import serializers as s
from .form_schema import serializer_for, transition_input

READ = refusals(SIGNED_IN, NAMES_A_CASE)
FILTER_TYPES = {"submitted_from": OpenApiTypes.DATE, "submitted_to": OpenApiTypes.DATE, "paid_from": OpenApiTypes.DATE,
                "paid_to": OpenApiTypes.DATE}


def _body(request):
    if not isinstance(request.data, dict):
        raise ParseError(_("The body must be a JSON object."))
    return request.data


def _case_response(request, case_id, serializer_class=s.CaseDetailSerializer, status_code=200, **context):
    opened = access.open_case_for(request.user, case_id, queryset=selectors.case_details())
    context.update(request=request, unmasked=opened.unmasked)
    return Response(serializer_class(opened.case, context=context).data, status=status_code)


@extend_schema(request=s.TokenInput, responses={200: s.TokenOutput, **refusals(JSON_BODY, (401, 429))}, auth=[])
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def obtain_token(request):
    body = _body(request)
    username, password = body.get("username"), body.get("password")
    if (not isinstance(username, str) or not isinstance(password, str) or len(username) > 150 or len(password) > 128
            or "\x00" in username + password):  # PostgreSQL refuses NUL in the user name look-up
        raise InvalidData(_("Give a user name and a password."))
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):  # django-axes counts failures per (user name, address)
        return lockout.lockout_response(request)
    if user is None or not user.is_active:
        raise InvalidData(_("The user name or password is wrong."))
    refusal = _second_factor_refusal(request, user, body.get("otp"))
    if refusal is not None:
        return refusal
    user_logged_in.send(sender=user.__class__, request=request, user=user)  # clears the failure count
    token, _created = Token.objects.get_or_create(user=user)
    return Response({"token": token.key})


def _second_factor_refusal(request, user, code):
    """None when this user needs no code or gave a right one (casedesk.web.two_factor); else the JSON
    refusal: 401 with no app set up, no code or a wrong one (counted like a wrong password), 429 once
    that count locks the user name out from this address."""
    if not two_factor.code_needed(user):
        return None
    if not two_factor.has_app(user):
        return error_response("otp_not_enrolled", _(
            "Supervisors and administrators log in with a code from an authenticator app: set one up on "
            "the desk's two-factor page first."), 401)
    if code is None or code == "":
        return error_response("otp_required", _(
            "Give the code from your authenticator app (or a recovery code) in \"otp\"."), 401)
    if two_factor.check_code(request, user, code) is not None:
        return None
    if getattr(request, "axes_locked_out", False):
        return lockout.lockout_response(request)
    return error_response("otp_invalid", _("The code is wrong or has expired."), 401)


class CaseListCreate(ListAPIView):
    serializer_class = s.CaseListSerializer

    @extend_schema(
        parameters=[OpenApiParameter(name, FILTER_TYPES.get(name, str), description=f"filter: {name}")
                    for name in selectors.FILTERS],
        responses={200: s.CaseListSerializer(many=True), **refusals(SIGNED_IN, (400, 404))},  # 404: no such page
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = selectors.list_queryset(self.request.user)
        return selectors.filter_cases(queryset, self.request.query_params)

    @extend_schema(request=s.CaseCreateInput,
                   responses={201: s.CaseCreatedSerializer, **refusals(SIGNED_IN, JSON_BODY, (403, 429))})
    def post(self, request):
        registration = intake.register_case(actor=request.user, data=_body(request))
        return _case_response(
            request, registration.case.pk, s.CaseCreatedSerializer, status.HTTP_201_CREATED,
            possible_duplicates=registration.possible_duplicates,
        )


@extend_schema(responses={200: s.CaseDetailSerializer, **READ})
@api_view(["GET"])
def case_detail(request, case_id):
    return _case_response(request, case_id)


def prefers_minimal(request):
    """The client asked for the least answer (RFC 7240 `Prefer: return=minimal`)."""
    asked = request.headers.get("Prefer", "")
    return any(part.strip().lower() == "return=minimal" for part in asked.replace(";", ",").split(","))


@extend_schema(request=transition_input(),
               parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(transitions.names())),
                           OpenApiParameter("Prefer", str, OpenApiParameter.HEADER, required=False, description=(
                               "`return=minimal`: answer with the case's state, due dates and the event appended "
                               "(CaseChanged) instead of the whole case; the answer then says "
                               "`Preference-Applied: return=minimal`. For clients that take many steps at once."))],
               responses={200: PolymorphicProxySerializer(
                   component_name="CaseAfterTransition", serializers=[s.CaseDetailSerializer, s.CaseChangedSerializer],
                   resource_type_field_name=None), **refusals(SIGNED_IN, JSON_BODY, NAMES_A_CASE, CHANGES_A_CASE)})
@api_view(["POST"])
def case_transition(request, case_id, name):
    changed = transitions.perform_on(case_id, name, request.user, **_body(request))
    if prefers_minimal(request):
        return Response(s.CaseChangedSerializer(changed).data, headers={"Preference-Applied": "return=minimal"})
    return _case_response(request, case_id)


@extend_schema(responses={200: s.EventSerializer(many=True), **READ})
@api_view(["GET"])
def case_timeline(request, case_id):
    case = access.case_for(request.user, case_id)
    events = CaseEvent.objects.filter(case=case).select_related("actor").order_by("seq")
    return Response(s.EventSerializer(events, many=True).data)


@extend_schema(request=serializer_for(steps.step("correct_party").form, "CorrectionInput"),
               responses={201: s.CaseDetailSerializer, **refusals(SIGNED_IN, JSON_BODY, NAMES_A_CASE, CHANGES_A_CASE)},
               description="Correct one field of a party's data on this case: an audited step (who, when, which "
                           "field, before and after, masked, and why). The registering volunteer before acceptance, "
                           "the assigned mediator or a supervisor; never on an archived case (409).")
@api_view(["POST"])
def case_corrections(request, case_id):
    case = access.case_for(request.user, case_id)
    steps.record(case, "correct_party", request.user, **_body(request))
    return _case_response(request, case_id, status_code=status.HTTP_201_CREATED)


@extend_schema(request=serializer_for(steps.step("transfer").form, "TransferInput"),
               responses={200: s.TransferOutput, **refusals(SIGNED_IN, JSON_BODY, NAMES_A_CASE, CHANGES_A_CASE)},
               description="Transfer (转办/派单) a submitted or accepted case to another unit, with the reason: an "
                           "audited step; the case keeps its number and history. A supervisor of the case's unit or "
                           "of a unit above it (else 403); 409 in another state; 400 for the case's own unit, a unit "
                           "that does not exist or no reason. `visible` says whether the case is still yours to see.")
@api_view(["POST"])
def case_transfer(request, case_id):
    case = access.case_for(request.user, case_id)
    event = steps.record(case, "transfer", request.user, **_body(request))
    case.refresh_from_db()
    return Response(s.TransferOutput({
        "id": case.pk, "number": case.number, "status": case.status, "unit": case.unit, "seq": event.seq,
        "visible": access.can_see(request.user, case),
    }).data)


@extend_schema(parameters=[OpenApiParameter("case", int, description="a case: the units it may be transferred to")],
               responses={200: s.UnitSerializer(many=True), **refusals(SIGNED_IN, NAMES_A_CASE, (400, 403))},
               description="The units this user may choose. For a supervisor, where a transfer may go "
                           "(casedesk.units.transfers): down to their unit and the units below it, up to the units "
                           "above, across to a unit that agreed to receive transfers, and below it; with `case`, "
                           "exactly the units that case may be sent to (404 for a case the user does not see, 403 "
                           "for one they may not transfer, 400 for a `case` that is not a number). For anyone else, "
                           "their own unit and the units below it.")
@api_view(["GET"])
def unit_list(request):
    user, case_id = request.user, request.query_params.get("case")
    if case_id is not None:
        pk = parse_id(case_id)
        if pk is None:
            raise InvalidData(fields={"case": [_("Give the id of a case.")]})
        case = access.case_for(user, pk)
        if not steps.step("transfer").may(case, user):
            raise NotPermitted()
        units = transfers.destinations(tree.unit_of(user), case.unit)
    elif roles.is_supervisor(user):
        units = transfers.destinations(tree.unit_of(user))
    else:
        units = tree.subtree(tree.unit_of(user))
    return Response(s.UnitSerializer(units.order_by("path"), many=True).data)
