"""xlwings Server hook: the settings of the Passend Onderwijs add-in.

xlwings Server imports this module (as `config`, from its project folder) and uses our `Settings`
instead of its own. Every setting can be set with an environment variable `XLWINGS_<NAME>` or in a
`.env` file in this folder. The defaults are the safe ones: production mode, Excel on the web
allowed, nothing switched on that the add-in does not use (examples, custom functions, socket.io,
htmx, Alpine.js). `lifespan.py` refuses to start in production without authentication.
"""

from __future__ import annotations

from pydantic import UUID4, Field
from xlwings_server.config import Settings as XlwingsSettings


class Settings(XlwingsSettings):
    # Overridden defaults of xlwings Server
    project_name: str = "Passend Onderwijs"
    enable_examples: bool = False
    enable_socketio: bool = False  # only needed for streaming custom functions and hot reload
    enable_hotreload: bool = False
    enable_htmx: bool = False
    enable_alpinejs_csp: bool = False
    cors_allow_origins: list[str] = []  # the task pane calls its own origin; no CORS needed
    # Fixed ids: Office recognises the add-in by these across versions (one per environment).
    manifest_id_dev: UUID4 = "f56938e9-eff1-4458-9e67-e06a1a5a6a1f"
    manifest_id_qa: UUID4 = "14fa9dd9-b744-4d58-8c96-30f06d5e4874"
    manifest_id_uat: UUID4 = "c42020e3-a893-40c6-b55e-3239931e12b0"
    manifest_id_staging: UUID4 = "cbbd3b09-59e0-4a59-a82d-84832880dcfe"
    manifest_id_prod: UUID4 = "72558d2b-205a-4b46-aa88-d20e77bedcf9"

    # The add-in's own settings (XLWINGS_MAX_REQUEST_BYTES, ...)
    max_request_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    """Largest request body accepted. A filled workbook arrives as about 60-80 kB of JSON."""
    download_seconds: int = Field(default=600, ge=10)
    """How long a generated report can be downloaded before it is deleted (10 minutes)."""
    download_max_bytes: int = Field(default=200 * 1024 * 1024, ge=1024 * 1024)
    """Memory for reports waiting to be downloaded; the oldest go first when it is full."""
    allowed_tenant_ids: list[str] = []
    """Microsoft Entra tenants (of the SWV and its boards) whose users may use the add-in; required
    with XLWINGS_AUTH_ENTRAID_MULTITENANT=true. Single-tenant mode accepts only the SWV's tenant."""
    enable_samenvoegen: bool = True
    """Offer the SWV's Samenvoegen button (a board deployment switches it off): `false` hides the
    button and the server refuses the script itself, whoever calls it."""
    swv_rol: str = "SWV"
    """The app role (in the Entra ID token's `roles` claim) of the SWV's staff: only they may call
    Samenvoegen. Assign it in the app registration under "App roles"."""
    swv_gebruikers: list[str] = []
    """SWV staff by e-mail (sign-in name) or object id, for a tenant without app roles; together
    with `swv_rol`, the only users who may call Samenvoegen."""
    samenvoegen_map: str | None = None
    """The one folder on the server under which Samenvoegen may read workbooks and write the overview.
    Without it the button refuses: a user must never make the server read or write anywhere else."""
    support_url: str | None = None
    """The page behind "Help" in the add-in store entry; default the server's own help page."""
    warm_libreoffice: bool = True
    """Keep one LibreOffice running for the reports' PDFs (unoserver, started and stopped with the
    server; lifespan.py), so a PDF does not wait for LibreOffice to start. Without unoserver, or
    with `false`, every PDF starts LibreOffice once (one-shot), as before."""
