#!/usr/bin/env python3
"""Write docs/deluge.md: the Deluge language as cliqsim runs it, with every built-in from the
table in `cliqsim.deluge.builtins` (the single source the interpreter and the checks use).

    .venv/bin/python scripts/gen_deluge_docs.py          # rewrite docs/deluge.md
    .venv/bin/python scripts/gen_deluge_docs.py --check  # exit 1 if docs/deluge.md is stale

Edit the prose here, not in docs/deluge.md.
"""

# ruff: noqa: E501 - the Markdown tables in PROSE are wider than code lines
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cliqsim.deluge.builtins import BUILTINS, BuiltinSpec  # noqa: E402
from cliqsim.deluge.compiler_runtime import CHECK_EVERY  # noqa: E402
from cliqsim.deluge.interpreter import Limits  # noqa: E402
from cliqsim.deluge.parser import MAX_SCRIPT_CHARS  # noqa: E402

TARGET = ROOT / "docs" / "deluge.md"

CATEGORIES = (
    ("text", "Text"),
    ("list", "List"),
    ("map", "Map (KEY-VALUE)"),
    ("collection", "Collection"),
    ("datetime", "Date and date-time"),
    ("number", "Number"),
    ("conversion", "Conversion"),
    ("logical", "Logical"),
    ("utilities", "Utilities"),
    ("encryption", "Encryption (zoho.encryption tasks, pure)"),
    ("xml", "XML"),
    ("web", "Web (deprecated; effects through the host)"),
    ("file", "File"),
    ("error", "The caught error `e`"),
)

LIMITS = Limits()

PROSE = f"""\
# Deluge in cliqsim

cliqsim runs Cliq handler scripts written in Deluge with its own interpreter. This page says what
it accepts, how values behave, where cliqsim had to choose (real Deluge documents no answer), the
limits, the error messages, and every built-in function. The built-in list at the end is generated
from the interpreter's own table (`scripts/gen_deluge_docs.py`), so it is exactly what runs.

## How a script runs

A script is parsed once, compiled to a Python function, and cached by the hash of its text; each
run starts from a fresh environment holding only the script's inputs (a handler's `user`, `chat`,
`arguments`, ...). The script is **hermetic**: every effect — an integration task
`zoho.<service>.<op>(...)`, `invokeurl`, `sendmail`, `getUrl`/`postUrl`, `info`, and the system
variables — is a call on the host the caller gives it. In the simulator that host is the consent
guard in front of the simulated Cliq; `cliqsim script` uses a recording host. No Python object,
attribute, module, file, the network, the environment or the real clock is reachable from a script:
a method call is looked up in the built-in table by the type of its receiver, and nothing else.
`scripts/deluge_python.py FILE.dg` prints the Python function a script compiles to (its typed and
unchecked loop copies included; docs/architecture.md says when each runs).

## Values

| Deluge type | Literals and constructors | Shown as text |
|---|---|---|
| TEXT | `"double quoted"` with `\\` escapes; a single-quoted text that is not a date | itself |
| NUMBER | `42`, `-7` (64-bit) | `42` |
| DECIMAL | `0.99`, `1.5` | `1.5`, `2.0` (shortest form that reads back) |
| BOOLEAN | `true`, `false` | `true` / `false` |
| null | `null` | empty when joined into text; `null` on its own line in `info` |
| DATE | `'15-Aug-1947'`, `'1947-08-15'`, `'08/15/1947'`, `today`, `zoho.currentdate` | `15-Aug-1947` |
| DATE-TIME | `'15-Aug-1947 19:00:00'`, `'2026-11-29T10:00:00+05:30'`, `now`, `zoho.currenttime` | `15-Aug-1947 19:00:00` |
| KEY-VALUE (map) | `{{"k": v}}`, `Map()`, `map()` | JSON: `{{"k":"v","n":1}}` |
| LIST | `{{1, 2}}`, `[1, 2]`, `List()`, `List:String()` | elements joined by commas: `1,2` |
| COLLECTION | `Collection("a", "b")`, `Collection("Name": "Shawn")` | like a list or like a map |
| FILE | attachments, `"text".toFile("a.txt")` | the file name |

- **Maps** keep insertion order; keys are case-sensitive. Keys are text: a key written as another
  value (`m.put(1, "x")`) is stored under its text form (`"1"`).
- **A DATE in a map gets the time 00:00:00**: a map literal, `Map(...)` and `put` store a DATE
  value as the DATE-TIME at its midnight (`{{"d": '01-Jan-2020'}}` shows
  `{{"d":"01-Jan-2020 00:00:00"}}`), and a DATE key under that date-time's text. Zoho's create-map
  and put pages say so for keys and values alike: "If a date value is specified without a time
  value, 00:00:00 will be added as the time value by default." A DATE in a list stays a DATE.
- **Typed lists** (`List:String()`) are plain lists; cliqsim does not enforce the element type.
- **Date literals**: a single-quoted literal is a date when it matches one of these formats, tried
  in order; otherwise it is text. First the forms with a T or a zone: `yyyy-MM-dd'T'HH:mm:ssXXX`
  (also with `.SSS`, or without a zone) and `yyyy-MM-dd HH:mm:ssXXX` (a Zoho date-time field with
  its T replaced by a space). Then every date format of Zoho's Date-Time data type page, in the
  page's order: `dd-MMM-yy`, `dd-MMM-yyyy`, `dd-MMMM-yy(yy)`, `MM-dd-yy`, `yy-MM-dd`, `dd-MM-yy`,
  `dd-MM-yyyy`, `MM-dd-yyyy`, `yyyy-MM-dd`, the same with `/`, `dd MMM,yy(yy)`, `MMM dd,yy(yy)`
  (a space after the comma is allowed), `E,MMM(M) dd,yyyy`, `MMM dd yy(yy)`, `dd MMM yy(yy)`,
  `dd.MM.yy`, `MM.dd.yy`, `yy.MM.dd`, `dd MM yyyy`, `dd.MM.yyyy`, `MM.dd.yyyy`, `yyyy.MM.dd`, and
  `yyyyMMdd`. Numbers that fit two formats take the first (`'05-06-2020'` is 5 June, `'05/06/2020'`
  6 May). Any of them may be followed by a time: `HH:mm:ss`, `HH:mm`, `hh:mm:ss a`, `hh:mm a`. A
  literal without a time is a DATE (Deluge: time 00:00:00). A two-digit year is read as Java's
  SimpleDateFormat does: within 80 years before and 20 years after today (`'15-Aug-47'` is 1947).
- **Time zones**: date-times are in the host's time zone (the zone of the clock it gives; for
  `cliqsim script`, `"timezone"` in `--input`, default UTC). A literal that names its offset keeps
  it. `toString(pattern, zone)` converts to another zone.
- Values that cross to the host are plain data: text, whole numbers, decimals, booleans, null,
  dicts, lists, `date` and time-zone-aware `datetime`. Collections become lists or maps; a file
  becomes `{{"file_name", "content_type", "size", "param_name", "content"}}`.

## Operators

- `+` joins text when either side is TEXT, the other side in its text form (`101 + ", "` is
  `"101, "`; null joins as empty text). Otherwise it adds numbers; a DATE or DATE-TIME plus a
  NUMBER adds days.
- `-` subtracts numbers; a DATE or DATE-TIME minus a NUMBER goes back that many days; **a DATE or
  DATE-TIME minus another is the NUMBER of milliseconds between them** (cliqsim's assumption,
  below), a DATE counted from its midnight in the script's zone.
- NUMBER op NUMBER is a NUMBER for `+ - * %`; any DECIMAL makes the result a DECIMAL.
- **Division (cliqsim's choice)**: NUMBER `/` NUMBER is a NUMBER when it divides exactly
  (`10 / 2` is `5`) and a DECIMAL otherwise (`10 / 4` is `2.5`).
- `%` takes the sign of the dividend, as in Java (`-7 % 3` is `-1`).
- Results outside 64 bits fail ("Number out of range"). cliqsim checks the result of each
  arithmetic expression; an intermediate step may exceed 64 bits when the final result does not.
- Division or remainder by zero fails with "Error in performing the Operation / : Divide by zero
  error"; arithmetic on null fails with "Null value occurred while performing + operation".
- `==` and `!=`: numbers compare by value (`1 == 1.0`); a DATE equals the DATE-TIME at its
  midnight; **a TEXT that spells a number meets a NUMBER or DECIMAL by value** (`7001 ==
  "7001"` and `"1.50" == 1.5` are true; cliqsim's choice, below); other values of different
  types are never equal (`"a" == 1` and `"1 " == 1` are false, not an error).
- `< > <= >=` compare numbers, dates and date-times; a TEXT that spells a number compares with
  a number, or with another such TEXT, by value (`5 > "3"`, `"10" > "9"`). Other texts are refused
  as Zoho's relational-operators page says ("Text (only for 'Equals' operator)"): `"a" < "b"`
  fails with "In Criteria left expression is of type TEXT and right expression is of type TEXT
  and the operator < is not valid". Anything else fails with "An error occurred while
  performing this action". (`sort` still orders texts by character code.)
- `&&` and `||` short-circuit; `!` binds first, then `&&`, then `||`. Conditions of `if`, `&&`,
  `||`, `!` and `if(c, a, b)` must be BOOLEAN.
- Compound assignment: `+= -= *= /= %=`.
- Unary `-` negates a number; unary `+` changes nothing (`+x` is `x`; "functionality wise, it
  has no effect", the operators page), whatever the value's type.

## Statements

`x = e;`, `if (c) {{...}} else if (c) {{...}} else {{...}}`, `for each x in e {{...}}`,
`for each index i in list {{...}}`, `break;`, `continue;`, `try {{...}} catch (e) {{...}}`,
`return e;`, `info e;`, `throw e;`, an expression as a statement (`m.put("a", 1);`), and the blocks
`invokeurl [ ... ];`, `invokeapi [ ... ];` and `sendmail [ ... ];`.

- `throw "message";` stops the script with a run-time error whose message is the value's text
  (`Error at line : 3, message`); try/catch catches it. Zoho's throw page
  (deluge/help/misc-statements/throw: "Deluge immediately stops the current execution and
  raises an exception with the specified information ... transfers control to the nearest
  matching catch block, if one exists") says as much; the stored copy of the page stops before
  its syntax and examples, so a thrown map's shape in `e` is cliqsim's: the map's JSON text is
  the message. A published Zoho Flow function was saved with it too. `throw` is a keyword only
  where a statement starts.
- `invokeapi [ service: crm path: "/crm/v7/Leads" type: PUT body: ... ];` (Zoho's invokeAPI
  task: "only the path needs to be specified. The domain of the Zoho service is fetched
  automatically") runs as an `invokeurl` to the service's API domain followed by `path`, so the
  consent guard, the fixtures and `cliqsim check`'s inventory see an ordinary request. The
  domain (cliqsim's table, United States data centre): `https://cliq.zoho.com` for cliq,
  `https://desk.zoho.com` for desk, `https://mail.zoho.com`, `https://people.zoho.com`,
  `https://projectsapi.zoho.com`, `https://sign.zoho.com` for mail, people, projects and sign,
  and Zoho's common API domain `https://www.zohoapis.com` for every other service (CRM, Books,
  Creator, ... as the page's own example `https://www.zohoapis.com/crm/v3/Leads`). A fixture for
  `invokeapi [service: crm path: "/crm/v7/Leads/1" type: PUT]` is keyed
  `"PUT https://www.zohoapis.com/crm/v7/Leads/1"`.

- `for each` walks a list's elements (a list that grows while it is walked is walked to its new
  end), a map's keys, a collection's values (index-value) or keys (key-value), a text's
  comma-separated parts, and a CSV file's rows (a FILE named `*.csv`, or typed CSV, at most
  2 MB; list-manipulations/for-each-element: "a list, comma-separated text, or a CSV file"). The
  loop variable keeps the last element after the loop.
- **A CSV file's row (cliqsim's choice)**: the page shows no example of its shape, so each row
  is its line as TEXT, the header line included and the line break dropped (`Ann,30`); its cells
  are `row.toList(",")`, or a nested `for each` over the row. Any other FILE is refused as a
  non-list ("'FILE' can not be cast to '[LIST]' for the for each statement").
- `try/catch` catches run-time errors and binds `e`: `e.lineNo` is the line, `e.message` the
  message (`e.get("lineNo")` works too), and `info e;` prints
  `Error at line : 6, Given index 10 is greater than the list size`. Limit errors and effects the
  consent guard blocks are not caught: the run stops.
- `return e;` ends the script with its value; a script that ends without `return` returns null.
- Reading a variable no statement and no input defined fails with "Variable 'x' is not defined"
  (Deluge rejects this at save time; cliqsim's checks report it before the run too).
- **Variable names are matched without case** (`Total`, `total` and `TOTAL` are one variable),
  as keywords and built-in names are. No Zoho page states it either way; Zoho's own template on
  the Cliq Command Suggestion Handler page (cliq/help/platform/command-suggestion, "This sample
  code will be available when you click on Edit Suggestion Code") writes `List = List();
  entry = Map(); ... list.add(entry);`, which saves and runs only if `List` and `list` are one
  variable. Handler inputs are matched the same way (`Arguments` reads `arguments`). Messages keep
  the script's own spelling ("Variable 'undefinedThing' is not defined").

## System variables

`now` and `zoho.currenttime` (DATE-TIME), `today` and `zoho.currentdate` (DATE) come from the
host's clock. `zoho.loginuser`, `zoho.loginuserid`, `zoho.adminuser`, `zoho.adminuserid`,
`zoho.ipaddress` and any other `zoho.*` name read without a call are asked of the host.

## Effects

| Script | Host call | Counts as |
|---|---|---|
| `zoho.cliq.postToChat(...)`, any dotted `zoho.*`, `thisapp.*`, `standalone.*` call | `call_task(name, args, span)` | one statement |
| `invokeurl [ url: ... type: POST ... ];` | `invoke_url({{"url", "type", ...}}, span)` | one statement |
| `getUrl(url, headers?, simple?)`, `postUrl(url, body, headers?, simple?)` | `invoke_url` with type GET/POST (`body` as `parameters`; headers and the simple flag told apart by type: a map, a BOOLEAN; `false` sets `detailed`) | part of its statement |
| `sendmail [ from: ... to: ... subject: ... message: ... ];` | `send_mail(params, span)` | one statement |
| `info e;` | `info(text, span)` | one statement |

Block keys are lower case with single spaces (`content-type`, `reply to`); `sendmail` needs
`from`, `to`, `subject` and `message`. The `zoho.encryption.*` functions (Base64, URL encoding,
HMAC) are computations, not effects: they run inside the interpreter.

## Limits

Every limit holds *before* what it guards happens: no effect once the budget or the time is
spent, no value built past a size cap.

| Limit | Default | Error | When it is checked |
|---|---|---|---|
| executed statements per run | {LIMITS.max_statements:,} | Maximum number of executed statements (5,000) exceeded | every {CHECK_EVERY} statements of a loop, before every effect (with the exact count: the effect that would be statement 5,001 never happens), and when the script ends |
| nested calls (scripts running saved functions) | {LIMITS.max_call_depth} | Maximum nested function calls (75) exceeded | when the nested run starts |
| wall-clock time per run (cliqsim's assumption: Cliq documents none) | {LIMITS.timeout_s:g} s | Execution time limit (30 s) exceeded | one deadline for the whole run: every {CHECK_EVERY} statements of a loop, before every built-in call and every effect, inside every regular-expression match (as its timeout), by the host during an online `invokeurl`; a saved function run by the script shares it |
| characters in one text | {LIMITS.max_text:,} | Text too long | before the text is built: `+`, `repeat`, `leftpad`/`rightpad`, `replaceAll` and friends (counted match by match), the text or JSON form of a list or map (measured first), `toString` |
| elements in one list, map or collection | {LIMITS.max_collection:,} | Collection too large | before adding, and before converting parsed JSON (`toJSONList`, `toMap`, `getJSON`) |
| characters of `info` output per run | {LIMITS.max_info:,} | (none: the output is cut, as Creator cuts it at 500 KB) | before each `info` line is built; the line that passes it ends with "info output cut", later lines are not printed |
| characters in the returned value and in an effect's arguments (every reference to a text counted) | {LIMITS.max_text:,} | Text too long: the returned value has more than ... characters | before the value is copied for the caller or the host |
| characters in a script | {MAX_SCRIPT_CHARS:,} | (Line no: 1) The script is N characters long, more than the limit | at save time (parsing), so no literal or compiled program can be larger; compiling the largest script peaks near 260 MB |
| online `invokeurl` | 40 s for the whole request (Deluge's socket timeout), or less when the run has less left | invokeurl ... timed out after N seconds / Execution time limit | the deadline covers connecting, redirects and every read, so a server dripping its answer cannot hold the run |

All but the last two are fields of `cliqsim.deluge.interpreter.Limits`. Statements are counted as
Zoho's limits page counts them: a `for each` counts once per iteration, with the statements inside
it, and not once more when it is entered (over 5 elements with 2 statements inside: 3 x 5 = 15);
an `invokeurl` or `sendmail` block counts once however many lines it spans. Statements are counted
per straight-line run. `list.addAll` takes at most 25,000 elements at a
time; `toMap` reads at most 5 MB of text; JSON text is parsed only up to the text limit. A map or
list that contains itself cannot be shown or returned ("Value nested more than 200 levels deep").
Expressions as deep as the parser accepts (200 levels) compile and run; statement blocks nested
more than 90 levels, or `for each`/`try` blocks nested more than 18 levels, are refused with a
clear error.

### Regular expressions

`matches`, `replaceAll`, `replaceFirst` and their `IgnoreCase` forms take Java's patterns, as
Deluge does (Zoho's "matches" page: `matches(IDValue, "[A-Z]{{2}}[0-9]{{6}}[A-Z]")`). cliqsim runs
them with the `regex` package, which reads Java's syntax nearly as it is (possessive quantifiers,
atomic groups, `(?<name>...)`, `\\p{{Alpha}}`, `\\p{{L}}`, `\\z`, `\\h`, `\\R`, inline flags)
and translates the rest: `\\Q...\\E`, `\\x{{h..h}}`, octal `\\0ooo`, `\\cX`, `\\e`, ASCII-only
`\\d \\w \\s` (Java's default) and `&&` intersections in `[...]`. Replacements use `$1` for a
group. The `IgnoreCase` forms fold case over all of Unicode (Java folds ASCII only by default;
Deluge does not say). `toList(separator)` splits at the separator as plain text.

## Error messages

Run-time errors read like Deluge's own and carry the line:

- `Given index 10 is greater than the list size`; a negative index (`l.get(-1)`, whose page
  says only "a runtime error will be encountered") gives the same row with the index as written,
  `Given index -1 is greater than the list size` (cliqsim's choice: no Zoho page shows the text)
- `Null value occurred while performing get operation`
- `Error in performing the Operation / : Divide by zero error`
- `Invalid JSON Format String`
- `UnParsable date '31-Foo-2020'`
- `Given string is lesser than the applied boundary, so index out of bounds exception arisen`
- `'TEXT' can not be cast to '[BIGINT]' for the function subString`
- `Not able to find 'length' function for NUMBER: length works on TEXT`
- `Number of Arguments mismatches for the function subString: it takes 1 to 2, got 3`
- `Variable 'x' is not defined`
- `In Criteria left expression is of type TEXT and right expression is of type NUMBER and the
  operator * is not valid` (a type mismatch: Deluge reports it when the script is saved, cliqsim
  when the values meet)
- `On performing mod operation mismatch of data type expressions found` (`%` with null or text)
- `An error occurred while performing this action` (comparing values that are not numbers,
  dates or texts)
- `'NUMBER' can not be cast to 'MAP'` (`Map(5)`)
- `'TEXT' can not be cast to '[DATE-TIME, DATE]' for the function addDay`
- `Incompatible types for daysBetween function at argument index 1 Required : [DATE-TIME, DATE]
  Found : NUMBER`

Every run-time row of Zoho's error-messages page is a case in
`tests/deluge/cases/run/documented_errors.dg`.

Zoho Creator syntax pasted into a Cliq script (`Employee[Name == "x"]`, `insert into Form [...]`,
`delete from Form[...]`, a function definition among statements) is parsed and refused before the
script runs, as a save error would be: `(Line no: 3) Creator syntax unavailable in Cliq: ...`,
naming what to use in Cliq instead (`zoho.creator.getRecords`, `zoho.creator.createRecord`); see
docs/deluge-syntax.md. A Creator field assignment (`input.Status = "Approved";`, or
`rec.Status = "Done";` on a fetched record) and a Creator form action (`alert "..."`,
`cancel submit;`, `hide Field;`, ...) are refused in the same words instead of "Improper
Statement", pointing to a map's `put`, `zoho.creator.updateRecord`, or a returned message.

## Running a script

```sh
cliqsim script nearby.dg --input '{{"inputs": {{"arguments": "bank"}}}}'
cliqsim script nearby.dg --input fixtures.json --json --now 2026-12-01T09:00
```

`cliqsim script FILE.dg [--input JSON] [--max-statements N] [--timeout S] [--json]` runs one script
with a recording host: tasks and URLs are logged, not executed, and return null unless `--input`
supplies canned results. It prints the `info` lines in order, then the returned value as JSON. With
`--json` it prints one object: `{{"ok", "info": [...], "returned", "effects": [...], "error":
{{"line", "message"}}}}`, each effect `{{"kind": "task" | "invokeurl" | "sendmail" | "info", ...,
"line"}}`. Exit status: 0 on success, 1 on a Deluge error, 2 on a usage error. `--timeout` takes
seconds above 0 and at most 86,400 (`nan` and `inf` are refused, as they would switch the limit
off); `--now` must lie before year 9900; `--input` may not nest arrays or objects more than 100
levels deep nor hold a number no DECIMAL holds (`1e999`, `NaN`). Texts leave the interpreter
(in `info`, the returned value and effect arguments) with any lone surrogate (`"\\ud800"`) written
as `?`, as Java writes it in UTF-8; a surrogate pair written out (`"\\ud83d\\ude00"`) is one
character.

`--input` is inline JSON or the path of a JSON file, an object with any of these keys:

| Key | Meaning |
|---|---|
| `inputs` | variables bound before the script runs: `{{"user": {{...}}, "arguments": "bank"}}` |
| `tasks` | canned results by task name: `{{"zoho.crm.getRecords": [{{"Name": "Acme"}}]}}` |
| `urls` | canned responses by URL, or by `"METHOD URL"` (`"POST https://api.example.com/x"`); an `invokeurl` with `detailed: true`, or `getUrl`/`postUrl` with the simple flag `false`, gets `{{"responseCode", "responseHeader", "responseText"}}`: a canned map that has `responseCode` is used as it is, any other canned value is the text of a 200 response |
| `system` | system variables: `{{"zoho.loginuserid": "ann@zylker.com"}}` |
| `now` | the current time, ISO 8601 (the global `--now` wins) |
| `timezone` | the time zone of the script's date-times, e.g. `"Asia/Kolkata"` (default UTC) |

## Implicit conversions

Deluge converts the value a built-in is called on when the built-in has no form for its type
(`cliqsim/deluge/builtins/implicit.py`):

- NUMBER, DECIMAL, BOOLEAN, DATE and DATE-TIME take the text functions through their text form:
  `42.contains("4")` is true, `'15-Aug-1947'.subString(0, 2)` is `"15"`.
- A TEXT that spells a date or date-time takes the date functions: `"01-Jan-2020".addHour(5)`.
- A TEXT holding a JSON object takes the map functions, a JSON array the list functions:
  `'{{"a":1}}'.get("a")` is 1 (an incoming webhook's `body` is text), `"[3,1,2]".sum()` is 6.
- A TEXT that spells a number takes the number functions: `"2.5".round()`.
- Any other TEXT takes `get(index)` as the list of its comma-separated parts:
  `arguments.get(0)` is a command's one argument (see "What real code relies on").
- A COLLECTION takes the list functions (index-value) or the map functions (key-value).
- A LIST or a KEY-VALUE takes the collection functions, in place: `rows.insertAll(more)`,
  `ids.containsValue(x)`, `m.insert("CRM" : 5)`.
- A TEXT that cannot be read as the needed type fails with Deluge's cast message: `'TEXT' can
  not be cast to '[DATE-TIME, DATE]' for the function addHour`.

Arguments are converted the same way (a NUMBER where text is wanted is its text form; text that
spells a number where a number is wanted is that number).

## Where Zoho's pages are silent or disagree

The examples of Zoho's help pages are run as cases, each naming its page:
`tests/deluge/cases/builtins/documented_*.dg` (one file per family) and
`tests/deluge/cases/run/documented_errors.dg` (the error-messages page), `documented_web.dg`.

cliqsim follows the help pages' examples; where a page contradicts itself or another page, it
does what real scripts rely on, as listed here.

Public reports by people who write Deluge (blog posts, community topics, README files of
published scripts) are cases too, in `tests/deluge/cases/field/*.dg`, each naming its source
(smart quotes in posts are copy artefacts, written as plain quotes; a script pasted with them
does not save, "unexpected character", and the note names the curly quote). Where a report
contradicts Zoho's pages, the page wins unless many reports agree:

- **`map.get(key, default)`** (crmcurator.com's scripting guide says `get("missing", "default")`
  gives `"default"`): Zoho's get page takes one argument and no other report uses two, so the
  call fails ("Number of Arguments mismatches for the function get"); use
  `ifnull(m.get(key), default)`, as other reports do.
- **`list.sort()` sorts the list itself** (list-manipulations/sort shows `colors.sort(false);`
  on its own "will sort these elements"; functions/list/sort shows `sortOrder =
  listVar.sort(true)`; Joel Lipman's "Sort a Map by a specific field" sorts its key list and then
  walks it): the list is sorted in place and returned, as a collection's sort already was. A
  list of mixed types gives null and stays as it was.
- **`=` in an `if` condition** (TheWorkflowAcademy's "Sort lists containing maps by key" writes
  `if(n.length() = 1)` and `n.right(3).left(2) = "00" && ...`): Zoho's pages compare with `==`
  only; a published, working script uses `=`, so in the condition of an `if`, `else if` or
  `if(c, a, b)` a single `=` compares as `==` does (`+=` and the like there are refused).
  Elsewhere `=` stays an assignment.
- **`invokeapi` with a connection's name as `service`** (a published script writes
  `service : solution`): the invokeAPI page's service is a Zoho service name; cliqsim sends a
  name it does not know to Zoho's common API domain rather than refusing the script.
- **Reserved keywords as variable names** (deluge/help/keywords lists `bool`, `collection`,
  `date`, `float`, `from`, `in`, `int`, `is`, `list`, `map`, `string`, `void`, `zoho`, ... as
  "restricted for use as variables"; Zoho's own Command Suggestion Handler template writes
  `list.add(entry)`): cliqsim lets a script name a variable with any of them that the grammar
  does not need (`date = zoho.currentdate;` runs); `if`, `for`, `return`, `true`, `false` and
  `null` cannot be assigned.
- **`List(text)`** (list-manipulations/create-list: "If the text value has a comma, words (or
  empty strings) on either side of the comma will be considered as individual list elements"):
  a text that is not a JSON list gives its comma-separated parts, untrimmed and with empty parts
  kept (`List("a,,b")` has 3 elements). A JSON list text (`List("[1,2]")`) still gives its list.
- **Key order of JSON text read by `toMap()` and `toXml()`** (functions/string/tomap prints
  `"{{company:Zoho, product:Creator}}".toMap()` as `{{"product":"Creator","company":"Zoho"}}`;
  functions/xml/toxml puts `OrderNo` before `Name`): Deluge reads JSON text into a Java
  `HashMap`, so cliqsim gives those keys in HashMap iteration order
  (`cliqsim.deluge.builtins.java_order`; nested maps too). Maps written in the script, and JSON
  from a web service or fixture, keep their order. `toXml()` writes as Java's org.json
  `XML.toString(value, "root")` does, with no whitespace; the page prints one element a line.
- **`DATE - DATE`** (no Zoho page documents it): published scripts divide the difference by a
  day's milliseconds (a Zoho Creator page script on GitHub computes an age as
  `(zoho.currentdate - Date_of_Birth) / (1000 * 3600 * 24 * 365)`), so cliqsim gives the NUMBER
  of milliseconds from the right date to the left one (negative when the left is earlier), the
  same as `a.toLong() - b.toLong()`. `daysBetween` and `hoursBetween` remain the documented way.
- **Not followed for want of any page or published result** (looked for this session):
  `getAsString`-style getters are not Deluge built-ins on any Zoho page and fail as unknown
  functions; NUMBER `/` NUMBER keeps the division rule above.

- **`{{}}`, list or map** (list-manipulations, map-manipulations): the List Manipulations page
  calls `{{}}` the list constructor and the Map Manipulations page the map one. Real scripts use
  it both ways (`rows = {{}}; rows.add(r)` and `m = {{}}; m.put(k, v)`), so cliqsim makes `{{}}`
  (and an empty `collection()`) an *open* collection: it shows and reads as an empty map, and
  the first function that needs one kind decides it (`add`, `insert(x)`, `insertAll(list)`
  make it a list; `put`, `insert(k : v)` a map). Once decided, the other kind's functions fail
  as they do on any COLLECTION ("Not able to find 'put' function for COLLECTION").
- **`put` with one argument** (functions/map/put): the page shows `put(key, value)` only, but
  published Cliq scripts call `response.put({{"text": ..., "bot": ...}})`, and Deluge checks the
  number of arguments when a script is saved, so the one-argument form exists. cliqsim copies
  the map's entries, as `putAll`; a single argument that is not a map fails.
- **isBlank / isNull / isEmpty** (functions/common/isnull-isblank-isempty-difference): the table's
  "other services" column gives `isBlank(null)` false and `isEmpty("")` and `isEmpty(null)` null,
  while the isBlank page calls null blank and the isNull page's examples agree with the Creator
  column. cliqsim: `isBlank` and `isEmpty` are true for null and empty text; `isBlank` is true
  for text of spaces and for an empty list or map (`isBlank({{}})`, the isBlank page); `isEmpty`
  of text of spaces is false; `isNull` is true only for null and empty text.
- **isDate** (functions/common/isdate) says a text that is not a date "will throw an error";
  scripts use isDate as a test, so cliqsim returns false.
- **isText / isNumber / isDate** of a list or map give null, as their pages say; isText of a
  boolean gives null.
- **toString** (functions/common/tostring): the example `toString('01-Jan-2019 10:15:30', "MMM
  dd, yy 'at' hh:mm:ss, E", "Europe/Moscow")` prints the weekday "Fri" for a Tuesday, and the
  milliseconds example prints a time half an hour off its instant; cliqsim prints the real
  weekday and time. A number with a number pattern (`1530.0.toString("0.00")` is `"1530.00"`)
  follows Java's DecimalFormat (half-even rounding), which the page does not describe.
- **length() on a list** is not documented (the length page is about text), yet Zoho's own Cliq
  marketplace samples call it on lists (the YouTube command's `selections.length() > 0`, the
  dictionary command's `response.get("results").length() != 0`, a Zoho engineer's transcript
  scheduler's `filteredMails.get("data").length() == 0`): cliqsim gives the number of elements,
  as `size()`.
- **size() on text** is not documented; real scripts call it on webhook bodies: cliqsim gives the
  size of the list or map a JSON text spells, else the number of characters. **equals** (not
  documented for text) compares texts case-sensitively.
- **add/sub of days, weeks, months and years on a DATE** (functions/datetime/addday, subday,
  addweek, subweek, addmonth, submonth, addyear, subyear): every page's "Return Type" is Date-Time
  and every example shows the DATE's result with a time (`'01-Jan-2019'.addDay(11)` returns
  `'12-Jan-2019 00:00:00'`, `'01-Jan-2019'.subMonth(1)` returns `'01-Dec-2018 00:00:00'`), so
  cliqsim returns a DATE-TIME at 00:00:00 for them. The business-day functions, `workday`,
  `edate`, `eomonth`, `nextWeekDay` and `previousWeekDay` show their DATE results without a time
  ("The date value (without time value) will be returned", the workday page) and keep a DATE a
  DATE. A DATE-TIME at 00:00:00 equals the DATE (`today.addDay(0) == today` is true).

- **toList with no separator** (functions/string/tolist): the page says the whole text is then
  the one element (`"a,b".toList()` has one element), which cliqsim follows. It is silent on
  JSON: a JSON array text (`"[1,2]"`, an API's `data` read as text) gives the list it spells, as
  scripts calling `toList()` on a response rely on. With a separator, the text is split at each
  one, empty elements kept.
- **compress / extract** (functions/file/compress, extract): compress's default name is not
  documented; cliqsim names the ZIP after a single file (`a.txt` gives `a.zip`), else
  `Archive.zip`, and adds `.zip` to a given name. extract's keys are the files' paths inside the
  archive (`docs/a.txt`), its values FILEs named by the last part. The 2 MB (compress) and 3 MB
  (extract, services other than Creator) limits hold before any archive is built or inflated.
  **convertToPDF** needs Zoho's document conversion service and is refused with that reason.
- **The date getters** (getDay/day, getMonth/month, getYear/year, weekday): a text whose month
  has fewer than 3 letters, whose date or clock parts have more than 2 digits or whose year has
  more than 4 gives null, as the pages say; a date past the month's end is the usual cast error.
- **subBusinessDay**: a negative count returns the date as it is and a count above 365 is a
  run-time error, as its page says.
- **Date patterns** follow Java's US week: `w` is the week of the year with week 1 holding
  1 January (weeks start on Sunday, as getWeekOfYear's default), `Y` the year of that week
  (29-Dec-2019 is in week year 2020), `W` the week in the month, `F` the day of week in month.
- **addBusinessHour with a DECIMAL** (functions/datetime/add-business-hour) says "to add one
  business minute ... supply 0.1". Real results published by TheWorkflowAcademy
  (github.com/TheWorkflowAcademy/Adding-Business-Minutes-to-Timestamp) read the two digits after
  the point as minutes: `0.01` is 1 minute, `0.1` is 10, `0.3` is 30, `0.7` is 70, `1.7` is 2 hours
  10 minutes. cliqsim follows the published results (`1.5` is 1 hour 50 minutes). The same report
  shows `'01-Aug-2022 17:00:00'.addBusinessHour(0.01)` as `02-Aug-2022 09:00:00`, which no
  reading of the page gives (one minute after the opening is 09:01) and which would make the
  issue-tracker's `'01-Aug-2022 16:59:00'.addBusinessHour(2)` 10:58 instead of the rule's 10:59;
  cliqsim keeps the rule (09:01). The window `{{"start": 9, "end": 17}}` takes hours (`"10"`,
  `10`, `9.5`) or `"HH:mm"`.
- **workDaysBetween** (functions/datetime/work-days-between) takes weekends and holidays as
  addBusinessDay does and counts the working days after the start day up to and including the
  end day ("exclusive of the start date"). The page says both that the result is negative "if
  end date is greater than the start date" and, in its parameter table, "if end_date is lesser
  than the start_date"; cliqsim follows the table (an earlier end is negative, counting the
  days from the end up to the day before the start).
- **addBusinessDay** with a negative count returns the value as it is (its page); use
  `subBusinessDay` to move back. Day names in a weekends list may be abbreviated (`"Sat"`).
- **Date-time literals** with an hour of 24 or more, minutes or seconds of 60 or more are
  normalised as the add/sub date pages say (`'01-Jan-2019 10:75:30'` is `01-Jan-2019 10:00:00`),
  in literals and in text converted to a date.

- **monthsBetween / yearsBetween vs totalMonth / totalYear**: the pages' examples disagree with
  calendar months: `monthsBetween('01-Feb-2020', '01-Mar-2020')` is 0 while `totalMonths` of the
  same dates is 1, and `yearsBetween('1-Jan-2020', '31-Dec-2020')` is 1 while the same dates in
  2019 give 0. cliqsim counts monthsBetween in 30-day and yearsBetween in 365-day units of the
  days between (which gives every example), and totalMonth / totalYear in whole calendar months
  and years. The totalMonth and totalYear pages call them `totalMonths` / `totalYears`: both
  spellings work.

- **toDecimal** (functions/common/todecimal) prints `toDecimal("100")` as `100`; cliqsim shows
  every DECIMAL with its point (`100.0`), as the toString and arithmetic pages do. The abs page
  likewise prints `-15.50` made positive as `15.50` (the literal's two places kept, as a Java
  BigDecimal would), while the sqrt, log and trigonometry pages print Java doubles (`3.0`,
  `0.8939966636005579`). cliqsim holds every DECIMAL as a double and shows its shortest form
  (`15.5`); a DECIMAL that keeps its written scale is not modelled.
- **toDate / toDateTime with a pattern** read the start of the text, as Java's parser does
  (`toDate("01,11,2019 1:30:00 pm", "MM,d,yyyy")` is 11-Jan-2019, the toDate page); without a
  pattern the whole text must be a date.

- **toTime(text, pattern, zone)** (functions/common/totime) reads the text in `zone` and shows it
  in the script's zone. Its example reads "19" in `yyyy` as the year 19 (so does cliqsim) and adds
  Moscow-to-India's 2:30 hours; for the year 19 the time zone database holds local mean time, so
  cliqsim adds 3:23:11 there and 2:30 for modern years.
- **Collection delete** (functions/collection/delete) deletes a *value* with its key in a
  key-value collection (`delete(2)` removes `"CRM": 2`); a key given where no value matches
  deletes that key. **Collection sort** sorts in place (its page: "collection becomes") and
  returns the collection. **getKey** of a missing element is -1 (null for a missing value).
- **toDate / toDateTime of a NUMBER** is milliseconds since 1970-01-01 UTC (the toDate page); with
  a pattern the number's digits are read in it first (`20240131.toDateTime("yyyyMMdd")`), which
  the page says is ignored but real scripts write.
- **nextWeekDay / previousWeekDay** (functions/number/nextweekday, previousWeekDay) say the
  return type is TEXT but every example shows a date; cliqsim returns a value of the receiver's
  type (a DATE for a DATE, a DATE-TIME keeping its time). When the date already falls on the day,
  the result is a week later (earlier), as both pages' second example shows. The day must be a
  full name from the pages' "Allowed Values", in any case.

- **aesEncode / aesDecode** (functions/encryption/aesencode, aesdecode): the key is zero-padded
  to 32 bytes (16 for aesEncode128), AES-CBC with PKCS#5 padding, Base64; without an IV a random
  IV is written before the cipher text. This reproduces the aesDecode page's first example and
  decrypts the aesEncode page's first example. The aesEncode page's IV example
  (`"AR+ygx+et18U..."`) is the encryption of "This is a secret", not of its "Confidential
  details", and the aesDecode page's IV example (`"5GzwCtoM..."`) does not decrypt with the IV it
  names; cliqsim's cases use the values that are consistent. The aesEncode128 / aesDecode128
  pages' *iteration count* does not say how it derives the key: cliqsim takes 0 (the default)
  and refuses any other count rather than produce a value Zoho would not.
- **zoho.encryption.urlEncode** (functions/encryption/urlencode) shows
  `urlEncode("https://www.zoho.com/creator")` as `"http%3A%2F%2Fwww.zoho.com%2Fcreator"`, the
  "s" of https lost; cliqsim encodes the text it is given. Its rule that any value but TEXT gives
  null is followed for the `zoho.encryption.` tasks; the plain `urlEncode` keeps Deluge's implicit
  conversion (`123.urlEncode()` is `"123"`).
- **zoho.encryption.sha256(text, "binary")** (encryption/sha256): the page does not show the
  binary result's text form; cliqsim refuses "binary" and gives hex.
- **zoho.encryption.hmacsha1 / hmacsha256 / hmacsha512** (encryption/hmac-sha1, hmac-sha256):
  the key comes first, then the data (`hmacsha256(<key>, <data>, <output_type>)`), and the hash
  is Base64 unless "hex" is asked; every example hash of both pages is a case. The hmac-sha256
  page lists "binary" among the output types without showing its text form, and the hmac-sha1
  page allows only "hex" (and says the parameter "is not applicable to Zoho Creator"); cliqsim
  accepts "base64" and "hex" for all three and refuses "binary". No hmacsha512 page is in the
  stored copy: it follows the other two.
- **sin / cos digits** (functions/number/sin, cos): the pages print Java's results
  (`90.cos()` is -0.4480736161291702, one unit in the last place from the C library's
  ...1701), so cliqsim computes sin and cos with fdlibm, the algorithm of Java's StrictMath
  (`cliqsim/deluge/builtins/fdlibm.py`); the other functions' examples agree with the C library.
- **max / min** (functions/number/max, min) give "Return Type: Decimal" but print `200` and `100`
  for two NUMBERs; cliqsim follows the examples: the result keeps the type of the value it is.
- **round** (functions/number/round) rounds half away from zero (218.5 is 219, -150.55 to -2
  places is -200). It rounds the DECIMAL as written, as Java's `BigDecimal.valueOf(n)` with
  `HALF_UP` does: `1.005.round(2)` is 1.01 and `2.675.round(2)` is 2.68, although the doubles
  nearest those values lie just below the half (the page has no such example).
- **floor / ceil** (functions/number/floor, ceil) document a DECIMAL argument and a NUMBER
  result; cliqsim also takes a NUMBER (returned as it is), as Deluge converts arguments.
- **Text meets number in comparisons** (operators, creator-fields-and-their-applicable-operators):
  the operator pages list `== != < > <= >=` without saying what happens when a TEXT meets a
  NUMBER. Real scripts compare a webhook's or an API's `"7001"` with `7001` and expect a match,
  so cliqsim compares a text that spells a number exactly (`-?digits(.digits)?`, no spaces or
  signs besides a leading `-`) by its value; any other text is unequal to every number, and
  ordering it against a number is an error.
- **Time zone arguments** (toString, toDateTime, toTime, toDateTimeString, unixEpoch) are Java
  time zone IDs, as Deluge runs on Java: a region (`Asia/Kolkata`), `UTC`/`GMT`, an offset
  (`+05:30`, `GMT+5:30`, `GMT-8`) or one of Java's three-letter IDs (`IST` is Asia/Kolkata,
  `PST` America/Los_Angeles). A name Java does not know is GMT (Java's `TimeZone.getTimeZone`,
  and the unix-epoch page for its own argument); `"timezone"` in `cliqsim script --input` is
  still refused when unknown.
- **unixEpoch** (functions/datetime/unix-epoch) says both that without a time zone "the
  timezone set in the application will be applied" and that it "is defaulted to GMT"; cliqsim uses
  the script's zone without one and GMT for a zone name that is not valid. The page also says the
  value "has to be in text format", yet real scripts call it on `zoho.currenttime`: cliqsim takes
  both.
- **Whitespace in the text pages' examples**: several pages show results with runs of spaces
  collapsed or trailing spaces dropped, as HTML renders them (`removeAllAlpha` of "Zoho Creator 5"
  shown as `" 5"`, `removeLastOccurence` and `getPrefixIgnoreCase` likewise). cliqsim keeps every
  character the page's definition keeps (`"  5"`).
- **toText / toString with a date-time format** (functions/common/to-text): a letter in the
  format that is no date-time literal, unquoted, gives null (the page), not an error. For text that
  spells no date-time, the to-text page says the value comes back as text while Creator's toString
  page says that is Creator's behaviour and other services raise an error: Cliq is another
  service, so cliqsim raises "UnParsable date".
- **randomNumber** (functions/number/randomnumber) never returns its end limit; cliqsim follows the
  page (it used to include it) and gives a DECIMAL when either limit is one.
- **executeXPath** (creator's built-in-function-xml-execute): several selected nodes are joined
  without a separator (the catalog example), an attribute comes back as an element of its name
  (so the page's `.executeXPath("/a/@href").executeXpath("/href/text()")` gives the link), and
  JSON text is read under a `<root>` element with a list as repeated elements of its key. XML
  with a `<!DOCTYPE` is refused (entity definitions in data from a web service are a hazard and
  no documented example has one).

## What real code relies on

Public Cliq code written by others calls some built-ins in ways no stored Zoho page shows. Where
it does, cliqsim runs the code rather than refuse it, follows Java (Deluge runs on Java) where
Java has the same function, and writes the assumption here. Each is a case in
`tests/deluge/cases/field/relied_on.dg` naming where it was seen.

- **indexOf / lastIndexOf with a start index** (tasker-backend's `name.indexOf("\"", 1)`): as
  Java's `String.indexOf(str, fromIndex)`: the first match at or after the index, a negative
  index read as 0, an index past the end giving -1 (or the length for `""`); and
  `String.lastIndexOf(str, fromIndex)`: the last match that starts at or before the index, -1 for
  a negative index. The list forms take no start index (Java's `List.indexOf` has none).
- **toString(separator) on a list** (query strings built with `parts.toString("&")`): the
  elements joined by the separator, each in the text form `+` gives it (a map or list element as
  JSON); an index-value collection likewise. A map keeps its JSON form: there is no separator to
  apply.
- **getDate()** (Zoho's OneDrive command sample for Cliq, which reads the month name out of
  `modified.getDate()` next to `modified.getDay()`): the date part of a DATE or DATE-TIME, a
  DATE (`12-Jan-2024`), as `toDate()` gives it. It is not Java's deprecated `Date.getDate()`
  (the day of the month), which `getDay()` already is and which would leave the sample no month.
- **get(index) on a TEXT that is not JSON** (Zoho's `/dictionary` and Google Drive marketplace
  commands read the argument as `arguments.get(0)`): the text is read as the list its commas
  split it into, as `List(text)` and `toListString()` read it, so `"serendipity".get(0)` is the
  whole text and an index past its parts is the list's index error; the empty text (a command
  typed with no argument) gives null, as the Google Drive sample tests `arguments.get(0) == null`
  for "no file name". A key that is not a number
  (`message.get("text")` on a message, which is text) stays the cast error.

## Built-in functions

Method style is `value.name(args)`; function style is `name(value, args)` (the receiver first).
Names are case-insensitive (`subString` and `substring` are one function). A built-in called on a
type it does not work on fails with "Not able to find '<name>' function for <TYPE>"; on null,
with "Null value occurred while performing <name> operation". `?` marks an optional argument.
"""


def _styles(spec: BuiltinSpec) -> str:
    if spec.method and spec.function:
        return "both"
    return "function" if spec.function else "method"


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def builtin_sections() -> str:
    parts: list[str] = []
    by_category: dict[str, list[BuiltinSpec]] = {}
    for spec in BUILTINS.values():
        by_category.setdefault(spec.category, []).append(spec)
    known = {key for key, _ in CATEGORIES}
    unknown = sorted(set(by_category) - known)
    if unknown:
        raise SystemExit(f"gen_deluge_docs: add a heading for the categories {unknown}")
    for key, heading in CATEGORIES:
        specs = sorted(by_category.get(key, []), key=lambda s: s.name.lower())
        if not specs:
            continue
        parts.append(f"\n### {heading}\n")
        parts.append("| Built-in | Works on | Style | What it gives |")
        parts.append("|---|---|---|---|")
        for spec in specs:
            for form in spec.forms:
                parts.append(
                    f"| `{_escape(form.signature)}` | {form.receivers} | {_styles(spec)} | "
                    f"{_escape(form.summary)} |"
                )
    return "\n".join(parts) + "\n"


def render() -> str:
    return PROSE + builtin_sections()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if docs/deluge.md is stale")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print("docs/deluge.md is stale: run scripts/gen_deluge_docs.py", file=sys.stderr)
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(BUILTINS)} built-ins)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
