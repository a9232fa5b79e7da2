"""Demo reports: the last full quarter's funder report, generated and published, so the funder account has one."""

from datetime import date, timedelta

from django.utils import translation

NARRATIVE = (
    "Le trimestre a été marqué par l'ouverture de deux nouveaux lieux de présence (la gare et le city stade) et par "
    "l'arrivée de l'équipe de prévention santé dans les maraudes du mercredi.\n"
    "Les entrées en parcours progressent ; les freins liés à la mobilité restent les plus fréquents, d'où le "
    "renforcement des actions de la plateforme mobilité.\n"
    "Perspectives : consolider la maraude numérique et préparer les rencontres employeurs du printemps."
)


def last_full_quarter(today):
    first_of_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_of_quarter - timedelta(days=1)
    return date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


def seed(context):
    from django.conf import settings
    from django.db import connection

    from partners.enums import Role
    from partners.models import User

    from . import documents
    from .enums import ReportKind
    from .models import GeneratedReport

    if GeneratedReport.objects.exists():
        return
    coordinator = User.objects.filter(role=Role.COORDINATOR, is_superuser=False).order_by("pk").first()
    if coordinator is None:
        return
    # The demo rows were just inserted in this transaction: refresh the planner's statistics (ANALYZE counts the
    # transaction's own rows) so that the report's aggregations get sensible plans.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    start, end = last_full_quarter(context.today)
    report = GeneratedReport.objects.create(
        kind=ReportKind.FUNDER, period_start=start, period_end=end, narrative=NARRATIVE, author=coordinator
    )
    with translation.override(settings.LANGUAGE_CODE):
        _html, pdf, figures = documents.build(report)
    report.store(pdf, figures)
    report.publish(by=coordinator)
    context.say(f"Reports: the funder report of {start:%d/%m/%Y} – {end:%d/%m/%Y}, published.")
