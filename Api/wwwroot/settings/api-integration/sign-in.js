// The sign-in view. Development sign-in only: POST /dev/sign-in with an account id. When the server has it off
// (404), the page says that production sign-in is not built yet.

import { ApiError, devSignIn } from './api.js';
import { $, busy, clearErrors, showError } from './dom.js';
import { saveSession } from './session.js';

const view = $('sign-in-view');
const form = $('sign-in-form');
const input = $('account-id');
const notice = $('sign-in-notice');

/** Shows the sign-in form, with a notice (why the user was signed out) when given; onSignedIn(session) follows. */
export function showSignIn({ message, onSignedIn }) {
  view.hidden = false;
  notice.textContent = message ?? '';
  notice.hidden = !message;
  clearErrors(form);
  form.onsubmit = async (event) => {
    event.preventDefault();
    clearErrors(form);
    await busy(form, async () => {
      try {
        const { accessToken } = await devSignIn(input.value.trim());
        const session = saveSession(accessToken);
        view.hidden = true;
        input.value = '';
        onSignedIn(session);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          form.hidden = true;
          $('sign-in-unavailable').hidden = false;
          return;
        }
        showError($('account-id-error'), error.message, input);
        input.focus();
      }
    });
  };
  if (!form.hidden) input.focus();
}
