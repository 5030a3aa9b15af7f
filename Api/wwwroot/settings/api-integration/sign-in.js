// The sign-in view: sign-in at the organisation's OpenID Connect provider when this server has the page registered
// there, development sign-in (an account id) when that is on, and a clear notice when neither is.

import { ApiError, devSignIn } from './api.js';
import { $, busy, clearErrors, showError } from './dom.js';
import { beginSignIn } from './oidc.js';
import { saveSession } from './session.js';

const view = $('sign-in-view');
const form = $('sign-in-form');
const input = $('account-id');
const notice = $('sign-in-notice');
const providerButton = $('provider-sign-in-button');

/**
 * Shows the sign-in view for what config offers, with a notice when given (why the user was signed out: an
 * information, or an error when sign-in failed); onSignedIn(session) follows a development sign-in.
 */
export function showSignIn({ config, message, error, onSignedIn }) {
  view.hidden = false;
  notice.textContent = error ?? message ?? '';
  notice.className = `banner ${error ? 'error' : 'info'}`;
  notice.setAttribute('role', error ? 'alert' : 'status');
  notice.hidden = !(error ?? message);
  const provider = Boolean(config?.clientId);
  $('provider-sign-in').hidden = !provider;
  form.hidden = !config?.devSignIn;
  $('sign-in-unavailable').hidden = provider || Boolean(config?.devSignIn);

  providerButton.onclick = () => busy(view, async () => {
    try {
      await beginSignIn(config);
      await new Promise(() => {}); // The browser is on its way to the provider: stay busy.
    } catch (failure) {
      showSignIn({ config, error: failure.message, onSignedIn });
    }
  }, { button: providerButton, label: 'Signing in…' });

  clearErrors(form);
  form.onsubmit = async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!input.value.trim()) {
      showError($('account-id-error'), 'Enter an account id.', input);
      input.focus();
      return;
    }
    await busy(form, async () => {
      try {
        const { accessToken } = await devSignIn(input.value.trim());
        const session = saveSession({ accessToken, via: 'dev' });
        view.hidden = true;
        input.value = '';
        onSignedIn(session);
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 404) {
          form.hidden = true;
          $('sign-in-unavailable').hidden = false;
          return;
        }
        showError($('account-id-error'), failure.message, input);
        input.focus();
      }
    });
  };
  if (provider) providerButton.focus();
  else if (!form.hidden) input.focus();
}

export function hideSignIn() {
  view.hidden = true;
}
