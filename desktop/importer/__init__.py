"""The roster import wizard: its pages, the preview table model and the wizard that runs them.

`wizard` holds ImportWizard (the worker calls, one transaction on "Nhập"), `pages` the file,
sheet and column pages, `review` the preview and done pages, `preview_model` the table of every
row's fate. This __init__ imports nothing.
"""
