"""Validation of a workbook's raw sheets into a Scenario: cells, tables, records, references, sweeps."""
