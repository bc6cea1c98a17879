"""Papers and workbooks from plain data: PDF (reportlab), XLSX (openpyxl). No Qt, no Session."""
