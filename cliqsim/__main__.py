from cliqsim import startup

startup.begin()  # before the command line's modules load (cliqsim.startup)

from cliqsim.cli import main  # noqa: E402

raise SystemExit(main())
