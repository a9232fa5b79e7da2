"""Start-up problems said in one line, without a traceback: a malformed or missing environment variable names
itself; a database out of reach says which one (never its password). Used by manage.py and the WSGI entry point."""

import sys
from contextlib import contextmanager

PREFIX = "RéFLEX ne peut pas démarrer / cannot start:"


def settings_or_exit():
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading it loads the settings
    except ImproperlyConfigured as exc:
        sys.exit(f"{PREFIX} {exc}")


def _unreachable(exc):
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) is None


@contextmanager
def database_reachable_or_exit():
    from django.db import OperationalError, connection

    try:
        yield
    except OperationalError as exc:
        if not _unreachable(exc):
            raise
        db = connection.settings_dict
        where = f"{db.get('HOST') or 'local socket'}:{db.get('PORT') or 5432}/{db.get('NAME')}"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.exit(f"{PREFIX} PostgreSQL {where} — {reason}")
