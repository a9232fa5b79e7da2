"""A backup restores: every table and every stored report come back as they were (round trip, compared)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reflex import backups
from tests.reports.factories import GeneratedReportFactory
from tests.youths.factories import YouthFactory
from youths.models import Youth

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def folders(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "logo.png").write_bytes(b"\x89PNG a logo")
    return tmp_path


def test_a_backup_restores_every_table_and_every_report(folders, coordinator):
    kept = [YouthFactory(first_name=name) for name in ("Inès", "Rayan", "Léa")]
    report = GeneratedReportFactory(author=coordinator, ready=True)
    report_path = folders / "reports" / report.file.name
    report_bytes = report_path.read_bytes()
    before = backups.table_fingerprints()

    call_command("backup", str(folders / "backup"))
    manifest = (folders / "backup" / backups.MANIFEST).read_text(encoding="utf-8")
    assert report.file.name in manifest and "youths_youth" in manifest

    Youth.objects.filter(pk=kept[0].pk).delete()
    YouthFactory(first_name="Arrivé après")
    report_path.unlink()
    (folders / "media" / "logo.png").write_bytes(b"another logo")
    assert backups.table_fingerprints() != before

    call_command("restore", str(folders / "backup"), "--yes")

    assert backups.table_fingerprints() == before
    assert sorted(Youth.objects.values_list("first_name", flat=True)) == ["Inès", "Léa", "Rayan"]
    assert report_path.read_bytes() == report_bytes
    assert (folders / "media" / "logo.png").read_bytes() == b"\x89PNG a logo"


def test_a_backup_never_overwrites_an_earlier_one(folders):
    (folders / "backup").mkdir()
    (folders / "backup" / "database.dump").write_bytes(b"earlier")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(folders / "backup"))
