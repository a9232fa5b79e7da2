"""Every date the application accepts lies between 1900 and 2100, whatever form or address carries it."""

import importlib
import inspect

import pytest
from django import forms
from django.urls import reverse

from reflex.date_range import BoundedDates
from tests.submission_tokens import with_token

FORM_MODULES = [
    "accompaniment.forms",
    "outreach.forms",
    "partners.forms",
    "reflex.audit.forms",
    "reflex.reports.forms",
    "reflex.privacy.forms",
    "youths.forms",
]


def project_forms():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def test_every_form_with_a_date_field_bounds_it():
    with_dates = [
        cls
        for cls in project_forms()
        if any(isinstance(field, (forms.DateField, forms.DateTimeField)) for field in cls.base_fields.values())
    ]
    assert len(with_dates) >= 10
    assert [cls.__qualname__ for cls in with_dates if not issubclass(cls, BoundedDates)] == []


OUT_OF_RANGE = ["9999-12-31", "0001-01-01", "2101-01-01", "1899-12-31"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_dates_in_addresses_never_give_a_500(coordinator_client, programme, value):
    pages = [
        (reverse("outreach:index"), {"semaine": value}),
        (reverse("outreach:month"), {"mois": value[:7]}),
        (reverse("outreach:session_create"), {"date": value}),
        (reverse("outreach:analytics"), {"start": value, "end": value}),
        (reverse("outreach:analytics"), {"start": "2026-01-01", "end": value}),
        (reverse("audit:journal"), {"start": value, "end": value}),
        (reverse("reports:indicators"), {"start": value, "end": value}),
        (reverse("reports:indicators"), {"start": "2026-01-01", "end": value}),
    ]
    for url, params in pages:
        response = coordinator_client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)


MESSAGE = "Indiquez une date entre le 01/01/1900 et le 31/12/2100."


@pytest.mark.django_db
def test_the_planning_says_an_address_date_is_out_of_range(coordinator_client, programme):
    response = coordinator_client.get(reverse("outreach:index"), {"semaine": "9999-12-31"}, follow=True)
    assert "hors de la période du planning" in response.content.decode()
    assert "hors de la période" not in coordinator_client.get(reverse("outreach:index")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_a_session_planned_out_of_range_gets_a_french_message(professional_client, professional, value):
    from outreach.models import OutreachSession
    from tests.outreach.factories import PlaceFactory

    data = {
        "date": value,
        "start_time": "14:00",
        "end_time": "17:00",
        "place": PlaceFactory().pk,
        "mode": "truck",
        "staff": [professional.pk],
    }
    response = professional_client.post(reverse("outreach:session_create"), with_token(data))
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [MESSAGE]
    assert MESSAGE in response.content.decode()
    series = {**data, "date": "2026-12-02", "repeat": "on", "interval_weeks": "1", "until": value}
    response = professional_client.post(reverse("outreach:session_create"), with_token(series))
    assert response.status_code == 200 and response.context["form"].errors["until"]
    assert not OutreachSession.objects.exists()


@pytest.mark.django_db
def test_a_birth_date_out_of_range_gets_a_french_message(coordinator_client, programme):
    response = coordinator_client.post(
        reverse("youths:create"),
        with_token({"first_name": "Léa", "birth_date": "0001-01-01", "first_contact_on": "2026-03-01"}),
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_every_admin_form_with_a_date_field_bounds_it(rf, coordinator):
    from django.contrib import admin

    from reflex.date_range import DATE_FIELDS, validate_in_range

    coordinator.is_superuser = coordinator.is_staff = True
    request = rf.get("/admin/")
    request.user = coordinator
    checked, unbounded = [], []
    ours = {"partners", "youths", "outreach", "accompaniment", "reports", "audit", "privacy"}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ours:
            continue  # third-party admins (django-otp's devices, axes) are theirs
        form = model_admin.get_form(request)()
        for name, field in form.fields.items():
            if isinstance(field, DATE_FIELDS):
                checked.append(f"{model._meta.label}.{name}")
                if validate_in_range not in field.validators:
                    unbounded.append(f"{model._meta.label}.{name}")
    assert {"outreach.OutreachSession.date", "partners.Programme.start_date"} <= set(checked), checked
    assert unbounded == []
