"""One module per command: a plain function taking the Session and options, returning an exit code."""
