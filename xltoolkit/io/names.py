"""Defined names the toolkit itself puts in a workbook (besides the spec's field ids)."""

VERSION_NAME = "sjabloon_versie"
HASH_NAME = "sjabloon_hash"
TEMPLATE_ID_NAME = "sjabloon_id"
CONTROLE_ANCHOR = "controle_start"
RECONCILIATIE_ANCHOR = "reconciliatie_start"
STATUS_NAME = "status_validatie"
