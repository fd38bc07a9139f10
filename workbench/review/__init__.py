"""The review TUI (Textual): `workbench review`."""
