"""The API's token authentication: DRF's, reading the user's desk roles with the token and the user in
one query (the groups are asked on every request, by the access rules)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from casedesk.cases import roles


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        model = self.get_model()
        token = roles.with_roles(model.objects.select_related("user"), user="user").filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        roles.remember_roles(token.user, token)
        return (token.user, token)
