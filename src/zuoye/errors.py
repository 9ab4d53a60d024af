"""The root of the application's errors, at the bottom (it imports nothing from zuoye).

```
ZuoyeError                       kind: who must act      code: stable, for programs
├── SettingsError                config   the environment or config.toml is wrong
├── ProviderError                any      a model could not answer (its kind says why)
├── NotConfigured                config   no model, and the local solver cannot answer this
├── TutorInputError              input    the question or an option is not acceptable
├── StoreError                   config   the database cannot be opened
├── ConversationBusy             input    an answer is still being written in that conversation
├── AccountError, PasswordError  input    a request about accounts cannot be done
├── InputError, JournalError     input    a worksheet or its output cannot be used
├── MathError                    input    the solver cannot read or do the problem
└── OcrError                     input    a photo cannot become text (unavailable: config)
```
`zuoye.ernie` keeps its own tree (it imports nothing else from zuoye); `zuoye.providers` turns
its errors into ProviderError. Each interface maps the kinds once: the CLI to exit codes
(`zuoye.cli._app`), the web app to HTTP statuses (`zuoye.web._errors`).
"""

from __future__ import annotations

from typing import Literal

# input: the asker changes the request; config: a person fixes the setup (credentials, files,
# the database); service: a service failed, try again later.
ErrorKind = Literal["input", "config", "service"]


class ZuoyeError(Exception):
    """An error whose message is for the person who must act (Chinese first where a student,
    parent or teacher reads it). Subclasses set `kind` and `code`; an instance may refine them."""

    kind: ErrorKind = "service"
    code: str = "error"
