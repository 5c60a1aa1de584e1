"""Defined names the toolkit itself puts in a workbook (besides the spec's field ids)."""

VERSION_NAME = "sjabloon_versie"
HASH_NAME = "sjabloon_hash"
TEMPLATE_ID_NAME = "sjabloon_id"
CONTROLE_ANCHOR = "controle_start"  # first row of findings, below the header
CONTROLE_COLUMNS = ("Ernst", "Code", "Melding", "Plaats", "Veld")
RECONCILIATIE_ANCHOR = "reconciliatie_start"
STATUS_NAME = "status_validatie"
RECONCILIATIE_STATUS_NAME = "status_reconciliatie"
MARKS_NAME = "markeringen"  # hidden list of what has a fout; conditional formats on inputs read it
MARK_ROWS = 400
AANWENDING_NAME = "aanwending"


def line_mark(row: int) -> str:
    """The mark of an aanwending line, by its (absolute) worksheet row."""
    return f"{AANWENDING_NAME}@{row}"
