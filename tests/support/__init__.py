"""Test-only helpers: scenario builders, the case library, workbook writers, brute force, OR-Library."""
