"""Vietnamese text (pure standard library): legacy encodings, NFC, name case, sort and
search keys (`vntext`), amounts in words and the place-date line (`words`).

May import: nothing outside the standard library; reports/ may import it.

This __init__ imports nothing: import from the modules.
"""
