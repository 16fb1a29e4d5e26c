"""Where msglint meets other programs: the pre-send mail hook and git hook installers."""
