"""Scripts that rebuild the shipped data files; run while developing, never at run time."""
