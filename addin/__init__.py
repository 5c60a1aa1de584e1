"""The Excel add-in: a "Passend Onderwijs" ribbon tab in Excel (Windows, Mac, web) on xlwings Server.

This folder is two things at once, and that is on purpose:

- an **xlwings Server project** (https://server.xlwings.org): the hooks xlwings Server looks for in
  its project folder live here — `custom_scripts/` (the ribbon's scripts), `custom_functions/`
  (none), `routers/custom.py` (our extra routes), `models/user.py` (which tenants may use it),
  `config.py` (settings), `lifespan.py` (refuse to start unsafely), `templates/` (manifest and
  task pane) and `static/` (the task pane's JavaScript);
- the Python package **`xltoolkit.addin`** (installed with `pip install 'xltoolkit[addin]'`), which
  points xlwings Server at this folder and wraps its app with our guards (`webapp.py`).

The core never imports this package: it only needs the `addin` extra when the add-in runs.
Every button calls the same entry point in `xltoolkit.excel` as the desktop buttons do.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent
PROJECT_ENV = "XLWINGS_PROJECT_DIR"
ROUTE_PREFIX = "/passend-onderwijs"  # the add-in's own routes (routers/custom.py), after XLWINGS_APP_PATH


def use_project_dir() -> Path:
    """Point xlwings Server at this folder. It reads the setting when `xlwings_server.config` is
    first imported, so this must run before that, and a server already set up for another
    project folder is an error rather than a silent mix of the two."""
    loaded = sys.modules.get("xlwings_server.config")
    if loaded is not None and Path(loaded.PROJECT_DIR).resolve() != PROJECT_DIR:
        raise RuntimeError(
            f"xlwings Server is al geladen voor projectmap {loaded.PROJECT_DIR}, niet voor {PROJECT_DIR}; "
            "start de invoegtoepassing in een eigen proces."
        )
    os.environ[PROJECT_ENV] = str(PROJECT_DIR)
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    return PROJECT_DIR
