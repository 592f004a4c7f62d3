"""The papers of a dossier and of a council session, written by the system so no one retypes them:
Forms 01, 02 and 03 of Annex III (Decision 26/2026), a member's score sheet, the session's minutes.

Each paper is built once as plain blocks (`layout.py`: the national heading, numbered fields, tick boxes,
tables, the signature block, in the order the annex prints them) by `papers.py`, and rendered either as a
PDF (`pdf.py`, with the fonts, safe text and parts of the official frame of ocop.core.pdf) or as a Word
document (`docx.py`, python-docx) from the same blocks."""
