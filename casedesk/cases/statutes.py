"""Every statute the desk cites, in one place: each law's full name (and document number), the
articles, and what they say. A renumbering (the 2023 amendment of the Civil Procedure Law moved
the judicial-confirmation articles from 201–202 to 205–206) is one edit here; the deadlines'
bases (casedesk.cases.deadlines), the case page, the API and the documents (the `cite` and
`statute` template tags) all read it.

Texts are msgids in English with their Chinese in locale/zh_Hans; article numbers are data and
print as 第二十七条第二款 in Chinese, "Art. 27 para. 2" otherwise. DOMAIN.md marks which rules are
seen in a published copy [C] and which are widely cited [M]; the [M] periods are settings.
"""

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Law:
    name: str  # the full name, without 《》
    number: str = ""  # the document number of a regulation or judicial document, e.g. 法释〔2016〕14号


@dataclass(frozen=True)
class Article:
    number: int
    paragraph: int = 0


@dataclass(frozen=True)
class Provision:
    """Articles of one law and the rule they state (a msgid that may take the period's numbers)."""

    law: Law
    articles: tuple
    text: str


LABOUR_DISPUTE_LAW = Law(_("Labour Dispute Mediation and Arbitration Law of the People's Republic of China"))
PEOPLES_MEDIATION_LAW = Law(_("People's Mediation Law of the People's Republic of China"))
CIVIL_CODE = Law(_("Civil Code of the People's Republic of China"))
# Article numbers as amended in 2023 (in force since 1 January 2024).
CIVIL_PROCEDURE_LAW = Law(_("Civil Procedure Law of the People's Republic of China"))
ENTERPRISE_MEDIATION_PROVISIONS = Law(
    _("Provisions on Consultation and Mediation of Enterprise Labour Disputes"), _("MOHRSS Order No. 17")
)
# The court's own periods for delegated (委派) and commissioned (委托) mediation.
SPECIALLY_INVITED_MEDIATION = Law(
    _("Provisions of the Supreme People's Court on Specially Invited Mediation by the People's Courts"),
    _("Fa Shi [2016] No. 14"),
)
# Why a court refers labour disputes to the union's mediation at all (诉调对接).
COURT_UNION_PILOT = Law(
    _("Opinions of the Supreme People's Court and the All-China Federation of Trade Unions on Piloting the "
      "Diversified Resolution of Labour Disputes in Some Regions"),
    _("Fa [2020] No. 55"),
)


def _articles(*numbers, paragraph=0):
    return tuple(Article(n, paragraph) for n in numbers)


ACCEPTANCE = Provision(
    ENTERPRISE_MEDIATION_PROVISIONS, _articles(23),
    _("decide whether to accept the application within %(days)d working days"),
)
# Two rules, not one: the worker's right to go to arbitration 15 days after the union received the
# application (the law), and the mediation committee's own period from acceptance (the Order).
ARBITRATION_AFTER_FIFTEEN_DAYS = Provision(
    LABOUR_DISPUTE_LAW, _articles(14, paragraph=3),
    _("if no agreement is reached within 15 days of the mediation organisation receiving the application, "
      "a party may apply for arbitration"),
)
MEDIATION_PERIOD = Provision(
    ENTERPRISE_MEDIATION_PROVISIONS, _articles(29),
    _("mediation ends within %(days)d days of acceptance unless both parties agree to extend it; "
      "if it does not, it is deemed to have failed"),
)
COURT_MEDIATION_PERIOD = Provision(
    SPECIALLY_INVITED_MEDIATION, _articles(27),
    _("mediation delegated by a court before filing lasts 30 days, mediation commissioned after filing 15 days "
      "(7 days in summary procedure), counted from the day the mediation organisation signs for the court's "
      "materials; both parties may agree to extend it"),
)
COURT_REFERRAL = Provision(
    COURT_UNION_PILOT, (),
    _("courts may delegate or commission labour disputes to union mediation organisations"),
)
CONFIRMATION = Provision(
    PEOPLES_MEDIATION_LAW, _articles(33),
    _("both parties may jointly apply to the court for judicial confirmation within %(days)d days of the "
      "agreement taking effect"),
)
CONFIRMATION_PROCEDURE = Provision(
    CIVIL_PROCEDURE_LAW, _articles(205, 206),
    _("the court examines the application and confirms the agreement, which may then be enforced, or rejects it"),
)
AGREEMENT_BINDING = Provision(
    LABOUR_DISPUTE_LAW, _articles(14, paragraph=2),
    _("the agreement takes effect once signed or sealed by both parties, signed by the mediator and sealed by "
      "the mediation organisation, and binds both parties"),
)
NOT_PERFORMED = Provision(
    LABOUR_DISPUTE_LAW, _articles(15),
    _("if one party does not perform the agreement within the agreed time, the other may apply for arbitration"),
)
PAYMENT_ORDER = Provision(
    LABOUR_DISPUTE_LAW, _articles(16),
    _("for unpaid wages, work-injury medical costs, economic compensation or damages, the worker may also ask "
      "a court for a payment order"),
)
LIMITATION = Provision(
    LABOUR_DISPUTE_LAW, _articles(27, paragraph=1),
    _("arbitration must be applied for within one year of the day the party knew or should have known that "
      "their rights were infringed"),
)
WAGE_LIMITATION = Provision(
    LABOUR_DISPUTE_LAW, _articles(27, paragraph=4),
    _("wage arrears are not time-barred while the employment lasts; once it ends, arbitration must be applied "
      "for within one year of its end"),
)
INTERRUPTION = Provision(
    LABOUR_DISPUTE_LAW, _articles(27, paragraph=2),
    _("a request to an authority for relief interrupts the limitation period, which then runs anew"),
)
INTERRUPTION_RUNS_ANEW = Provision(
    CIVIL_CODE, _articles(195),
    _("the period runs anew from the end of the proceedings that interrupted it"),
)
SUSPENSION = Provision(
    LABOUR_DISPUTE_LAW, _articles(27, paragraph=3),
    _("force majeure or another proper reason that keeps a party from applying suspends the limitation period, "
      "which continues once the reason has gone"),
)
NO_CORRESPONDING_DAY = Provision(
    CIVIL_CODE, _articles(202),
    _("a period in years or months ends on the corresponding day; without one, on the last day of that month"),
)
LAST_DAY_A_HOLIDAY = Provision(
    CIVIL_CODE, _articles(203),
    _("a period whose last day is a statutory holiday ends on the day after the holiday"),
)
LAST_DAY_A_HOLIDAY_PROCEDURE = Provision(
    CIVIL_PROCEDURE_LAW, _articles(85),
    _("a period whose last day is a statutory holiday ends on the first day after it"),
)


def provision(name: str) -> Provision:
    """The provision called `name` here (templates cite provisions by name)."""
    found = globals().get(name)
    if not isinstance(found, Provision):
        raise LookupError(f"No provision {name!r} in casedesk.cases.statutes")
    return found


def chinese_number(n: int) -> str:
    """二十七, 二百零五: article numbers as Chinese statutes print them (1 to 9999)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            out += ("零" if zero and out else "") + digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def _chinese():
    return (get_language() or "").lower().startswith("zh")


def _article(article: Article) -> str:
    if _chinese():
        paragraph = f"第{chinese_number(article.paragraph)}款" if article.paragraph else ""
        return f"第{chinese_number(article.number)}条{paragraph}"
    return f"Art. {article.number}" + (f" para. {article.paragraph}" if article.paragraph else "")


def _articles_text(articles):
    """Each article once: 第二十七条第一款、第四款 (not 第二十七条 twice); Art. 27 para. 1, para. 4."""
    texts, previous = [], None
    for article in articles:
        if previous is not None and article.number == previous.number and article.paragraph:
            texts.append(f"第{chinese_number(article.paragraph)}款" if _chinese() else f"para. {article.paragraph}")
        else:
            texts.append(_article(article))
        previous = article
    return texts


def law_title(law: Law) -> str:
    """《full name》（number） in Chinese; the name (number) otherwise."""
    if _chinese():
        return f"《{law.name}》" + (f"（{law.number}）" if law.number else "")
    return str(law.name) + (f" ({law.number})" if law.number else "")


def _cite(*provisions) -> str:
    """Where the provisions are: the law once, then its articles, laws in the order given."""
    cited = []  # [(law, its articles)]; laws found by identity: hashing one translates its name
    for provision in provisions:
        articles = next((found for law, found in cited if law is provision.law), None)
        if articles is None:
            articles = []
            cited.append((provision.law, articles))
        articles.extend(a for a in provision.articles if a not in articles)
    joiner, space = ("、", "") if _chinese() else (", ", " ")
    parts = [law_title(law) + (space + joiner.join(_articles_text(articles)) if articles else "")
             for law, articles in cited]
    return joiner.join(parts) if _chinese() else "; ".join(parts)


cite = lazy(_cite, str)


def _state(provision, params):
    colon = "：" if _chinese() else ": "
    return f"{_cite(provision)}{colon}{str(provision.text) % params}"


def _joined(parts):
    return ("；" if _chinese() else "; ").join(str(p) for p in parts)


# Made once: lazy() builds a class on each call (it cost a deadline list of 200 rows 40 ms).
_stated = lazy(_state, str)
_basis = lazy(_joined, str)


def stated(provision, **params):
    """The provision cited with what it says, its numbers filled in, translated when shown."""
    return _stated(provision, params)


def basis(*parts):
    """Several statements (each from `stated`, or plain text) read as one basis."""
    return _basis(parts)
