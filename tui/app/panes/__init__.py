"""The main screen's panes, one module each: articles, search, reader, entities."""
