"""`python -m tui` runs the `akhbar` command."""

from tui.shell.main import main

raise SystemExit(main())
