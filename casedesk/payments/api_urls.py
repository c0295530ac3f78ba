from django.urls import path

from . import api

urlpatterns = [
    path("cases/<int:case_id>/payments/", api.record, name="api-case-payments"),
    path("cases/<int:case_id>/payments/<int:payment_id>/reverse/", api.reverse, name="api-case-payment-reverse"),
    path("cases/<int:case_id>/return-visits/", api.return_visit, name="api-case-return-visits"),
]
