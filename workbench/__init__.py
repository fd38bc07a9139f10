"""Translation and alignment workbench for machine-translated books."""

__version__ = "0.1.0"
