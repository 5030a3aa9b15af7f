// The consent page: the server filled in the application, its tenant and the scopes. The person signs in as on the
// API Integration page (same session), then approves or denies; the answer goes to POST /oauth/consent, which
// returns where to continue (the authorize request with a single-use consent ticket).

import { pageConfig } from '/settings/api-integration/api.js';
import { $ } from '/settings/api-integration/dom.js';
import { clearSession, hasExpired, loadSession } from '/settings/api-integration/session.js';
import { showSignIn } from '/settings/api-integration/sign-in.js';

const RETURN_KEY = 'tempo.oauth.consentReturn';

async function answer(session, approve) {
  const error = $('consent-error');
  error.hidden = true;
  let response;
  try {
    response = await fetch('/oauth/consent', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${session.accessToken}` },
      body: JSON.stringify({ query: window.location.search, approve }),
      cache: 'no-store',
    });
  } catch {
    error.textContent = 'Could not reach the server. Check your connection and try again.';
    error.hidden = false;
    return;
  }
  if (response.status === 401) {
    clearSession();
    start();
    return;
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    error.textContent = body?.errors?.[0]?.message ?? `The server answered ${response.status}.`;
    error.hidden = false;
    return;
  }
  window.location.assign(body.continue);
}

function showConsent(session) {
  $('sign-in-view').hidden = true;
  $('consent-view').hidden = false;
  $('consent-approve').onclick = () => answer(session, true);
  $('consent-deny').onclick = () => answer(session, false);
  $('consent-approve').focus();
}

async function start() {
  const session = loadSession();
  if (session && !hasExpired(session)) {
    showConsent(session);
    return;
  }
  let config = null;
  try {
    config = await pageConfig();
  } catch {
    // showSignIn explains that sign-in is unavailable.
  }
  // After a provider sign-in the API Integration page is where the provider returns: it comes back here.
  sessionStorage.setItem(RETURN_KEY, window.location.href);
  showSignIn({ config, message: 'Sign in to answer this authorization request.', onSignedIn: showConsent });
}

start();
