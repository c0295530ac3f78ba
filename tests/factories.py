"""factory-boy factories for every model of the case domain."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from casedesk.cases import identifiers
from casedesk.cases.models import (
    Agreement,
    Applicant,
    Case,
    CaseEmployer,
    Claim,
    CourtReferral,
    Employer,
    MediationSession,
    MediatorRelation,
    NumberSequence,
    Person,
)
from casedesk.units import tree

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("name", locale="zh_CN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"某某制造有限公司{n}")
    uscc = factory.Sequence(lambda n: identifiers.make_uscc(f"91330100MA{n:07d}"))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="zh_CN")
    id_number = factory.Sequence(lambda n: identifiers.make_resident_id("330100", datetime.date(1985, 3, 1), n % 1000))
    id_verified = True


def _next_serial(year):
    row, _ = NumberSequence.objects.get_or_create(unit=tree.root(), scope="case", year=year)
    row.last += 1
    row.save()
    return row.last


class CaseFactory(factory.django.DjangoModelFactory):
    """A case row as intake would leave it (status set directly: for tests of readers only)."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    year = 2026
    serial = factory.LazyAttribute(lambda o: _next_serial(o.year))
    unit = factory.LazyFunction(tree.root)
    number = factory.LazyAttribute(lambda o: f"〔{o.year}〕某工调字第{o.serial:04d}号")
    channel = "walk_in"
    category = "wage_arrears"
    summary = "拖欠工资三个月"
    dispute_started_on = datetime.date(2026, 9, 1)
    employer = factory.SubFactory(EmployerFactory)
    registered_by = factory.SubFactory(UserFactory, role="volunteer")
    submitted_at = factory.LazyFunction(lambda: datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.timezone.utc))
    acceptance_due = datetime.date(2026, 11, 5)
    applicant_count = 1
    employment_forms = ",contract,"

    @factory.post_generation
    def as_registered(self, create, extracted, **kwargs):
        """The employer as the case registered it (intake always writes this row)."""
        if create:
            CaseEmployerFactory(case=self, name=self.employer.name, **kwargs)


class CaseEmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEmployer

    case = factory.SubFactory(CaseFactory)
    name = factory.LazyAttribute(lambda o: o.case.employer.name)
    address = "某某县工业园区1号"
    legal_representative = "王某某"
    legal_representative_title = "执行董事"
    contact_name = "王经理"
    contact_phone = "13800138000"


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory)
    name = factory.LazyAttribute(lambda o: o.person.name)
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    employment_form = "contract"


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    case = factory.SubFactory(CaseFactory)
    kind = "wage"
    amount = Decimal("18600.00")


class CourtReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourtReferral

    case = factory.SubFactory(CaseFactory, channel="court_delegated")
    court = "某某县人民法院"
    court_case_number = factory.Sequence(lambda n: f"（2026）某0101民诉前调{n}号")
    kind = "pre_litigation"
    referred_on = datetime.date(2026, 11, 2)
    received_on = factory.SelfAttribute("referred_on")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    case = factory.SubFactory(CaseFactory)
    terms = "被申请人于2026年12月31日前一次性支付拖欠工资。"
    amount = Decimal("18600.00")
    signed_on = datetime.date(2026, 11, 20)
    performance_due = datetime.date(2026, 12, 31)


class MediationSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediationSession

    case = factory.SubFactory(CaseFactory)
    held_at = factory.LazyFunction(lambda: datetime.datetime(2026, 11, 10, 2, 0, tzinfo=datetime.timezone.utc))
    place = "县总工会调解室"
    mediator = factory.SubFactory(UserFactory, role="mediator")
    present = "申请人、被申请人代表、调解员"


class MediatorRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediatorRelation

    mediator = factory.SubFactory(UserFactory, role="mediator")
    employer = factory.SubFactory(EmployerFactory)
    relation = "配偶在该公司任职"


class EventKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.EventKind"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"活动类型{n}")
    position = factory.Sequence(lambda n: 100 + n)


class OutreachEventFactory(factory.django.DjangoModelFactory):
    """An event row as the service would leave it (for tests of readers only)."""

    class Meta:
        model = "outreach.OutreachEvent"

    kind = factory.SubFactory(EventKindFactory)
    held_on = datetime.date(2026, 10, 20)
    place = "县工业园区管委会"
    host = "县工业园区"
    people_served = 120
    leaflets = 300
    recorded_by = factory.SubFactory(UserFactory, role="volunteer")


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A consultation row as the service would leave it (for tests of readers only)."""

    class Meta:
        model = "consultations.Consultation"

    channel = "hotline_12351"
    asked_at = factory.LazyFunction(lambda: datetime.datetime(2026, 10, 30, 2, 0, tzinfo=datetime.timezone.utc))
    topic = "wage_arrears"
    people = 1
    question = "老板拖欠两个月工资怎么办？"
    answer = "建议申请工会调解。"
    recorded_by = factory.SubFactory(UserFactory, role="volunteer")
