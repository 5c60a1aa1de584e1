"""xlwings Server hook: `routers/custom.py` adds the add-in's own routes."""
