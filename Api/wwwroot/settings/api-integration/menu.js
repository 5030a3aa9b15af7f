// A row's menu of actions: a button that opens a popover list under it. The first item takes focus when it opens,
// the arrow keys, Home and End move between items, Escape closes it (the popover's own light dismiss).

import { h } from './dom.js';

let openMenu = null;

/**
 * The button and its menu for one row. id names the popover, label the row ("Actions for <label>"), key is kept
 * on the button (data-menu-for) so focus can go back to it, and items are [label, onClick, className?] (null skips).
 */
export function rowMenu({ id, label, key, items }) {
  const button = h('button', { type: 'button', className: 'button subtle menu-button' }, 'Actions');
  button.setAttribute('aria-label', `Actions for ${label}`);
  button.setAttribute('popovertarget', id);
  button.dataset.menuFor = key;

  const list = h('div', { id, className: 'menu' }, ...items.filter(Boolean).map(([text, action, className = '']) => {
    const entry = h('button', { type: 'button', className: `menu-item ${className}` }, text);
    entry.addEventListener('click', () => {
      list.hidePopover();
      action();
    });
    return entry;
  }));
  list.popover = 'auto';
  list.setAttribute('aria-label', `Actions for ${label}`);
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
