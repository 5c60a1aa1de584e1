"""The recognition rules: functions over the import's `State`, one file per part of the report
(see the package docstring of `xltoolkit.services.importer` for which rule lives where)."""
