from django.urls import reverse


def nav_links(response):
    import re

    nav = response.content.decode().split('id="main-nav"')[1].split("</ul>")[0]
    return set(re.findall(r'href="([^"]+)"', nav))


def test_coordinator_sees_every_area(coordinator_client, programme):
    links = nav_links(coordinator_client.get("/"))
    assert {
        reverse("youths:list"),
        reverse("outreach:index"),
        reverse("accompaniment:index"),
        reverse("reports:index"),
        reverse("partners:programme"),
    } <= links


def test_professional_sees_field_work_but_not_settings(professional_client, programme):
    links = nav_links(professional_client.get("/"))
    assert reverse("youths:list") in links
    assert reverse("outreach:index") in links
    assert reverse("partners:programme") not in links


def test_funder_sees_only_reports(funder_client):
    links = nav_links(funder_client.get(reverse("reports:index")))
    assert links == {reverse("reports:index")}


def test_pages_speak_french_by_default(coordinator_client, programme):
    content = coordinator_client.get("/").content.decode()
    assert 'lang="fr"' in content
    assert "Jeunes" in content


def test_english_is_available(coordinator_client, programme):
    coordinator_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = coordinator_client.get("/").content.decode()
    assert 'lang="en"' in content
    assert "Young people" in content


def test_an_english_browser_still_gets_french_until_the_user_chooses(coordinator_client, programme):
    content = coordinator_client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="fr"' in content
