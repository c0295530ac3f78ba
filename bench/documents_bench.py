"""The two document benchmarks of issue 7, as a standalone script.

    python bench/documents_bench.py [--runs 7] [--pages 500]

prints a JSON list [{"name", "value", "unit", "detail"[, "better"]}] on stdout:

- pdf_agreement_time_ratio_to_bare_weasyprint: median time of issuing an agreement end to
  end (lock, number, render, store, hash, audit event) ÷ median time of WeasyPrint alone
  writing the same HTML with the same options; runs interleaved so that load on the
  machine hits both alike. Budget ≤ 1.3.
- pdf_agreement_collective_time_ratio_to_bare_weasyprint: the same for the agreement of a
  12-worker case (each worker's share in it). Budget ≤ 1.3.
- archive_bundle_500_pages_peak_rss_mb: peak RSS (ru_maxrss from wait4) of a child
  process that builds the case file of a case whose stored documents add up to about
  500 pages. Budget ≤ 300 MB. The detail gives the RSS of a child that only starts up
  (Django, WeasyPrint, pypdf imported, case loaded) for comparison.
- pdf_pages_per_s_<kind> for each kind the demo cases issue (no budget yet): pages ÷ median
  seconds of issuing that document end to end.

Without DATABASE_URL it works in a throwaway SQLite database and media directory in a
temporary folder; with DATABASE_URL it uses that (throwaway) database and leaves its
demo data there.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD_FLAG = "--child"


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casedesk.settings")
    import django

    django.setup()


def prepare_environment(workdir):
    """A throwaway database and media directory unless the caller gave a database."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["CASEDESK_VAR_DIR"] = str(workdir)  # never the caller's own var/ database
    os.environ["CASEDESK_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("CASEDESK_LOG_LEVEL", "ERROR")


def migrate():
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def demo_fixture():
    """fixtures/demo_documents.py: demo cases walked through every document."""
    from casedesk.demo.management.commands.load_demo import load_fixture

    return load_fixture("demo_documents")


def users():
    return demo_fixture().demo_users()


COLLECTIVE_WORKERS = ["张晓红", "李建国", "王秀英", "赵志强", "刘海燕", "陈国庆", "杨丽华", "黄永明", "周桂兰",
                      "吴建平", "徐春梅", "孙德胜"]  # 12 workers: the collective agreement of issue 20


def agreement_ratio(runs, *, workers=None, name="pdf_agreement_time_ratio_to_bare_weasyprint", first_id=100):
    import weasyprint
    from django.conf import settings

    from casedesk.documents import pdf
    from casedesk.documents.rendering import render_document

    demo = demo_fixture()
    volunteer, mediator, supervisor = users()
    extra = {"workers": workers, "first_id": first_id} if workers else {}
    case, _ = demo.agreed_case(volunteer, mediator, supervisor, issue_documents=False, **extra)
    captured = []
    write = pdf.write_pdf

    def capturing(html):
        captured.append(html)
        return write(html)

    pdf.write_pdf = capturing
    try:
        render_document(case, "agreement", mediator)  # warm-up: fonts, templates, the capture
    finally:
        pdf.write_pdf = write
    html = captured[0]
    options = {"pdf_variant": pdf.variant() or None}

    def bare():
        weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(**options)

    bare()
    end_to_end, bare_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        render_document(case, "agreement", mediator)
        end_to_end.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare()
        bare_times.append(time.perf_counter() - start)
    e2e, plain = statistics.median(end_to_end), statistics.median(bare_times)
    who = f"{len(workers)} workers, each with a share" if workers else "one worker"
    return {
        "name": name,
        "value": round(e2e / plain, 3),
        "unit": "ratio",
        "detail": (
            f"agreement of a case of {who}; median of {runs} interleaved runs: end to end {e2e * 1000:.0f} ms "
            f"(render, store, sha256, audit event, new version each run) vs bare WeasyPrint {plain * 1000:.0f} ms "
            f"on the same HTML and options (pdf_variant={options['pdf_variant']}); budget <= 1.3; "
            f"{os.cpu_count()} cores"
        ),
    }


def pages_per_second(runs):
    """Pages per second of each document kind, end to end through render_document (median of
    `runs` renders of the same document of a demo case; each run issues a new version)."""
    from casedesk.documents.rendering import render_document

    demo = demo_fixture()
    volunteer, mediator, supervisor = users()
    sources = {}
    for make in (demo.settled_case, demo.rejected_case, demo.failed_court_case):
        args = (volunteer, supervisor) if make is demo.rejected_case else (volunteer, mediator, supervisor)
        case, issued = make(*args)
        for kind in issued:
            sources.setdefault(kind, case)
    rows = []
    for kind, case in sorted(sources.items()):
        times, pages = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            pages = render_document(case, kind, supervisor).pages
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        rows.append({
            "name": f"pdf_pages_per_s_{kind}", "value": round(pages / seconds, 2), "unit": "pages/s",
            "better": "higher",
            "detail": f"{pages} page(s) in {seconds * 1000:.0f} ms, median of {runs} renders end to end; no budget yet",
        })
    return rows


def case_with_pages(target_pages):
    """A closed case whose stored documents add up to about `target_pages` pages.

    One long session record is rendered for real; it is then issued again as new versions
    until the pages add up (each version rendered anew would only cost time: the case file
    merges stored files and never renders them).
    """
    import hashlib
    import secrets

    from casedesk.cases import audit, clock
    from casedesk.documents import storage
    from casedesk.documents.models import GeneratedDocument
    from casedesk.documents.rendering import render_document

    demo = demo_fixture()
    volunteer, mediator, supervisor = users()
    long_statements = "\n".join(  # near the 5,000 characters a session record may hold
        f"{n}. 申请人陈述：被申请人自2026年7月起未支付工资，每月6200元，加班费亦未结算，请求一并支付。"
        f"被申请人答辩：对工资数额无异议，对加班时长有异议，愿意协商分期支付。" for n in range(1, 58)
    )
    case, _ = demo.agreed_case(volunteer, mediator, supervisor, issue_documents=False, statements=long_statements)
    first = render_document(case, "session_record", mediator)
    data = storage.absolute(first.file_path).read_bytes()
    pages, version = first.pages, first.version
    with clock.frozen(demo.day(11, 12)):
        while pages < target_pages:
            version += 1
            # Every copy gets its own code and bytes (a trailing comment), like a real new version.
            code = secrets.token_urlsafe(18)
            copy = data + f"\n% version {version} {code}\n".encode()
            sha256 = hashlib.sha256(copy).hexdigest()
            path = storage.relative_path(kind=first.kind, year=first.year, serial=first.serial, version=version,
                                         sha256=sha256)
            storage.write_once(path, copy)
            GeneratedDocument.objects.create(
                case=case, kind=first.kind, year=first.year, serial=first.serial, number=first.number,
                version=version, sha256=sha256, size=len(copy), pages=first.pages, verification_code=code,
                file_path=path, pdf_variant=first.pdf_variant, created_by=mediator, created_at=clock.now(),
            )
            audit.append_event(case, action="document", actor=mediator, data={
                "kind": first.kind, "number": first.number, "version": version, "sha256": sha256})
            pages += first.pages
    # The case closes on what was paid (casedesk.payments), as the demo's settled case does.
    demo.pay(case, mediator, demo.day(11, 20, 15), amount="9300.00", instalment=1)
    demo.pay(case, mediator, demo.day(11, 24, 9), amount="9300.00", instalment=2)
    case = demo.step(case, demo.day(11, 24), "close", supervisor)
    case = demo.step(case, demo.day(11, 26), "archive", supervisor)
    return case, supervisor, pages, version


def child(args):
    """The work of one child process; prints its result as JSON on stdout."""
    if args.child == "setup":
        migrate()
        ratio = agreement_ratio(args.runs)
        collective = agreement_ratio(args.runs, workers=COLLECTIVE_WORKERS, first_id=300,
                                     name="pdf_agreement_collective_time_ratio_to_bare_weasyprint")
        kinds = pages_per_second(max(3, args.runs // 2))
        case, supervisor, pages, documents = case_with_pages(args.pages)
        print(json.dumps({"ratio": ratio, "collective": collective, "kinds": kinds, "case": case.pk, "actor": supervisor.pk, "pages": pages,
                          "documents": documents}))
        return
    from django.contrib.auth import get_user_model

    from casedesk.cases.models import Case
    from casedesk.documents.rendering import render_document

    case = Case.objects.get(pk=args.case)
    supervisor = get_user_model().objects.get(pk=args.actor)
    if args.child == "baseline":
        import pypdf  # noqa: F401
        import weasyprint  # noqa: F401

        print(json.dumps({"pages": 0}))
        return
    start = time.perf_counter()
    document = render_document(case, "case_file", supervisor)
    print(json.dumps({"pages": document.pages, "seconds": time.perf_counter() - start, "bytes": document.size}))


def run_child(mode, *extra):
    """Run this script as a child in `mode`: its JSON output and its peak RSS in MB.

    ru_maxrss comes from wait4 for that child alone. The parent never imports Django, so
    what a child inherits at fork (Linux carries the parent's high-water mark over exec)
    is a few MB, not the memory of the work done before.
    """
    process = subprocess.Popen([sys.executable, __file__, CHILD_FLAG, mode, *extra], stdout=subprocess.PIPE,
                               env=os.environ.copy())
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"the {mode} child failed")
    return json.loads(output), usage.ru_maxrss / 1024


def archive_rss(setup):
    ids = ["--case", str(setup["case"]), "--actor", str(setup["actor"])]
    _, baseline_mb = run_child("baseline", *ids)
    built, peak_mb = run_child("case_file", *ids)
    return {
        "name": "archive_bundle_500_pages_peak_rss_mb",
        "value": round(peak_mb, 1),
        "unit": "MB",
        "detail": (
            f"case file of {built['pages']} pages ({setup['documents']} stored documents, {setup['pages']} pages, "
            f"plus cover, index and timeline) built in {built['seconds']:.1f} s, {built['bytes'] / 1e6:.1f} MB "
            f"file; a child that only starts up (Django, WeasyPrint, pypdf) peaks at {baseline_mb:.0f} MB; "
            f"budget <= 300 MB"
        ),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument(CHILD_FLAG, choices=["setup", "baseline", "case_file"])
    parser.add_argument("--case", type=int)
    parser.add_argument("--actor", type=int)
    args = parser.parse_args()
    if args.child:
        setup_django()
        child(args)
        return
    workdir = Path(tempfile.mkdtemp(prefix="casedesk-documents-bench-"))
    try:
        prepare_environment(workdir)
        setup, _ = run_child("setup", "--runs", str(args.runs), "--pages", str(args.pages))
        results = [setup["ratio"], setup["collective"], archive_rss(setup), *setup["kinds"]]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
