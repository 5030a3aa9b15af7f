// The signed-in user's session: the access token (and, after provider sign-in, the ID token for signing out at the
// provider), kept in sessionStorage so it lives as long as this browser tab and never in localStorage or cookies.

import { claimsOf } from './oidc.js';

const KEY = 'tempo.apiIntegration.session';

/** @returns {{ accessToken: string, idToken: string|null, expiresAt: number|null, via: 'provider'|'dev' } | null} */
export function loadSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    return session?.accessToken ? session : null;
  } catch {
    return null;
  }
}

export function saveSession({ accessToken, idToken = null, expiresAt = null, via }) {
  const session = { accessToken, idToken, expiresAt: expiresAt ?? ((claimsOf(accessToken).exp ?? 0) * 1000 || null), via };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/** True once the access token's lifetime has passed (by this browser's clock). */
export const hasExpired = (session) => session.expiresAt !== null && Date.now() >= session.expiresAt;
