from cliqsim.cli import entry

entry()
