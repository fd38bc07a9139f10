"""File formats the workbench writes and reads (TMX, ...)."""
