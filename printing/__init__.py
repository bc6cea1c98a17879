"""Papers: one registry (printing.registry) and one way to write them (printing.output).

Qt-free: the print centre (desktop/) and `taphuan-cli print|export` (cli/) both drive it.
"""
