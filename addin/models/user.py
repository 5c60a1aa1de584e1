"""xlwings Server hook: the signed-in user, with one rule added — which organisations may use the add-in.

The boards of an SWV each have their own Microsoft 365 tenant. In multi-tenant mode Entra ID
accepts an account from any tenant, so `XLWINGS_ALLOWED_TENANT_IDS` lists the tenants of the SWV
and its boards, and a user from any other tenant is refused (403). In single-tenant mode the
token's issuer already pins the SWV's own tenant and the list may stay empty.
"""

from __future__ import annotations

from xlwings_server.models.user import User as XlwingsUser


class User(XlwingsUser):
    @property
    def tenant_id(self) -> str | None:
        return self.claims.get("tid")

    async def is_authorized(self) -> bool:
        from xlwings_server.config import settings

        allowed = {t.strip().lower() for t in getattr(settings, "allowed_tenant_ids", []) or []}
        if not allowed:
            return True
        return (self.tenant_id or "").lower() in allowed
