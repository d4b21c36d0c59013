"""One module per `cliqsim` subcommand; `cliqsim.cli` finds them here. What they share with the
chat window (options, the message renderer) lives in `cliqsim.frontend`."""
