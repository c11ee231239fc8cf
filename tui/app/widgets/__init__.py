"""Widgets the panes and screens share: the virtual cursor list, strips from visual lines, the safe input box, copying."""
