"""The case domain's tables. Rules live in services (transitions, intake, deadlines), not here."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

from casedesk.units.models import Unit

from . import clock, roles
from .choices import (
    COURT_CHANNELS,
    OPEN_STATES,
    UNASSIGNED_STATES,
    Category,
    Channel,
    ClaimKind,
    Outcome,
    PerformanceMethod,
    ReferralKind,
    ReferringBody,
    Status,
)
from .clock_fields import UpdatedAt
from .crypto import EncryptedTextField
from .party_models import (  # noqa: F401  (the parties' tables, part of this module's models)
    NAME_MAX,
    Applicant,
    CaseEmployer,
    Employer,
    MediatorRelation,
    Person,
    RelationDeclaration,
    StaffIdentity,
)
from .pending import pending_due, pending_q


def declare(*, form, button, event, caution=False):
    """What a transition declares besides its states and who may take it (read by casedesk.cases.transitions)."""
    return {"form": form, "button": button, "event": event, "caution": caution}


MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}
SUMMARY_MAX = 5000
# The columns of a case that the figures read (casedesk.reports.stats: the groups, the breakdown by unit, the
# days to closure, the months) beside its unit and registration: the indexes by unit and by period hold them
# too, so that a year's figures are read from an index alone (tests/reports/test_figure_indexes.py).
FIGURES_COLUMNS = ["id", "status", "category", "channel", "outcome", "is_collective", "employment_forms", "accepted_on",
                   "applicant_count", "recovered_amount", "closed_at"]


class NumberSequence(models.Model):
    """The last serial given out in one numbering ("case", "document:agreement", …) of a unit in a
    year; its row lock keeps the serials gap-free (casedesk.cases.sequences)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=60)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "scope", "year"],
                                               name="number_sequence_per_unit_scope_year")]


class Case(FSMModelMixin, models.Model):
    number = models.CharField(_("case number"), max_length=40, unique=True)
    year = models.PositiveIntegerField()
    serial = models.PositiveIntegerField()  # in its numbering unit's sequence (casedesk.units.tree)
    # The unit that registered the case or received it by transfer: who sees it (casedesk.cases.access).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("unit"))
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, protected=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    summary = models.TextField(_("summary"), validators=[MaxLengthValidator(SUMMARY_MAX)])
    dispute_started_on = models.DateField(_("dispute started on"))
    employment_ended_on = models.DateField(_("employment ended on"), null=True, blank=True)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="cases")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="mediated_cases"
    )
    related_case = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later_cases",
        help_text=_("An open case of the same worker against the same employer found at intake."),
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    acceptance_due = models.DateField(_("acceptance due"))
    mediation_due = models.DateField(_("mediation due"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # The net sum of the payments recorded on the case (casedesk.payments), kept by the payment service;
    # closing a case with none recorded sets 0.
    recovered_amount = models.DecimalField(_("amount recovered"), null=True, blank=True, **MONEY)
    # The due date of the first instalment of the agreement not yet fully paid (None: performed, or no
    # agreement); set when the agreement is reached and by every payment (casedesk.cases.performance).
    unpaid_due = models.DateField(null=True, blank=True)
    # The day the mediator recorded that the employer did not perform the agreement (casedesk.payments):
    # the worker's paths are then a payment order or arbitration, and the missed instalment no longer a deadline.
    non_performance_on = models.DateField(null=True, blank=True)
    # Kept by the services so that lists and figures need no joins.
    applicant_count = models.PositiveIntegerField(default=0)
    is_collective = models.BooleanField(_("collective dispute"), default=False)
    claimed_total = models.DecimalField(default=Decimal("0.00"), **MONEY)
    # The applicants' employment forms, sorted and comma-wrapped (",contract,platform,"): figures in one scan.
    employment_forms = models.CharField(max_length=120, blank=True, default="")
    # The head of the audit chain: a deleted last event shows as a chain shorter than its head.
    audit_seq = models.PositiveIntegerField(default=0)
    audit_head = models.CharField(max_length=64, blank=True, default="")
    updated_at = UpdatedAt()

    class Meta:
        # The number (unique) holds its unit's prefix, year and serial: each unit numbers on its own.
        indexes = [
            models.Index(fields=["unit", "status", "submitted_at"], name="case_unit_list_idx"),
            # A unit's figures (every status) and the drill-down lists: each unit's cases of the period, a
            # bounded range per unit of the subtree (EXPLAIN on PostgreSQL picks it over the one above). On
            # PostgreSQL it holds what the figures read, so that they read it alone (FIGURES_COLUMNS).
            models.Index(fields=["unit", "submitted_at"], include=FIGURES_COLUMNS, name="case_unit_figures_idx"),
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["mediator", "status"]),
            # A volunteer's cases (casedesk.cases.access: the ones they registered in their unit) in the orders of
            # home's lists, their registrations and their recent changes (casedesk.cases.selectors.first_rows).
            models.Index(fields=["registered_by", "unit", "-submitted_at", "-id"], name="case_registered_idx"),
            models.Index(fields=["registered_by", "unit", "-updated_at", "-id"], name="case_registered_recent_idx"),
            # The period's cases: the list's filter by registration, and the whole desk's figures, which read
            # this index alone on PostgreSQL (FIGURES_COLUMNS).
            models.Index(fields=["submitted_at"], include=["unit", *FIGURES_COLUMNS], name="case_period_figures_idx"),
            models.Index(fields=["-updated_at"]),
            # Home's deadline list and the deadline page, read in the order of the date each case waits on
            # (casedesk.cases.pending): the first rows, not a sort of every case with a deadline.
            models.Index(pending_due(), models.F("id"), name="case_pending_due_idx"),
            # Home's lists in their order (casedesk.desk.queues): the accepted cases waiting for a mediator, and
            # a mediator's own open cases, each by its mediation deadline.
            models.Index(fields=["mediation_due", "id"], condition=Q(status=Status.ACCEPTED, mediator__isnull=True),
                         name="case_unassigned_idx"),
            # A unit's queue as its mediators see it (access.visibility), by the date each case waits on: home's
            # deadline list and the deadline page of a mediator read the first rows, not a sort of the queue.
            models.Index(models.F("unit"), pending_due(), models.F("id"),
                         condition=Q(status__in=UNASSIGNED_STATES, mediator__isnull=True), name="case_queue_due_idx"),
            models.Index(fields=["mediator", "mediation_due", "id"], condition=Q(status__in=OPEN_STATES),
                         name="case_mediator_open_idx"),
            # The cases waiting on a date (pending_q), with what the figures' list totals of them: the totals of
            # the overdue cases and the deadline page's counts read this index alone, not the million rows.
            models.Index(
                fields=["status", "acceptance_due", "mediation_due", "unpaid_due", "non_performance_on", "outcome",
                        "unit", "id", "applicant_count", "recovered_amount"],
                condition=pending_q(), name="case_waiting_idx",
            ),
            # Lets the list's COUNT(*) under the usual filters be an index-only scan (bench/): it holds every
            # column the category, status and channel filters and the overdue rule read
            # (tests/cases/test_list_index.py).
            models.Index(
                fields=["category", "status", "channel", "acceptance_due", "mediation_due", "unpaid_due",
                        "non_performance_on", "outcome"],
                name="case_list_filter_idx",
            ),
        ]
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return self.number

    @property
    def is_court_case(self):
        return self.channel in COURT_CHANNELS

    @property
    def is_referred(self):
        """Referred by another body (工会+N): the case has its Referral row (a case of the channel
        "transfer" registered before referrals were recorded has none)."""
        return hasattr(self, "referral")

    # The state graph of DESIGN.md, and each transition's one declaration: its form (in
    # casedesk.cases.transition_forms, which also applies the data), the label of its button, the
    # label of its event in the audit timeline, and whether it ends or turns something down
    # (`caution`: shown apart and confirmed). Each method only moves the state in memory:
    # casedesk.cases.transitions.perform validates, applies the data, saves and audits.

    def _may_decide(self, user):
        return roles.is_mediator(user) or roles.is_supervisor(user)

    def _may_accept(self, user):
        """Mediators and supervisors; and a volunteer of the case's unit registering an online application."""
        return self._may_decide(user) or roles.reviews_online_application(self, user)

    def _is_supervisor(self, user):
        return roles.is_supervisor(user)

    def _is_assigned_mediator(self, user):
        return roles.is_assigned_mediator(self, user)

    def _is_mediator_or_supervisor_on_case(self, user):
        return roles.is_assigned_mediator(self, user) or roles.is_supervisor(user)

    def _may_withdraw(self, user):
        return (
            roles.is_registering_volunteer(self, user)
            or roles.is_assigned_mediator(self, user)
            or roles.is_supervisor(user)
        )

    @transition(field=status, source=Status.SUBMITTED, target=Status.ACCEPTED, permission=_may_accept,
                custom=declare(form="AcceptForm", button=_("Accept"), event=pgettext_lazy("audit event", "Accepted")))
    def accept(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.REJECTED, permission=_is_supervisor,
                custom=declare(form="ReasonForm", button=_("Do not accept"), event=pgettext_lazy("audit event", "Not accepted"), caution=True))
    def reject(self):
        pass

    @transition(field=status, source=Status.ACCEPTED, target=Status.MEDIATING, permission=_is_supervisor,
                custom=declare(form="AssignForm", button=_("Assign a mediator"), event=pgettext_lazy("audit event", "Mediator assigned")))
    def assign(self):
        pass

    @transition(field=status, source=Status.MEDIATING, target=Status.MEDIATING, permission=_is_supervisor,
                custom=declare(form="ReassignForm", button=_("Reassign"), event=pgettext_lazy("audit event", "Mediator changed")))
    def reassign(self):
        pass

    @transition(field=status, source=Status.MEDIATING, target=Status.MEDIATING,
                permission=_is_mediator_or_supervisor_on_case,
                custom=declare(form="ExtendForm", button=_("Extend mediation"), event=pgettext_lazy("audit event", "Mediation extended")))
    def extend(self):
        pass

    @transition(field=status, source=Status.MEDIATING, target=Status.AGREED, permission=_is_assigned_mediator,
                custom=declare(form="ReachAgreementForm", button=_("Record the agreement"),
                               event=pgettext_lazy("audit event", "Agreement reached")))
    def reach_agreement(self):
        pass

    @transition(field=status, source=Status.MEDIATING, target=Status.FAILED, permission=_is_assigned_mediator,
                custom=declare(form="FailureForm", button=_("Mediation failed"), event=pgettext_lazy("audit event", "Mediation failed"),
                               caution=True))
    def record_failure(self):
        pass

    @transition(field=status, source=[Status.SUBMITTED, Status.ACCEPTED, Status.MEDIATING], target=Status.WITHDRAWN,
                permission=_may_withdraw,
                custom=declare(form="ReasonForm", button=_("Withdraw"), event=pgettext_lazy("audit event", "Withdrawn"), caution=True))
    def withdraw(self):
        pass

    @transition(field=status, source=Status.AGREED, target=Status.CONFIRMING, permission=_is_assigned_mediator,
                custom=declare(form="ApplyConfirmationForm", button=_("Apply for judicial confirmation"),
                               event=pgettext_lazy("audit event", "Judicial confirmation applied for")))
    def apply_confirmation(self):
        pass

    @transition(field=status, source=Status.CONFIRMING, target=Status.CONFIRMED,
                permission=_is_mediator_or_supervisor_on_case,
                custom=declare(form="CourtConfirmForm", button=_("Court confirmed"), event=pgettext_lazy("audit event", "Judicially confirmed")))
    def court_confirm(self):
        pass

    @transition(field=status, source=Status.CONFIRMING, target=Status.FAILED,
                permission=_is_mediator_or_supervisor_on_case,
                custom=declare(form="CourtRejectForm", button=_("Court rejected"),
                               event=pgettext_lazy("audit event", "Court rejected the agreement"), caution=True))
    def court_reject(self):
        pass

    @transition(field=status, source=[Status.AGREED, Status.CONFIRMED, Status.FAILED, Status.WITHDRAWN, Status.REJECTED],
                target=Status.CLOSED, permission=_is_supervisor,
                custom=declare(form="CloseForm", button=_("Close the case"), event=pgettext_lazy("audit event", "Closed")))
    def close(self):
        pass

    @transition(field=status, source=Status.CLOSED, target=Status.ARCHIVED, permission=_is_supervisor,
                custom=declare(form="ArchiveForm", button=_("Archive"), event=pgettext_lazy("audit event", "Archived")))
    def archive(self):
        pass

    @transition(field=status, source=[Status.CLOSED, Status.FAILED, Status.REJECTED], target=Status.ACCEPTED,
                permission=_is_supervisor,
                custom=declare(form="ReopenForm", button=_("Reopen"), event=pgettext_lazy("audit event", "Reopened")))
    def reopen(self):
        pass


def employment_forms_key(forms):
    """The stored form of a case's employment forms: ",contract,platform," (sorted, distinct)."""
    distinct = sorted(set(forms))
    return f",{','.join(distinct)}," if distinct else ""


class Claim(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="claims")
    kind = models.CharField(_("kind"), max_length=20, choices=ClaimKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        ordering = ["case", "id"]


class CourtReferral(models.Model):
    """A court's delegated (before filing) or commissioned (after filing) mediation: the court, its case
    number (one case of the union's per number), the day it referred the case and the day the union signed
    for its materials, from which the court's period runs (特邀调解规定 Art.27: casedesk.cases.deadlines)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="court_referral")
    court = models.CharField(_("court"), max_length=100)
    court_case_number = models.CharField(_("court case number"), max_length=60, db_index=True)
    kind = models.CharField(_("referral kind"), max_length=20, choices=ReferralKind.choices)
    referred_on = models.DateField(_("referred on"))
    received_on = models.DateField(_("materials signed for on"))
    mediation_days = models.PositiveSmallIntegerField(_("days the court allows"), default=30)


class Referral(models.Model):
    """Who referred a case to the union ("工会+N", channel "transfer"): the body, its reference number
    (文号) and the date; the union's letter on the result goes back to it (DocumentKind.REFERRAL_RESULT).
    A court's delegated or commissioned mediation is a CourtReferral instead: a case has one or neither."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="referral")
    body = models.CharField(_("referring body"), max_length=20, choices=ReferringBody.choices)
    body_name = models.CharField(_("name of the referring body"), max_length=100, blank=True)
    reference_number = models.CharField(_("reference number"), max_length=60)
    referred_on = models.DateField(_("date referred"))

    @property
    def addressee(self):
        """The body as a letter addresses it: its name, else its kind."""
        return self.body_name or self.get_body_display()


class MediationSession(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="sessions")
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=200)
    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    present = models.CharField(_("present"), max_length=500)
    statements = models.TextField(_("statements"), validators=[MaxLengthValidator(SUMMARY_MAX)], blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["case", "held_at"]


class Agreement(models.Model):
    """An agreement reached in mediation, and what a court later made of it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agreements")
    terms = models.TextField(_("terms"), validators=[MaxLengthValidator(SUMMARY_MAX)])
    amount = models.DecimalField(_("amount"), **MONEY)
    signed_on = models.DateField(_("signed on"))
    performance_due = models.DateField(_("performance due"))
    # How and where the employer pays (履行方式及地点); the payee account when one is named for it.
    performance_method = models.CharField(_("performance method"), max_length=20, choices=PerformanceMethod.choices,
                                          blank=True)
    performance_place = models.CharField(_("place of performance"), max_length=200, blank=True)
    payee_account = EncryptedTextField(_("payee account"), blank=True)
    confirmation_court = models.CharField(_("court"), max_length=100, blank=True)
    confirmation_applied_on = models.DateField(null=True, blank=True)
    ruling_number = models.CharField(_("ruling number"), max_length=60, blank=True)
    ruled_on = models.DateField(null=True, blank=True)
    court_rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["case", "-created_at", "-id"]
        get_latest_by = ["created_at", "id"]


class AgreementShare(models.Model):
    """What one worker of a multi-worker agreement receives (the table of a collective agreement)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="shares")
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["agreement", "applicant__position", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "applicant"], name="one_share_per_applicant")]


class Instalment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="instalments")
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["agreement", "due_on", "id"]


class CaseEvent(models.Model):
    """One link of a case's audit chain. Rows are never updated or deleted (database triggers)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="event_seq_unique_per_case")]
        ordering = ["case", "seq"]


class PersonalDataAccess(models.Model):
    """Who saw unmasked personal data or exported it, and when. Append-only like the audit chain."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=40)
    at = models.DateTimeField(default=clock.now, editable=False)  # the desk's clock, as the audit chain's
    detail = models.JSONField(default=dict)
    # The same view by the same user within CASEDESK_ACCESS_LOG_REPEAT_MINUTES of the last one is
    # counted on this row (casedesk.cases.access.log_personal_data_access): `views` is how many, the
    # last at `last_at`. The triggers let an update raise the count by one and nothing else.
    views = models.PositiveIntegerField(default=1, editable=False)
    last_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["at"])]


class CalendarYear(models.Model):
    """A year whose official holiday schedule is in CalendarDay (else weekends only)."""

    year = models.PositiveIntegerField(primary_key=True)
    source = models.CharField(max_length=100)


class CalendarDay(models.Model):
    """A day that breaks the weekday rule: a holiday on a weekday, or a 调休 working weekend day."""

    date = models.DateField(primary_key=True)
    is_working = models.BooleanField()
    name = models.CharField(max_length=60, blank=True)


class CalendarRevision(models.Model):
    """One loading of a year's official schedule, by the page or `manage.py load_calendar`: append-only.

    What was loaded (the holidays on weekdays and the working weekend days), from which notice,
    by whom, what it replaced, and how many open deadlines it moved (each an audited step on its case).
    """

    year = models.PositiveIntegerField()
    source = models.CharField(_("source"), max_length=100)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    holidays = models.JSONField(default=list)
    workdays = models.JSONField(default=list)
    replaced = models.JSONField(null=True, blank=True)  # the schedule it replaced: {source, holidays, workdays}
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    loaded_at = models.DateTimeField(default=clock.now)
    moved_deadlines = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        indexes = [models.Index(fields=["year", "-loaded_at"])]
