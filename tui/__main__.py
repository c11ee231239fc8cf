"""`python -m tui` runs the `akhbar` command."""

from tui.command import main

raise SystemExit(main())
