import os
import subprocess
import sys

import psycopg
import psycopg.sql
import pytest
from django.conf import settings
from django.db import connection

from reflex import raw_connection


def run_manage(*args, **env):
    inherited = {name: value for name, value in os.environ.items() if name != "DATABASE_OWNER_URL"}  # given or none
    environment = {**inherited, "TESTING": "false", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )


def database_url(user=None):
    """The test database's URL (once set up), as its owner or as `user`."""
    return raw_connection.database_url(user=user, owner=True)


@pytest.fixture
def app_role_url(db):
    """A login role given the application's rights on the test database by `manage.py grant_app_role` (committed:
    the commands under test run in other processes); dropped afterwards. Needs a server that lets it log in without
    a password (the embedded one and CI's do)."""
    db = connection.settings_dict
    role = f"reflex_app_login_{db['NAME']}"[:60]
    owner = raw_connection.open_connection(owner=True)
    owner.autocommit = True
    if not owner.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
        owner.close()
        pytest.skip("the test database's role may not create roles")
    quoted = psycopg.sql.Identifier(role)
    owner.execute(psycopg.sql.SQL("DROP OWNED BY {}").format(quoted)) if _role_exists(owner, role) else None
    owner.execute(psycopg.sql.SQL("DROP ROLE IF EXISTS {}").format(quoted))
    owner.execute(psycopg.sql.SQL("CREATE ROLE {} LOGIN").format(quoted))
    try:
        try:
            psycopg.connect(database_url(role)).close()
        except psycopg.OperationalError:
            pytest.skip("this server does not let a role without password log in")
        granted = run_manage("grant_app_role", "--role", role, DATABASE_URL=database_url())
        assert granted.returncode == 0, granted.stderr
        yield database_url(role)
    finally:
        owner.execute(psycopg.sql.SQL("DROP OWNED BY {}").format(quoted))
        owner.execute(psycopg.sql.SQL("DROP ROLE {}").format(quoted))
        owner.close()


def _role_exists(connection, role):
    return connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone() is not None


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "reflex.example.org",
    "EMAIL_URL": "smtp+tls://reflex:secret@smtp.example.org:587",
}


def test_deploy_check_passes_with_production_variables(app_role_url):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DATABASE_URL=app_role_url, **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


def test_deploy_check_warns_when_the_application_owns_its_tables(db):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DATABASE_URL=database_url(), **PRODUCTION)
    assert result.returncode != 0 and "audit.W001" in result.stderr + result.stdout


def test_migrate_connects_as_the_owner_then_grants_the_application_role(app_role_url):
    as_app_alone = run_manage("grant_app_role", DATABASE_URL=app_role_url)
    assert as_app_alone.returncode != 0 and "must not be the owner" in as_app_alone.stderr
    result = run_manage("migrate", "--check", DATABASE_URL=app_role_url, DATABASE_OWNER_URL=database_url())
    assert result.returncode == 0, result.stderr + result.stdout
    assert "Rights of the application's role reflex_app_login_" in result.stdout


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
