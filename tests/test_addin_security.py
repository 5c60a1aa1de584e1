"""The add-in's server as an attacker sees it: no file outside its own folders is ever served, in
any encoding, through the app and through a real server on 127.0.0.1; Samenvoegen is refused on the
server (not only hidden in the ribbon) when it is switched off and to anyone who is not SWV staff."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from addin_support import addin, client
from conftest import REPO, copy_examples
from excel_actions import apply_actions

from xltoolkit.excel.payload import book_payload
from xltoolkit.io.swv_workbook import NAMEN, swv_filename
from xltoolkit.io.xlsx import ref_to_rowcol

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

SCRIPT = "/xlwings/custom-scripts-call/"
NINE_UP = "%2e%2e/" * 9

# Every way seen or plausible to climb out of /static: plain and encoded dots, double encoding,
# backslashes (a separator on Windows), absolute paths, NUL, drive letters. Each names a file that
# exists outside the static folder, so a 200 would be a leak.
TRAVERSALS = [
    "/static/../config.py",
    "/static/%2e%2e/config.py",
    "/static/%2E%2E/config.py",
    "/static/.%2e/config.py",
    "/static/%2e./config.py",
    "/static/..%2fconfig.py",
    "/static/%2e%2e%2fconfig.py",
    "/static/%252e%252e/config.py",
    "/static/%252e%252e%252fconfig.py",
    "/static/%25252e%25252e/config.py",
    "/static/..%5cconfig.py",
    "/static/%2e%2e%5cconfig.py",
    "/static/..\\config.py",
    "/static/js/%2e%2e/%2e%2e/config.py",
    f"/static/{NINE_UP}etc/passwd",
    f"/static/{NINE_UP}proc/self/environ",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/%2f%2e%2e%2fconfig.py",
    "/static/%00../config.py",
    "/static/C:%5cWindows%5cwin.ini",
    "/static/./../config.py",
]
SECRETS = (b"xlwings Server hook", b"root:x:0:0", b"PATH=", b"XLWINGS_")


def leaked(body: bytes) -> bool:
    return any(secret in body for secret in SECRETS)


@pytest.mark.parametrize("environment", ["dev", "prod"])
@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_leaves_the_static_folder(path, environment, monkeypatch):
    _, settings = addin()
    monkeypatch.setattr(settings, "environment", environment)
    response = client().get(path)
    assert response.status_code in (400, 404), (path, response.status_code)
    assert not leaked(response.content), path


@pytest.mark.parametrize("path", TRAVERSALS)
def test_the_static_lookup_refuses_on_its_own(path):
    """The second wall: xlwings Server's app without our path guard in front still serves nothing
    outside its folders, because the static lookup itself is contained."""
    from starlette.testclient import TestClient

    webapp, _ = addin()
    response = TestClient(webapp.fastapi_app, client=("127.0.0.1", 1), raise_server_exceptions=False).get(path)
    assert response.status_code in (400, 404), (path, response.status_code)
    assert not leaked(response.content), path


def test_the_task_pane_files_are_still_served():
    web = client()
    response = web.get("/static/js/passend-onderwijs.js")
    assert response.status_code == 200 and b"passendOnderwijs" in response.content
    assert web.get("/taskpane.html").status_code == 200


def test_a_link_out_of_a_static_folder_is_not_followed(tmp_path):
    """A symbolic link inside a served folder that points outside it serves nothing, in the user
    folder (xlwings Server's override) and in the package folder alike."""
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.testclient import TestClient
    from xltoolkit.addin.security import contain_static_files
    from xlwings_server.main import OverridableStaticFiles

    secret = tmp_path / "geheim.txt"
    secret.write_text("root:x:0:0 geheim")
    user, package = tmp_path / "user", tmp_path / "package"
    for folder in (user, package):
        folder.mkdir()
        (folder / "link.txt").symlink_to(secret)
        (folder / "sub").symlink_to(tmp_path)
    (user / "eigen.js").write_text("// eigen")
    (package / "pakket.js").write_text("// pakket")
    app = Starlette(routes=[Mount("/static", OverridableStaticFiles(package_directory=package, user_directory=user))])
    assert contain_static_files(app) == 1
    web = TestClient(app)
    assert web.get("/static/eigen.js").text == "// eigen"
    assert web.get("/static/pakket.js").text == "// pakket"
    for path in ("/static/link.txt", "/static/sub/geheim.txt", "/static/%2e%2e/geheim.txt"):
        response = web.get(path)
        assert response.status_code == 404 and b"geheim" not in response.content, path


# -- A real server on 127.0.0.1: the bytes on the wire, no client normalising the path ------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raw_get(port: int, path: str) -> tuple[int, bytes]:
    """GET exactly this path: http.client sends it as given (no dot-segment removal)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def start_server(port: int, dev: bool, tmp_path: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env["XLWINGS_LICENSE_KEY"] = "noncommercial"
    if not dev:  # production with Entra ID configured; the requests below carry no token
        env.update({"XLWINGS_AUTH_PROVIDERS": '["entraid"]',
                    "XLWINGS_AUTH_ENTRAID_CLIENT_ID": "11111111-2222-3333-4444-555555555555",
                    "XLWINGS_AUTH_ENTRAID_TENANT_ID": "aaaaaaaa-0000-0000-0000-000000000001"})
    command = [sys.executable, "-m", "xltoolkit.addin", "--port", str(port)] + (["--dev"] if dev else [])
    return subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.parametrize("dev", [True, False], ids=["dev", "prod"])
def test_a_real_server_serves_nothing_outside_its_folders(tmp_path, dev):
    port = free_port()
    server = start_server(port, dev, tmp_path)
    try:
        for _ in range(150):
            try:
                status, body = raw_get(port, "/static/js/passend-onderwijs.js")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.2)
        assert status == 200 and b"passendOnderwijs" in body
        for path in TRAVERSALS:
            status, body = raw_get(port, path)
            assert status in (400, 404), (path, status)
            assert not leaked(body), path
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)


# -- Samenvoegen belongs to the SWV ---------------------------------------------------------------

@pytest.fixture
def swv_folder(tmp_path, example_workbooks, monkeypatch):
    """The server's one Samenvoegen folder, holding the boards' workbooks."""
    _, settings = addin()
    root = tmp_path / "swv"
    copy_examples(example_workbooks, root / "ingeleverd")
    monkeypatch.setattr(settings, "samenvoegen_map", str(root))
    return root


def swv_payload(root: Path, overzicht: str = "overzicht.xlsx") -> dict:
    """The SWV workbook as Excel on the web sends it, its folder and overview typed in."""
    payload = book_payload(REPO / "workbook" / swv_filename())
    names = {n["name"]: n for n in payload["names"]}
    for key, value in (("map", str(root / "ingeleverd")), ("overzicht", str(root / overzicht))):
        name = names[NAMEN[key]]
        r, c = ref_to_rowcol(name["address"])
        payload["sheets"][name["sheet_index"]]["values"][r - 1][c - 1] = value
    return payload


@pytest.fixture
def signed_in(monkeypatch):
    """Entra ID on, and a token whose claims the test sets (signature checks are xlwings Server's)."""
    from xlwings_server import models
    from xlwings_server.auth import entraid as entraid_module

    _, settings = addin()
    monkeypatch.setattr(settings, "environment", "prod")
    monkeypatch.setattr(settings, "auth_providers", ["entraid"])
    monkeypatch.setattr(settings, "auth_entraid_client_id", "11111111-2222-3333-4444-555555555555")
    monkeypatch.setattr(settings, "auth_entraid_tenant_id", "aaaaaaaa-0000-0000-0000-000000000001")
    claims: dict = {"oid": "b0a7d-1", "name": "Controller", "preferred_username": "controller@bestuur.nl", "roles": []}

    async def token(token_string):
        return models.User(claims=dict(claims))

    monkeypatch.setattr(entraid_module, "validate_token", token)
    return claims


def merge_call(payload: dict):
    return client().post(SCRIPT + "samenvoegen", json=payload, headers={"Authorization": "Bearer x"})


def test_samenvoegen_switched_off_is_refused_by_the_server(swv_folder, monkeypatch):
    _, settings = addin()
    monkeypatch.setattr(settings, "enable_samenvoegen", False)
    response = merge_call(swv_payload(swv_folder))
    assert response.status_code == 403 and "staat op deze server uit" in response.json()["detail"]
    assert not (swv_folder / "overzicht.xlsx").exists()


def test_a_boards_controller_may_not_merge(swv_folder, signed_in):
    response = merge_call(swv_payload(swv_folder))
    assert response.status_code == 403 and "alleen voor medewerkers van het samenwerkingsverband" in response.json()["detail"]
    assert not (swv_folder / "overzicht.xlsx").exists()
    # ... and the other buttons still work for them
    assert client().post(SCRIPT + "valideren", json=swv_payload(swv_folder), headers={"Authorization": "Bearer x"}).status_code == 200


@pytest.mark.parametrize("how", ["app role", "e-mail", "object id"])
def test_swv_staff_may_merge(swv_folder, signed_in, monkeypatch, how):
    _, settings = addin()
    if how == "app role":
        signed_in["roles"] = [settings.swv_rol]
    else:
        monkeypatch.setattr(settings, "swv_gebruikers", ["Controller@Bestuur.nl" if how == "e-mail" else "b0a7d-1"])
    payload = swv_payload(swv_folder)
    response = merge_call(payload)
    assert response.status_code == 200, response.text
    applied = apply_actions(payload, response.json()["actions"])
    (message, title), = applied.alerts
    assert title == "Samenvoegen" and "4 van 4 werkboeken opgenomen" in message
    assert (swv_folder / "overzicht.xlsx").exists()


def test_relative_paths_count_from_the_server_folder(swv_folder, signed_in):
    """Excel on the web sends no folder with the book: a relative overview name lands in the
    server's Samenvoegen folder, whatever folder the book's name claims."""
    signed_in["roles"] = ["SWV"]
    payload = swv_payload(swv_folder)
    payload["book"]["name"] = "/etc/swv-samenvoegen.xlsx"
    names = {n["name"]: n for n in payload["names"]}
    for key, value in (("map", "ingeleverd"), ("overzicht", "relatief.xlsx")):
        r, c = ref_to_rowcol(names[NAMEN[key]]["address"])
        payload["sheets"][names[NAMEN[key]]["sheet_index"]]["values"][r - 1][c - 1] = value
    response = merge_call(payload)
    assert response.status_code == 200, response.text
    assert (swv_folder / "relatief.xlsx").exists()


def test_the_addin_never_overwrites_a_board_workbook_that_claims_to_be_an_overview(swv_folder, signed_in):
    """A board's file carrying the overview's marker, named as the overview: Samenvoegen refuses
    (M061) and the board's file stays byte for byte what it was."""
    from test_merge_robust import met_kenmerk

    signed_in["roles"] = ["SWV"]
    target = met_kenmerk(swv_folder / "ingeleverd" / "000_smart_limburg.xlsx", swv_folder / "overzicht.xlsx")
    before = target.read_bytes()
    payload = swv_payload(swv_folder)
    response = merge_call(payload)
    assert response.status_code == 200, response.text
    (message, _), = apply_actions(payload, response.json()["actions"]).alerts
    assert "Niet samengevoegd" in message and "overzicht.xlsx" in message
    assert target.read_bytes() == before
