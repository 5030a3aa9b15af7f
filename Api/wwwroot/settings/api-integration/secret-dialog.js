// The show-once dialog: a new or regenerated token's secret (or an OAuth application's client secret), a copy button
// and a warning. Closing it before the secret was copied asks first; closing removes the secret from the page, which
// keeps no other copy.

import { $, closeDialog, openDialog } from './dom.js';
import { shortName } from './format.js';

const dialog = $('secret-dialog');
const value = $('secret-value');
const status = $('secret-copy-status');
const copyButton = $('secret-copy');
const leave = $('secret-leave');
let copied = false;
let noun = 'token';

copyButton.addEventListener('click', async () => {
  if (await copy(value)) {
    copied = true;
    copyButton.textContent = 'Copied';
    status.textContent = 'Copied to the clipboard.';
    leave.hidden = true;
    $('secret-actions').hidden = false;
  } else {
    status.textContent = `Copying failed: select the ${noun} above and copy it yourself.`;
  }
});

$('secret-close').addEventListener('click', () => {
  if (copied) closeDialog(dialog);
  else askBeforeLeaving();
});

$('secret-stay').addEventListener('click', () => {
  leave.hidden = true;
  $('secret-actions').hidden = false;
  copyButton.focus();
});

function askBeforeLeaving() {
  $('secret-actions').hidden = true;
  leave.hidden = false;
  $('secret-stay').focus();
}

/**
 * Shows the secret of a token just created or regenerated; the caller drops its own reference. what names the
 * secret ('token', or 'client secret' with the application's clientId shown beside it).
 */
export function showSecret({ title, name, secret, returnFocus, what = 'token', clientId = null }) {
  noun = what;
  $('secret-title').textContent = title;
  $('secret-warning').textContent = `Copy this ${noun} now and store it somewhere safe. It won't be shown again.`;
  $('secret-label').replaceChildren(`${noun[0].toUpperCase()}${noun.slice(1)} for `, $('secret-name'));
  $('secret-leave-text').textContent = `You won't see this ${noun} again. Close anyway?`;
  $('secret-client').hidden = clientId === null;
  $('secret-client-id').textContent = clientId ?? '';
  $('secret-name').textContent = shortName(name, 60);
  $('secret-name').title = name;
  value.textContent = secret;
  status.textContent = '';
  copied = false;
  copyButton.textContent = `Copy ${noun === 'token' ? 'token' : 'secret'}`;
  leave.hidden = true;
  $('secret-actions').hidden = false;
  openDialog(dialog, {
    focus: copyButton,
    returnFocus,
    mayClose: () => {
      if (!copied) askBeforeLeaving();
      return copied;
    },
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
