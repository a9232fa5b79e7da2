"""A drawing of the places from their coordinates, over the territory's outlines if imported (outreach.territory),
with no map tiles (no third party sees where the team goes).

An equirectangular projection around the mean latitude (a town or a department is small enough for the distortion
not to matter); circles sized by the square root of the value (area ∝ value). The template draws it.
"""

import math

WIDTH, HEIGHT, MARGIN = 640, 420, 36
MIN_RADIUS, MAX_RADIUS = 4, 20


def layout(points, areas=()):
    """points: [{"place_id", "name", "latitude", "longitude", "value" (None: no evidence), …}] → the same dicts with
    x, y and r; areas: [{"name", "polygons"}] → [{"name", "d"}] (SVG paths); and the drawing's size. Places without
    coordinates are left out."""
    placed = [point for point in points if point["latitude"] is not None and point["longitude"] is not None]
    coordinates = [(float(point["longitude"]), float(point["latitude"])) for point in placed]
    coordinates += [(lon, lat) for area in areas for ring in area["polygons"] for lon, lat in ring]
    if not coordinates:
        return {"points": [], "areas": [], "width": WIDTH, "height": HEIGHT}
    lons, lats = [lon for lon, _lat in coordinates], [lat for _lon, lat in coordinates]
    shrink = math.cos(math.radians(sum(lats) / len(lats)))
    west, north = min(lons), max(lats)
    span_x = max((max(lons) - west) * shrink, 1e-6)
    span_y = max(north - min(lats), 1e-6)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)

    def project(lon, lat):
        return round(MARGIN + (lon - west) * shrink * scale, 1), round(MARGIN + (north - lat) * scale, 1)

    top = max((point["value"] or 0) for point in placed) if placed else 1
    drawn = []
    for point in placed:
        value = point["value"]
        radius = MIN_RADIUS if not value else MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(value / (top or 1))
        x, y = project(float(point["longitude"]), float(point["latitude"]))
        drawn.append({**point, "x": x, "y": y, "r": round(radius, 1)})
    outlines = []
    for area in areas:
        paths = []
        for ring in area["polygons"]:
            steps = [project(lon, lat) for lon, lat in ring]
            paths.append("M" + " L".join(f"{x},{y}" for x, y in steps) + " Z")
        outlines.append({"name": area["name"], "d": " ".join(paths)})
    frame = {"west": west, "north": north, "shrink": shrink, "scale": scale, "margin": MARGIN}
    return {"points": drawn, "areas": outlines, "width": WIDTH, "height": HEIGHT, "frame": frame}
