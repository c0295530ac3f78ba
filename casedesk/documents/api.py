"""The documents' part of the JSON API: issue, list and download a case's documents; verify a code."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import APIException, ParseError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from casedesk.cases import access
from casedesk.cases.errors import NotPermitted
from casedesk.web.schema_responses import CHANGES_A_CASE, JSON_BODY, NAMES_A_CASE, SIGNED_IN, refusals

from . import selectors, storage, verification
from .kinds import WITH_PERSONAL_DATA
from .rendering import PERSONAL_DATA_ONLY, render_document
from .serializers import DocumentCreateInput, DocumentSerializer, VerificationSerializer

READ = refusals(SIGNED_IN, NAMES_A_CASE)


class StoredFileDamaged(APIException):
    status_code = 500
    default_detail = gettext_lazy("The stored file does not match its record; it was not served.")
    default_code = "document_damaged"


class JSONForErrors(BaseContentNegotiation):
    """The PDF view answers PDF bytes or a JSON error, whatever the client's Accept header says."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


@extend_schema(methods=["GET"], responses={200: DocumentSerializer(many=True), **READ})
@extend_schema(methods=["POST"], request=DocumentCreateInput, responses={
    201: DocumentSerializer, **refusals(SIGNED_IN, JSON_BODY, NAMES_A_CASE, CHANGES_A_CASE)})
@api_view(["GET", "POST"])
def case_documents(request, case_id):
    case = access.case_for(request.user, case_id)
    if request.method == "GET":
        return Response(DocumentSerializer(selectors.documents_of(case), many=True).data)
    if not isinstance(request.data, dict):
        raise ParseError(_("The body must be a JSON object."))
    body = DocumentCreateInput(data=request.data)
    body.is_valid(raise_exception=True)
    document = render_document(case, body.validated_data["kind"], request.user)
    return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


def _pdf_view(view):
    view.content_negotiation_class = JSONForErrors
    return view


@extend_schema(responses={
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="the PDF exactly as issued"),
    **refusals(SIGNED_IN, NAMES_A_CASE, (403,)),
})
@api_view(["GET"])
@_pdf_view
def document_pdf(request, document_id):
    document = selectors.visible_document(request.user, document_id)
    if document.kind in WITH_PERSONAL_DATA:
        opened = access.open_case_for(request.user, document.case_id, action="download_document",
                                      document=document.pk)
        if not opened.unmasked:
            raise NotPermitted(PERSONAL_DATA_ONLY)
    try:
        if storage.sha256_of_file(document.file_path) != document.sha256:
            raise StoredFileDamaged()
        handle = storage.open_stored(document.file_path)
    except storage.StoredFileMissing:
        raise StoredFileDamaged() from None
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=document.download_name)
    response["ETag"] = f'"{document.sha256}"'
    response["Cache-Control"] = "private, no-store"
    return response


@extend_schema(responses={200: VerificationSerializer, **refusals(NAMES_A_CASE)}, auth=[])
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def verify(request, code):
    return Response(VerificationSerializer(verification.facts(code)).data)
