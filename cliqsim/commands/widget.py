"""`cliqsim widget [NAME]`: draw a widget headless, switch tabs, click its buttons.

    cliqsim widget                                   # the widgets there are
    cliqsim widget salesboard --consent allow        # run the view handler (event load)
    cliqsim widget salesboard --tab about            # tab_click on the About tab
    cliqsim widget salesboard --click refresh        # draw it, then click the Refresh button

Buttons are named by id or label as the drawing shows them: `[Label](id)`.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from cliqsim.commands._runtime_options import (
    EXIT_OK,
    acting_user,
    add_runtime_options,
    exit_code,
    outcome_json,
    settle,
    show,
    start,
    submit_form,
)

if TYPE_CHECKING:
    from cliqsim.platform.runtime import Outcome

NAME = "widget"
HELP = "draw a widget (view handler), switch its tabs and click its buttons, headless"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", nargs="?",
                        help="the widget (id or name); leave out to list the widgets")
    parser.add_argument("--tab", metavar="ID", help="open this tab (a tab_click event)")
    parser.add_argument("--event", choices=("load", "refresh", "tab_click"), default=None,
                        help="the view handler's event (default load, or tab_click with --tab)")
    parser.add_argument("--click", action="append", default=[], metavar="BUTTON",
                        help="then click this button, by id or label (repeatable, in order)")
    add_runtime_options(parser, chat=False)


def run(args: argparse.Namespace) -> int:
    from rich.text import Text

    from cliqsim.platform.widgets import render_text

    out, runtime = start(args)
    if args.name is None:
        widgets = runtime.widgets()
        if args.json:
            print(json.dumps([{"id": i, "name": n, "description": d} for i, n, d in widgets],
                             indent=2))
        elif not widgets:
            out.print("There are no widgets in the components folder.")
        for widget_id, name, description in ([] if args.json else widgets):
            out.print(Text.assemble((name, "bold"), f" ({widget_id})  {description}"))
        return EXIT_OK
    user_id = acting_user(runtime, args)
    event = args.event or ("tab_click" if args.tab else "load")
    steps: list[Outcome] = []
    outcome, more = settle(runtime, runtime.open_widget(user_id, args.name, event=event,
                                                        tab=args.tab), args, out)
    steps.extend(more)
    for button in args.click:
        if outcome.status != "ok":
            break
        outcome, more = settle(runtime, runtime.click_widget(user_id, args.name, button),
                               args, out)
        steps.extend(more)
    outcome, more = submit_form(runtime, outcome, args, out, None)  # a button opened a form
    steps.extend(more)
    if args.json:
        data = outcome_json(outcome, steps)
        data["widget"] = outcome.widget.to_dict() if outcome.widget is not None else None
        print(json.dumps(data, indent=2, default=str))
        return exit_code(outcome)
    if outcome.widget is not None:
        out.print(Text(render_text(outcome.widget)))
        for step in steps:
            for line in step.info:
                out.print(Text(f"info: {line}", style="dim"))
        if outcome.notice:
            out.print(Text(outcome.notice))
        if outcome.form is not None:  # a widget button opened a form
            from cliqsim.commands._render import form_renderable

            out.print(form_renderable(outcome.form))
            out.print(Text("Fill it with --form NAME=VALUE (repeat for each field).",
                           style="dim"))
        return exit_code(outcome)
    return show(runtime, outcome, steps, args, out)
