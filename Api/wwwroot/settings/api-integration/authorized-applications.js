// The applications the signed-in user authorized through OAuth 2.0: each with its scopes and levels, when it was
// authorized and last used, and a Revoke button that stops its access at once (after a confirmation).

import { confirmAction } from './confirm-dialog.js';
import { $, announce, h } from './dom.js';
import { oauthScopeLines, relativeText, shortName, timeElement } from './format.js';

const table = $('authorized-table');
const body = $('authorized-body');
const status = $('authorized-status');
const empty = $('authorized-empty');
const error = $('authorized-error');

let api = null;
let scopes = [];
let authorizations = [];

$('authorized-retry').addEventListener('click', () => loadAuthorized());

/** Shows the section for a signed-in user and loads the list; api null hides and empties it (signed out). */
export function showAuthorized(managementApi, scopeCatalogue) {
  api = managementApi;
  scopes = scopeCatalogue;
  authorizations = [];
  body.replaceChildren();
  table.hidden = true;
  empty.hidden = true;
  error.hidden = true;
  status.textContent = '';
  $('authorized-view').hidden = api === null;
  if (api) loadAuthorized();
}

/** Reloads the list; a failure is shown above it with a way to try again. Never throws. */
export async function loadAuthorized() {
  if (!api) return;
  const loadingFor = api;
  status.textContent = 'Loading authorized applications…';
  try {
    const list = await api.listAuthorizations();
    if (api !== loadingFor) return;
    error.hidden = true;
    authorizations = list;
    render();
  } catch (failure) {
    if (api !== loadingFor || !api) return;
    $('authorized-error-text').textContent = `Could not load your authorized applications: ${failure.message}`;
    error.hidden = false;
    status.textContent = '';
  }
}

function render() {
  const none = authorizations.length === 0;
  table.hidden = none;
  empty.hidden = !none;
  status.textContent = none ? '' : `${authorizations.length} authorized ${authorizations.length === 1 ? 'application' : 'applications'}`;
  const now = Date.now();
  body.replaceChildren(...authorizations.map((authorization) => row(authorization, now)));
}

function row(authorization, now) {
  const name = authorization.applicationName;
  const revoke = h('button', { type: 'button', className: 'button subtle' }, 'Revoke');
  revoke.setAttribute('aria-label', `Revoke ${name}`);
  revoke.dataset.revokeFor = authorization.id;
  revoke.addEventListener('click', () => confirmRevoke(authorization));
  const tr = h('tr', {},
    h('th', { scope: 'row', className: 'token-name' }, h('span', { className: 'truncate', title: name, tabIndex: 0 }, name)),
    cell('Scopes', h('ul', { className: 'scope-lines' }, ...oauthScopeLines(authorization.scopes, scopes).map((line) => h('li', {}, line)))),
    cell('Authorized', authorization.createdAt ? timeElement(authorization.createdAt) : h('span', { className: 'muted' }, 'Unknown')),
    authorization.lastUsedAt
      ? cell('Last used', h('span', { className: 'relative' }, capitalised(relativeText(authorization.lastUsedAt, now))),
        timeElement(authorization.lastUsedAt, true, 'sub'))
      : cell('Last used', h('span', { className: 'muted' }, 'Never')),
    h('td', { className: 'row-actions' }, revoke));
  tr.dataset.authorizationId = authorization.id;
  return tr;
}

function confirmRevoke(authorization) {
  const name = shortName(authorization.applicationName);
  confirmAction({
    title: 'Revoke access?',
    message: `“${name}” loses its access at once: every token it holds for you stops working, and it has to ask you `
      + 'again to get access back.',
    confirmLabel: 'Revoke',
    busyLabel: 'Revoking…',
    action: async () => {
      try {
        return await api.revokeAuthorization(authorization.id);
      } catch (failure) {
        if (failure.status === 404) drop(authorization.id);
        throw failure;
      }
    },
    then: () => {
      drop(authorization.id);
      announce('Access revoked');
    },
    returnFocus: () => body.querySelector('[data-revoke-for]') ?? $('authorized-title'),
  });
}

function drop(id) {
  authorizations = authorizations.filter((a) => a.id !== id);
  render();
}

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

function cell(label, ...content) {
  const td = h('td', {}, ...content);
  td.dataset.label = label;
  return td;
}
