"""Score sheets as .xlsx an office can read and edit, and back (new version), with a
per-cell error report. Vietnamese headings, the same for every user (it is an official form).

Every field of a sheet document makes the round trip: the main table (parts, sections,
criteria, options with points and effort class), the sections, the criteria's maxima, notes and
evidence, the gates (star minima), the disqualifying conditions and the recorded
inconsistencies of the printed text. The star bands are shown but not read back: they belong to
the criteria version. A workbook that breaks a sum, names an unknown criterion in a gate or
repeats an option is refused, each problem with its cell.

The tabs and their columns: layout; writing a workbook: writer; reading one back: reader.
"""

from .reader import WorkbookProblems, parse_sheet_workbook
from .writer import sheet_workbook

__all__ = ["WorkbookProblems", "parse_sheet_workbook", "sheet_workbook"]
