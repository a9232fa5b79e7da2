"""Where generated reports are kept: a private folder outside the public web root, never served under MEDIA_URL.

`settings.REPORTS_ROOT` may point elsewhere (shared storage when several servers run); by default var/reports,
and a folder of the system's temporary directory during tests.
Files are only ever read back by the permission-checked download view.
"""

import os
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

    def _save(self, name, content):
        """Write to a temporary file beside the target, then rename it: a full disk or a storage that turns
        read-only mid-write leaves no partial file under the report's name (and no temporary one either)."""
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=directory, prefix=".partial-", suffix=".pdf")
        try:
            with os.fdopen(handle, "wb") as target:
                write_chunks(target, content)
                target.flush()
                os.fsync(target.fileno())
            name = self.get_available_name(name)
            full_path = self.path(name)
            os.replace(partial, full_path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return os.path.relpath(full_path, self.location).replace("\\", "/")


def write_chunks(target, content):
    for chunk in content.chunks():
        target.write(chunk)


private_report_storage = PrivateReportStorage()
