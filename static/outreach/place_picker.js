// Place form: a click on the drawing of the territory fills in the latitude and longitude (the inverse of
// outreach/place_map.py's projection, whose parameters the <svg> carries). No map tiles, no third party.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var svg = event.target.closest && event.target.closest("svg[data-place-picker]");
    if (!svg) { return; }
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var local = point.matrixTransform(svg.getScreenCTM().inverse());
    var d = svg.dataset;
    var margin = parseFloat(d.margin), scale = parseFloat(d.scale);
    var longitude = parseFloat(d.west) + (local.x - margin) / (parseFloat(d.shrink) * scale);
    var latitude = parseFloat(d.north) - (local.y - margin) / scale;
    var latInput = document.getElementById("id_latitude");
    var lonInput = document.getElementById("id_longitude");
    if (!latInput || !lonInput) { return; }
    latInput.value = latitude.toFixed(6);
    lonInput.value = longitude.toFixed(6);
    var marker = svg.querySelector("[data-place-marker]");
    if (!marker) {
      marker = document.createElementNS("http://www.w3.org/2000/svg", "circle");
      marker.setAttribute("r", "4");
      marker.setAttribute("fill", "#0d6efd");
      marker.setAttribute("data-place-marker", "");
      svg.appendChild(marker);
    }
    marker.setAttribute("cx", local.x.toFixed(1));
    marker.setAttribute("cy", local.y.toFixed(1));
  });
}());
