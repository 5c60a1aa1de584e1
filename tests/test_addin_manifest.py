"""The add-in's manifest and task pane as xlwings Server renders them: well-formed XML, https only,
every resource it names exists, and every ribbon button runs a script that exists. (Microsoft's
own manifest validator needs the network and is not run here.)"""

from __future__ import annotations

import json
import re
import uuid

import pytest
from addin_support import addin, client
from defusedxml import ElementTree

import xltoolkit.excel as excel

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


@pytest.fixture(scope="module")
def web():
    return client()


def manifest(web, **headers):
    response = web.get("/manifest.xml", headers=headers)
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def resources(root):
    found = {}
    for kind in ("Images", "Urls", "ShortStrings", "LongStrings"):
        for element in root.iterfind(f".//bt:{kind}/*", NS):
            assert element.get("id") not in found, f"resource id {element.get('id')} twice"
            found[element.get("id")] = (kind, element.get("DefaultValue"))
    return found


def function_names(root):
    return [a.findtext("ov:FunctionName", namespaces=NS) for a in root.iter(f"{{{NS['ov']}}}Action")
            if a.get(XSI_TYPE) == "ExecuteFunction"]


def test_the_manifest_is_well_formed_and_identifies_the_addin(web):
    root = manifest(web)
    assert root.tag == f"{{{NS['o']}}}OfficeApp" and root.get(XSI_TYPE) == "TaskPaneApp"
    uuid.UUID(root.findtext("o:Id", namespaces=NS))
    from xltoolkit import __version__

    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", root.findtext("o:Version", namespaces=NS))
    assert root.findtext("o:Version", namespaces=NS).startswith(__version__.split("+")[0].split(".dev")[0])
    assert root.find("o:DefaultLocale", NS).text == "nl-NL"


@pytest.mark.parametrize("forwarded", [{}, {"X-Forwarded-Proto": "https"}])
def test_every_url_is_https(web, forwarded):
    root = manifest(web, **forwarded)  # the test client itself talks plain http, like a server behind a proxy
    urls = [e.get("DefaultValue") for e in root.iter() if (e.get("DefaultValue") or "").startswith(("http:", "https:"))]
    urls += [e.text for e in root.iter(f"{{{NS['o']}}}AppDomain")]
    assert urls and all(u.startswith("https://") for u in urls), urls
    texts = [e.text or "" for e in root.iter()] + [v for e in root.iter() for v in e.attrib.values()]
    assert not any("http://" in t for t in texts)


def test_every_resource_the_manifest_names_exists(web):
    root = manifest(web)
    found = resources(root)
    used = {e.get("resid") for e in root.iter() if e.get("resid")}
    assert used and used <= set(found), used - set(found)
    for kind, value in found.values():
        assert value, kind
        if kind == "ShortStrings":
            assert len(value) <= 125
        if kind == "LongStrings":
            assert len(value) <= 250
    ids = [e.get("id") for e in root.iter(f"{{{NS['ov']}}}Control")] + [e.get("id") for e in root.iter(f"{{{NS['ov']}}}Group")]
    assert len(ids) == len(set(ids))


def test_every_ribbon_button_runs_a_script_that_exists(web, spec):
    root = manifest(web)
    names = function_names(root)
    meta = {m["function_name"] for m in web.get("/xlwings/custom-scripts-meta").json()}
    assert names and set(names) <= meta
    assert len(names) == len(set(names))
    taskpane = web.get("/taskpane.html").text
    associated = json.loads(re.search(r'id="passend-onderwijs-knoppen" type="application/json">(.*?)</script>', taskpane, re.S).group(1))
    assert [k["script"] for k in associated] == names, "static/js/ribbon.js associates exactly the manifest's functions"
    labels = {b.caption for b in spec.workbook.buttons}
    shown = {resources(root)[c.find("ov:Label", NS).get("resid")][1] for c in root.iter(f"{{{NS['ov']}}}Control")}
    assert labels <= shown
    tab = root.find(".//ov:CustomTab", NS)
    assert resources(root)[tab.find("ov:Label", NS).get("resid")][1] == "Passend Onderwijs"
    assert [root.findall(".//ov:Control", NS)[i].find("ov:Action", NS).get(XSI_TYPE) for i in (0, 1)] == ["ExecuteFunction", "ExecuteFunction"]
    assert any(a.get(XSI_TYPE) == "ShowTaskpane" for a in root.iter(f"{{{NS['ov']}}}Action"))


def test_a_button_without_entry_point_leaves_the_ribbon(web, monkeypatch):
    monkeypatch.delattr(excel, "report")
    names = function_names(manifest(web))
    assert "rapport_genereren" not in names and "valideren" in names
    assert "rapport_genereren" not in web.get("/taskpane.html").text


def test_the_ribbon_uses_the_generic_associate(web):
    js = web.get("/static/js/ribbon.js").text
    assert "Office.actions.associate(knop.script" in js and "hello-ribbon" not in js


def test_entra_id_sign_in_is_declared_with_the_swv_app(web, monkeypatch):
    _, settings = addin()
    root = manifest(web)
    assert root.find(".//ov:WebApplicationInfo", NS) is None
    monkeypatch.setattr(settings, "auth_providers", ["entraid"])
    monkeypatch.setattr(settings, "auth_entraid_client_id", "11111111-2222-3333-4444-555555555555")
    monkeypatch.setattr(settings, "hostname", "invoegtoepassing.swv.example")
    info = manifest(web).find(".//ov:WebApplicationInfo", NS)
    assert info.findtext("ov:Id", namespaces=NS) == "11111111-2222-3333-4444-555555555555"
    assert info.findtext("ov:Resource", namespaces=NS) == "api://invoegtoepassing.swv.example/11111111-2222-3333-4444-555555555555"


def test_the_task_pane_has_no_inline_script(web):
    html = web.get("/taskpane.html").text
    for attrs, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    assert "passend-onderwijs.js" in html and "Meldingen" in html
    assert "custom-functions-code" not in html


def test_the_help_page_states_the_privacy_promise(web):
    html = web.get("/passend-onderwijs/hulp").text
    assert "bewaart" in html and "niets" in html and "Valideren" in html
