import os
import subprocess
import sys

from django.conf import settings


def run_manage(*args, **env):
    environment = {**os.environ, "TESTING": "false", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )


def database_url():
    db = settings.DATABASES["default"]
    host = db["HOST"]
    if host.startswith("/"):
        return f"postgres://{db['USER']}@/{db['NAME']}?host={host}"
    return f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "reflex.example.org",
    "EMAIL_URL": "smtp+tls://reflex:secret@smtp.example.org:587",
}


def test_deploy_check_passes_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DATABASE_URL=database_url(), **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_missing_secret_key_stops_start_up_and_names_it():
    env = {**PRODUCTION, "DATABASE_URL": database_url()}
    env.pop("SECRET_KEY")
    result = run_manage("check", **env, SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_malformed_variable_stops_start_up_and_names_it():
    result = run_manage("check", DEBUG="perhaps", DATABASE_URL=database_url())
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_a_non_postgresql_database_is_refused():
    result = run_manage("check", DATABASE_URL="sqlite:///tmp/reflex.sqlite3")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_a_malformed_database_url_names_itself_in_one_line_without_traceback_or_password():
    result = run_manage("check", DATABASE_URL="postgres//reflex:s3cr3t-pw@db.example.org/reflex")
    assert result.returncode == 1
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr and "KeyError" not in result.stderr
    assert "s3cr3t-pw" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_malformed_number_names_itself_in_one_line():
    result = run_manage("check", DATABASE_URL=database_url(), DATABASE_STATEMENT_TIMEOUT="twenty")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "RéFLEX ne peut pas démarrer / cannot start: DATABASE_STATEMENT_TIMEOUT must be a number, not 'twenty'."
    ]


def test_an_unreachable_database_is_said_once_in_one_line():
    result = run_manage("migrate", "--check", DATABASE_URL="postgres://reflex@127.0.0.1:9/reflex")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("RéFLEX ne peut pas démarrer / cannot start: PostgreSQL 127.0.0.1:9/reflex")
