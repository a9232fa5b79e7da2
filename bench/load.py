"""`make load`: the app served by gunicorn on 127.0.0.1 as in production, against the department-scale database
of `make bench`, and a morning of simulated staff (locust, headless): 50 arrive and log in over 2 minutes, then
browse, 3 minutes in all. Prints throughput, the 95th percentile and the errors of each page and overall, adds them
to bench/results.json, and exits non-zero when a request failed. Targets: no error, pages' p95 under 1 s.

    python bench/load.py [--users 50] [--ramp 120] [--seconds 180] [--port 8017]

Only loopback traffic, bounded in users and time; the servers it starts are stopped before it returns.
"""

import argparse
import csv
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from database import BASE_DIR, use_bench_database  # noqa: E402

VENV_BIN = Path(sys.executable).parent
RESULTS = BASE_DIR / "bench" / "results.json"
LOGS = BASE_DIR / "var"
SCALE = 100


def production_env():
    """The settings of a production server (README "Deploying"), reachable over plain HTTP on the loopback."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": "smtp://127.0.0.1:25",  # never used: nobody resets a password during the run
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


def manage(*args, env=None):
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], env=env or os.environ, check=True)


def prepare():
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo", "--scale", str(SCALE))  # quick when `make bench` already seeded it
    manage("collectstatic", "--no-input", "-v", "0", env=production_env())


def scenario_accounts(professionals):
    """The accounts the simulated staff log in with, the records they open and the pages' paths."""
    import django

    django.setup()
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from partners.enums import Role
    from partners.models import User
    from youths.models import Youth

    def path(name, with_id=False):
        try:
            return reverse(name, args=[987654321] if with_id else []).replace("987654321", "{id}")
        except NoReverseMatch:
            return None

    busiest = (
        Youth.objects.exclude(referent=None)
        .values("referent")
        .annotate(n=Count("pk"))
        .order_by("-n", "referent")
        .values_list("referent", flat=True)[:professionals]
    )
    accounts = []
    for user in User.objects.filter(pk__in=list(busiest), is_active=True, role=Role.PROFESSIONAL):
        youths = list(Youth.objects.filter(referent=user).order_by("pk").values_list("pk", flat=True)[:50])
        accounts.append({"email": user.email, "youths": youths})
    coordinator = User.objects.get(email="claire.morel@mlnordisere.fr")
    try:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=coordinator, confirmed=True).first()
        totp_key = device.key if device else None
    except ImportError:
        totp_key = None
    return {
        "professionals": accounts,
        "youths": list(Youth.objects.order_by("pk").values_list("pk", flat=True)[:200]),
        "coordinator": coordinator.email,
        "totp_key": totp_key,
        "funder": User.objects.filter(role=Role.FUNDER, is_active=True).order_by("pk").first().email,
        "paths": {
            "login": path("login"),
            "second_factor": path("audit:second_factor"),
            "home": path("home"),
            "youth_list": path("youths:list"),
            "youth_detail": path("youths:detail", with_id=True),
            "youth_accompaniment": path("accompaniment:youth", with_id=True),
            "workspace": path("accompaniment:workspace"),
            "dashboard": path("accompaniment:dashboard"),
            "planning": path("outreach:index"),
            "analytics": path("outreach:analytics"),
            "reports": path("reports:index"),
        },
    }


def wait_until_up(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds} s: see {LOGS / 'bench-gunicorn.log'}")


def summary(prefix):
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pages = []
    for row in rows:
        pages.append(
            {
                "name": row["Name"],
                "method": row["Type"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "rps": round(float(row["Requests/s"]), 2),
            }
        )
    total = next(page for page in pages if page["name"] == "Aggregated")
    return total, [page for page in pages if page["name"] != "Aggregated"]


def page_views(prefix, seconds):
    """Throughput, median and p95 of the page views alone (the logins' password hashing apart)."""
    try:
        times = json.loads(Path(f"{prefix}_pages.json").read_text())
    except (OSError, json.JSONDecodeError):
        return None
    if not times:
        return {"count": 0, "errors": 0, "per_second": 0, "median_ms": 0, "p95_ms": 0}
    durations = sorted(ms for ms, _ok in times)
    return {
        "count": len(times),
        "errors": sum(1 for _ms, ok in times if not ok),
        "per_second": round(len(times) / seconds, 2),
        "median_ms": round(statistics.median(durations), 1),
        "p95_ms": round(durations[round(0.95 * (len(durations) - 1))], 1),
    }


def main():
    parser = argparse.ArgumentParser()
    # A morning: 50 staff arrive (log in) over 2 minutes, then browse.
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--ramp", type=int, default=120, help="seconds over which the staff arrive")
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", 8017)))
    parser.add_argument("--workers", type=int, default=None, help="default: gunicorn.conf.py (one per core)")
    options = parser.parse_args()

    use_bench_database()  # also keeps the embedded PostgreSQL up while this process lives
    prepare()
    accounts = scenario_accounts(professionals=options.users)
    LOGS.mkdir(exist_ok=True)
    host = f"http://127.0.0.1:{options.port}"
    with open(LOGS / "bench-gunicorn.log", "w") as log:
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", str(BASE_DIR / "gunicorn.conf.py"), "reflex.wsgi"]
            + ["--bind", f"127.0.0.1:{options.port}", "--access-logfile", "/dev/null"]
            + (["--workers", str(options.workers)] if options.workers else []),
            cwd=BASE_DIR,
            env=production_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"{host}{accounts['paths']['login']}")
        prefix = str(LOGS / "bench-load")
        print(f"gunicorn (gunicorn.conf.py) on {host}; {options.users} staff arriving over {options.ramp} s…")
        subprocess.run(
            [str(VENV_BIN / "locust"), "-f", str(BASE_DIR / "bench" / "locustfile.py"), "--headless"]
            + ["-u", str(options.users), "-r", f"{options.users / options.ramp:.3f}", "-t", f"{options.seconds}s"]
            + ["--stop-timeout", "10"]
            + ["--host", host, "--csv", prefix, "--only-summary", "--loglevel", "WARNING"],
            env={**os.environ, "LOAD_ACCOUNTS": json.dumps(accounts), "LOAD_PAGE_TIMES": f"{prefix}_pages.json"},
            check=False,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    total, pages = summary(prefix)
    views = page_views(prefix, options.seconds)
    print(f"\n{'page':32} {'requests':>8} {'errors':>6} {'median':>8} {'p95':>8}")
    for page in sorted(pages, key=lambda p: -p["p95_ms"]):
        print(
            f"{page['name']:32} {page['requests']:8d} {page['failures']:6d} "
            f"{page['median_ms']:8.0f} {page['p95_ms']:8.0f}"
        )
    print(
        f"\nAll requests (logins included): {total['rps']} requests/s, p95 {total['p95_ms']:.0f} ms, "
        f"{total['failures']} errors out of {total['requests']} ({options.users} users, {options.seconds} s)."
    )
    if views:
        print(
            f"Page views (logins apart): {views['per_second']} pages/s, median {views['median_ms']:.0f} ms, "
            f"p95 {views['p95_ms']:.0f} ms, {views['errors']} errors out of {views['count']}."
        )
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["load"] = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "users": options.users,
        "seconds": options.seconds,
        "gunicorn_workers": options.workers or "gunicorn.conf.py",
        "total": total,
        "page_views": views,
        "pages": pages,
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    if total["failures"] or not views or not views["count"]:
        print(f"Errors: see {prefix}_failures.csv and {LOGS / 'bench-gunicorn.log'}.")
        sys.exit(1)


if __name__ == "__main__":
    main()
