"""A GeoJSON of the territory's neighbourhoods, checked before it is kept: the map draws it with no map tiles.

Accepted: a FeatureCollection (or a single Feature) of Polygon and MultiPolygon geometries in longitude/latitude
(WGS 84, as data.gouv.fr publishes the QPV outlines), at most MAX_BYTES and MAX_POINTS points. Only the outer ring of
each polygon is kept (holes do not matter for a sketch), with each feature's name (`nom`, `name`, `lib_qp`…).
Anything else is refused with a French message: not JSON, another geometry, coordinates out of range (another
projection such as Lambert 93), too big.
"""

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 2 * 1024 * 1024
MAX_POINTS = 50_000
MAX_AREAS = 500
NAME_KEYS = ("nom", "name", "NOM", "lib_qp", "LIB_QP", "nom_qp", "label")


def _ring(raw):
    if not isinstance(raw, list) or len(raw) < 4:
        raise ValidationError(_("A polygon of the file has fewer than four points."), code="ring")
    ring = []
    for point in raw:
        if not isinstance(point, list) or len(point) < 2 or not all(isinstance(v, int | float) for v in point[:2]):
            raise ValidationError(_("A point of the file is not a pair of numbers."), code="point")
        longitude, latitude = float(point[0]), float(point[1])
        if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
            raise ValidationError(
                _(
                    "The coordinates are not longitudes and latitudes (another projection, such as Lambert 93?): "
                    "export the file in WGS 84 (EPSG:4326)."
                ),
                code="projection",
            )
        ring.append([round(longitude, 6), round(latitude, 6)])
    return ring


def _polygons(geometry):
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if kind == "Polygon" and isinstance(coordinates, list) and coordinates:
        return [_ring(coordinates[0])]
    if kind == "MultiPolygon" and isinstance(coordinates, list) and coordinates:
        return [_ring(polygon[0]) for polygon in coordinates if isinstance(polygon, list) and polygon]
    raise ValidationError(
        _("The file holds other shapes than polygons (%(kind)s): only neighbourhood outlines are drawn.")
        % {"kind": kind or "?"},
        code="geometry",
    )


def parse(content):
    """The areas of a GeoJSON file (bytes): [{"name", "polygons"}]; ValidationError with a French message."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is too big (2 MB at most): simplify the outlines."), code="size")
    try:
        data = json.loads(content)
    except (UnicodeDecodeError, ValueError):
        raise ValidationError(_("The file is not valid GeoJSON."), code="json") from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise ValidationError(_("The file is not valid GeoJSON."), code="json")
    if not data["features"]:
        raise ValidationError(_("The file holds no neighbourhood."), code="empty")
    if len(data["features"]) > MAX_AREAS:
        raise ValidationError(_("The file holds too many areas (500 at most)."), code="areas")
    areas, points = [], 0
    for index, feature in enumerate(data["features"], start=1):
        if not isinstance(feature, dict):
            raise ValidationError(_("The file is not valid GeoJSON."), code="json")
        polygons = _polygons(feature.get("geometry"))
        points += sum(len(ring) for ring in polygons)
        if points > MAX_POINTS:
            raise ValidationError(_("The outlines hold too many points: simplify them."), code="points")
        properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        name = next((str(properties[key]) for key in NAME_KEYS if properties.get(key)), f"#{index}")
        areas.append({"name": name[:100], "polygons": polygons})
    return areas
