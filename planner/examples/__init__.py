"""Bundled example scenarios, each readable as Python data and buildable into a workbook."""
