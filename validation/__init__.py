"""Validation rules and the catalogue of findings (`catalogus/*.yaml`).

Installed as `xltoolkit.validation`. The catalogue is the one list of every finding the toolkit
can report, with its stable code, severity and Dutch message template; `docs/controles.md` is
generated from it.
"""
