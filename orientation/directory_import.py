"""Read a data·inclusion export (structures and services, JSON or CSV), check every row against the published
schema (the `data-inclusion-schema` package), and apply it all at once: a structure or service with the same
data·inclusion id is updated, others are created. Nothing is written until every row is valid.

Bounded: MAX_BYTES per file and MAX_ROWS per kind. Errors are sentences for the coordinator, in their language."""

import csv
import io
import json

import pydantic
from data_inclusion.schema.v1 import Service as SchemaService
from data_inclusion.schema.v1 import Structure as SchemaStructure
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import ImportStatus
from .models import DirectoryImport, Service, Structure
from .themes import barrier_categories_of

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_ERRORS = 30
LIST_FIELDS = ("thematiques", "publics", "modes_accueil", "zone_eligibilite", "modes_mobilisation", "mobilisable_par")
LIST_FIELDS += ("reseaux_porteurs", "frais", "types")


class ImportRefused(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def _decode(uploaded):
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            [_("The file %(name)s is larger than %(size)s MB.") % {"name": uploaded.name, "size": MAX_BYTES // 2**20}]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            [_("The file %(name)s is not encoded in UTF-8: export it again in UTF-8.") % {"name": uploaded.name}]
        ) from None


def _csv_value(field, value):
    value = (value or "").strip()
    if not value:
        return None
    if field in LIST_FIELDS:
        if value.startswith("["):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                pass
        return [part.strip() for part in value.strip("{}[]").replace("|", ",").split(",") if part.strip()]
    return value


def read_rows(uploaded):
    """The rows of one file, as (structures, services): a JSON object with "structures" and "services", a JSON
    list, or a CSV (comma or semicolon) whose columns tell services (with structure_id) from structures."""
    text = _decode(uploaded)
    if not text.strip():
        raise ImportRefused([_("The file %(name)s is empty.") % {"name": uploaded.name}])
    if text.lstrip()[:1] in "[{":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportRefused(
                [
                    _("The file %(name)s is not valid JSON (line %(line)s).")
                    % {"name": uploaded.name, "line": error.lineno}
                ]
            ) from None
        if isinstance(data, dict):
            structures, services = data.get("structures", []), data.get("services", [])
        else:
            structures, services = [], []
            for row in data:
                (services if isinstance(row, dict) and "structure_id" in row else structures).append(row)
    else:
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        try:
            reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
            rows = [{key: _csv_value(key, value) for key, value in row.items() if key} for row in reader]
        except csv.Error:
            raise ImportRefused([_("The file %(name)s is not a readable CSV.") % {"name": uploaded.name}]) from None
        if "id" not in (reader.fieldnames or []):
            raise ImportRefused([_('The file %(name)s has no "id" column.') % {"name": uploaded.name}])
        is_services = "structure_id" in reader.fieldnames
        structures, services = ([], rows) if is_services else (rows, [])
    if not isinstance(structures, list) or not isinstance(services, list):
        raise ImportRefused([_("The file %(name)s is not a data·inclusion export.") % {"name": uploaded.name}])
    if len(structures) > MAX_ROWS or len(services) > MAX_ROWS:
        raise ImportRefused(
            [_("The file %(name)s has more than %(max)s rows.") % {"name": uploaded.name, "max": MAX_ROWS}]
        )
    return structures, services


def _describe(error):
    field = ".".join(str(part) for part in error["loc"][:1]) or "?"
    if error["type"] == "missing":
        return _("field “%(field)s” is missing") % {"field": field}
    return _("field “%(field)s” is not valid (%(detail)s)") % {"field": field, "detail": error["msg"]}


def _validate(rows, schema, kind, errors):
    valid = []
    seen = set()
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.append(_("%(kind)s, row %(row)s: not an object.") % {"kind": kind, "row": number})
            continue
        try:
            item = schema.model_validate(row)
        except pydantic.ValidationError as error:
            problems = "; ".join(_describe(problem) for problem in error.errors()[:3])
            values = {"kind": kind, "row": number, "id": row.get("id"), "problems": problems}
            if row.get("id"):
                errors.append(_("%(kind)s, row %(row)s (id “%(id)s”): %(problems)s.") % values)
            else:
                errors.append(_("%(kind)s, row %(row)s: %(problems)s.") % values)
            continue
        if item.id in seen:
            errors.append(
                _("%(kind)s, row %(row)s: the id “%(id)s” appears twice.")
                % {"kind": kind, "row": number, "id": item.id}
            )
            continue
        seen.add(item.id)
        valid.append(item)
    return valid


def _text(value):
    return "" if value is None else str(value).strip()


def _structure_row(item):
    address = ", ".join(part for part in (_text(item.adresse), _text(item.complement_adresse)) if part)
    return {
        "source_id": item.id,
        "source": item.source,
        "name": item.nom,
        "description": _text(item.description),
        "address": address[:300],
        "postcode": _text(item.code_postal),
        "town": _text(item.commune)[:100],
        "phone": _text(item.telephone)[:30],
        "email": _text(item.courriel),
        "website": _text(item.site_web)[:200],
        "hours": _text(item.horaires_accueil),
        "updated_on": item.date_maj.isoformat(),
    }


def _service_row(item):
    address = ", ".join(part for part in (_text(item.adresse), _text(item.complement_adresse)) if part)
    conditions = "\n".join(part for part in (_text(item.conditions_acces), _text(item.publics_precisions)) if part)
    return {
        "source_id": item.id,
        "structure_source_id": item.structure_id,
        "name": item.nom,
        "description": _text(item.description),
        "themes": sorted(theme.value for theme in item.thematiques or ()),
        "publics": sorted(public.value for public in item.publics or ()),
        "modes": sorted(mode.value for mode in item.modes_accueil or ()),
        "conditions": conditions,
        "address": address[:300],
        "postcode": _text(item.code_postal),
        "town": _text(item.commune)[:100],
        "area": ", ".join(item.zone_eligibilite or ())[:300],
        "hours": _text(item.horaires_accueil),
        "phone": _text(item.telephone)[:30],
        "email": _text(item.courriel),
        "contact_name": _text(item.contact_nom_prenom)[:150],
        "updated_on": item.date_maj.isoformat(),
    }


def prepare(files, *, by):
    """Read and check the files; a DirectoryImport to preview, or ImportRefused with every error found."""
    structure_rows, service_rows, names = [], [], []
    for uploaded in files:
        structures, services = read_rows(uploaded)
        structure_rows += structures
        service_rows += services
        names.append(uploaded.name)
    if not structure_rows and not service_rows:
        raise ImportRefused([_("The files hold no structure and no service.")])
    errors = []
    structures = _validate(structure_rows, SchemaStructure, _("Structures"), errors)
    services = _validate(service_rows, SchemaService, _("Services"), errors)
    known = {item.id for item in structures}
    missing = {item.structure_id for item in services} - known
    if missing:
        known |= set(Structure.objects.filter(source_id__in=missing).values_list("source_id", flat=True))
    for item in services:
        if item.structure_id not in known:
            errors.append(
                _(
                    "Services: “%(id)s” belongs to the structure “%(structure)s”, found neither in the file nor in "
                    "the directory."
                )
                % {"id": item.id, "structure": item.structure_id}
            )
    if errors:
        raise ImportRefused(errors[:MAX_ERRORS])
    return DirectoryImport.objects.create(
        file_names=", ".join(names)[:300],
        structures=[_structure_row(item) for item in structures],
        services=[_service_row(item) for item in services],
        created_by=by,
    )


def preview(directory_import):
    """How many structures and services the import creates and updates."""
    structure_ids = [row["source_id"] for row in directory_import.structures]
    service_ids = [row["source_id"] for row in directory_import.services]
    existing_structures = Structure.objects.filter(source_id__in=structure_ids).count()
    existing_services = Service.objects.filter(source_id__in=service_ids).count()
    return {
        "structures_new": len(structure_ids) - existing_structures,
        "structures_updated": existing_structures,
        "services_new": len(service_ids) - existing_services,
        "services_updated": existing_services,
    }


@transaction.atomic
def apply(directory_import):
    """Create or update every structure and service of the import, all or nothing; applying twice does nothing.
    What the coordinators keep by hand (consortium partner, contact person, closed, how to get there, what to
    bring) is never overwritten."""
    locked = DirectoryImport.objects.select_for_update().get(pk=directory_import.pk)
    if locked.status == ImportStatus.APPLIED:
        return False
    structures = {row["source_id"]: row for row in locked.structures}
    by_source_id = {s.source_id: s for s in Structure.objects.filter(source_id__in=structures)}
    for source_id, row in structures.items():
        structure = by_source_id.get(source_id) or Structure(source_id=source_id)
        for field, value in row.items():
            setattr(structure, field, value)
        structure.save()
        by_source_id[source_id] = structure
    needed = {row["structure_source_id"] for row in locked.services} - set(by_source_id)
    by_source_id.update({s.source_id: s for s in Structure.objects.filter(source_id__in=needed)})
    services = {row["source_id"]: row for row in locked.services}
    existing = {s.source_id: s for s in Service.objects.filter(source_id__in=services)}
    for source_id, row in services.items():
        service = existing.get(source_id) or Service(source_id=source_id)
        for field, value in row.items():
            if field == "structure_source_id":
                service.structure = by_source_id[value]
            else:
                setattr(service, field, value)
        service.barrier_categories = barrier_categories_of(service.themes)
        service.save()
    locked.status = ImportStatus.APPLIED
    locked.applied_at = timezone.now()
    locked.save(update_fields=["status", "applied_at"])
    return True
