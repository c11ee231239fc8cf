"""Widgets the panes and screens share: the cursor list, strips of visual lines, the safe input, copying."""
