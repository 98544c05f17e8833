"""The HTTP entrypoint (issue 19): ``casework serve``, as thin as the CLI.

Parse the request, call one service, render JSON or a page.  ``app.create_app`` builds the
Starlette application from the same ``bootstrap`` as the CLI; ``public`` holds the applicant's
side (online application, status lookup, the two HTML pages), ``cases`` the staff API,
``errors`` the one place that turns ``CaseworkError`` into an HTTP answer.
"""
