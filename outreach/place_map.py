"""A drawing of the places from their coordinates, with no map tiles (no third party sees where the team goes).

An equirectangular projection around the places' mean latitude (a town or a department is small enough for the
distortion not to matter); circles sized by the square root of the value (area ∝ value). The template draws it.
"""

import math

WIDTH, HEIGHT, MARGIN = 640, 420, 36
MIN_RADIUS, MAX_RADIUS = 4, 20


def layout(points):
    """points: [{"place_id", "name", "latitude", "longitude", "value" (None: no evidence), …}] → the same dicts with
    x, y and r, and the drawing's size; places without coordinates are left out."""
    placed = [point for point in points if point["latitude"] is not None and point["longitude"] is not None]
    if not placed:
        return {"points": [], "width": WIDTH, "height": HEIGHT}
    lats = [float(point["latitude"]) for point in placed]
    lons = [float(point["longitude"]) for point in placed]
    shrink = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * shrink, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    top = max((point["value"] or 0) for point in placed) or 1
    drawn = []
    for point, lat, lon in zip(placed, lats, lons, strict=True):
        value = point["value"]
        radius = MIN_RADIUS if not value else MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(value / top)
        drawn.append(
            {
                **point,
                "x": round(MARGIN + (lon - min(lons)) * shrink * scale, 1),
                "y": round(MARGIN + (max(lats) - lat) * scale, 1),
                "r": round(radius, 1),
            }
        )
    return {"points": drawn, "width": WIDTH, "height": HEIGHT}
