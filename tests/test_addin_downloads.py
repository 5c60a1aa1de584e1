"""Reports waiting for download: in memory, behind an unguessable link, gone when their time is up."""

from __future__ import annotations

import pytest
from addin_support import addin, client

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


class Klok:
    def __init__(self) -> None:
        self.nu = 1000.0

    def __call__(self) -> float:
        return self.nu


def winkel(ttl=600, max_bytes=10_000):
    addin()
    from xltoolkit.addin.downloads import DownloadStore

    klok = Klok()
    return DownloadStore(ttl, max_bytes, clock=klok), klok


def test_a_file_is_there_until_its_time_is_up_and_then_deleted():
    store, klok = winkel(ttl=600)
    item = store.bewaar("rapport.docx", b"PK word")
    assert store.haal(item.token).data == b"PK word"
    klok.nu += 599
    assert store.haal(item.token) is not None
    klok.nu += 1
    assert store.haal(item.token) is None and len(store) == 0


def test_links_are_unguessable_and_distinct():
    store, _ = winkel()
    tokens = {store.bewaar("r.docx", b"x").token for _ in range(50)}
    assert len(tokens) == 50 and all(len(t) >= 43 for t in tokens)  # 32 random bytes, base64url


def test_memory_is_bounded_oldest_first():
    store, _ = winkel(max_bytes=100)
    first = store.bewaar("a.docx", b"a" * 60)
    second = store.bewaar("b.docx", b"b" * 60)
    assert store.haal(first.token) is None and store.haal(second.token) is not None
    with pytest.raises(ValueError):
        store.bewaar("c.docx", b"c" * 101)


def test_a_name_cannot_reach_another_folder_or_break_the_header():
    from xltoolkit.addin.downloads import veilige_naam

    assert veilige_naam("../../etc/passwd") == "passwd"
    assert veilige_naam('C:\\map\\Rapport "2024".docx') == "Rapport 2024.docx"
    assert veilige_naam("\r\n") == "rapport"


def test_the_download_route_serves_the_file_then_says_it_expired(monkeypatch):
    from xltoolkit.addin.downloads import store

    webapp, settings = addin()
    web = client()
    klok = Klok()
    monkeypatch.setattr(store(), "_clock", klok)
    item = store().bewaar("Verantwoording Ñandú.pdf", b"%PDF-1.7 test")
    path = f"/passend-onderwijs/download/{item.token}"
    response = web.get(path)
    assert response.status_code == 200 and response.content == b"%PDF-1.7 test"
    assert response.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''Verantwoording%20%C3%91and%C3%BA.pdf" in response.headers["content-disposition"]
    assert response.headers["cache-control"].startswith("no-store") and response.headers["referrer-policy"] == "no-referrer"
    klok.nu += settings.download_seconds
    gone = web.get(path)
    assert gone.status_code == 404 and "verwijderd" in gone.text and "Rapport genereren" in gone.text
    assert store().haal(item.token) is None
    assert web.get("/passend-onderwijs/download/bestaat-niet").status_code == 404


def test_the_link_is_the_key_even_with_sign_in_on(monkeypatch):
    from xltoolkit.addin.downloads import store

    _, settings = addin()
    monkeypatch.setattr(settings, "auth_providers", ["entraid"])
    item = store().bewaar("r.docx", b"PK")
    assert client().get(f"/passend-onderwijs/download/{item.token}").status_code == 200


def test_the_scripts_keep_nothing(example_workbooks):
    from xltoolkit.addin.downloads import store

    from xltoolkit.excel.payload import book_payload

    web = client()
    before = len(store())
    for script in ("valideren", "reconciliatie"):
        assert web.post(f"/xlwings/custom-scripts-call/{script}", json=book_payload(example_workbooks["004_kom_leren"])).status_code == 200
    assert len(store()) == before
