import datetime
import random

import pytest

from reflex.demo import DemoContext
from youths.models import Youth

TODAY = datetime.date(2026, 11, 25)


@pytest.mark.django_db
def test_the_demo_records_nobody_met_in_the_future_duplicates_included():
    from partners import demo as partners_demo
    from youths import demo as youths_demo
    from youths import funnel

    for module in (partners_demo, youths_demo):
        context = DemoContext(scale=10, today=TODAY)
        context.rng = random.Random(f"2026-{module.__name__}")
        module.seed(context)
    funnel.refresh()  # as seed_all does after the bulk writes
    assert Youth.objects.count() > 100
    assert not Youth.objects.filter(first_contact_on__gt=TODAY).exists()
