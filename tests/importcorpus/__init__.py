"""A corpus of report variants, generated from the example boards, in the shapes real reports take.

Each variant writes one board's report in the template's layout (see `content`), in one of the
forms a real report arrives in: Word with checkbox content controls, legacy form fields or
Wingdings symbols, funding tables cut up in other ways, Symbol-font bullets, hyphenation,
placeholder text of empty content controls; Markdown as pandoc or mammoth export it; text as
Word's "Opslaan als tekst" saves it and as it is copied out of a PDF (wrapped and hyphenated). What the source says (every euro amount as written, the
ticked regions, every non-empty paragraph) is recorded when the file is written, in a JSON
sidecar next to it, so a test can check an import against the source without the importer.

    path = build("000_smart_limburg", "docx_sdt", tmp_path)
    facts = source_facts(path)

The package is not named test_*: pytest does not collect it; tests import it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from importcorpus import write_docx, write_text
from importcorpus.content import Amount, Facts, Paragraph, layout
from xltoolkit.examples import example_names, load_example
from xltoolkit.model.submission import Submission
from xltoolkit.spec import TemplateSpec, load_spec

Writer = Callable[[Submission, TemplateSpec, Path], Path]

_DOCX = {
    "docx_tekens": write_docx.Style(),
    "docx_sdt": write_docx.Style(box="sdt"),
    "docx_formulier": write_docx.Style(box="legacy"),
    "docx_wingdings": write_docx.Style(box="sym"),
    "docx_vinkjes_in_kop": write_docx.Style(box="sdt", ticks_in_header=True),
    "docx_extra_kolom": write_docx.Style(extra_column=True),
    "docx_euro_los": write_docx.Style(split_euro=True),
    "docx_tabel_gesplitst": write_docx.Style(split_table=True),
    "docx_symboolbullets": write_docx.Style(bullets="symbol"),
    "docx_zacht_afbreken": write_docx.Style(hyphen="soft"),
    "docx_hard_afbreken": write_docx.Style(hyphen="hard"),
    "docx_pdf_geplakt": write_docx.Style(hyphen="pasted"),
    "docx_vette_koppen": write_docx.Style(headings="bold"),
    "docx_plaatshouders": write_docx.Style(box="sdt", placeholders=True),
}
_TEXT = {
    "md_pandoc": ("md", write_text.TextStyle("pandoc")),
    "md_mammoth": ("md", write_text.TextStyle("mammoth")),
    "md_taken": ("md", write_text.TextStyle("tasks")),
    "txt_word": ("txt", write_text.TextStyle("word_txt")),
    "txt_pdf": ("txt", write_text.TextStyle("pdf_txt")),
}


def _docx_writer(name: str, style: write_docx.Style) -> Writer:
    def writer(sub: Submission, spec: TemplateSpec, folder: Path) -> Path:
        blocks, facts = _blocks(sub, spec, name)
        return _record(write_docx.write(blocks, folder / f"{name}.docx", style), facts)

    return writer


def _text_writer(name: str, suffix: str, style: write_text.TextStyle) -> Writer:
    def writer(sub: Submission, spec: TemplateSpec, folder: Path) -> Path:
        blocks, facts = _blocks(sub, spec, name)
        return _record(write_text.write(blocks, folder / f"{name}.{suffix}", style), facts)

    return writer


FAMILIES: dict[str, Writer] = {
    **{name: _docx_writer(name, style) for name, style in _DOCX.items()},
    **{name: _text_writer(name, suffix, style) for name, (suffix, style) in _TEXT.items()},
}

def _blocks(sub: Submission, spec: TemplateSpec, variant: str) -> tuple[list, Facts]:
    facts = Facts(example="", variant=variant)  # `build` fills in the example id
    return layout(sub, spec, facts), facts


def _record(path: Path, facts: Facts) -> Path:
    _sidecar(path).write_text(json.dumps(asdict(facts), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def build(example_id: str, variant: str, folder: Path, spec: TemplateSpec | None = None) -> Path:
    """Write the example board's report as `variant` into `folder` (a file named after both);
    its facts go into a sidecar `<file>.facts.json`."""
    spec = spec or load_spec()
    sub = load_example(example_id, spec)
    sub_folder = Path(folder) / example_id
    sub_folder.mkdir(parents=True, exist_ok=True)
    path = FAMILIES[variant](sub, spec, sub_folder)
    facts = source_facts(path)
    facts.example = example_id
    return _record(path, facts)


def source_facts(path: Path) -> Facts:
    """What the generator put into `path` (read from its sidecar, not from the file itself)."""
    raw = json.loads(_sidecar(Path(path)).read_text(encoding="utf-8"))
    return Facts(
        example=raw["example"],
        variant=raw["variant"],
        amounts=[Amount(**a) for a in raw["amounts"]],
        ticked=tuple(raw["ticked"]),
        unticked=tuple(raw["unticked"]),
        paragraphs=[Paragraph(**p) for p in raw["paragraphs"]],
    )


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".facts.json")


def variants() -> list[str]:
    return list(FAMILIES)


def examples() -> list[str]:
    return example_names()


__all__ = ["FAMILIES", "Facts", "build", "examples", "source_facts", "variants"]
