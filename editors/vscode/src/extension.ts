// The specls extension: starts the specls language server for YAML and JSON files.
//
// - The server is found in order: `SPECLS_SERVER` → `specls.server.path` → the binary bundled in
//   the extension (`server/specls`) → `specls` on PATH; each candidate must answer `--version`.
//   When none does, a notification says what was tried and why each failed.
// - The `specls.*` settings the server knows (see `SERVER_SETTINGS`) are sent as
//   initializationOptions and, when they change, by `workspace/didChangeConfiguration`: no restart.
//   Only the values a user set are sent, so that `specls.toml` keeps its say over the defaults.
// - A status bar item shows the active file's spec kind (the root of the document outline) and
//   whether the server is indexing the workspace (`$/progress`).
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  DocumentSymbol,
  DocumentSymbolRequest,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  WorkDoneProgress,
} from 'vscode-languageclient/node';

/// The settings of the server (server/src/settings.rs), one to one; `server/tests/editor_settings.rs`
/// fails when this list, package.json and the server drift apart.
export const SERVER_SETTINGS = ['maxFileSizeMb', 'diagnosticsDelayMs', 'kinds', 'schemaValidation', 'remoteRefs', 'remoteRefsTimeoutMs', 'rulesetPath', 'breakingBaseline'] as const;

// Not `jsonc`: VS Code gives that language to tsconfig.json, settings.json and the like, which
// are never specs and whose comments plain JSON does not allow.
const SELECTOR = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
];

let client: LanguageClient | undefined;
let out: vscode.LogOutputChannel;
let status: vscode.StatusBarItem;
let indexing: string | undefined;
let kinds = new Map<string, string>();

interface Candidate {
  source: string;
  path: string | undefined;
  /** Why there is no path: "not set", "not found". */
  missing?: string;
}

/// `path --version` prints `specls X.Y.Z`: the version, or the reason it failed.
function probe(bin: string): Promise<{ ok: true; version: string } | { ok: false; why: string }> {
  return new Promise((resolve) => {
    if (!fs.existsSync(bin)) {
      resolve({ ok: false, why: 'not found' });
      return;
    }
    cp.execFile(bin, ['--version'], { timeout: 10000 }, (err, stdout, stderr) => {
      const text = String(stdout).trim();
      if (err) resolve({ ok: false, why: `\`--version\` failed: ${(String(stderr).trim() || err.message).split('\n')[0]}` });
      else if (!/^specls \d/.test(text)) resolve({ ok: false, why: `\`--version\` printed "${text.slice(0, 60)}", not "specls X.Y.Z"` });
      else resolve({ ok: true, version: text });
    });
  });
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

async function findServer(ctx: vscode.ExtensionContext): Promise<{ bin: string; version: string } | undefined> {
  const exe = process.platform === 'win32' ? 'specls.exe' : 'specls';
  const setting = vscode.workspace.getConfiguration('specls').get<string | null>('server.path');
  const candidates: Candidate[] = [
    { source: 'the SPECLS_SERVER environment variable', path: process.env.SPECLS_SERVER || undefined },
    { source: 'the specls.server.path setting', path: setting || undefined },
    { source: 'the binary bundled in the extension', path: ctx.asAbsolutePath(path.join('server', exe)) },
    { source: '`specls` on PATH', path: onPath(exe), missing: 'not found' },
  ];
  const tried: string[] = [];
  for (const c of candidates) {
    if (!c.path) {
      tried.push(`${c.source}: ${c.missing ?? 'not set'}`);
      continue;
    }
    const r = await probe(c.path);
    if (r.ok) {
      out.info(`using ${c.path} (${r.version}), from ${c.source}`);
      return { bin: c.path, version: r.version };
    }
    tried.push(`${c.source}: ${c.path}: ${r.why}`);
  }
  const msg = `specls: no working server found. Tried ${tried.join('; ')}. Set specls.server.path to a specls binary, or put specls on PATH.`;
  out.error(msg);
  void vscode.window.showErrorMessage(msg, 'Open Settings').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'specls.server.path');
  });
  return undefined;
}

/// The server's settings the user set (at any level), as the server reads them.
function serverSettings(): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration('specls');
  const set: Record<string, unknown> = {};
  for (const key of SERVER_SETTINGS) {
    const i = cfg.inspect(key);
    const v = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (v !== undefined) set[key] = v;
  }
  return set;
}

function showStatus(): void {
  const editor = vscode.window.activeTextEditor;
  const doc = editor?.document;
  const relevant = doc && vscode.languages.match(SELECTOR, doc) > 0;
  if (!relevant && !indexing) {
    status.hide();
    return;
  }
  const kind = doc ? kinds.get(doc.uri.toString()) : undefined;
  const parts = [kind ?? (client?.state === State.Running ? '…' : 'not running')];
  if (indexing) parts.push(`$(sync~spin) ${indexing}`);
  status.text = `specls: ${parts.join(' · ')}`;
  status.tooltip = kind
    ? `specls reads ${doc ? path.basename(doc.uri.fsPath) : 'this file'} as ${kind === 'fragment' ? 'a fragment (a piece of a spec used through $ref)' : kind}. Click for the log.`
    : 'specls: click for the log';
  status.show();
}

/// Asks the server for the outline of the active document: its root names the spec kind.
async function refreshKind(): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!client || client.state !== State.Running || !doc || vscode.languages.match(SELECTOR, doc) === 0) {
    showStatus();
    return;
  }
  try {
    const symbols = (await client.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: client.code2ProtocolConverter.asUri(doc.uri) },
    })) as DocumentSymbol[] | null;
    const root = symbols?.[0];
    if (root && 'children' in root) kinds.set(doc.uri.toString(), root.name);
  } catch (e) {
    out.debug(`documentSymbol: ${e}`);
  }
  showStatus();
}

type WorkDoneProgressValue = { kind: 'begin' | 'report' | 'end'; message?: string; title?: string };

function progressed(v: WorkDoneProgressValue): void {
  if (v.kind === 'end') {
    indexing = undefined;
    out.info(`indexed: ${v.message ?? ''}`);
    void refreshKind();
  } else {
    indexing = v.kind === 'begin' ? 'indexing' : `indexing ${v.message ?? ''}`.trim();
  }
  showStatus();
}

async function start(ctx: vscode.ExtensionContext): Promise<void> {
  const found = await findServer(ctx);
  if (!found) {
    showStatus();
    return;
  }
  // The server's log (stderr, one line per event) goes to the output channel at its own level,
  // so that the channel's level (Developer: Set Log Level…) filters it.
  const serverOptions: ServerOptions = async () => {
    const level = out.logLevel <= vscode.LogLevel.Debug ? 'debug' : 'info';
    const proc = cp.spawn(found.bin, ['serve'], {
      env: { ...process.env, SPECLS_LOG: process.env.SPECLS_LOG ?? level },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    proc.on('error', (e) => out.error(`specls: ${e.message}`));
    proc.on('exit', (code, signal) => out.info(`specls exited (${signal ?? code})`));
    readline.createInterface({ input: proc.stderr }).on('line', (line) => {
      const m = /^\S+\s+(ERROR|WARN|INFO|DEBUG|TRACE)\s+(.*)$/.exec(line);
      const text = m ? m[2] : line;
      switch (m?.[1]) {
        case 'ERROR': out.error(text); break;
        case 'WARN': out.warn(text); break;
        case 'DEBUG': out.debug(text); break;
        case 'TRACE': out.trace(text); break;
        case 'INFO': out.info(text); break;
        default: out.warn(text);
      }
    });
    return { reader: proc.stdout, writer: proc.stdin, detached: false };
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    initializationOptions: { specls: serverSettings() },
    outputChannel: out,
    traceOutputChannel: out,
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => ({ action: CloseAction.DoNotRestart, message: 'specls stopped. Run "specls: Restart the server" to start it again.' }),
    },
  };
  client = new LanguageClient('specls', 'specls', serverOptions, clientOptions);
  client.onDidChangeState(() => showStatus());
  // The indexing progress: the client shows it in the window (its ProgressPart listens to the
  // token); every listener for a work-done token is teed here so that the status bar item shows
  // it as well. Done before `start()`: the server begins indexing as soon as it is initialized.
  const c = client;
  const onProgress = c.onProgress.bind(c);
  c.onProgress = ((type: unknown, token: string | number, handler: (v: unknown) => void) =>
    onProgress(type as typeof WorkDoneProgress.type, token, (v: unknown) => {
      handler(v);
      if (type === WorkDoneProgress.type) progressed(v as WorkDoneProgressValue);
    })) as typeof c.onProgress;
  await client.start();
  await refreshKind();
}

async function restart(ctx: vscode.ExtensionContext): Promise<void> {
  const c = client;
  client = undefined;
  indexing = undefined;
  kinds = new Map();
  if (c) {
    try {
      await c.stop(5000);
    } catch (e) {
      out.warn(`stopping the server: ${e}`);
    }
  }
  await start(ctx);
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      whole,
      vscode.CodeActionKind.SourceFixAll.value,
    )) ?? [];
  const fixes = actions.filter((a) => a.kind && vscode.CodeActionKind.SourceFixAll.contains(a.kind));
  if (fixes.length === 0) {
    void vscode.window.showInformationMessage('specls: no fix-all action for this file (the quick-fixes are in the light bulb).');
    return;
  }
  for (const a of fixes) {
    if (a.edit) await vscode.workspace.applyEdit(a.edit);
    if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []));
  }
}

/** The breaking-change report of the active spec against the `specls.breakingBaseline` revision,
 * as the server writes it (Markdown), in a preview beside the spec. */
async function showBreakingChanges(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('specls: open a spec to see its breaking changes.');
    return;
  }
  if (!client || client.state !== State.Running) {
    void vscode.window.showErrorMessage('specls: the server is not running (see specls: Show the output).');
    return;
  }
  try {
    const report = await client.sendRequest('workspace/executeCommand', {
      command: 'specls.breakingReport',
      arguments: [editor.document.uri.toString()],
    });
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: String(report) });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  } catch (e) {
    void vscode.window.showErrorMessage(`specls: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  // vscode-languageclient >= 10 needs a LogOutputChannel (log levels: "Developer: Set Log Level").
  out = vscode.window.createOutputChannel('specls', { log: true });
  status = vscode.window.createStatusBarItem('specls.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'specls';
  status.command = 'specls.showOutput';
  ctx.subscriptions.push(
    out,
    status,
    vscode.commands.registerCommand('specls.restartServer', () => restart(ctx)),
    vscode.commands.registerCommand('specls.showOutput', () => out.show(true)),
    vscode.commands.registerCommand('specls.fixAll', fixAll),
    vscode.commands.registerCommand('specls.showBreakingChanges', showBreakingChanges),
    vscode.window.onDidChangeActiveTextEditor(() => void refreshKind()),
    // A new analysis (an edit, a changed setting) may change the kind.
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (e.uris.some((u) => u.toString() === active)) void refreshKind();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('specls.server.path')) {
        void restart(ctx);
      } else if (e.affectsConfiguration('specls') && client?.state === State.Running) {
        const settings = serverSettings();
        out.info(`settings changed: ${JSON.stringify(settings)}`);
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: { specls: settings } });
      }
    }),
  );
  await start(ctx);
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
