// The New token form: name, expiry (a preset number of days or a custom date) and access (Full, or a level per
// scope). It sends what the management API takes and shows each refusal next to the field it concerns.

import { $, h, busy, clearErrors, clearWhenFixed, closeDialog, openDialog, showError } from './dom.js';
import { dateText } from './format.js';

const DAY = 24 * 60 * 60 * 1000;
const MIN_DAYS = 1;
const MAX_DAYS = 365;

const dialog = $('create-dialog');
const form = $('create-form');
const nameInput = $('create-name');
const dateField = $('custom-date-field');
const dateInput = $('create-expiry-date');
const scopesBox = $('scopes');

const nameError = $('create-name-error');
const accessError = $('create-access-error');
const expiryError = $('create-expiry-error');
clearWhenFixed(nameInput, nameError, () => nameInput.value.trim() !== '');
clearWhenFixed(scopesBox, accessError, () => customScopes().length > 0 || accessType() === 'FULL', ['change']);
clearWhenFixed(form.querySelector('fieldset:has(#full-access-hint)'), accessError, () => accessType() === 'FULL', ['change']);
clearWhenFixed(dateInput, expiryError, () => dateInput.value >= dateInput.min && dateInput.value <= dateInput.max);
clearWhenFixed(form.querySelector('fieldset:has(#custom-date-field)'), expiryError, () => form.elements.expiry.value !== 'custom', ['change']);

const accessType = () => form.elements.access.value;
const customScopes = () => [...scopesBox.querySelectorAll('input:checked')].filter((input) => input.value !== 'NONE');

form.addEventListener('change', (event) => {
  if (event.target.name === 'expiry') dateField.hidden = event.target.value !== 'custom';
  if (event.target.name === 'access') {
    const custom = event.target.value === 'CUSTOM';
    scopesBox.hidden = !custom;
    $('full-access-hint').hidden = custom;
  }
});

/**
 * Opens the form. create(request) sends it and resolves to the created token, or throws an ApiError that is shown
 * next to its field; on success the dialog closes and onCreated(token) runs.
 */
export function openTokenForm({ scopes, create, onCreated, returnFocus }) {
  form.reset();
  clearErrors(form);
  dateField.hidden = true;
  scopesBox.hidden = true;
  $('full-access-hint').hidden = false;
  renderScopes(scopes);
  setDateRange();

  form.onsubmit = async (event) => {
    event.preventDefault();
    clearErrors(form);
    const request = readRequest();
    if (!request) return;
    await busy(form, async () => {
      try {
        const token = await create(request);
        closeDialog(dialog);
        onCreated(token);
      } catch (error) {
        showApiError(error.message);
      }
    }, { button: $('create-submit'), label: 'Creating…' });
  };
  openDialog(dialog, { focus: nameInput, returnFocus });
}

function renderScopes(scopes) {
  scopesBox.replaceChildren(...scopes.map((scope) => {
    const levels = ['NONE', ...scope.levels];
    const hint = `scope-${scope.key}-namespaces`;
    return h('fieldset', { className: 'scope' },
      h('legend', { textContent: scope.name }),
      h('p', { id: hint, className: 'hint', textContent: scope.namespaces.join(', ') }),
      h('div', { className: 'levels' }, ...levels.map((level) => {
        const input = h('input', { type: 'radio', name: `scope-${scope.key}`, value: level, checked: level === 'NONE' });
        input.setAttribute('aria-describedby', hint);
        return h('label', {}, input, ` ${level[0]}${level.slice(1).toLowerCase()}`);
      })));
  }));
}

function setDateRange() {
  const now = Date.now();
  dateInput.min = localDate(new Date(now + MIN_DAYS * DAY));
  dateInput.max = localDate(new Date(now + MAX_DAYS * DAY));
  dateInput.value = localDate(new Date(now + 30 * DAY));
  for (const choice of form.querySelectorAll('.choice-date')) {
    choice.textContent = dateText(now + Number(choice.dataset.days) * DAY);
  }
}

/** The request body, or null when the form can't be sent as it is (the reason is shown). */
function readRequest() {
  const data = new FormData(form);
  const request = { name: data.get('name') };
  let refused = false;
  if (!request.name.trim()) {
    showError(nameError, 'Give the token a name, to recognise the integration that uses it.', nameInput);
    nameInput.focus();
    refused = true;
  }

  const expiry = data.get('expiry');
  if (expiry === 'custom') {
    const expiresAt = endOfDay(dateInput.value);
    if (!expiresAt) {
      showError(expiryError, 'Choose an expiry date.', dateInput);
      if (!refused) dateInput.focus();
      return null;
    }
    if (dateInput.value < dateInput.min || dateInput.value > dateInput.max) {
      showError(expiryError, dateRangeMessage(), dateInput);
      if (!refused) dateInput.focus();
      return null;
    }
    request.expiresAt = expiresAt;
  } else {
    request.expiresInDays = Number(expiry);
  }

  if (data.get('access') === 'FULL') {
    request.access = { type: 'FULL' };
  } else {
    const scopes = {};
    for (const [field, level] of data) {
      if (field.startsWith('scope-') && level !== 'NONE') scopes[field.slice('scope-'.length)] = level;
    }
    request.access = { type: 'CUSTOM', scopes };
    if (Object.keys(scopes).length === 0) {
      showError(accessError, 'Choose at least one scope, or give the token full access.');
      if (!refused) scopesBox.querySelector('input')?.focus();
      refused = true;
    }
  }
  return refused ? null : request;
}

/**
 * The end of the chosen day in the reader's time zone, as an ISO instant. A day the date picker offers always
 * works: the first and last day are pulled inside the server's window of 1 to 365 days from now. Other days are
 * sent as they are, and the server's refusal is shown.
 */
function endOfDay(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, year, month, date] = match.map(Number);
  let instant = new Date(year, month - 1, date, 23, 59, 59, 999).getTime();
  if (value >= dateInput.min && value <= dateInput.max) {
    const now = Date.now();
    const minute = 60 * 1000;
    instant = Math.min(Math.max(instant, now + MIN_DAYS * DAY + minute), now + MAX_DAYS * DAY - minute);
  }
  return new Date(instant).toISOString();
}

// The server's messages name the field they are about ('name', 'expiresAt'/'expiresInDays', 'access...') and are
// written for API clients; the person sees them in their own words, next to the field.
function showApiError(message) {
  if (/'name'/.test(message)) {
    showError(nameError, nameInWords(message), nameInput);
    nameInput.focus();
  } else if (/expires/i.test(message)) {
    showError(expiryError, dateRangeMessage(), dateField.hidden ? undefined : dateInput);
  } else if (/access|scope/i.test(message)) {
    showError(accessError, 'Choose at least one scope, or give the token full access.');
  } else {
    showError($('create-error'), message);
  }
}

const dateRangeMessage = () => `Choose a date from ${dateText(`${dateInput.min}T12:00`)} to ${dateText(`${dateInput.max}T12:00`)}.`;

/** A refused name in a person's words ("'name' must not be empty." becomes "Give the token a name."). */
export function nameInWords(message) {
  if (/empty|required/i.test(message)) return 'Give the token a name.';
  if (/at most/i.test(message)) return 'Use at most 255 characters.';
  if (/control/i.test(message)) return 'Use letters, digits, spaces and punctuation only.';
  return message;
}

function localDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
