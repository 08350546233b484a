"""One module per command or group of commands; `cli/app.py` loads each only
when one of its commands runs."""
