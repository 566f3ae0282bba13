"""Report formats as a registry: table, json, csv, xlsx, html. Render only, never compute."""
