"""Importers: table text, CSV and XLSX → indicator files (`.ind`) with every repair reported.

    >>> from indicator_dsl.importers import import_files
    >>> result = import_files(["001_d0d62e91e95bd135.txt"])       # doctest: +SKIP
    >>> print(result.text())                                        # doctest: +SKIP

`READERS` maps a file suffix to a reader `(path) -> (tables, statements, diagnostics)`; a new
format adds itself there.  Heavy libraries (openpyxl) are imported inside their reader.
"""

from __future__ import annotations

from .readers import READERS, FileError
from .result import ImportResult, import_files

__all__ = ["READERS", "FileError", "ImportResult", "import_files"]
