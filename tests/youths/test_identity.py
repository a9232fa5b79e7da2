import datetime
import io

import pytest

from youths import identity


def test_names_fold_accents_case_and_order():
    assert identity.name_key("Élodie", "Martin") == identity.name_key("MARTIN", "elodie") == "elodie martin"
    assert identity.fold("  Jean-Éric  d'Arc ") == "jean eric d arc"
    assert identity.nickname_key("Petit Mo") == "petitmo"


def test_french_phone_numbers_share_one_key():
    expected = "+33612345678"
    for raw in ["06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "06.12.34.56.78", "+33612345678"]:
        assert identity.phone_key(raw) == expected, raw
    assert identity.phone_key("12") == ""
    assert identity.phone_key("06 12") == ""
    assert identity.format_phone("+33612345678") == "06 12 34 56 78"


def test_phone_search_prefix():
    assert identity.phone_search_prefix("06 12 34") == "+3361234"
    assert identity.phone_search_prefix("+33 6 12") == "+33612"
    assert identity.phone_search_prefix("Martin") == ""


def test_email_key_and_ages():
    assert identity.email_key(" Jean.Dupont@Mail.FR ") == "jean.dupont@mail.fr"
    day = datetime.date(2026, 3, 1)
    assert identity.age_on(day, birth_date=datetime.date(2008, 3, 2)) == 17
    assert identity.age_on(day, birth_date=datetime.date(2008, 3, 1)) == 18
    assert identity.age_on(day, birth_year=2008) == 18
    assert identity.age_on(day) is None


@pytest.mark.django_db
def test_keys_follow_every_save_and_the_command_repairs_bulk_loaded_rows():
    from django.core.management import call_command

    from youths.models import Youth

    youth = Youth.objects.create(first_name="Élodie", last_name="MARTIN", phone="06 12 34 56 78")
    assert (youth.name_key, youth.phone_key, youth.last_name_key) == ("elodie martin", "+33612345678", "martin")
    youth.phone = ""
    youth.save(update_fields=["phone"])
    youth.refresh_from_db()
    assert youth.phone_key == "" and youth.version == 2
    Youth.objects.bulk_create([Youth(nickname="Petit Mo", email="MO@X.FR")])
    call_command("refresh_funnel", stdout=io.StringIO())  # bulk loads skip the signals: the funnel too
    call_command("refresh_youth_keys", stdout=io.StringIO())
    loaded = Youth.objects.get(nickname="Petit Mo")
    assert (loaded.nickname_key, loaded.email_key) == ("petitmo", "mo@x.fr")
    assert list(Youth.objects.search("petit").values_list("pk", flat=True)) == [loaded.pk]  # the stored copies too
