// A token's activity and usage: an expiry warning when it ends within a week (or that it has ended), where and
// how it was used last (from the token itself), and its last audit events (loaded when the dialog opens).

import { $, h, openDialog } from './dom.js';
import { dateText, expiryState, relativeText, timeElement } from './format.js';

const dialog = $('details-dialog');
const warning = $('details-warning');
const activityStatus = $('details-activity-status');
const activityList = $('details-activity');
let shownFor = null;

export const ACTIVITY_SHOWN = 10;

/** loadActivity() answers the token's last audit events, newest first. */
export function openDetailsDialog({ token, loadActivity, returnFocus }) {
  shownFor = token.id;
  $('details-name').textContent = token.name;
  showWarning(token);
  showUsage(token);
  showActivity(token.id, loadActivity);
  openDialog(dialog, { focus: dialog.querySelector('[data-close]'), returnFocus });
}

function showWarning(token) {
  const now = Date.now();
  const state = expiryState(token, now);
  const on = dateText(token.expiresAt);
  warning.hidden = state === 'ok';
  warning.className = `banner ${state === 'expired' ? 'error' : 'warning'}`;
  warning.textContent = state === 'expired'
    ? `This token expired on ${on}. Integrations that use it are refused, and it can't be regenerated: create a new token for them.`
    : `This token expires ${relativeText(token.expiresAt, now)}, on ${on}. Integrations that use it stop working then: `
      + 'create a new token and switch them to it before.';
}

function showUsage(token) {
  const usage = token.usage ?? { recentIps: [], lastUserAgent: null };
  $('details-last-used').replaceChildren(token.lastUsedAt
    ? h('span', {}, `${capitalised(relativeText(token.lastUsedAt))} (`, timeElement(token.lastUsedAt, true), ')')
    : h('span', { className: 'muted' }, 'Never'));
  $('details-user-agent').replaceChildren(usage.lastUserAgent
    ? h('code', {}, usage.lastUserAgent)
    : h('span', { className: 'muted' }, 'None recorded'));
  const addresses = usage.recentIps ?? [];
  $('details-addresses').hidden = addresses.length === 0;
  $('details-no-addresses').hidden = addresses.length > 0;
  $('details-addresses-body').replaceChildren(...addresses.map((use) => h('tr', {},
    h('th', { scope: 'row' }, h('code', {}, use.ip)),
    h('td', {}, timeElement(use.firstSeen, true)),
    h('td', {}, timeElement(use.lastSeen, true)))));
}

async function showActivity(id, loadActivity) {
  activityList.replaceChildren();
  activityList.hidden = true;
  activityStatus.hidden = false;
  activityStatus.className = 'muted';
  activityStatus.textContent = 'Loading activity…';
  let events;
  try {
    events = await loadActivity();
  } catch (error) {
    if (shownFor !== id) return;
    activityStatus.className = 'field-error';
    activityStatus.textContent = `Could not load the activity: ${error.message}`;
    return;
  }
  if (shownFor !== id) return; // Another token's dialog was opened meanwhile.
  activityList.replaceChildren(...events.map(activity));
  activityList.hidden = events.length === 0;
  activityStatus.hidden = events.length > 0;
  activityStatus.textContent = events.length === 0 ? 'No activity recorded yet.' : '';
}

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

// One event: what happened (in words), when, by whom and from where.
function activity(event) {
  const details = event.details ?? {};
  const who = event.actor === 'system' ? 'Tempo' : event.actor;
  const where = [event.sourceIp ? `from ${event.sourceIp}` : null, event.userAgent ? `(${event.userAgent})` : null].filter(Boolean).join(' ');
  return h('li', { className: `event event-${event.type.replace(/^token\./, '').replace(/_/g, '-')}` },
    h('span', { className: 'event-what' }, describe(event.type, details)),
    h('span', { className: 'event-when' }, timeElement(event.time, true)),
    h('span', { className: 'event-who muted' }, `by ${who}${where ? ` ${where}` : ''}`));
}

function describe(type, details) {
  switch (type) {
    case 'token.created': return 'Created';
    case 'token.renamed': return details.previousName ? `Renamed from “${details.previousName}”` : 'Renamed';
    case 'token.regenerated': return 'Secret regenerated';
    case 'token.deleted': return 'Deleted';
    case 'token.expired': return 'Expired';
    case 'token.leak_reported': return details.revoked === 'true' ? 'Reported as leaked and revoked' : 'Reported as leaked';
    case 'token.denied': {
      const count = Number(details.count ?? 1);
      const reason = {
        revoked: 'revoked secret',
        expired: 'expired',
        ip: 'address not allowed',
        'rate-limited': 'rate limit',
        insufficient_scope: 'missing scope',
      }[details.reason] ?? details.reason ?? 'refused';
      return `${count} ${count === 1 ? 'request' : 'requests'} refused (${reason})`;
    }
    default: return type;
  }
}
