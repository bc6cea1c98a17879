"""taphuan-cli: the batch front end, as thin as the window."""
