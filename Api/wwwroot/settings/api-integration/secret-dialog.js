// The show-once dialog: a new or regenerated token's secret, a copy button and a warning. Closing it removes the
// secret from the page; the page keeps no other copy.

import { $, openDialog } from './dom.js';

const dialog = $('secret-dialog');
const value = $('secret-value');
const status = $('secret-copy-status');
const copyButton = $('secret-copy');

copyButton.addEventListener('click', async () => {
  status.textContent = (await copy(value)) ? 'Copied to the clipboard.' : 'Copying failed: select the token above and copy it yourself.';
});

/** Shows the secret of a token just created or regenerated; the caller drops its own reference. */
export function showSecret({ title, name, secret, returnFocus }) {
  $('secret-title').textContent = title;
  $('secret-name').textContent = name;
  value.textContent = secret;
  status.textContent = '';
  openDialog(dialog, {
    focus: copyButton,
    returnFocus,
    onClose: () => {
      value.textContent = '';
      status.textContent = '';
    },
  });
}

async function copy(element) {
  const text = element.textContent;
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (permissions): fall back to copying the selection.
    }
  }
  const selection = window.getSelection();
  selection.selectAllChildren(element);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
