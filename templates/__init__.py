"""jinja2 report templates, shipped as `xltoolkit.templates`."""
