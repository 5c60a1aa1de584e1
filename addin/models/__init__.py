"""xlwings Server hook: `models/user.py` replaces xlwings Server's user model."""
