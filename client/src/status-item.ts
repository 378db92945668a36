/**
 * The status bar item: how many Serverless Ward problems the workspace has
 * (live diagnostics and audit results alike, both with source `slsward`).
 * Clicking it opens the Problems panel.
 */
import * as vscode from 'vscode';

export const DIAGNOSTIC_SOURCE = 'slsward';

export function createStatusItem(): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('slsward.status', vscode.StatusBarAlignment.Left, 0);
  item.name = 'Serverless Ward';
  item.command = 'workbench.actions.view.problems';
  const update = () => {
    const counts = { error: 0, warning: 0, info: 0 };
    let files = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      let isCounted = false;
      for (const diagnostic of diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
        isCounted = true;
        if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.error++;
        else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) counts.warning++;
        else counts.info++;
      }
      if (isCounted) files++;
    }
    item.text = `$(shield) ${counts.error} $(warning) ${counts.warning}${counts.info > 0 ? ` $(info) ${counts.info}` : ''}`;
    item.tooltip = `Serverless Ward: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} infos in ${files} files. Click to open the Problems panel.`;
  };
  update();
  item.show();
  const listener = vscode.languages.onDidChangeDiagnostics(update);
  return vscode.Disposable.from(item, listener);
}
