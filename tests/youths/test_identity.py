import datetime

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
