"""Where msglint meets other programs: the editor language server, the pre-send mail hook and
git hook installers."""
