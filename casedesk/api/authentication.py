"""The API's token authentication: DRF's, reading the user's unit with the token and the user in one
query (the unit is asked on every request, by the access rules; the roles are one plain query after it).

Reading the roles in the token's query too (three EXISTS) made one statement fewer but a slower request:
building, compiling and planning it cost more than the plain query it saved (bench/README.md)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from casedesk.units import tree


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        model = self.get_model()
        token = model.objects.select_related(tree.with_unit("user")).filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
