"""JSON API of payments: POST /api/cases/{id}/payments/ and POST /api/cases/{id}/payments/{pid}/reverse/,
thin over the payment steps; both answer 201 with the case (its `agreement` shows the performance)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import ParseError
from rest_framework.response import Response

from casedesk.api.form_schema import serializer_for
from casedesk.api.serializers import CaseDetailSerializer
from casedesk.cases import access, selectors
from casedesk.web.schema_responses import CHANGES_A_CASE, JSON_BODY, NAMES_A_CASE, SIGNED_IN, refusals

from . import services
from .forms import PaymentForm, ReturnVisitForm, ReversalForm

WRITES = refusals(SIGNED_IN, JSON_BODY, NAMES_A_CASE, CHANGES_A_CASE)


class ReversalInput(serializers.Serializer):
    reason = serializers.CharField(max_length=ReversalForm.base_fields["reason"].max_length,
                                   help_text="why the payment is reversed")


def _body(request):
    if not isinstance(request.data, dict):
        raise ParseError(_("The body must be a JSON object."))
    return request.data


def _case_created(request, case_id):
    opened = access.open_case_for(request.user, case_id, queryset=selectors.case_details())
    context = {"request": request, "unmasked": opened.unmasked}
    return Response(CaseDetailSerializer(opened.case, context=context).data, status=status.HTTP_201_CREATED)


@extend_schema(
    request=serializer_for(PaymentForm, "PaymentInput"), responses={201: CaseDetailSerializer, **WRITES},
    description="Record a payment against the case's agreement (the assigned mediator or a supervisor): an audited "
                "step. 400: an amount not above zero or with more than 2 decimals, a date in the future or before "
                "the agreement was signed, an instalment the agreement does not have, more than is outstanding "
                "without an overpayment_reason; 409: no agreement, an archived case, or a case that did not settle.",
)
@api_view(["POST"])
def record(request, case_id):
    case = access.case_for(request.user, case_id)
    services.record_payment(case, request.user, **_body(request))
    return _case_created(request, case_id)


@extend_schema(
    request=ReversalInput,
    responses={201: CaseDetailSerializer, **WRITES},
    description="Reverse a payment recorded by mistake: a counter-entry of the opposite amount, with the reason; "
                "the payment itself is never edited or deleted. 400: no such payment on the case, a counter-entry, "
                "or one reversed already.",
)
@api_view(["POST"])
def reverse(request, case_id, payment_id):
    case = access.case_for(request.user, case_id)
    body = _body(request)
    services.reverse_payment(case, request.user, **{**body, "payment": payment_id})
    return _case_created(request, case_id)


@extend_schema(
    request=serializer_for(ReturnVisitForm, "ReturnVisitInput"), responses={201: CaseDetailSerializer, **WRITES},
    description="Record a return visit to the worker (the assigned mediator or a supervisor), once the agreement "
                "is performed or its non-performance recorded (else 409): an audited step.",
)
@api_view(["POST"])
def return_visit(request, case_id):
    case = access.case_for(request.user, case_id)
    services.record_return_visit(case, request.user, **_body(request))
    return _case_created(request, case_id)
