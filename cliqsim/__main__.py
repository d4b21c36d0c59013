from cliqsim import startup

startup.begin()  # before the command line's modules load (cliqsim.startup)

from cliqsim.cli import entry  # noqa: E402

entry()
