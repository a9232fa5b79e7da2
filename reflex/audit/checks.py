"""Deploy check: the application must not connect as a role that owns its tables (reflex/audit/database_roles.py)."""

from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.security, deploy=True)
def check_database_role(app_configs=None, **kwargs):
    from .database_roles import problems

    try:
        found = problems()
    except DatabaseError:  # no database reachable here: nothing to say about its roles
        return []
    if not found:
        return []
    return [
        checks.Warning(
            f"The application connects to PostgreSQL with a role that can alter its history: {'; '.join(found)}.",
            hint="Run the application as a role that owns nothing (DATABASE_URL) and migrate as the owner "
            "(DATABASE_OWNER_URL): README, 'Deploying'.",
            id="audit.W001",
        )
    ]
