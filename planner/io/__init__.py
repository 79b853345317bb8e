"""Workbook input and output: reading, validation, templates and safe writing."""

from planner.lazy_modules import defer_unused

# Before openpyxl (and with it numpy, and Pyomo next to numpy) is first imported: the
# numpy.testing and PIL.Image these libraries import are loaded at their first use only.
defer_unused()
