"""The command line: thin Typer commands that parse options, call the core and map errors to exits."""
