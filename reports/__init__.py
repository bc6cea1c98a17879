"""Papers and workbooks: plain data in, PDF (reportlab) and XLSX (openpyxl) out. No Qt, no Session."""
