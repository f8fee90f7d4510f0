from openlint.cli import run

run()
