// A confirmation before a change that can't be undone. The action runs from the dialog; if the server refuses,
// its message is shown in the dialog and the dialog stays open.

import { $, busy, clearErrors, closeDialog, openDialog, showError } from './dom.js';

const dialog = $('confirm-dialog');
const ok = $('confirm-ok');

/** action() runs on confirm; when it succeeds the dialog closes and then(result) runs. */
export function confirmAction({ title, message, confirmLabel, busyLabel, action, then, returnFocus }) {
  $('confirm-title').textContent = title;
  $('confirm-message').textContent = message;
  ok.textContent = confirmLabel;
  clearErrors(dialog);
  ok.onclick = () => busy(dialog, async () => {
    clearErrors(dialog);
    let result;
    try {
      result = await action();
    } catch (error) {
      showError($('confirm-error'), error.message);
      return;
    }
    closeDialog(dialog);
    then?.(result);
  }, { button: ok, label: busyLabel });
  openDialog(dialog, { focus: dialog.querySelector('[data-close]'), returnFocus });
}
