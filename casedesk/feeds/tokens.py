"""Issuing, revoking and resolving the secret of a user's calendar address."""

import hashlib
import secrets

from django.db import transaction

from casedesk.cases import clock

from .models import FeedToken

SECRET_BYTES = 32


def _digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(*, user):
    """A new secret for `user` (the previous address stops working); returned once, never stored."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    with transaction.atomic():
        FeedToken.objects.filter(user=user).delete()
        FeedToken.objects.create(user=user, digest=_digest(secret), created_at=clock.now())
    return secret


def revoke(*, user):
    FeedToken.objects.filter(user=user).delete()


def subscription(user):
    return FeedToken.objects.filter(user=user).first()


def user_for(secret):
    """The active user whose live address holds `secret`, else None; notes when the feed was read."""
    if not isinstance(secret, str) or not 20 <= len(secret) <= 100:
        return None
    token = FeedToken.objects.select_related("user").filter(digest=_digest(secret), user__is_active=True).first()
    if token is None:
        return None
    FeedToken.objects.filter(pk=token.pk).update(last_read_at=clock.now())
    return token.user
