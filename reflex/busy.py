"""What a person gets when the database is too slow or out of reach: a French "try again" page (503), not a frozen
page or a 500.

A statement past `statement_timeout`, or a lock not granted within `lock_timeout`, is cancelled by PostgreSQL
itself (settings.py sets both on every connection), and the request's transaction is rolled back: nothing half
written. The view's exception is turned into this page by `DatabaseBusyMiddleware`; the same failure elsewhere (a
middleware saving the session) reaches Django's 500 handler, `server_error`, which recognises it too.
"""

import logging
import sys

from django.db import OperationalError
from django.template import loader
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

QUERY_CANCELED = "57014"  # statement_timeout
LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout
# The server shutting down or restarting, too many connections.
OUT_OF_REACH = {"57P01", "57P02", "57P03", "53300"}
RETRY_AFTER_SECONDS = 10


def is_database_busy(exc):
    """Timed out (statement or lock) or out of reach (no answer, restarting): worth trying again in a moment."""
    if not isinstance(exc, OperationalError):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    if sqlstate is None:  # no answer from the server at all (refused, cut, the pool's wait ran out)
        return True
    return sqlstate in (QUERY_CANCELED, LOCK_NOT_AVAILABLE) or sqlstate in OUT_OF_REACH or sqlstate.startswith("08")


def busy_response(request, exc):
    from django.http import HttpResponse

    reason = getattr(exc.__cause__, "sqlstate", None) or "unreachable"
    logger.warning("Database busy (%s) on %s %s", reason, request.method, request.path)
    html = loader.render_to_string("503.html", {"method": request.method, "path": request.get_full_path()})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_busy(exception):
            return busy_response(request, exception)
        return None


def server_error(request, template_name="500.html"):
    """Django's 500 handler, except for a database that is only busy (raised outside a view)."""
    exc = sys.exc_info()[1]
    if exc is not None and is_database_busy(exc):
        return busy_response(request, exc)
    return django_server_error(request, template_name)
