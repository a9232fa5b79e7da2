"""Where generated reports are kept: a private folder outside the public web root, never served under MEDIA_URL.

`settings.REPORTS_ROOT` may point elsewhere (shared storage when several servers run); by default var/reports,
and a folder of the system's temporary directory during tests.
Files are only ever read back by the permission-checked download view.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def reports_root():
    configured = getattr(settings, "REPORTS_ROOT", None)
    if configured:
        return Path(configured)
    if getattr(settings, "TESTING", False):  # test runs (seed_demo included) never write into var/
        return Path(tempfile.gettempdir()) / "reflex-test-reports"
    return Path(settings.BASE_DIR) / "var" / "reports"


@deconstructible
class PrivateReportStorage(FileSystemStorage):
    """A file-system storage whose location is read from the settings at each use and that has no URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return reports_root()

    @property
    def location(self):
        return str(reports_root().resolve())

    def url(self, name):
        raise ValueError("Generated reports have no public URL: serve them through reports:download.")


private_report_storage = PrivateReportStorage()
