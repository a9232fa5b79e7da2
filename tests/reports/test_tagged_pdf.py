"""The PDFs are tagged (PDF/UA-1), so that a screen reader can read them."""

import re
import zlib

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


def test_a_report_pdf_is_tagged_with_its_language_and_title():
    pdf = html_to_pdf(
        '<html lang="fr"><head><title>Rapport financeur</title></head>'
        "<body><h1>Indicateurs</h1><table><tr><th>Repérés</th></tr><tr><td>3</td></tr></table></body></html>"
    )
    content = _objects(pdf)
    assert b"/StructTreeRoot" in content and b"/Marked true" in content
    assert b"pdfuaid" in content  # declared PDF/UA in its metadata
    assert b"/Lang" in content
