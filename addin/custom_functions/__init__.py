"""xlwings Server hook: custom functions (worksheet formulas). The add-in has none: every check
runs on a button, and the workbook's own formulas work without the add-in. The module must exist,
or xlwings Server would fall back to its examples."""
