import datetime
import hashlib

import factory
from django.core.files.base import ContentFile

from reflex.reports.enums import ReportKind, ReportStatus
from reflex.reports.models import GeneratedReport
from tests.partners.factories import UserFactory

FAKE_PDF = b"%PDF-1.7\n% a stored report\n%%EOF\n"


class GeneratedReportFactory(factory.django.DjangoModelFactory):
    """A funder report of the first quarter of 2026, pending unless a trait says otherwise."""

    class Meta:
        model = GeneratedReport
        skip_postgeneration_save = True

    kind = ReportKind.FUNDER
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 3, 31)
    author = factory.SubFactory(UserFactory, coordinator=True)

    class Params:
        ready = factory.Trait(
            status=ReportStatus.READY,
            checksum=hashlib.sha256(FAKE_PDF).hexdigest(),
            file=factory.LazyFunction(lambda: ContentFile(FAKE_PDF, name="report.pdf")),
            figures=factory.LazyFunction(dict),
        )
        public = factory.Trait(
            ready=True,
            published=True,
            published_at=factory.LazyFunction(lambda: datetime.datetime(2026, 4, 2, 10, 0, tzinfo=datetime.UTC)),
        )
        outreach = factory.Trait(kind=ReportKind.OUTREACH)
        youth_report = factory.Trait(kind=ReportKind.YOUTH, period_start=None, period_end=None)
