"""xltoolkit: the yearly accountability report on passend onderwijs, from Excel to Word.

Layers: spec (the template, one YAML file) → model (Submission, money) → io (workbook read and
write) → services (check = validate + reconcile, report, merge) → front-ends (cli, excel, add-in).
"""

__version__ = "0.1.0"
