"""The Textual app: the main screen with its panes, the modal screens, and the widgets they share."""

from tui.app.app import AkhbarApp, make_app, run_app

__all__ = ["AkhbarApp", "make_app", "run_app"]
