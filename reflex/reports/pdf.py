"""The one PDF pipeline: a Django HTML template rendered to a string, turned into PDF by WeasyPrint."""

import functools
import ssl

from django.conf import settings
from django.template.loader import render_to_string


def render_html(template_name, context):
    return render_to_string(template_name, context)


def html_to_pdf(html):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Everything the templates need is inline (styles, SVG charts, logos as data URIs): nothing else is fetched.
    fetcher = URLFetcher(allowed_protocols={"data"}, ssl_context=_ssl_context())
    # Tagged (PDF/UA-1): headings, tables and reading order reach a screen reader; the templates give the language
    # and the title it needs.
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")


@functools.cache
def _ssl_context():
    """The default (verifying) SSL context, made once per process: a fetcher otherwise builds its own for every PDF,
    loading the system's certificates (about 50 ms), although it only ever reads data URIs."""
    return ssl.create_default_context()


def logo_data_uri(organisation):
    """A partner's logo inlined as a data URI, made small once (partners.logos), or None when it has none."""
    from partners.logos import pdf_data_uri

    return pdf_data_uri(organisation)
