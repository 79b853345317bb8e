"""Reports of a plan: result tables, the results workbook and its plots."""
