"""`make bench`: department-scale data in its own database, then the server time of each main page.

One run, one process, Django's test client (no network): for each page, the median and 95th percentile of the
time the app takes to answer, its query count and its ratio to a baseline page (password change: a minimal
logged-in page of the same app, same middleware; one baseline request before each of the page's); the pages that
keep figures in the cache, again as the first visit after a write finds them; the advised schedule's parts alone (its
slots, how often to return, the map of places, the relays to see again); then each PDF's generation time and
the peak memory of the XLSX exports (each in a subprocess of its own). Prints a table and writes
bench/results.json. Pages whose URL name does not resolve are reported as "missing". No assertion here: the
targets are printed beside the figures.

    python bench/run.py [--samples 15] [--scale 100] [--no-seed]
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from database import BASE_DIR, use_bench_database  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results.json"
PAGE_TARGET = 4.0  # × baseline
ANALYTICS_TARGET = 6.0
QUERY_TARGET = 25
COORDINATOR = "claire.morel@mlnordisere.fr"
PROFESSIONAL = "karim.benali@mlnordisere.fr"
FUNDER = "financeur@isere.gouv.fr"


def setup_django():
    use_bench_database()
    # Seeding a department runs long statements: the limit of the worker and commands, not a page's.
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", os.environ.get("WORKER_STATEMENT_TIMEOUT", "600"))
    import logging

    import django

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as in production: no debug data gathered by templates


def seed(scale):
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", scale=scale)  # each app adds only what it lacks: quick once seeded
    return time.perf_counter() - started


def dataset_size():
    from django.apps import apps

    sizes = {}
    for label in [
        "youths.Youth",
        "accompaniment.FollowUp",
        "accompaniment.Pathway",
        "outreach.OutreachSession",
        "outreach.NamedContact",
    ]:
        try:
            sizes[label] = apps.get_model(label).objects.count()
        except LookupError:
            sizes[label] = None
    return sizes


def client_for(email):
    from django.test import Client

    from partners.models import User

    user = User.objects.get(email=email)
    client = Client(raise_request_exception=False)
    client.force_login(user)  # outside a web request: no second factor owed (see reflex/audit/second_factor.py)
    return client, user


def pick_youth(user):
    """The busiest young person the coordinator can see: the most follow-ups (a heavy record page)."""
    from django.db.models import Count

    from youths.models import Youth

    youths = Youth.objects.visible_to(user) if hasattr(Youth.objects, "visible_to") else Youth.objects.all()
    try:
        return youths.annotate(n=Count("follow_ups")).order_by("-n", "pk").values_list("pk", flat=True).first()
    except Exception:  # the relation may not exist yet, or carry another name
        return youths.order_by("pk").values_list("pk", flat=True).first()


def youth_filters():
    filters = {"q": "ma", "age_band": "18-25", "sort": "-last_contact"}
    try:
        from youths.enums import Stage

        filters["stage"] = next(value for value in Stage.values if "parcours" in value or "pathway" in value)
    except (ImportError, StopIteration):
        pass
    return filters


def season_filter():
    """The advised schedule for the last season it offers (a whole season of dates, not a month)."""
    from django.utils import timezone

    try:
        from outreach.schedule import period_choices
    except ImportError:
        return {}
    return {"period": period_choices(timezone.localdate())[-1].key}


def run_schedule_parts(samples):
    """The advised schedule's parts, each timed alone (median ms, queries): the slots (outreach.schedule.recommend),
    how often to return (outreach.revisits.by_place), the map of places (outreach.place_map.layout) and the relays to
    see again (outreach.relays.with_figures and stale)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    try:
        from outreach import place_map, relays, revisits, schedule
        from outreach.models import Relay, TerritoryOutline
    except ImportError:
        return []
    today = timezone.localdate()
    plan = schedule.recommend(schedule.parse_period(None, today), today)
    names = {row["place_id"]: row["name"] for row in plan["places"]}

    def outline_areas():
        outline = TerritoryOutline.objects.first()
        return outline.areas if outline else ()

    parts = [
        ("slots (next month)", lambda: schedule.recommend(schedule.parse_period(None, today), today)),
        ("return frequency", lambda: revisits.by_place(plan["evidence_start"], today, names)),
        ("map of places", lambda: place_map.layout(plan["places"], outline_areas())),
        ("relays to see again", lambda: relays.stale(list(relays.with_figures(Relay.objects.active())), today)),
    ]
    rows = []
    for label, run in parts:
        run()
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            run()
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
        rows.append({"part": label, "median_ms": round(statistics.median(times), 2), "queries": len(captured)})
    return rows


def print_schedule_parts(parts):
    if parts:
        print("\nAdvised schedule, its parts alone:")
        for part in parts:
            print(f"  {part['part']:26} {part['median_ms']:8.1f} ms  {part['queries']:3d} queries")


def measure(client, path, data, samples, baseline=None):
    """Median and 95th percentile of `samples` GETs. With `baseline` ((client, path) of the baseline page), a
    baseline request runs before each sample and its median comes back too: on a shared, noisy machine, the ratio
    of two medians taken in the same minutes is steadier than a ratio to a baseline measured once at the start."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm caches (templates, translations, connection)
        response = client.get(path, data)
    if response.status_code != 200:
        return {"status": response.status_code, "location": response.headers.get("Location")}
    reset_queries()  # a full log (9,000 entries, e.g. after seeding) would count nothing
    with CaptureQueriesContext(connection) as captured:
        client.get(path, data)
    queries = len(captured)  # now: the log it reads is emptied when the next request starts
    slowest = sorted(captured.captured_queries, key=lambda query: -float(query["time"]))[:3]
    times, baseline_times = [], []
    for _ in range(samples):
        if baseline is not None:
            started = time.perf_counter()
            baseline[0].get(baseline[1])
            baseline_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        response = client.get(path, data)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    interleaved = {"baseline_median_ms": round(statistics.median(baseline_times), 2)} if baseline_times else {}
    return {
        **interleaved,
        "status": response.status_code,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 2),
        "queries": queries,
        "slowest_queries": [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:300]} for q in slowest],
        "bytes": len(response.content) if not response.streaming else None,
    }


def main_pages(youth_id):
    """(label, role, URL name, args, GET data, target ratio)."""
    return [
        ("coordinator home", "coordinator", "home", [], {}, PAGE_TARGET),
        ("professional home", "professional", "home", [], {}, PAGE_TARGET),
        ("funder home (reports)", "funder", "reports:index", [], {}, PAGE_TARGET),
        ("youth list", "coordinator", "youths:list", [], {}, PAGE_TARGET),
        ("youth list, filtered", "coordinator", "youths:list", [], youth_filters(), PAGE_TARGET),
        ("youth list (professional)", "professional", "youths:list", [], {}, PAGE_TARGET),
        ("youth page", "coordinator", "youths:detail", [youth_id], {}, PAGE_TARGET),
        ("youth accompaniment", "coordinator", "accompaniment:youth", [youth_id], {}, PAGE_TARGET),
        ("outreach planning", "professional", "outreach:index", [], {}, PAGE_TARGET),
        ("outreach analytics", "coordinator", "outreach:analytics", [], {}, ANALYTICS_TARGET),
        # The advised schedule is not cached: slots, return frequency, the map of places, relays to see again.
        ("advised schedule", "professional", "outreach:schedule", [], {}, ANALYTICS_TARGET),
        ("advised schedule, a season", "professional", "outreach:schedule", [], season_filter(), ANALYTICS_TARGET),
        ("places", "professional", "outreach:places", [], {}, PAGE_TARGET),
        ("relays", "professional", "outreach:relays", [], {}, PAGE_TARGET),
        ("referent workspace", "professional", "accompaniment:workspace", [], {}, PAGE_TARGET),
        ("coordinator dashboard", "coordinator", "accompaniment:dashboard", [], {}, PAGE_TARGET),
        ("reports page", "coordinator", "reports:index", [], {}, PAGE_TARGET),
        ("indicators", "coordinator", "reports:indicators", [], {}, PAGE_TARGET),
    ]


def run_pages(clients, youth_id, samples):
    from django.urls import NoReverseMatch, reverse

    baseline_page = (clients["coordinator"], reverse("password_change"))
    baseline = measure(baseline_page[0], baseline_page[1], {}, samples * 2)
    rows = []
    for label, role, url_name, args, data, target in main_pages(youth_id):
        row = {"page": label, "role": role, "url_name": url_name, "target_ratio": target}
        try:
            path = reverse(url_name, args=args) if None not in args else None
        except NoReverseMatch:
            path = None
        if path is None:
            row["status"] = "missing"
        else:
            row["path"] = path if not data else f"{path}?{'&'.join(f'{k}={v}' for k, v in data.items())}"
            row.update(measure(clients[role], path, data, samples, baseline=baseline_page))
            if "median_ms" in row:
                row["ratio"] = round(row["median_ms"] / row["baseline_median_ms"], 2)
                row["meets_target"] = row["ratio"] <= target and row["queries"] < QUERY_TARGET
        rows.append(row)
    return baseline, rows


# Pages that keep department-wide figures in the cache under the data version (reflex/data_version.py): measured
# again with the version moved on before each request, as the first visit after any write finds them.
CACHED_PAGES = ["coordinator home", "youth list", "outreach analytics", "coordinator dashboard", "indicators"]


def run_cached_pages_after_a_write(clients, youth_id, samples):
    from django.db import connection
    from django.urls import reverse

    try:
        from reflex.data_version import VERSION_SEQUENCE
    except ImportError:
        return []
    rows = []
    for label, role, url_name, args, data, _target in main_pages(youth_id):
        if label not in CACHED_PAGES:
            continue
        path, client, times = reverse(url_name, args=args), clients[role], []
        client.get(path, data)
        for _ in range(samples):
            with connection.cursor() as cursor:
                cursor.execute("SELECT nextval(%s)", [VERSION_SEQUENCE])
            started = time.perf_counter()
            client.get(path, data)
            times.append((time.perf_counter() - started) * 1000)
        rows.append({"page": label, "role": role, "median_ms": round(statistics.median(times), 2)})
    return rows


def run_pdfs(coordinator, youth_id):
    """Each PDF built as the worker builds it (reflex.reports.documents.build), inside a transaction rolled back."""
    from django.db import transaction

    try:
        from reflex.reports import documents
        from reflex.reports.enums import ReportKind
        from reflex.reports.models import GeneratedReport
    except ImportError as exc:
        return [{"pdf": "all", "status": f"missing ({exc})"}]
    today = date.today()
    period = {"period_start": today - timedelta(days=365), "period_end": today}
    kinds = [
        ("funder progress report", {"kind": ReportKind.FUNDER, **period, "narrative": "Bench."}),
        ("outreach report", {"kind": ReportKind.OUTREACH, **period}),
        ("youth progress report", {"kind": ReportKind.YOUTH, "youth_id": youth_id}),
    ]
    rows = []
    for label, fields in kinds:
        try:
            with transaction.atomic():
                report = GeneratedReport.objects.create(author=coordinator, **fields)
                started = time.perf_counter()
                _html, pdf, _figures = documents.build(report)
                elapsed = time.perf_counter() - started
                transaction.set_rollback(True)
            rows.append({"pdf": label, "seconds": round(elapsed, 2), "bytes": len(pdf)})
        except Exception as exc:  # report the failure beside the others rather than stop the run
            rows.append({"pdf": label, "status": f"error: {type(exc).__name__}: {exc}"})
    return rows


def run_exports():
    """Each XLSX export in a subprocess of its own: its peak resident memory during the request (VmHWM, reset just
    before it) and the growth over the process's size (tracemalloc would slow the export tenfold)."""
    rows = []
    for label, url_name, args in [("youth list XLSX", "youths:export", ["xlsx"])]:
        result = subprocess.run(
            [sys.executable, __file__, "--export-child", url_name, *args],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        try:
            rows.append({"export": label, **json.loads(result.stdout.strip().splitlines()[-1])})
        except (IndexError, json.JSONDecodeError):
            rows.append({"export": label, "status": f"error: {result.stderr.strip()[-500:]}"})
    return rows


FIELD_JOURNEY = "tests/browser/test_field_capture_journey.py::test_an_ordinary_session_is_logged_in_two_screens"
FIELD_COUNTS = BASE_DIR / "bench" / "field_capture.json"


def run_field_capture():
    """The field screen's journey (Debian's chromium at 375×812, in the test suite's own database): the screens, taps
    and fields typed it takes to log an ordinary session, which the journey writes to bench/field_capture.json."""
    FIELD_COUNTS.unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", FIELD_JOURNEY, "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        env=os.environ,
    )
    if not FIELD_COUNTS.exists():
        lines = (result.stdout.strip() or result.stderr.strip() or "no output").splitlines()
        return {"status": f"not measured: {lines[-1]}"}
    return json.loads(FIELD_COUNTS.read_text())


def print_field_capture(counts):
    if "targets" not in counts:
        print(f"\nField capture journey (375×812): {counts['status']}")
        return
    targets = counts["targets"]
    print(
        f"\nField capture journey (375×812): {counts['screens']} screens, {counts['taps']} taps, "
        f"{counts['fields']} fields typed (targets ≤ {targets['screens']}, ≤ {targets['taps']}, ≤ {targets['fields']})"
    )


def _memory_kib(field):
    """VmRSS / VmHWM of this process from /proc (Linux), in KiB; None elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def export_child(url_name, args):
    from django.urls import NoReverseMatch, reverse

    client, _user = client_for(COORDINATOR)
    try:
        path = reverse(url_name, args=args)
    except NoReverseMatch:
        print(json.dumps({"status": "missing"}))
        return
    rss_before = _memory_kib("VmRSS")
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from the current size
    started = time.perf_counter()
    response = client.get(path)
    size = 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        size += len(chunk)
    elapsed = time.perf_counter() - started
    peak = _memory_kib("VmHWM")
    print(
        json.dumps(
            {
                "status": response.status_code,
                "seconds": round(elapsed, 2),
                "bytes": size,
                "rss_before_mib": round(rss_before / 1024, 1) if rss_before else None,
                "peak_rss_mib": round(peak / 1024, 1) if peak else None,
                "rss_growth_mib": round((peak - rss_before) / 1024, 1) if peak and rss_before else None,
                "streamed": response.streaming,
            }
        )
    )


def print_table(baseline, rows, after_write, pdfs, exports):
    print(
        f"\nBaseline (password change): median {baseline['median_ms']} ms, p95 {baseline['p95_ms']} ms, "
        f"{baseline['queries']} queries\n"
    )
    header = f"{'page':28} {'role':13} {'median':>8} {'p95':>8} {'base':>6} {'×base':>6} {'target':>6} {'queries':>7}"
    header += "  verdict"
    print(header)
    print("-" * len(header))
    for row in rows:
        if "median_ms" in row:
            verdict = "ok" if row["meets_target"] else "MISS"
            print(
                f"{row['page']:28} {row['role']:13} {row['median_ms']:8.1f} {row['p95_ms']:8.1f} "
                f"{row['baseline_median_ms']:6.1f} {row['ratio']:6.2f} {row['target_ratio']:6.1f} "
                f"{row['queries']:7d}  {verdict}"
            )
        else:
            print(f"{row['page']:28} {row['role']:13} {str(row.get('status')):>8}")
    print("\n(base: the baseline's median, measured between the page's own requests; ×base is the ratio of the two.)")
    if after_write:
        print("\nCached pages, the first visit after a write (no target: once per change of the data):")
        for row in after_write:
            print(f"  {row['page']:26} {row['role']:13} {row['median_ms']:8.1f} ms")
    print()
    for pdf in pdfs:
        print(
            f"PDF {pdf['pdf']:28} "
            + (f"{pdf['seconds']:.2f} s, {pdf['bytes']:,} bytes" if "seconds" in pdf else pdf["status"])
        )
    for export in exports:
        figures = (
            f"{export['seconds']:.2f} s, {export['bytes']:,} bytes, peak RSS {export['peak_rss_mib']} MiB "
            f"(+{export['rss_growth_mib']} MiB over the {export['rss_before_mib']} MiB before the request)"
            if "seconds" in export
            else export["status"]
        )
        print(f"{export['export']:32} {figures}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--no-seed", action="store_true", help="measure the bench database as it is")
    parser.add_argument("--export-child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    setup_django()
    if options.export_child:
        export_child(options.export_child[0], options.export_child[1:])
        return

    seeding_seconds = None if options.no_seed else round(seed(options.scale), 1)
    sizes = dataset_size()
    print(f"Bench database ready (seeding/migrating took {seeding_seconds} s): {sizes}")
    clients = {}
    users = {}
    for role, email in [("coordinator", COORDINATOR), ("professional", PROFESSIONAL), ("funder", FUNDER)]:
        clients[role], users[role] = client_for(email)
    youth_id = pick_youth(users["coordinator"])
    baseline, rows = run_pages(clients, youth_id, options.samples)
    after_write = run_cached_pages_after_a_write(clients, youth_id, max(5, options.samples // 3))
    schedule_parts = run_schedule_parts(max(5, options.samples // 3))
    pdfs = run_pdfs(users["coordinator"], youth_id)
    exports = run_exports()
    field_capture = run_field_capture()
    print_table(baseline, rows, after_write, pdfs, exports)
    print_schedule_parts(schedule_parts)
    print_field_capture(field_capture)
    results = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "scale": options.scale,
        "dataset": sizes,
        "seeding_seconds": seeding_seconds,
        "samples": options.samples,
        "targets": {"page_ratio": PAGE_TARGET, "analytics_ratio": ANALYTICS_TARGET, "queries_below": QUERY_TARGET},
        "baseline": {"page": "password change", **baseline},
        "pages": rows,
        "cached_pages_after_a_write": after_write,
        "schedule_parts": schedule_parts,
        "pdfs": pdfs,
        "exports": exports,
        "field_capture": field_capture,
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    misses = [row["page"] for row in rows if row.get("meets_target") is False]
    print(f"\nWritten to {RESULTS.relative_to(BASE_DIR)}. Misses: {', '.join(misses) or 'none'}.")


if __name__ == "__main__":
    main()
