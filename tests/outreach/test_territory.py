"""The neighbourhoods' outlines: a checked GeoJSON import (coordinators), drawn under the places with no map tiles."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outreach import place_map
from outreach.models import TerritoryOutline
from tests.submission_tokens import with_token

SQUARE = [[5.70, 45.17], [5.72, 45.17], [5.72, 45.19], [5.70, 45.19], [5.70, 45.17]]


def _geojson(*geometries, name="Mistral"):
    features = [{"type": "Feature", "properties": {"nom": name}, "geometry": geometry} for geometry in geometries]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _upload(client, content, filename="quartiers.geojson"):
    return client.post(
        reverse("outreach:territory_upload"),
        with_token(name="QPV", file=SimpleUploadedFile(filename, content, content_type="application/geo+json")),
    )


def test_a_coordinator_imports_outlines_drawn_under_the_places(coordinator_client, professional_client):
    multi = {"type": "MultiPolygon", "coordinates": [[SQUARE], [[[p[0] + 0.05, p[1]] for p in SQUARE]]]}
    assert _upload(professional_client, _geojson({"type": "Polygon", "coordinates": [SQUARE]})).status_code == 403
    response = _upload(coordinator_client, _geojson({"type": "Polygon", "coordinates": [SQUARE]}, multi))
    assert response.status_code == 302
    outline = TerritoryOutline.objects.get()
    assert [area["name"] for area in outline.areas] == ["Mistral", "Mistral"]
    assert [len(area["polygons"]) for area in outline.areas] == [1, 2]
    page = coordinator_client.get(reverse("outreach:schedule")).content.decode()
    assert page.count('<path d="M') == 2 and "<title>Mistral</title>" in page


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{not json", "n’est pas un GeoJSON valide"),
        (_geojson({"type": "Point", "coordinates": [5.7, 45.1]}), "d’autres formes que des polygones (Point)"),
        (
            _geojson(
                {
                    "type": "Polygon",
                    "coordinates": [[[913000, 6458000], [914000, 6458000], [914000, 6459000], [913000, 6458000]]],
                }
            ),
            "une autre projection, comme le Lambert 93",
        ),
        (b" " * (2 * 1024 * 1024 + 1), "trop gros"),
        (json.dumps({"type": "FeatureCollection", "features": []}).encode(), "aucun quartier"),
    ],
)
def test_bad_files_are_refused_with_a_french_message(coordinator_client, content, message):
    response = _upload(coordinator_client, content)
    assert response.status_code == 400 and message in response.content.decode()
    assert not TerritoryOutline.objects.exists()


def test_the_drawing_keeps_places_and_outlines_in_one_frame():
    drawing = place_map.layout(
        [{"place_id": 1, "name": "Gare", "latitude": 45.18, "longitude": 5.71, "value": 2.0, "sessions": 3}],
        [{"name": "Mistral", "polygons": [SQUARE]}],
    )
    [point] = drawing["points"]
    assert 36 <= point["x"] <= 604 and 36 <= point["y"] <= 384 and point["r"] == 20
    assert drawing["areas"][0]["d"].startswith("M") and drawing["areas"][0]["d"].endswith("Z")


def test_the_demo_outlines_pass_the_import_checks():
    from pathlib import Path

    import outreach
    from outreach import territory

    content = (Path(outreach.__file__).parent / "demo_data" / "quartiers-demo.geojson").read_bytes()
    assert len(territory.parse(content)) == 8


def test_the_place_form_offers_the_drawing_to_place_it_by_a_click(coordinator_client):
    from .factories import PlaceFactory

    PlaceFactory(name="Gare", latitude="45.18", longitude="5.71")
    TerritoryOutline.objects.create(name="QPV", areas=[{"name": "Mistral", "polygons": [SQUARE]}])
    page = coordinator_client.get(reverse("outreach:place_create")).content.decode()
    assert "data-place-picker" in page and "place_picker.js" in page
    west = float(page.split('data-west="')[1].split('"')[0])
    north = float(page.split('data-north="')[1].split('"')[0])
    assert (west, north) == (5.7, 45.19)  # the frame holds the outline and the places; the script inverts it
