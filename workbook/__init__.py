"""The master workbook(s), built by `xltoolkit build`, shipped as `xltoolkit.workbook`."""
