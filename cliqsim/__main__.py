from cliqsim.cli import main

raise SystemExit(main())
