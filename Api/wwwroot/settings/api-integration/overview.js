// The token overview: one row per token, active and expired, each with a menu of what can be done to it.

import { $, h } from './dom.js';
import { accessSummary, timeElement } from './format.js';

const table = $('tokens-table');
const body = $('tokens-body');
const status = $('tokens-status');

let openMenu = null;

/**
 * Shows the tokens (newest first, as the server lists them). actions.regenerate, .edit and .remove each take the
 * token; Regenerate is offered for active tokens only.
 */
export function renderTokens(tokens, scopes, actions) {
  table.hidden = tokens.length === 0;
  $('empty-state').hidden = tokens.length !== 0;
  $('new-token').hidden = tokens.length === 0;
  status.textContent = tokens.length === 0 ? '' : `${tokens.length} ${tokens.length === 1 ? 'token' : 'tokens'}`;
  body.replaceChildren(...tokens.map((token) => row(token, scopes, actions)));
}

export function clearTokens() {
  body.replaceChildren();
  table.hidden = true;
  $('empty-state').hidden = true;
  status.textContent = '';
}

/** The menu button of a token's row, where focus goes back after acting on that token. */
export const menuButtonOf = (id) => body.querySelector(`[data-menu-for="${CSS.escape(id)}"]`);

function row(token, scopes, actions) {
  const expired = token.status === 'EXPIRED';
  const tr = h('tr', { className: expired ? 'expired' : '' },
    h('th', { scope: 'row', className: 'token-name' }, token.name),
    cell('Status', h('span', { className: `badge ${expired ? 'badge-expired' : 'badge-active'}` }, expired ? 'Expired' : 'Active')),
    cell('Access', accessSummary(token.access, scopes)),
    cell('Expires', timeElement(token.expiresAt)),
    cell('Created', timeElement(token.createdAt)),
    cell('Last used', token.lastUsedAt ? timeElement(token.lastUsedAt, true) : 'Never'),
    h('td', { className: 'row-actions' }, ...menu(token, actions)));
  tr.dataset.tokenId = token.id;
  return tr;
}

function cell(label, content) {
  const td = h('td', {}, content);
  td.dataset.label = label;
  return td;
}

function menu(token, actions) {
  const id = `menu-${token.id}`;
  const button = h('button', { type: 'button', className: 'button subtle menu-button' }, 'Actions');
  button.setAttribute('aria-label', `Actions for ${token.name}`);
  button.setAttribute('popovertarget', id);
  button.dataset.menuFor = token.id;

  const item = (label, action, className = '') => {
    const entry = h('button', { type: 'button', className: `menu-item ${className}` }, label);
    entry.addEventListener('click', () => {
      list.hidePopover();
      action(token);
    });
    return entry;
  };
  const list = h('div', { id, className: 'menu' },
    token.status === 'EXPIRED' ? null : item('Regenerate', actions.regenerate),
    item('Edit', actions.edit),
    item('Delete', actions.remove, 'danger'));
  list.popover = 'auto';
  list.setAttribute('aria-label', `Actions for ${token.name}`);
  list.addEventListener('toggle', (event) => {
    openMenu = event.newState === 'open' ? { list, button } : null;
    if (openMenu) {
      place(openMenu);
      list.querySelector('button').focus();
    }
  });
  list.addEventListener('keydown', (event) => moveFocus(list, event));
  return [button, list];
}

// The menu opens under its button, right-aligned, and above it when there is no room below.
function place({ list, button }) {
  const anchor = button.getBoundingClientRect();
  const gap = 4;
  const below = anchor.bottom + gap + list.offsetHeight <= window.innerHeight;
  list.style.top = `${below ? anchor.bottom + gap : Math.max(gap, anchor.top - gap - list.offsetHeight)}px`;
  list.style.left = `${Math.max(gap, anchor.right - list.offsetWidth)}px`;
}

for (const event of ['resize', 'scroll']) {
  window.addEventListener(event, () => openMenu && place(openMenu), { passive: true });
}

function moveFocus(list, event) {
  const items = [...list.querySelectorAll('button')];
  const at = items.indexOf(document.activeElement);
  const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  items[(next + items.length) % items.length].focus();
}
