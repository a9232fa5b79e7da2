"""The figures on a hand-computed case: orientations, acceptance rate, median days identified → lifted."""

import datetime

from django.utils import timezone

from accompaniment.enums import BarrierCategory
from orientation import figures
from orientation.enums import OrientationStatus
from tests.accompaniment.factories import BarrierFactory

from .factories import OrientationFactory, ServiceFactory, StructureFactory


def _barrier(category, identified_days_ago, lifted_after=None):
    today = timezone.localdate()
    identified_on = today - datetime.timedelta(days=identified_days_ago)
    if lifted_after is None:
        return BarrierFactory(category=category, identified_on=identified_on)
    return BarrierFactory(
        category=category,
        identified_on=identified_on,
        status="lifted",
        lifted_on=identified_on + datetime.timedelta(days=lifted_after),
    )


def test_figures_by_category_and_structure(db):
    permis = ServiceFactory(structure=StructureFactory(name="Plateforme mobilité"))
    garage = ServiceFactory(structure=StructureFactory(name="Garage solidaire"))
    # Mobility barriers lifted in 10, 20 and 40 days, one still open: median of (10, 20, 40) = 20.
    lifted_10 = _barrier("mobility", 100, lifted_after=10)
    lifted_20 = _barrier("mobility", 100, lifted_after=20)
    lifted_40 = _barrier("mobility", 100, lifted_after=40)
    still_open = _barrier("mobility", 50)
    # Housing: two lifted barriers, 5 and 8 days: median 6.5; no orientation.
    _barrier("housing", 60, lifted_after=5)
    _barrier("housing", 60, lifted_after=8)

    def orient(barrier, service, status):
        OrientationFactory(
            barrier=barrier,
            service=service,
            oriented_on=barrier.identified_on,
            expected_answer_on=barrier.identified_on,
            status=status,
            decline_reason="Complet" if status == OrientationStatus.DECLINED else "",
        )

    orient(lifted_10, permis, OrientationStatus.DONE)
    orient(lifted_40, permis, OrientationStatus.ACCEPTED)
    orient(lifted_20, permis, OrientationStatus.DECLINED)
    orient(lifted_20, garage, OrientationStatus.DONE)
    orient(still_open, garage, OrientationStatus.SENT)

    rows = {str(row["label"]): row for row in figures.by_barrier_category()}
    # 5 mobility orientations, 4 answered of which 3 taken up: 75 %.
    mobility = rows[str(BarrierCategory.MOBILITY.label)]
    assert (mobility["orientations"], mobility["acceptance_rate"]) == (5, 75)
    assert (mobility["lifted"], mobility["median_days"]) == (3, 20)
    housing = rows[str(BarrierCategory.HOUSING.label)]
    assert (housing["orientations"], housing["acceptance_rate"], housing["median_days"]) == (0, None, 6.5)

    by_structure = {row["label"]: row for row in figures.by_structure()}
    # Plateforme: 3 orientations, all answered, 2 taken up: 67 %; its lifted barriers 10 and 40 days: median 25.
    assert (
        by_structure["Plateforme mobilité"]["orientations"],
        by_structure["Plateforme mobilité"]["acceptance_rate"],
    ) == (3, 67)
    assert by_structure["Plateforme mobilité"]["median_days"] == 25
    # Garage: 2 orientations, 1 answered and taken up: 100 %; lifted barrier of 20 days.
    assert (by_structure["Garage solidaire"]["acceptance_rate"], by_structure["Garage solidaire"]["median_days"]) == (
        100,
        20,
    )


def test_figures_page_names_nobody(professional_client, barrier, partner_service):
    OrientationFactory(barrier=barrier, service=partner_service)
    page = professional_client.get("/orientation/chiffres/").content.decode()
    assert partner_service.structure.name in page
    assert barrier.pathway.youth.first_name not in page
    assert professional_client.get("/orientation/chiffres/").context["by_category"]
