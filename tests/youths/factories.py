import datetime

import factory

from youths.models import Youth


class YouthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Youth

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = "Dupont"
    birth_date = datetime.date(2005, 3, 14)
    first_contact_on = datetime.date(2026, 3, 2)

    class Params:
        # Identified: notice given, a first name and a way to reach them.
        identified = factory.Trait(
            phone="06 12 34 56 78",
            information_notice_given_on=datetime.date(2026, 3, 9),
        )
        shared = factory.Trait(shares_with_consortium=True)
        partial = factory.Trait(first_name="", last_name="", nickname="Zizou", birth_date=None, birth_year=2006)
