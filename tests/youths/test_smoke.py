from tests.youths.factories import YouthFactory


def test_pages_render(coordinator_client, programme):
    youth = YouthFactory(identified=True)
    assert coordinator_client.get("/jeunes/").status_code == 200
    assert coordinator_client.get(f"/jeunes/{youth.pk}/").status_code == 200
    assert coordinator_client.get(f"/jeunes/{youth.pk}/modifier/").status_code == 200
    assert coordinator_client.get("/jeunes/nouveau/").status_code == 200
    assert coordinator_client.get(f"/jeunes/{youth.pk}/fusionner/").status_code == 200
    assert coordinator_client.get("/jeunes/recherche/?q=pr").status_code == 200
    assert coordinator_client.get("/jeunes/export.csv").status_code == 200
