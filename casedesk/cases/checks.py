"""System checks of the case domain's configuration (`manage.py check`, `check --deploy`)."""

from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security)
def field_key_valid(app_configs, **kwargs):
    """CASEDESK_FIELD_KEY holds usable Fernet keys (else every read of personal data would fail)."""
    from . import crypto

    try:
        crypto.fingerprints()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="cases.E001")]
    return []


@register(Tags.security, deploy=True)
def field_key_not_development(app_configs, **kwargs):
    """A deployment encrypts personal data with its own CASEDESK_FIELD_KEY, not the development one."""
    from . import crypto

    try:
        development = crypto.uses_development_key()
    except ImproperlyConfigured:
        return []  # reported by field_key_valid
    if development:
        return [Warning(
            "Personal data is encrypted with the development key (CASEDESK_FIELD_KEY is not set).",
            hint='Set CASEDESK_FIELD_KEY to a key of your own: python -c "from cryptography.fernet import '
                 'Fernet; print(Fernet.generate_key().decode())" (README.md, "Personal data key").',
            id="cases.W001",
        )]
    return []


@register(deploy=True)
def clock_not_fixed(app_configs, **kwargs):
    """A real desk runs on the real time; CASEDESK_CLOCK is for tests and demonstrations."""
    from django.conf import settings

    from . import clock

    try:
        clock.now()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="cases.E002")]
    if clock.is_fixed():
        return [Warning(
            f"The desk's clock is held at {settings.CASEDESK_CLOCK} (CASEDESK_CLOCK is set).",
            hint="Unset CASEDESK_CLOCK: every deadline and audit time would be computed for that moment.",
            id="cases.W002",
        )]
    return []


@register()
def transitions_declared(app_configs, **kwargs):
    """Every transition of the state machine names a form that exists, and its labels."""
    from . import transitions

    try:
        transitions.declarations.cache_clear()
        transitions.declarations()
    except (AttributeError, KeyError, TypeError) as exc:
        return [Error(f"A transition of Case is not fully declared: {exc}", id="cases.E003",
                      hint="Each @transition needs custom=declare(form=..., button=..., event=...).")]
    return []


@register(Tags.security, deploy=True)
def two_factor_required(app_configs, **kwargs):
    """A real desk asks supervisors and admins for a second factor (CASEDESK_REQUIRE_2FA)."""
    from django.conf import settings

    if not settings.CASEDESK_REQUIRE_2FA:
        return [Warning(
            "Supervisors and administrators log in with a password alone (CASEDESK_REQUIRE_2FA is off).",
            hint="Set CASEDESK_REQUIRE_2FA=1 (the default with CASEDESK_HTTPS=1): they then log in with a code "
                 "from an authenticator app too (README.md, \"Two-factor login\").",
            id="cases.W003",
        )]
    return []
