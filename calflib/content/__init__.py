"""The workbook's content files (TOML), shipped as package data. Loaded by :mod:`calflib.loader`."""
