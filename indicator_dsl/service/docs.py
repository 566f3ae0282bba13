"""`/docs` without the internet: FastAPI's Swagger UI points at a CDN, which an office network
may not reach, so the page loads Swagger UI's script and stylesheet from the `fastapi-offline`
package (the `serve` extra; Swagger UI 5, which reads OpenAPI 3.1), served under `/docs/assets/`.
Without that package `/docs` is a plain page listing the endpoints from the OpenAPI document.
Either way nothing comes from another host."""

from __future__ import annotations

import html
import json
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

ASSETS = "/docs/assets"


def install_docs(app: FastAPI) -> None:
    assets = swagger_assets()
    if assets is not None:
        from starlette.staticfiles import StaticFiles

        app.mount(ASSETS, StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs() -> HTMLResponse:
        if assets is None:
            return HTMLResponse(endpoint_list(app))
        return HTMLResponse(swagger_page(app))


def swagger_assets() -> Path | None:
    """The folder holding swagger-ui-bundle.js and swagger-ui.css, None without the package."""
    try:
        import fastapi_offline
    except ModuleNotFoundError:
        return None
    folder = Path(fastapi_offline.__file__).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def swagger_page(app: FastAPI) -> str:
    """Swagger UI on local files.  No validator badge: it would ask validator.swagger.io about
    the document."""
    spec = json.dumps(app.openapi_url or "/openapi.json")
    title = html.escape(app.title)
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{title} API</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css"><link rel="icon" href="{ASSETS}/favicon.png">
</head><body><div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({{url: {spec}, dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout"}});</script>
</body></html>
"""


def endpoint_list(app: FastAPI) -> str:
    """The endpoints and their summaries as one escaped HTML page (the fallback of `/docs`)."""
    rows = []
    for path, methods in app.openapi()["paths"].items():
        for method, op in methods.items():
            about = op.get("description") or op.get("summary") or ""
            rows.append(
                f"<tr><td><code>{html.escape(method.upper())}</code></td><td><code>{html.escape(path)}</code></td>"
                f"<td>{html.escape(about)}</td></tr>"
            )
    title = html.escape(app.title)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{title} API</title></head><body>'
        f'<h1>{title} API</h1><p><a href="{html.escape(app.openapi_url or "/openapi.json")}">openapi.json</a></p>'
        f"<table>{''.join(rows)}</table></body></html>"
    )
