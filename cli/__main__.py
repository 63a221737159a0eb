"""``python -m cli ...``: see cli/main.py."""
from cli.main import main

raise SystemExit(main())
