"""Import of a data·inclusion export: both formats, preview, all-or-nothing, idempotent re-import, bad files."""

import csv
import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from orientation import directory_import
from orientation.models import DirectoryImport, Service, Structure
from reflex.typography import french_spacing as fr
from tests.submission_tokens import with_token

from .factories import ServiceFactory


def _structure(n, **extra):
    return {
        "source": "dora",
        "id": f"dora--s{n}",
        "nom": f"Structure numéro {n}",
        "date_maj": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "commune": "Villefontaine",
        "code_postal": "38090",
        "adresse": "1 place du Marché",
        "telephone": "0474000000",
        "horaires_accueil": "Mo-Fr 09:00-12:00",
        **extra,
    }


def _service(n, structure=1, **extra):
    return {
        "source": "dora",
        "id": f"dora--v{n}",
        "structure_id": f"dora--s{structure}",
        "nom": f"Aide au permis {n}",
        "description": "Un accompagnement vers le permis de conduire.",
        "date_maj": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "thematiques": ["mobilite--preparer-un-permis", "sante--acces-aux-soins"],
        "publics": ["jeunes"],
        "modes_accueil": ["en-presentiel"],
        "commune": "Villefontaine",
        **extra,
    }


def _json_file(structures, services, name="export.json"):
    return SimpleUploadedFile(name, json.dumps({"structures": structures, "services": services}).encode())


def _csv_file(rows, name):
    out = io.StringIO()
    fields = sorted({key for row in rows for key in row})
    writer = csv.DictWriter(out, fieldnames=fields, delimiter=";")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: ",".join(value) if isinstance(value, list) else value for key, value in row.items()})
    return SimpleUploadedFile(name, out.getvalue().encode())


def _upload(client, **files):
    return client.post("/orientation/import/", files)


def test_json_import_previews_then_applies(coordinator_client, coordinator):
    response = _upload(coordinator_client, structures=_json_file([_structure(1)], [_service(1), _service(2)]))
    prepared = DirectoryImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orientation/import/{prepared.pk}/"
    assert not Service.objects.exists()  # nothing saved before the confirmation

    preview = coordinator_client.get(response["Location"])
    assert preview.context["counts"] == {
        "structures_new": 1,
        "structures_updated": 0,
        "services_new": 2,
        "services_updated": 0,
    }
    coordinator_client.post(f"/orientation/import/{prepared.pk}/appliquer/", with_token())
    service = Service.objects.get(source_id="dora--v1")
    assert service.structure.name == "Structure numéro 1"
    assert service.barrier_categories == ["health", "mobility"]
    assert service.modes == ["en-presentiel"] and service.publics == ["jeunes"]
    assert service.structure.town == "Villefontaine"


def test_csv_import_of_both_files(coordinator_client):
    response = _upload(
        coordinator_client,
        structures=_csv_file([_structure(1), _structure(2)], "structures.csv"),
        services=_csv_file([_service(1), _service(2, structure=2)], "services.csv"),
    )
    assert response.status_code == 302
    coordinator_client.post(f"{response['Location']}appliquer/", with_token())
    assert Structure.objects.count() == 2
    assert set(Service.objects.values_list("source_id", flat=True)) == {"dora--v1", "dora--v2"}
    assert Service.objects.get(source_id="dora--v2").themes == [
        "mobilite--preparer-un-permis",
        "sante--acces-aux-soins",
    ]


def test_reimport_updates_by_source_id_and_keeps_local_choices(coordinator_client, outsider):
    first = _upload(coordinator_client, structures=_json_file([_structure(1)], [_service(1)]))
    coordinator_client.post(f"{first['Location']}appliquer/", with_token())
    service = Service.objects.get()
    service.contact_person = outsider
    service.what_to_bring = "Carte vitale"
    service.save()

    again = _upload(coordinator_client, structures=_json_file([_structure(1)], [_service(1, nom="Permis solidaire")]))
    assert coordinator_client.get(again["Location"]).context["counts"]["services_updated"] == 1
    coordinator_client.post(f"{again['Location']}appliquer/", with_token())
    coordinator_client.post(f"{again['Location']}appliquer/", with_token())  # a second click changes nothing
    service = Service.objects.get()
    assert (Structure.objects.count(), Service.objects.count()) == (1, 1)
    assert service.name == "Permis solidaire"
    assert service.contact_person == outsider and service.what_to_bring == "Carte vitale"


def test_one_bad_row_refuses_the_whole_file(coordinator_client):
    bad = _service(2)
    del bad["id"]
    response = _upload(coordinator_client, structures=_json_file([_structure(1)], [_service(1), bad]))
    assert response.status_code == 200
    errors = response.context["errors"]
    assert len(errors) == 1
    assert errors[0] == fr("Services, ligne 2 : champ « id » manquant.")
    assert not DirectoryImport.objects.exists() and not Service.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"structures": [', "JSON"),
        ("Structure é".encode("latin-1"), "UTF-8"),
        (b"", ""),
    ],
)
def test_malformed_files_get_a_clear_message(coordinator_client, content, expected):
    response = _upload(coordinator_client, structures=SimpleUploadedFile("export.json", content))
    assert response.status_code == 200
    assert expected in " ".join(
        response.context["errors"] + [str(e) for e in response.context["form"].errors.values()]
    )
    assert not DirectoryImport.objects.exists()


def test_too_large_a_file_is_refused(coordinator_client, monkeypatch):
    monkeypatch.setattr(directory_import, "MAX_BYTES", 100)
    big = _json_file([_structure(n) for n in range(5)], [])
    response = _upload(coordinator_client, structures=big)
    assert response.status_code == 200
    assert "export.json dépasse" in response.context["errors"][0]


def test_service_of_an_unknown_structure_is_refused(coordinator_client):
    response = _upload(coordinator_client, services=_json_file([], [_service(1, structure=9)]))
    assert "dora--s9" in response.context["errors"][0]


def test_professionals_cannot_import(professional_client):
    assert professional_client.get("/orientation/import/").status_code == 403


def test_only_its_author_applies_a_preview(coordinator_client, coordinator):
    ServiceFactory()
    other = DirectoryImport.objects.create(structures=[], services=[])
    assert coordinator_client.post(f"/orientation/import/{other.pk}/appliquer/", with_token()).status_code == 404


def test_two_previews_of_the_same_ids_apply_one_after_the_other_by_id(coordinator_client):
    response = _upload(coordinator_client, structures=_json_file([_structure(1)], [_service(1)]))
    other = _upload(coordinator_client, structures=_json_file([_structure(1)], [_service(1)]))
    # Both previews were made before either was applied: the first goes through...
    coordinator_client.post(f"{response['Location']}appliquer/", with_token())
    # ...and the second, applied over rows it did not know, updates them by id rather than failing.
    coordinator_client.post(f"{other['Location']}appliquer/", with_token())
    assert (Structure.objects.count(), Service.objects.count()) == (1, 1)
