// How instants and access are written on the page, in the reader's language and time zone: one date format
// everywhere ("Dec 31, 2026", with the time where it matters), and times relative to now ("in 29 days").

import { h } from './dom.js';

export const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'always' });

/** "Dec 31, 2026" */
export const dateText = (instant) => day.format(new Date(instant));

/** A <time> element: the date (or date and time) as text, the exact instant as its title. */
export function timeElement(iso, withTime = false, className = '') {
  const instant = new Date(iso);
  return h('time', {
    dateTime: iso,
    title: instant.toISOString(),
    className,
    textContent: (withTime ? dayAndTime : day).format(instant),
  });
}

/** "in 29 days", "3 days ago", "2 hours ago", "just now": days once a day or more away, else hours or minutes. */
export function relativeText(iso, now = Date.now()) {
  const difference = new Date(iso).getTime() - now;
  const distance = Math.abs(difference);
  if (distance >= DAY) return relative.format(Math.round(difference / DAY), 'day');
  if (distance >= HOUR) return relative.format(Math.trunc(difference / HOUR), 'hour');
  if (distance >= MINUTE) return relative.format(Math.trunc(difference / MINUTE), 'minute');
  return difference >= 0 ? 'in less than a minute' : 'just now';
}

/**
 * How close a token is to its end: 'expired', 'critical' (under a day), 'soon' (under 7 days) or 'ok'. The server's
 * word (status, expiresSoon: from its clock) counts as much as this browser's clock.
 */
export function expiryState(token, now = Date.now()) {
  const left = new Date(token.expiresAt).getTime() - now;
  if (token.status === 'EXPIRED' || left <= 0) return 'expired';
  if (left < DAY) return 'critical';
  if (left < 7 * DAY || token.expiresSoon) return 'soon';
  return 'ok';
}

/** "Expires in 29 days" or "Expired 3 days ago". */
export function expiryText(token, now = Date.now()) {
  const text = relativeText(token.expiresAt, now);
  return expiryState(token, now) === 'expired' ? `Expired ${text}` : `Expires ${text}`;
}

const scopeCount = (n) => `${n} ${n === 1 ? 'scope' : 'scopes'}`;

/** "Full access" or "Custom · 7 scopes". */
export function accessSummary(access) {
  return access.type === 'FULL' ? 'Full access' : `Custom · ${scopeCount(Object.keys(access.scopes).length)}`;
}

/** The granted scopes with their levels, in the catalogue's order: ["Accounts: View", "Worklogs: Manage"]. */
export function accessLines(access, scopes) {
  const order = new Map(scopes.map((scope, index) => [scope.key, index]));
  const names = new Map(scopes.map((scope) => [scope.key, scope.name]));
  return Object.entries(access.scopes)
    .sort(([a], [b]) => (order.get(a) ?? 999) - (order.get(b) ?? 999))
    .map(([key, level]) => `${names.get(key) ?? key}: ${level[0]}${level.slice(1).toLowerCase()}`);
}

/** The access in one sentence, for a dialog: "Full access", "Custom · 2 scopes: Accounts: View, Worklogs: Manage". */
export function accessText(access, scopes) {
  return access.type === 'FULL' ? 'Full access' : `${accessSummary(access)}: ${accessLines(access, scopes).join(', ')}`;
}

/** A name cut to a length for running text: "A very long integration na…". */
export function shortName(name, length = 40) {
  return name.length <= length ? name : `${name.slice(0, length - 1).trimEnd()}…`;
}

/** The highest level named per scope key by OAuth scope strings ('worklogs:view', 'worklogs:manage'): { worklogs: 'MANAGE' }. */
export function oauthLevels(scopeStrings) {
  const levels = {};
  for (const text of scopeStrings) {
    const [key, level] = text.split(':');
    if (level === 'manage') levels[key] = 'MANAGE';
    else if (level === 'view' && levels[key] !== 'MANAGE') levels[key] = 'VIEW';
  }
  return levels;
}

/** OAuth scope strings as lines with their levels, in the catalogue's order: ["Accounts: View", "Worklogs: Manage"]. */
export const oauthScopeLines = (scopeStrings, scopes) => accessLines({ scopes: oauthLevels(scopeStrings) }, scopes);
