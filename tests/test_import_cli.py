"""`xltoolkit import`, run as a user runs it (in this process: tests/cli_support.py)."""

from __future__ import annotations

import json
import subprocess

import cli_support
from test_import import seed_path

from xltoolkit.io import load


def run(*args: str) -> subprocess.CompletedProcess:
    return cli_support.run("import", *args)


def test_import_writes_a_workbook_and_a_short_dutch_summary(tmp_path, spec):
    out = tmp_path / "kom-leren.xlsx"
    source = seed_path("004_kom_leren")
    before = source.read_bytes()
    proc = run(source, "-o", out)
    assert proc.returncode == 0, proc.stderr
    sub = load(out, spec)
    assert sub["ankerpunt_1"].startswith("Op de scholen van kom Leren")
    assert source.read_bytes() == before  # the source is only read
    text = proc.stdout
    assert "Velden gevonden:" in text and "4 aanwendingsregel(s)" in text
    assert "Verplicht maar niet gevonden of leeg" in text and "BESTUUR" in text and "SCHOOLJAAR" in text
    assert "Naar Extra informatie (blad 'A7 Extra informatie') verplaatst" in text and "regel 302–475" in text
    assert len(text.splitlines()) <= 15


def test_refuses_to_overwrite_unless_asked(tmp_path):
    out = tmp_path / "w.xlsx"
    out.write_bytes(b"bestaand")
    proc = run(seed_path("000_smart_limburg"), "-o", out)
    assert proc.returncode == 2 and "bestaat al" in proc.stderr and "--overschrijven" in proc.stderr
    assert out.read_bytes() == b"bestaand"
    assert run(seed_path("000_smart_limburg"), "-o", out, "--overschrijven").returncode == 0
    assert run(seed_path("000_smart_limburg"), "-o", out, "--force").returncode == 0
    assert out.read_bytes() != b"bestaand"


def test_missing_unreadable_or_unsupported_source_gives_exit_code_2(tmp_path):
    proc = run(tmp_path / "weg.docx", "-o", tmp_path / "a.xlsx")
    assert proc.returncode == 2 and "bestaat niet" in proc.stderr
    broken = tmp_path / "kapot.docx"
    broken.write_bytes(b"\x00\x01 geen word")
    proc = run(broken, "-o", tmp_path / "b.xlsx")
    assert proc.returncode == 2 and "kan niet worden gelezen" in proc.stderr
    pdf = tmp_path / "verslag.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    proc = run(pdf, "-o", tmp_path / "c.xlsx")
    assert proc.returncode == 2 and "pdf" in proc.stderr and ".txt" in proc.stderr
    proc = run(seed_path("000_smart_limburg"), "-o", tmp_path / "d.xls")
    assert proc.returncode == 2 and ".xlsx" in proc.stderr
    assert not any(tmp_path.glob("*.xls*"))
    assert "Traceback" not in proc.stderr


def test_json_gives_how_every_field_was_found(tmp_path, spec):
    proc = run(seed_path("000_smart_limburg"), "-o", tmp_path / "w.xlsx", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["werkboek"].endswith("w.xlsx")
    fields = {v["veld"]: v for v in data["velden"]}
    assert set(fields) == {f.id for f in spec.fields}
    assert fields["ankerpunt_1"]["status"] == "gevonden" and fields["ankerpunt_1"]["plaats"].startswith("regel")
    assert fields["b_algemeen_nummers"]["waarde"] == [6, 7]
    assert fields["regios"]["status"] == "afgeleid"
    assert fields["thuiszitters_aantal"]["status"] == "niet gevonden"
    assert [a["bedrag"] for a in data["aanwending"]] == ["€ 1.140", "€ 2.000", "€ 4.420", "€ 74.179"]
    assert data["extra_informatie"] == []
    assert any(w["soort"] == "indicatorlijst" for w in data["weggelaten"])
    assert all({"code", "severity", "message"} <= set(m) for m in data["meldingen"])


def test_schooljaar_carries_the_report_forward(tmp_path, spec):
    out = tmp_path / "nieuw.xlsx"
    proc = run(seed_path("000_smart_limburg"), "-o", out, "--schooljaar", "2025-2026")
    assert proc.returncode == 0, proc.stderr
    sub = load(out, spec)
    assert sub["schooljaar"] == "2025-2026"
    assert sub["ontvangen_terugploeg_PO3105"] is None
    assert [ln.omschrijving for ln in sub.aanwending][0] == "Leerlingonderzoeken"
    assert all(ln.bedrag is None for ln in sub.aanwending)
    assert "2025-2026" in proc.stdout and "bedragen leeggemaakt" in proc.stdout
    proc = run(seed_path("000_smart_limburg"), "-o", tmp_path / "x.xlsx", "--schooljaar", "2025")
    assert proc.returncode == 2 and "JJJJ-JJJJ" in proc.stderr


def test_json_lists_every_placement_and_every_warning(tmp_path, spec):
    """An amount the table's header cannot place is a warning that quotes it; the template's
    own texts are listed as sjabloontekst; every aanwending line shows all its columns."""
    text = seed_path("000_smart_limburg").read_text(encoding="utf-8").replace(
        "(basisbedrag en uitkering reserve) €        €  81.739,- €        ",
        "(basisbedrag en uitkering reserve) €  €  1.000 €  81.739,- €  ")
    source = tmp_path / "verslag.txt"
    source.write_text(text, encoding="utf-8")
    proc = run(source, "-o", tmp_path / "w.xlsx", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    unplaced = [m for m in data["meldingen"] if m["code"] == "I070"]
    assert [("€ 1.000" in m["message"], "€ 81.739,-" in m["message"]) for m in unplaced] == [(True, False), (False, True)]
    assert all(m["severity"] == "waarschuwing" and "regel 390" in m["message"] for m in unplaced)
    assert data["sjabloontekst"] and data["samenvatting"]["sjabloontekst"] == len(data["sjabloontekst"])
    assert {s["soort"] for s in data["sjabloontekst"]} <= {"vaste tekst", "introductietekst van het format",
                                                           "voetnoot van het format", "sjabloontekst"}
    assert all({"plaats", *(c.id for c in spec.columns)} <= set(a) for a in data["aanwending"])
    proc = run(source, "-o", tmp_path / "w2.xlsx")
    assert "€ 1.000" in proc.stdout and "Sjabloontekst" in proc.stdout
