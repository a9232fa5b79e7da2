"""The duplicate search of an import (many people at once) finds what the one-at-a-time search finds."""

import datetime

import pytest

from tests.youths.factories import YouthFactory
from youths import duplicates

pytestmark = pytest.mark.django_db


def test_the_search_for_many_finds_the_same_candidates_as_one_at_a_time():
    YouthFactory(first_name="Élodie", last_name="Martin", phone="+33612345678")
    YouthFactory(first_name="Moussa", last_name="Koné", birth_date=datetime.date(2004, 2, 1))
    YouthFactory(nickname="Zizou", first_name="", last_name="")
    YouthFactory(first_name="Inès", last_name="Haddad", email="ines.h@example.org")
    YouthFactory(first_name="Rayan", last_name="Diallo")
    identities = [
        {"first_name": "MARTIN", "last_name": "elodie"},
        {"first_name": "Elodie", "last_name": "Martins", "phone": "06 12 34 56 78"},
        {"first_name": "Moussa", "last_name": "Kone", "birth_date": datetime.date(2004, 2, 1)},
        {"nickname": "zizou"},
        {"first_name": "Zizou"},
        {"first_name": "Autre", "last_name": "Personne", "email": "INES.H@example.org"},
        {"first_name": "Rayane", "last_name": "Dialo", "birth_year": 2003},
        {"first_name": "Personne", "last_name": "Inconnue"},
        {},
    ]
    one_at_a_time = [duplicates.find_candidates(**data, limit=3) for data in identities]
    together = duplicates.find_candidates_for_many(identities, limit=3, chunk=4)

    def summary(found):
        return [[(candidate.youth.pk, candidate.score, candidate.reasons) for candidate in row] for row in found]

    assert summary(together) == summary(one_at_a_time)
    assert sum(1 for row in one_at_a_time if row) >= 5  # the comparison is not between empty lists
