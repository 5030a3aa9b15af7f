// The API Integration page: sign in, then list, create, regenerate, rename and delete API tokens through the
// management API. Each module owns one part of the page; this one wires them together.

import { managementApi } from './api.js';
import { confirmAction } from './confirm-dialog.js';
import { $, closeDialog } from './dom.js';
import { openEditDialog } from './edit-dialog.js';
import { accessSummary } from './format.js';
import { clearTokens, menuButtonOf, renderTokens } from './overview.js';
import { showSecret } from './secret-dialog.js';
import { clearSession, loadSession } from './session.js';
import { showSignIn } from './sign-in.js';
import { openTokenForm } from './token-form.js';

const tokensView = $('tokens-view');
const title = $('tokens-title');
let api = null;
let scopes = [];

const backToRow = (token) => () => menuButtonOf(token.id) ?? title;

const actions = {
  regenerate: (token) => confirmAction({
    title: 'Regenerate token?',
    message: `The current secret of “${token.name}” stops working at once, for every integration that uses it. `
      + 'You get a new secret with the same access and expiry date, shown only once.',
    confirmLabel: 'Regenerate',
    action: () => changeThenRefresh(() => api.regenerateToken(token.id)),
    then: (regenerated) => revealSecret('Token regenerated', regenerated, backToRow(token)),
    returnFocus: backToRow(token),
  }),
  edit: (token) => openEditDialog({
    token,
    accessText: accessSummary(token.access, scopes),
    rename: (name) => changeThenRefresh(() => api.renameToken(token.id, name)),
    returnFocus: backToRow(token),
  }),
  remove: (token) => confirmAction({
    title: 'Delete token?',
    message: `Deleting “${token.name}” revokes its access at once: every integration that uses it stops working. `
      + 'This can’t be undone.',
    confirmLabel: 'Delete',
    action: () => changeThenRefresh(() => api.deleteToken(token.id)),
    returnFocus: backToRow(token),
  }),
};

/**
 * Makes a change, then reloads the list before the dialog closes. A token that is gone meanwhile (404: deleted in
 * another tab) reloads it too, so the overview catches up while the dialog shows the server's message.
 */
async function changeThenRefresh(change) {
  try {
    const result = await change();
    await refresh();
    return result;
  } catch (error) {
    if (error.status === 404) refresh();
    throw error;
  }
}

// The secret is handed to the show-once dialog and dropped here.
function revealSecret(heading, token, returnFocus) {
  const secret = token.token;
  delete token.token;
  showSecret({ title: heading, name: token.name, secret, returnFocus });
}

$('new-token').addEventListener('click', async () => {
  if (!scopes.length && !(await loadScopes())) return;
  openTokenForm({
    scopes,
    create: (request) => changeThenRefresh(() => api.createToken(request)),
    onCreated: (created) => revealSecret('Token created', created, () => $('new-token')),
    returnFocus: () => $('new-token'),
  });
});

$('tokens-retry').addEventListener('click', () => refresh());
$('sign-out').addEventListener('click', () => signOut());

function enter(session) {
  api = managementApi(session.accessToken, () => signOut('Your session has ended. Sign in again.'));
  $('account-name').textContent = session.accountId;
  $('account').hidden = false;
  tokensView.hidden = false;
  title.focus();
  $('tokens-status').textContent = 'Loading tokens…';
  refresh();
}

function signOut(message) {
  for (const dialog of document.querySelectorAll('dialog[open]')) closeDialog(dialog);
  clearSession();
  api = null;
  scopes = [];
  clearTokens();
  hideError();
  tokensView.hidden = true;
  $('account').hidden = true;
  showSignIn({ message, onSignedIn: enter });
}

/** Reloads the list; a failure is shown above it with a way to try again. Never throws. */
async function refresh() {
  if (!api || !(scopes.length || (await loadScopes()))) return;
  try {
    const tokens = await api.listTokens();
    hideError();
    renderTokens(tokens, scopes, actions);
  } catch (error) {
    showError(`Could not load your tokens: ${error.message}`);
  }
}

async function loadScopes() {
  try {
    scopes = await api.scopes();
    return true;
  } catch (error) {
    showError(`Could not load the token scopes: ${error.message}`);
    return false;
  }
}

function showError(message) {
  if (!api) return; // Signed out meanwhile: the sign-in view says why.
  $('tokens-error-text').textContent = message;
  $('tokens-error').hidden = false;
  $('tokens-status').textContent = '';
}

function hideError() {
  $('tokens-error').hidden = true;
}

$('loading').hidden = true;
const session = loadSession();
if (session) enter(session);
else showSignIn({ onSignedIn: enter });
