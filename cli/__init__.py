"""The `dnw` command line: cli/console.py is the console script (it defers the garbage collector while the
process starts), cli/main.py builds the parser and maps the package's errors to exit codes; one module per
command group (pipeline runs, server, feeds, quarantine, sql, eval)."""
