// VS Code client for `indicator-dsl lsp` (stdio).  Build with `npm install && npx vsce package`.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("indicatorDsl");
  const [command, ...args] = config.get("command", ["indicator-dsl", "lsp"]);
  const lang = config.get("lang", "zh");
  const server = { command, args: [...args, "--lang", lang], transport: TransportKind.stdio };
  client = new LanguageClient(
    "indicatorDsl",
    "Indicator DSL",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "ind" }, { scheme: "untitled", language: "ind" }] }
  );
  context.subscriptions.push(client);
  client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
