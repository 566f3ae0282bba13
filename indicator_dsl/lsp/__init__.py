"""The language server (`indicator-dsl lsp`): `features` answers an editor's questions about one
document with the library's own functions (checker, resolved meaning, catalog, formatter);
`server` is the pygls adapter that speaks LSP over stdio.  Only `server` imports pygls."""
