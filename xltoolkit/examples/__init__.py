"""The built-in example boards (readable YAML; see `xltoolkit.io.yamlfile`).

000 and 004 are real submissions from the seeds, defects included; 9xx are made up to cover
what the real ones do not (three regions with split aanwending; a board with SBO/SO schools).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from xltoolkit.io.yamlfile import parse_yaml
from xltoolkit.model.submission import Submission
from xltoolkit.spec import TemplateSpec


def example_names() -> list[str]:
    """File stems of the example boards, in order ("000_smart_limburg", ...)."""
    root = resources.files(__name__)
    return sorted(p.name.removesuffix(".yaml") for p in root.iterdir() if p.name.endswith(".yaml"))


def load_example(name: str, spec: TemplateSpec) -> Submission:
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return parse_yaml(text, spec)


def example_path(name: str) -> Path:
    return Path(str(resources.files(__name__).joinpath(f"{name}.yaml")))
