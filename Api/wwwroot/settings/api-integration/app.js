// The API Integration page: sign in, then list, create, regenerate, rename and delete API tokens through the
// management API; below them the OAuth applications the user authorized and, for tenant administrators, the tenant's
// OAuth applications. Each module owns one part of the page; this one wires them together.

import { managementApi, pageConfig } from './api.js';
import { showAuthorized } from './authorized-applications.js';
import { confirmAction } from './confirm-dialog.js';
import { ACTIVITY_SHOWN, openDetailsDialog } from './details-dialog.js';
import { $, announce, closeDialog } from './dom.js';
import { openEditDialog } from './edit-dialog.js';
import { accessText, shortName } from './format.js';
import { showApplications } from './oauth-applications.js';
import { clearTokens, dropToken, menuButtonOf, putToken, renderTokens, showLoading } from './overview.js';
import { showSecret } from './secret-dialog.js';
import { completeSignIn, endSessionUrl, isCallback } from './oidc.js';
import { clearSession, hasExpired, loadSession, saveSession } from './session.js';
import { hideSignIn, showSignIn } from './sign-in.js';
import { openTokenForm } from './token-form.js';

const tokensView = $('tokens-view');
const title = $('tokens-title');
const SIGNED_OUT = 'tempo.apiIntegration.signedOut';
const EXPIRED = 'Your session has expired. Sign in again to continue.';
let config = null;
let session = null;
let api = null;
let scopes = [];

const backToRow = (token) => () => menuButtonOf(token.id) ?? title;

const actions = {
  details: (token) => openDetailsDialog({
    token,
    loadActivity: () => api.tokenActivity(token.id, ACTIVITY_SHOWN),
    returnFocus: backToRow(token),
  }),
  regenerate: (token) => confirmAction({
    title: 'Regenerate token?',
    message: `The current secret of “${shortName(token.name)}” stops working at once, for every integration that uses it. `
      + 'You get a new secret with the same access and expiry date, shown only once.',
    confirmLabel: 'Regenerate',
    busyLabel: 'Regenerating…',
    action: () => change(() => api.regenerateToken(token.id), token.id),
    then: (regenerated) => {
      revealSecret('Token regenerated', regenerated, backToRow(token));
      putToken(regenerated);
      announce('Token regenerated');
    },
    returnFocus: backToRow(token),
  }),
  edit: (token) => openEditDialog({
    token,
    accessText: accessText(token.access, scopes),
    rename: async (name) => {
      putToken(await change(() => api.renameToken(token.id, name), token.id));
      announce('Name saved');
    },
    returnFocus: backToRow(token),
  }),
  remove: (token) => confirmAction({
    title: 'Delete token?',
    message: `Deleting “${shortName(token.name)}” revokes its access at once: every integration that uses it stops working. `
      + 'This can’t be undone.',
    confirmLabel: 'Delete',
    busyLabel: 'Deleting…',
    action: () => change(() => api.deleteToken(token.id), token.id),
    then: () => {
      dropToken(token.id);
      announce('Token deleted');
    },
    returnFocus: () => menuButtonOf(token.id) ?? $('new-token'),
  }),
};

/**
 * Makes a change; the caller then updates the row itself from the answer, so the list is right even when a reload
 * fails. A token that is gone meanwhile (404: deleted in another tab) leaves the list at once.
 */
async function change(request, id) {
  try {
    return await request();
  } catch (error) {
    if (error.status === 404 && id) dropToken(id);
    throw error;
  }
}

// The secret is handed to the show-once dialog and dropped here.
function revealSecret(heading, token, returnFocus) {
  const secret = token.token;
  delete token.token;
  showSecret({ title: heading, name: token.name, secret, returnFocus });
}

const newToken = async (opener) => {
  if (!scopes.length && !(await loadScopes())) return;
  openTokenForm({
    scopes,
    create: (request) => change(() => api.createToken(request)),
    onCreated: (created) => {
      revealSecret('Token created', created, () => $('new-token'));
      putToken(created);
      announce('Token created');
    },
    returnFocus: () => (opener.isConnected && !opener.closest('[hidden]') ? opener : $('new-token')),
  });
};
$('new-token').addEventListener('click', (event) => newToken(event.currentTarget));
$('empty-new-token').addEventListener('click', (event) => newToken(event.currentTarget));

$('tokens-retry').addEventListener('click', () => refresh());
$('sign-out').addEventListener('click', () => signOut({ atProvider: true }));

async function enter(signedIn) {
  session = signedIn;
  hideSignIn();
  api = managementApi(session.accessToken, () => signOut({ message: EXPIRED }));
  let me;
  try {
    me = await api.me();
  } catch (error) {
    if (error.status !== 401) signOut({ error: `Could not sign you in: ${error.message}` });
    return;
  }
  $('account-name').textContent = me.accountId;
  $('account-tenant').textContent = me.tenant;
  $('account-admin').hidden = !me.admin;
  $('account').hidden = false;
  tokensView.hidden = false;
  title.focus();
  showLoading();
  const signedInApi = api;
  await refresh();
  if (api !== signedInApi) return; // Signed out meanwhile.
  showAuthorized(api, scopes);
  showApplications(api, scopes, me.admin);
}

/**
 * Ends the session in this tab. atProvider (the Sign out button): also ends it at the provider when it offers an
 * end-session endpoint; the provider then sends the browser back here.
 */
async function signOut({ message, error, atProvider = false } = {}) {
  for (const dialog of document.querySelectorAll('dialog[open]')) closeDialog(dialog);
  const ended = session;
  clearSession();
  session = null;
  api = null;
  scopes = [];
  clearTokens();
  showAuthorized(null, []);
  showApplications(null, [], false);
  hideError();
  tokensView.hidden = true;
  $('account').hidden = true;
  if (atProvider && ended?.via === 'provider') {
    const url = await endSessionUrl(config, ended.idToken);
    if (url) {
      sessionStorage.setItem(SIGNED_OUT, '1');
      window.location.assign(url);
      return;
    }
  }
  showSignIn({ config, message: message ?? (atProvider ? 'You have signed out.' : undefined), error, onSignedIn: enter });
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

async function start() {
  try {
    config = await pageConfig();
  } catch (error) {
    config = null;
    $('loading').hidden = true;
    showSignIn({ config, error: `Could not load this page's settings: ${error.message}`, onSignedIn: enter });
    return;
  }
  $('loading').hidden = true;

  if (isCallback()) {
    try {
      const session = saveSession({ ...(await completeSignIn(config)), via: 'provider' });
      // A sign-in begun on the OAuth consent page returns there (same origin, the authorize path only).
      const consent = sessionStorage.getItem('tempo.oauth.consentReturn');
      sessionStorage.removeItem('tempo.oauth.consentReturn');
      if (consent && consent.startsWith(`${window.location.origin}/oauth/authorize`)) {
        window.location.assign(consent);
        return;
      }
      enter(session);
    } catch (error) {
      showSignIn({ config, error: error.message, onSignedIn: enter });
    }
    return;
  }

  const signedOut = sessionStorage.getItem(SIGNED_OUT);
  sessionStorage.removeItem(SIGNED_OUT);
  const saved = loadSession();
  if (saved && !hasExpired(saved)) {
    enter(saved);
  } else {
    clearSession();
    showSignIn({ config, message: saved ? EXPIRED : signedOut ? 'You have signed out.' : undefined, onSignedIn: enter });
  }
}

start();
