"""xlwings Server hook: the signed-in user, with two rules added — which organisations may use the
add-in, and who works for the SWV (only they may merge).

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

    def is_swv(self, settings: object) -> bool:
        """Does this user work for the SWV: the app role `XLWINGS_SWV_ROL` in the token, or the
        sign-in name or object id in `XLWINGS_SWV_GEBRUIKERS`? A board's controller is neither."""
        rol = getattr(settings, "swv_rol", None)
        if rol and rol in (self.roles or []):
            return True
        allowed = {g.strip().lower() for g in getattr(settings, "swv_gebruikers", []) or [] if g.strip()}
        return bool({(self.email or "").lower(), (self.id or "").lower()} & allowed)
