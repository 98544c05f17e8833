"""The review console (issue 20) under ``/console/``: sign-in, the reviewer's queue, the case
page with its letters as page images beside the checker's findings, the decisions, and
the re-draft (拟稿) of a returned draft.
Served by ``casework serve`` with the public pages and the staff API, over the same services."""

from __future__ import annotations

from starlette.routing import Route

from casework.entrypoints.http.console import decisions, pages, redraft, signin

routes = [
    Route("/console/signin", signin.signin_form, methods=["GET"]),
    Route("/console/signin", signin.signin, methods=["POST"]),
    Route("/console/signout", signin.signout, methods=["POST"]),
    Route("/console/", pages.queue, methods=["GET"]),
    Route("/console/cases/{case}", pages.case_page, methods=["GET"]),
    Route(
        "/console/cases/{case}/letters/{document}/pages/{page}.png",
        pages.letter_page,
        methods=["GET"],
    ),
    Route("/console/cases/{case}/draft", redraft.draft, methods=["POST"]),
    Route("/console/cases/{case}/decide/{action}", decisions.decide, methods=["POST"]),
]
