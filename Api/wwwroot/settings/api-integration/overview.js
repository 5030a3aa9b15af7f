// The token overview: the list of the user's tokens (search by name, filter by status, sort by expiry or last use),
// how many expire this week, and a menu on each row of what can be done to that token. The list is kept here and
// changed row by row after each action, so it never depends on a reload to be right.

import { $, h } from './dom.js';
import { accessLines, accessSummary, expiryState, expiryText, relativeText, timeElement } from './format.js';
import { rowMenu } from './menu.js';

const table = $('tokens-table');
const body = $('tokens-body');
const status = $('tokens-status');
const toolbar = $('tokens-toolbar');
const search = $('filter-name');
const statusFilter = $('filter-status');
const sortBy = $('sort-by');
const expiring = $('expiring-count');

let tokens = [];
let scopes = [];
let actions = {};

for (const control of [search, statusFilter, sortBy]) control.addEventListener('input', () => render());

/**
 * Shows the tokens (newest first, as the server lists them). actions.details, .regenerate, .edit and .remove each
 * take the token; Regenerate is offered for active tokens only.
 */
export function renderTokens(list, scopeCatalogue, rowActions) {
  tokens = [...list];
  scopes = scopeCatalogue;
  actions = rowActions;
  render();
}

/** A token created, renamed or regenerated: its row is added or replaced at once. */
export function putToken(token) {
  const at = tokens.findIndex((t) => t.id === token.id);
  if (at >= 0) tokens[at] = token;
  else tokens.unshift(token);
  render();
}

/** A token deleted: its row goes at once, whatever a later reload says. */
export function dropToken(id) {
  tokens = tokens.filter((t) => t.id !== id);
  render();
}

/** Placeholder rows while the list loads. */
export function showLoading() {
  toolbar.hidden = true;
  expiring.hidden = true;
  $('empty-state').hidden = true;
  table.hidden = false;
  table.setAttribute('aria-busy', 'true');
  status.textContent = 'Loading tokens…';
  const placeholder = () => h('tr', { className: 'placeholder' },
    ...['Name', 'Status', 'Access', 'Expires', 'Created', 'Last used', ''].map((label) => {
      const td = h('td', {}, h('span', { className: 'skeleton' }));
      if (label) td.dataset.label = label;
      return td;
    }));
  body.replaceChildren(placeholder(), placeholder(), placeholder());
}

export function clearTokens() {
  tokens = [];
  body.replaceChildren();
  table.hidden = true;
  toolbar.hidden = true;
  expiring.hidden = true;
  $('empty-state').hidden = true;
  status.textContent = '';
  search.value = '';
  statusFilter.value = 'all';
  sortBy.value = 'created';
}

/** The menu button of a token's row, where focus goes back after acting on that token. */
export const menuButtonOf = (id) => body.querySelector(`[data-menu-for="${CSS.escape(id)}"]`);

function render() {
  const now = Date.now();
  table.removeAttribute('aria-busy');
  const none = tokens.length === 0;
  table.hidden = none;
  toolbar.hidden = none;
  $('empty-state').hidden = !none;

  const soon = tokens.filter((t) => ['soon', 'critical'].includes(expiryState(t, now))).length;
  expiring.hidden = soon === 0;
  expiring.textContent = `${soon} ${soon === 1 ? 'token expires' : 'tokens expire'} this week`;

  const shown = sorted(tokens.filter((t) => matches(t, now)), now);
  const count = `${tokens.length} ${tokens.length === 1 ? 'token' : 'tokens'}`;
  status.textContent = none ? ''
    : shown.length === tokens.length ? count
      : shown.length === 0 ? `No tokens match. ${count} in all.`
        : `Showing ${shown.length} of ${count}`;
  body.replaceChildren(...shown.map((token) => row(token, now)));
}

function matches(token, now) {
  const name = search.value.trim().toLocaleLowerCase();
  if (name && !token.name.toLocaleLowerCase().includes(name)) return false;
  const state = expiryState(token, now);
  switch (statusFilter.value) {
    case 'active': return state !== 'expired';
    case 'expiring': return state === 'soon' || state === 'critical';
    case 'expired': return state === 'expired';
    default: return true;
  }
}

function sorted(list, now) {
  const time = (iso, missing) => (iso ? new Date(iso).getTime() : missing);
  switch (sortBy.value) {
    case 'expiry': return list.sort((a, b) => time(a.expiresAt) - time(b.expiresAt));
    case 'last-used': return list.sort((a, b) => time(b.lastUsedAt, -Infinity) - time(a.lastUsedAt, -Infinity) || 0);
    default: return list.sort((a, b) => time(b.createdAt, now) - time(a.createdAt, now));
  }
}

function row(token, now) {
  const state = expiryState(token, now);
  const expired = state === 'expired';
  const name = h('span', { className: 'truncate', title: token.name, tabIndex: 0 }, token.name);
  const tr = h('tr', { className: expired ? 'expired' : '' },
    h('th', { scope: 'row', className: 'token-name' }, name),
    cell('Status', h('span', { className: `badge ${expired ? 'badge-expired' : 'badge-active'}` }, expired ? 'Expired' : 'Active'),
      state === 'soon' || state === 'critical' ? h('span', { className: 'badge badge-warning' }, 'Expiring') : null),
    cell('Access', access(token)),
    cell('Expires', h('span', { className: `relative expiry-${state}` }, expiryText(token, now)), timeElement(token.expiresAt, false, 'sub')),
    cell('Created', timeElement(token.createdAt)),
    token.lastUsedAt
      ? cell('Last used', h('span', { className: 'relative' }, capitalised(relativeText(token.lastUsedAt, now))), timeElement(token.lastUsedAt, true, 'sub'))
      : cell('Last used', h('span', { className: 'muted' }, 'Never')),
    h('td', { className: 'row-actions' }, ...menu(token)));
  tr.dataset.tokenId = token.id;
  return tr;
}

// Full access in words; custom access as a count that opens to the list of scopes.
function access(token) {
  if (token.access.type === 'FULL') return h('span', {}, 'Full access');
  return h('details', { className: 'access' },
    h('summary', {}, accessSummary(token.access)),
    h('ul', {}, ...accessLines(token.access, scopes).map((line) => h('li', {}, line))));
}

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

function cell(label, ...content) {
  const td = h('td', {}, ...content);
  td.dataset.label = label;
  return td;
}

function menu(token) {
  return rowMenu({
    id: `menu-${token.id}`,
    label: token.name,
    key: token.id,
    items: [
      ['Activity and usage', () => actions.details(token)],
      expiryState(token) === 'expired' ? null : ['Regenerate', () => actions.regenerate(token)],
      ['Edit', () => actions.edit(token)],
      ['Delete', () => actions.remove(token), 'danger'],
    ],
  });
}
