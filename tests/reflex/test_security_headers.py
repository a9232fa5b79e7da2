"""HTTP headers: Content-Security-Policy with a nonce, no inline script, no-store on signed-in pages."""

import re

from django.urls import reverse


def csp(response):
    return dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))


def test_pages_carry_a_strict_csp_with_a_fresh_nonce(coordinator_client, programme):
    first, second = coordinator_client.get("/"), coordinator_client.get("/")
    policy = csp(first)
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert f'nonce="{nonce}"' in first.content.decode()
    assert csp(second)["script-src"] != policy["script-src"]


def test_the_login_page_has_the_policy_too(client, db):
    assert "default-src 'self'" in client.get(reverse("login")).headers["Content-Security-Policy"]


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client, db):
    content = client.get(reverse("login")).content.decode()
    assert '"includeIndicatorStyles": false' in content
    assert '"allowEval": false' in content


def inline_code(content):
    """Inline <script> without src, and on…= event handler attributes: what the CSP would block."""
    scripts = [tag for tag in re.findall(r"<script\b[^>]*>", content) if "src=" not in tag]
    handlers = re.findall(r"<[^>]+\son[a-z]+\s*=", content)
    return scripts + handlers


def test_pages_hold_no_inline_script(client, coordinator_client, programme):
    pages = [client.get(reverse("login"))]
    pages += [coordinator_client.get(url) for url in ["/", "/consortium/programme/", reverse("audit:journal")]]
    for response in pages:
        assert inline_code(response.content.decode()) == []


def test_signed_in_pages_are_never_stored(coordinator_client, programme):
    response = coordinator_client.get(reverse("audit:journal"))
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_frames_are_denied(client, db):
    assert client.get(reverse("login")).headers["X-Frame-Options"] == "DENY"
