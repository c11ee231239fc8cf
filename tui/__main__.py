"""`python -m tui` runs the `akhbar` command."""

from tui.cli import main

raise SystemExit(main())
