"""The PDFs are tagged (PDF/UA-1), so that a screen reader can read them: read back with pypdf."""

import io
import re
import zlib

from pypdf import PdfReader

from reflex.charts import hbar_chart
from reflex.reports.pdf import html_to_pdf


def _objects(pdf):
    """The PDF's bytes with every compressed stream inflated."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(parts)


REPORT = (
    '<html lang="fr"><head><title>Rapport financeur</title></head>'
    "<body><h1>Indicateurs</h1><table><tr><th>Repérés</th></tr><tr><td>3</td></tr></table></body></html>"
)


def test_a_report_pdf_is_tagged_with_its_language_and_title():
    content = _objects(html_to_pdf(REPORT))
    assert b"/StructTreeRoot" in content and b"/Marked true" in content
    assert b"pdfuaid" in content  # declared PDF/UA in its metadata
    assert b"/Lang" in content


def _structure_elements(element, found):
    """Every structure element (H1, Table, TH, TD, Figure…) below `element`, depth first."""
    element = element.get_object()
    if "/S" in element:
        found.append(element)
    kids = element.get("/K")
    if kids is None:
        return found
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict):
            _structure_elements(kid, found)
    return found


def test_pypdf_reads_back_the_structure_tree_the_language_and_the_title():
    reader = PdfReader(io.BytesIO(html_to_pdf(REPORT)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "fr"
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == "Rapport financeur"
    types = [str(element["/S"]) for element in _structure_elements(catalog["/StructTreeRoot"], [])]
    assert "/H1" in types
    assert {"/Table", "/TH", "/TD"} <= set(types)


def test_a_chart_in_a_pdf_is_a_figure_with_an_alternative_text():
    svg = hbar_chart([("Emploi", 3), ("Formation", 5)], title="Sorties par groupe")
    html = f'<html lang="fr"><head><title>Rapport</title></head><body><h1>Sorties</h1><figure>{svg}</figure></body>'
    reader = PdfReader(io.BytesIO(html_to_pdf(html)))
    elements = _structure_elements(reader.trailer["/Root"]["/StructTreeRoot"], [])
    figures = [element for element in elements if element["/S"] == "/Figure"]
    assert [str(figure.get("/Alt", "")) for figure in figures] == ["Sorties par groupe"]
