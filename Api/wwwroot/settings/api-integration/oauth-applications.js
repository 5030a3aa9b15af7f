// The tenant's OAuth applications, for its administrators: the list, and creating, editing, regenerating the client
// secret of and deleting an application. A client secret is shown once, in the same dialog as a token's secret.

import { confirmAction } from './confirm-dialog.js';
import { $, announce, busy, clearErrors, clearWhenFixed, closeDialog, h, openDialog, showError } from './dom.js';
import { oauthLevels, oauthScopeLines, shortName, timeElement } from './format.js';
import { rowMenu } from './menu.js';
import { showSecret } from './secret-dialog.js';

const MAX_REDIRECTS = 10;

const view = $('applications-view');
const table = $('applications-table');
const body = $('applications-body');
const status = $('applications-status');
const empty = $('applications-empty');
const error = $('applications-error');
const newButton = $('new-application');

const dialog = $('application-dialog');
const form = $('application-form');
const nameInput = $('application-name');
const redirectsInput = $('application-redirects');
const scopesBox = $('application-scopes');
const nameError = $('application-name-error');
const redirectsError = $('application-redirects-error');
const typeError = $('application-type-error');
const scopesError = $('application-scopes-error');

let api = null;
let scopes = [];
let applications = [];

clearWhenFixed(nameInput, nameError, () => nameInput.value.trim() !== '');
clearWhenFixed(redirectsInput, redirectsError, () => redirectLines().length > 0);
clearWhenFixed(scopesBox, scopesError, () => chosenScopes().length > 0, ['change']);

$('applications-retry').addEventListener('click', () => loadApplications());
newButton.addEventListener('click', () => openApplicationForm(null));

/** Shows the section to an administrator and loads the list; anyone else (or api null: signed out) never sees it. */
export function showApplications(managementApi, scopeCatalogue, admin) {
  api = admin ? managementApi : null;
  scopes = scopeCatalogue;
  applications = [];
  body.replaceChildren();
  table.hidden = true;
  empty.hidden = true;
  error.hidden = true;
  status.textContent = '';
  view.hidden = api === null;
  if (api) loadApplications();
}

/** Reloads the list; a failure is shown above it with a way to try again. Never throws. */
export async function loadApplications() {
  if (!api) return;
  const loadingFor = api;
  status.textContent = 'Loading OAuth applications…';
  try {
    const list = await api.listApplications();
    if (api !== loadingFor) return;
    error.hidden = true;
    applications = list;
    render();
  } catch (failure) {
    if (api !== loadingFor || !api) return;
    $('applications-error-text').textContent = `Could not load the OAuth applications: ${failure.message}`;
    error.hidden = false;
    status.textContent = '';
  }
}

function render() {
  const none = applications.length === 0;
  table.hidden = none;
  empty.hidden = !none;
  status.textContent = none ? '' : `${applications.length} ${applications.length === 1 ? 'application' : 'applications'}`;
  body.replaceChildren(...applications.map(row));
}

function put(application) {
  const at = applications.findIndex((a) => a.id === application.id);
  if (at >= 0) applications[at] = application;
  else applications.push(application);
  render();
}

function drop(id) {
  applications = applications.filter((a) => a.id !== id);
  render();
}

const menuButtonOf = (id) => body.querySelector(`[data-menu-for="${CSS.escape(id)}"]`);
const backToRow = (application) => () => menuButtonOf(application.id) ?? newButton;

function row(application) {
  const confidential = application.clientType === 'CONFIDENTIAL';
  const tr = h('tr', {},
    h('th', { scope: 'row', className: 'token-name' },
      h('span', { className: 'truncate', title: application.name, tabIndex: 0 }, application.name)),
    cell('Client ID', h('code', { className: 'client-id' }, application.clientId)),
    cell('Type', h('span', { className: `badge ${confidential ? 'badge-confidential' : 'badge-public'}` }, confidential ? 'Confidential' : 'Public')),
    cell('Redirect URLs', h('ul', { className: 'scope-lines urls' }, ...application.redirectUris.map((uri) => h('li', {}, uri)))),
    cell('Scopes', h('ul', { className: 'scope-lines' }, ...oauthScopeLines(application.scopes, scopes).map((line) => h('li', {}, line)))),
    cell('Created', timeElement(application.createdAt)),
    h('td', { className: 'row-actions' }, ...rowMenu({
      id: `application-menu-${application.id}`,
      label: application.name,
      key: application.id,
      items: [
        ['Edit', () => openApplicationForm(application)],
        confidential ? ['Regenerate secret', () => confirmRegenerate(application)] : null,
        ['Delete', () => confirmDelete(application), 'danger'],
      ],
    })));
  tr.dataset.applicationId = application.id;
  return tr;
}

function cell(label, ...content) {
  const td = h('td', {}, ...content);
  td.dataset.label = label;
  return td;
}

/** A refusal or a vanished application (404: deleted elsewhere) leaves the list at once, then the error is shown. */
async function change(request, id) {
  try {
    return await request();
  } catch (failure) {
    if (failure.status === 404 && id) drop(id);
    throw failure;
  }
}

function revealSecret(heading, application, returnFocus) {
  const secret = application.clientSecret;
  delete application.clientSecret;
  showSecret({ title: heading, name: application.name, secret, returnFocus, what: 'client secret', clientId: application.clientId });
}

function confirmRegenerate(application) {
  confirmAction({
    title: 'Regenerate client secret?',
    message: `The current client secret of “${shortName(application.name)}” stops working at once. `
      + 'You get a new one, shown only once. Tokens already issued keep working.',
    confirmLabel: 'Regenerate',
    busyLabel: 'Regenerating…',
    action: () => change(() => api.regenerateApplicationSecret(application.id), application.id),
    then: (regenerated) => {
      revealSecret('Client secret regenerated', regenerated, backToRow(application));
      put(regenerated);
      announce('Client secret regenerated');
    },
    returnFocus: backToRow(application),
  });
}

function confirmDelete(application) {
  confirmAction({
    title: 'Delete application?',
    message: `Deleting “${shortName(application.name)}” revokes every token it issued, at once: everyone who `
      + 'authorized it loses the access they gave it. This can’t be undone.',
    confirmLabel: 'Delete',
    busyLabel: 'Deleting…',
    action: () => change(() => api.deleteApplication(application.id), application.id),
    then: () => {
      drop(application.id);
      announce('Application deleted');
    },
    returnFocus: () => menuButtonOf(application.id) ?? newButton,
  });
}

/** The create form (application null) or the edit form of an application: name, redirect URLs, scopes; type on create only. */
function openApplicationForm(application) {
  const editing = application !== null;
  form.reset();
  clearErrors(form);
  $('application-title').textContent = editing ? 'Edit OAuth application' : 'New OAuth application';
  $('application-submit').textContent = editing ? 'Save' : 'Create application';
  $('application-type').hidden = editing;
  $('application-type-fixed').hidden = !editing;
  renderScopes(editing ? oauthLevels(application.scopes) : {});
  if (editing) {
    nameInput.value = application.name;
    redirectsInput.value = application.redirectUris.join('\n');
    $('application-type-value').textContent = application.clientType === 'CONFIDENTIAL' ? 'Confidential' : 'Public';
  }

  form.onsubmit = async (event) => {
    event.preventDefault();
    clearErrors(form);
    const request = readRequest(editing);
    if (!request) return;
    await busy(form, async () => {
      try {
        const saved = editing
          ? await change(() => api.updateApplication(application.id, request), application.id)
          : await api.createApplication(request);
        closeDialog(dialog);
        if (editing) {
          put(saved);
          announce('Application saved');
        } else {
          revealSecretOrFocus(saved);
          put(saved);
          announce('Application created');
        }
      } catch (failure) {
        showApiError(failure.message);
      }
    }, { button: $('application-submit'), label: editing ? 'Saving…' : 'Creating…' });
  };
  openDialog(dialog, { focus: nameInput, returnFocus: editing ? backToRow(application) : () => newButton });
}

// A confidential client's secret is shown once; a public client has none, and focus goes back to its row.
function revealSecretOrFocus(created) {
  if (created.clientSecret) revealSecret('Application created', created, backToRow(created));
}

function renderScopes(levels) {
  scopesBox.replaceChildren(...scopes.map((scope) => {
    const choices = ['NONE', ...scope.levels];
    const hint = `application-scope-${scope.key}-namespaces`;
    return h('fieldset', { className: 'scope' },
      h('legend', { textContent: scope.name }),
      h('p', { id: hint, className: 'hint', textContent: scope.namespaces.join(', ') }),
      h('div', { className: 'levels' }, ...choices.map((level) => {
        const input = h('input', {
          type: 'radio', name: `oauth-scope-${scope.key}`, value: level, checked: level === (levels[scope.key] ?? 'NONE'),
        });
        input.dataset.scope = scope.key;
        input.setAttribute('aria-describedby', hint);
        return h('label', {}, input, ` ${level[0]}${level.slice(1).toLowerCase()}`);
      })));
  }));
}

const redirectLines = () => redirectsInput.value.split('\n').map((line) => line.trim()).filter(Boolean);
const chosenScopes = () => [...scopesBox.querySelectorAll('input:checked')]
  .filter((input) => input.value !== 'NONE')
  .map((input) => `${input.dataset.scope}:${input.value.toLowerCase()}`);

/** The request body, or null when the form can't be sent as it is (each reason is shown next to its field). */
function readRequest(editing) {
  const request = { name: nameInput.value, redirectUris: redirectLines(), scopes: chosenScopes() };
  let first = null;
  const refuse = (slot, message, control) => {
    showError(slot, message, control);
    first ??= control;
  };
  if (!request.name.trim()) refuse(nameError, 'Give the application a name, as people will see it when asked for access.', nameInput);
  if (request.redirectUris.length === 0) refuse(redirectsError, 'Enter at least one redirect URL, one per line.', redirectsInput);
  else if (request.redirectUris.length > MAX_REDIRECTS) refuse(redirectsError, `Enter at most ${MAX_REDIRECTS} redirect URLs.`, redirectsInput);
  if (request.scopes.length === 0) refuse(scopesError, 'Choose at least one scope the application may ask for.', scopesBox.querySelector('input'));
  if (!editing) request.clientType = form.elements.clientType.value;
  if (first) {
    first.focus();
    return null;
  }
  return request;
}

// The server's messages name the field they are about ('name', 'redirectUris', 'clientType', 'scopes'): each is shown
// next to that field, anything else under the form.
function showApiError(message) {
  if (/'name'/.test(message)) {
    showError(nameError, nameInWords(message), nameInput);
    nameInput.focus();
  } else if (/'redirectUris'/.test(message)) {
    showError(redirectsError, message.replace(/^'redirectUris'(: )?/, '').replace(/^./, (c) => c.toUpperCase()), redirectsInput);
    redirectsInput.focus();
  } else if (/'clientType'/.test(message)) {
    showError(typeError, message);
  } else if (/'scopes'/.test(message)) {
    showError(scopesError, message);
  } else {
    showError($('application-error'), message);
  }
}

function nameInWords(message) {
  if (/empty|required/i.test(message)) return 'Give the application a name.';
  if (/at most/i.test(message)) return 'Use at most 255 characters.';
  if (/control/i.test(message)) return 'Use letters, digits, spaces and punctuation only.';
  return message;
}

