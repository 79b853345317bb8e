"""Workbook input and output: reading, validation, templates and safe writing."""
