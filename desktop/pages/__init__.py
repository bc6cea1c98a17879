"""The window's navigation pages and the activity workspace's tabs, one module each."""
