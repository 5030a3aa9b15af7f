// How instants and access are written on the page, in the reader's language and time zone.

import { h } from './dom.js';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A <time> element: the date (or date and time) as text, the exact instant as its title. */
export function timeElement(iso, withTime = false) {
  const instant = new Date(iso);
  return h('time', {
    dateTime: iso,
    title: instant.toISOString(),
    textContent: (withTime ? dayAndTime : day).format(instant),
  });
}

/** "Full access", or the granted scopes with their levels: "Accounts (view), Worklogs (manage)". */
export function accessSummary(access, scopes) {
  if (access.type === 'FULL') return 'Full access';
  const names = new Map(scopes.map((scope) => [scope.key, scope.name]));
  const granted = Object.entries(access.scopes)
    .map(([key, level]) => `${names.get(key) ?? key} (${level.toLowerCase()})`);
  return granted.length ? `Custom: ${granted.join(', ')}` : 'Custom: no scopes';
}
