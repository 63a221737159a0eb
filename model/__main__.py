"""``python -m model ...``: an entry-point shim that only delegates to the command line in cli/
(cli/main.py). Nothing imports this module; the architecture test allows exactly this one
upward import."""
from cli.main import main

raise SystemExit(main())
