"""Kiezledger's HTTP API: a thin Flask edge over the ledger (parse, authorise, call, render)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Api

from api.errors import PROBLEM, ProblemSchema
from store.answers import ANSWERS, AnswerFiles, cache_dir
from store.config import database_url

MAX_BODY = 1024 * 1024  # 1 MiB
# /docs loads Swagger UI from here, not from a CDN: it works without internet.
SWAGGER_UI_ASSETS = "/docs/assets"


class KiezledgerApi(Api):
    """flask-smorest's Api, documenting its error answers as problem+json, each operation
    with the error codes it can answer (api.openapi)."""

    ERROR_SCHEMA = ProblemSchema

    def _init_spec(self, *, extra_plugins: Any = None, **options: Any) -> None:
        from api.openapi import ErrorResponsesPlugin, OutputSchemasPlugin, finish

        self.errors_plugin = ErrorResponsesPlugin()
        outputs = OutputSchemasPlugin()
        plugins = [*(extra_plugins or ()), self.errors_plugin, outputs]
        super()._init_spec(extra_plugins=plugins, **options)
        built = self.spec.to_dict
        # Every way out of the document (/openapi.json, `flask openapi print`) is finished.
        self.spec.to_dict = lambda: finish(built(), outputs.optional)

    @property
    def produces(self) -> dict[tuple[str, str], set[str]]:
        """(endpoint, METHOD) -> the media types its successes answer with."""
        return self.errors_plugin.produces

    def _register_responses(self) -> None:
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM  # errors only; successes stay JSON
        try:
            super()._register_responses()
        finally:
            del self.DEFAULT_RESPONSE_CONTENT_TYPE


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The app; its ledger and read-side database are built here, so in each gunicorn worker.

    Config: `KIEZLEDGER_DATABASE_URL` (default: the environment's), `CREATE_TABLE` (or
    `create_table`; default True: create the event, side and read-model tables if missing),
    `KIEZLEDGER_PROJECTIONS` (`inprocess` or `workers`) and `KIEZLEDGER_PROJECTIONS_WAIT`
    (seconds; default: the environment's, see `api.services`), and any Flask setting.
    """
    import web
    from api import errors, guards, metrics, replicas, requestlog, services
    from api.resources import BLUEPRINTS

    config = dict(config or {})
    if "create_table" in config:
        config["CREATE_TABLE"] = config.pop("create_table")
    app = Flask(__name__)
    app.config.update(
        KIEZLEDGER_DATABASE_URL=None,
        KIEZLEDGER_PROJECTIONS=None,
        KIEZLEDGER_PROJECTIONS_WAIT=None,
        CREATE_TABLE=True,
        MAX_CONTENT_LENGTH=MAX_BODY,
        API_TITLE="Kiezledger",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL=f"{SWAGGER_UI_ASSETS}/",
        API_SPEC_OPTIONS={
            "info": {"description": "The permanent record of a neighbourhood's participation "
                                    "processes. Errors are application/problem+json."},
            "security": [{"bearer": []}],
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        },
    )
    app.config.update(config)
    if isinstance(app.json, DefaultJSONProvider):  # Flask's own, unless replaced
        app.json.sort_keys = False  # fields in the order the schemas declare them

    url = app.config["KIEZLEDGER_DATABASE_URL"] or database_url()
    # Encoded answers kept on disk for every worker (store.answers); `KIEZLEDGER_CACHE_DIR`
    # in the config overrides the environment's and the default beside the database.
    folder = app.config.get("KIEZLEDGER_CACHE_DIR") or cache_dir(url)
    app.extensions[ANSWERS] = AnswerFiles(Path(folder)) if folder else None
    app.extensions[services.EXTENSION] = services.build(
        url, create_table=bool(app.config["CREATE_TABLE"]),
        mode=app.config["KIEZLEDGER_PROJECTIONS"],
        wait=app.config["KIEZLEDGER_PROJECTIONS_WAIT"])

    api = KiezledgerApi(app)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.extensions[guards.PRODUCES] = api.produces
    register_swagger_ui_assets(app)
    requestlog.register(app)  # first: its id and clock start before any other hook runs
    metrics.register(app, app.extensions[services.EXTENSION])
    guards.register(app)
    replicas.register(app)  # after the guards: an unknown token is 401 before any wait
    errors.register(app)  # after Api, whose own HTTPException handler this replaces
    web.init_app(app)  # the pages under /ui/
    return app


def register_swagger_ui_assets(app: Flask) -> None:
    """Swagger UI's files as the flask-swagger-ui package installs them."""
    import flask_swagger_ui
    from flask import send_from_directory

    dist = Path(flask_swagger_ui.__file__).parent / "dist"

    @app.get(f"{SWAGGER_UI_ASSETS}/<path:name>")
    def swagger_ui_asset(name: str) -> Any:
        return send_from_directory(dist, name, max_age=86400)
