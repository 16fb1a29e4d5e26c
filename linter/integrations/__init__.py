"""Where msglint meets other programs: editors (lsp.py) and, later, CI and mail hooks."""
